/**
 * One participant's leg through its events, in and out of order: what each event may change, what
 * it must leave alone, and that an event changing nothing leaves the call object as it was.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { advanceCall, presentParticipants, startCall, type CallMachineOptions, type CallProgressEvent, type CallState } from '../../src/core/index.js';

const OPTIONS: CallMachineOptions = { defaultRegion: 'US', wrapUp: true };
const base = (): CallState =>
  advanceCall(startCall({ type: 'ringing', callId: 'c1', at: 0, from: '+14155550142' }, OPTIONS), { type: 'connected', callId: 'c1', at: 1 }, OPTIONS);
const apply = (call: CallState, ...events: Array<Record<string, unknown> & { type: string; at: number }>) =>
  events.reduce((next, event) => advanceCall(next, { callId: 'c1', participantId: 'p1', ...event } as unknown as CallProgressEvent, OPTIONS), call);
const added = (at: number, extra: Record<string, unknown> = {}) => ({ type: 'participant-added', at, role: 'external', mode: 'conference', ...extra });
const leg = (call: CallState) => call.participants?.find((participant) => participant.id === 'p1');

describe('participant legs', () => {
  it('announces a participant once: a second participant-added changes nothing', () => {
    const call = apply(base(), added(5, { number: '+14155550111', displayName: 'Sam' }));
    assert.deepEqual(leg(call), { id: 'p1', role: 'external', mode: 'conference', phase: 'dialing', addedAt: 5, number: '+14155550111', displayName: 'Sam' });
    const again = apply(call, added(6, { role: 'agent', mode: 'consult', number: '+1999' }));
    assert.equal(again, call);
    assert.deepEqual(Object.keys(leg(apply(base(), added(5)))!).sort(), ['addedAt', 'id', 'mode', 'phase', 'role'], 'no number or name when none was given');
  });

  it('an event before the announcement stands in for when they were added, the earliest one', () => {
    const call = apply(base(), { type: 'participant-ringing', at: 7 }, { type: 'participant-ringing', at: 4 }, added(9, { role: 'agent', mode: 'consult' }));
    assert.deepEqual([leg(call)?.addedAt, leg(call)?.role, leg(call)?.mode, leg(call)?.phase, call.participants?.length], [4, 'agent', 'consult', 'ringing', 1]);
  });

  it('keeps a supervisor\'s mode only for supervisors, and the one already known', () => {
    assert.equal(leg(apply(base(), added(2, { supervisorMode: 'whisper' })))?.supervisorMode, undefined, 'not for an external party');
    assert.equal(leg(apply(base(), added(2, { role: 'supervisor' })))?.supervisorMode, undefined, 'none given');
    assert.equal(leg(apply(base(), added(2, { role: 'supervisor', supervisorMode: 'whisper' })))?.supervisorMode, 'whisper');
    const early = apply(base(), { type: 'supervisor-mode', at: 2, mode: 'barge' }, added(3, { role: 'supervisor', supervisorMode: 'listen' }));
    assert.equal(leg(early)?.supervisorMode, 'barge', 'the mode seen first stays');
  });

  it('rings, connects, holds and resumes only from the phases that allow it; a repeat changes nothing', () => {
    const dialing = apply(base(), added(2));
    assert.equal(apply(dialing, { type: 'participant-held', at: 3 }), dialing, 'a dialing leg cannot be held');
    assert.equal(apply(dialing, { type: 'participant-resumed', at: 3 }), dialing, 'nor resumed');
    const ringing = apply(dialing, { type: 'participant-ringing', at: 3 });
    assert.equal(leg(ringing)?.phase, 'ringing');
    assert.equal(apply(ringing, { type: 'participant-ringing', at: 4 }), ringing);
    const connected = apply(ringing, { type: 'participant-connected', at: 10 });
    assert.deepEqual([leg(connected)?.phase, leg(connected)?.connectedAt], ['connected', 10]);
    assert.equal(apply(connected, { type: 'participant-ringing', at: 11 }), connected, 'no step back to ringing');
    assert.equal(apply(connected, { type: 'participant-connected', at: 15 }), connected, 'connected once');
    const held = apply(connected, { type: 'participant-held', at: 12 });
    assert.equal(leg(held)?.phase, 'held');
    assert.equal(apply(held, { type: 'participant-connected', at: 13 }), held, 'a held leg is not connected again');
    const resumed = apply(held, { type: 'participant-resumed', at: 14 });
    assert.deepEqual([leg(resumed)?.phase, leg(resumed)?.connectedAt], ['connected', 10]);
    assert.equal(leg(apply(base(), added(20), { type: 'participant-connected', at: 15 }))?.connectedAt, 20, 'never connected before being added');
  });

  it('a leave is final; a late connect after it still tells that they answered, within the leg\'s time', () => {
    const left = apply(base(), added(2), { type: 'participant-connected', at: 10 }, { type: 'participant-left', at: 20, reason: 'hangup' });
    assert.deepEqual([leg(left)?.phase, leg(left)?.leftAt, leg(left)?.connectedAt], ['left', 20, 10]);
    assert.equal(apply(left, { type: 'participant-connected', at: 30 }), left, 'answered already: nothing to add');
    assert.equal(apply(left, { type: 'participant-left', at: 25, reason: 'hangup' }), left);
    assert.equal(apply(left, { type: 'supervisor-mode', at: 25, mode: 'barge' }), left);

    const unanswered = apply(base(), added(2), { type: 'participant-left', at: 20, reason: 'hangup' });
    assert.equal(leg(unanswered)?.leftAt, 20);
    assert.equal(leg(apply(unanswered, { type: 'participant-connected', at: 30 }))?.connectedAt, 20, 'a late connect is clamped to the leave');
    assert.equal(leg(apply(unanswered, { type: 'participant-connected', at: 1 }))?.connectedAt, 2, 'and to the add');
    assert.equal(leg(apply(unanswered, { type: 'participant-connected', at: 30 }))?.phase, 'left');
  });

  it('conferencing applies only to a conferenced event', () => {
    const call = apply(base(), added(2, { mode: 'consult' }), { type: 'participant-connected', at: 3 });
    assert.equal(call.conferenced, undefined);
    assert.equal(leg(call)?.mode, 'consult');
    const merged = advanceCall(call, { type: 'conferenced', callId: 'c1', at: 4 } as CallProgressEvent, OPTIONS);
    assert.deepEqual([merged.conferenced, leg(merged)?.mode], [true, 'conference']);
  });

  it('a conference announced again changes nothing; one with a leg still held brings that leg in', () => {
    const conferenced = (call: CallState) => advanceCall(call, { type: 'conferenced', callId: 'c1', at: 10 } as CallProgressEvent, OPTIONS);
    const merged = conferenced(apply(base(), added(2, { mode: 'consult' }), { type: 'participant-connected', at: 3 }));
    assert.equal(conferenced(merged), merged, 'a duplicate');
    const held = apply(merged, { type: 'participant-held', at: 11 });
    assert.equal(leg(held)?.phase, 'held');
    const again = conferenced(held);
    assert.notEqual(again, held);
    assert.deepEqual([leg(again)?.phase, leg(again)?.mode, again.held], ['connected', 'conference', false]);
    const customerHeld = { ...merged, held: true };
    assert.equal(conferenced(customerHeld).held, false, 'the customer comes off hold');
    const alone = conferenced(base());
    assert.equal(alone.conferenced, true, 'a call without participants is conferenced too');
    assert.equal(conferenced(alone), alone, 'and once only');
  });

  it('a conference leaves alone who has left, and who has not answered yet; each leg is brought in on its own', () => {
    const conferenced = (call: CallState) => advanceCall(call, { type: 'conferenced', callId: 'c1', at: 10 } as CallProgressEvent, OPTIONS);
    const gone = apply(base(), added(2, { mode: 'consult' }), { type: 'participant-connected', at: 3 }, { type: 'participant-left', at: 4, reason: 'hangup' });
    assert.deepEqual([leg(conferenced(gone))?.mode, leg(conferenced(gone))?.phase], ['consult', 'left'], 'a consult that ended stays one');
    const ringing = apply(base(), added(2, { mode: 'consult' }), { type: 'participant-ringing', at: 3 });
    assert.deepEqual([leg(conferenced(ringing))?.mode, leg(conferenced(ringing))?.phase], ['conference', 'ringing'], 'joins the conference when it answers, not before');

    // Two legs in the conference; one goes on hold, and the conference is announced again.
    const both = conferenced(apply(apply(base(), added(2), { type: 'participant-connected', at: 3 }), { type: 'participant-added', participantId: 'p2', at: 4, role: 'agent', mode: 'conference' }, { type: 'participant-connected', participantId: 'p2', at: 5 }));
    const oneHeld = apply(both, { type: 'participant-held', at: 6 });
    const again = conferenced(oneHeld);
    assert.deepEqual(again.participants?.map((participant) => participant.phase), ['connected', 'connected'], 'the held leg comes back even though the other did not change');
  });

  it("a supervisor's mode announced again changes nothing", () => {
    const barging = apply(base(), added(2, { role: 'supervisor', supervisorMode: 'listen' }), { type: 'participant-connected', at: 3 }, { type: 'supervisor-mode', at: 4, mode: 'barge' });
    assert.equal(leg(barging)?.supervisorMode, 'barge');
    assert.equal(apply(barging, { type: 'supervisor-mode', at: 5, mode: 'barge' }), barging);
  });

  it('the participants still on the line: everyone but those who left', () => {
    const two = apply(apply(base(), added(2), { type: 'participant-connected', at: 3 }), { type: 'participant-added', participantId: 'p2', at: 4, role: 'agent', mode: 'consult' });
    assert.deepEqual(presentParticipants(two).map((participant) => participant.id), ['p1', 'p2']);
    const left = apply(two, { type: 'participant-left', at: 5, reason: 'hangup' });
    assert.deepEqual(presentParticipants(left).map((participant) => participant.id), ['p2']);
    assert.deepEqual(presentParticipants(base()), [], 'a call without participants');
  });
});
