/**
 * What the softphone's polite live region says on multi-party calls (`announcements` in
 * src/ui/announcer.tsx, a pure function of two connector states): who joined or left, a supervisor's
 * mode on the agent's call, the conference, and the supervisor's own monitoring leg, each once,
 * whatever duplicates the provider sends.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reduce, initialState, type CallEvent, type ConnectorState, type ReducerOptions } from '../../src/core/index.js';
import { announcements } from '../../src/ui/announcer.js';

const OPTIONS: ReducerOptions = { popOn: 'ringing', defaultRegion: 'US', wrapUp: true };

/** Applies events one by one, as the connector dispatches them, and collects what each change says. */
function speak(events: readonly CallEvent[], from: ConnectorState = initialState()): { state: ConnectorState; said: string[] } {
  let state = from;
  const said: string[] = [];
  for (const event of events) {
    const next = reduce(state, event, OPTIONS).state;
    said.push(...announcements(state, next));
    state = next;
  }
  return { state, said };
}

const answered: CallEvent[] = [
  { type: 'ringing', callId: 'c1', at: 1_000, from: '+14155550142', displayName: 'Maria Chen' },
  { type: 'connected', callId: 'c1', at: 2_000 },
];

describe('live region on multi-party calls', () => {
  it('says who joined and left, the conference and a supervisor\'s modes once each, duplicates included', () => {
    const { state } = speak(answered);
    const events: CallEvent[] = [
      { type: 'held', callId: 'c1', at: 3_000 },
      { type: 'participant-added', callId: 'c1', at: 3_000, participantId: 'p1', role: 'agent', number: '2001', displayName: 'Sam Lee', mode: 'consult' },
      { type: 'participant-ringing', callId: 'c1', at: 3_100, participantId: 'p1' },
      { type: 'participant-connected', callId: 'c1', at: 4_000, participantId: 'p1' },
      { type: 'participant-connected', callId: 'c1', at: 4_000, participantId: 'p1' },
      { type: 'participant-held', callId: 'c1', at: 5_000, participantId: 'p1' },
      { type: 'participant-resumed', callId: 'c1', at: 6_000, participantId: 'p1' },
      { type: 'conferenced', callId: 'c1', at: 7_000 },
      { type: 'conferenced', callId: 'c1', at: 7_000 },
      { type: 'participant-added', callId: 'c1', at: 8_000, participantId: 's1', role: 'supervisor', mode: 'conference', supervisorMode: 'listen' },
      { type: 'supervisor-mode', callId: 'c1', at: 9_000, participantId: 's1', mode: 'whisper' },
      { type: 'supervisor-mode', callId: 'c1', at: 9_000, participantId: 's1', mode: 'whisper' },
      { type: 'participant-added', callId: 'c1', at: 9_500, participantId: 'p2', role: 'external', number: '+442071838750', mode: 'conference' },
      { type: 'participant-left', callId: 'c1', at: 9_900, participantId: 'p2', reason: 'no-answer' },
      { type: 'participant-left', callId: 'c1', at: 10_000, participantId: 'p1', reason: 'removed' },
      { type: 'participant-left', callId: 'c1', at: 10_000, participantId: 'p1', reason: 'removed' },
    ];
    assert.deepEqual(speak(events, state).said, [
      'Call on hold',
      'Sam Lee joined the call',
      // A merge takes the customer off hold: the conference says so, "Call resumed" would not.
      'Conference: everyone on the call hears each other',
      'Your supervisor is listening',
      'Your supervisor is whispering to you',
      '+442071838750 did not answer',
      'Sam Lee was removed from the call',
    ]);
  });

  it('tells the supervisor their monitoring leg, each change of mode, and leaving it; never "call log saved"', () => {
    const { said } = speak([
      { type: 'monitoring', callId: 'm1', at: 1_000, teamCallId: 't1', mode: 'listen', agent: 'Alex Rivera', remote: '+14155550142' },
      { type: 'monitoring', callId: 'm1', at: 2_000, teamCallId: 't1', mode: 'listen' },
      { type: 'monitoring', callId: 'm1', at: 3_000, teamCallId: 't1', mode: 'barge' },
      { type: 'ended', callId: 'm1', at: 4_000, reason: 'hangup-local' },
    ]);
    assert.deepEqual(said, ["Monitoring Alex Rivera's call: Listening", 'Mode: Barged in', "Left Alex Rivera's call"]);
  });

  it('says nothing about a team list or participants of a call it never saw change', () => {
    const { state } = speak(answered);
    const listed = reduce(state, { type: 'team-calls', at: 3_000, calls: [{ callId: 't1', agent: 'Alex Rivera', remote: '+14155550142', direction: 'inbound', startedAt: 1_000 }] }, OPTIONS).state;
    assert.deepEqual(announcements(state, listed), []);
    assert.deepEqual(announcements(listed, listed), []);
  });
});
