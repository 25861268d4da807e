/**
 * Multi-party calls through the reducer: consult → swap → merge → complete transfer, participant
 * events duplicated and reordered, supervisors changing mode, and the one log that comes out after
 * the agent's own part ends, naming everyone else who took part.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  Connector,
  ProviderError,
  canRun,
  participantLines,
  type CallEvent,
  type Command,
  type ConnectorEvent,
  type ConnectorState,
  type Effect,
  type ProviderCapabilities,
  type ReducerOptions,
  type TelephonyProvider,
} from '../../src/core/index.js';
import { callLogToTask } from '../../src/salesforce/opencti/index.js';
import { FakeBridge } from '../../src/testing/index.js';
import { runReducer } from './fakes/run-reducer.js';

const OPTIONS: ReducerOptions = { popOn: 'ringing', defaultRegion: 'US', wrapUp: true };

const run = (events: readonly ConnectorEvent[], state?: ConnectorState) => runReducer(events, OPTIONS, state);

const saves = (effects: readonly Effect[]) => effects.filter((effect): effect is Extract<Effect, { type: 'save-call-log' }> => effect.type === 'save-call-log');

/** The customer calls, the agent answers at 2 s. */
const answered: CallEvent[] = [
  { type: 'ringing', callId: 'c1', at: 1_000, from: '+14155550142', displayName: 'Maria Chen' },
  { type: 'connected', callId: 'c1', at: 2_000 },
];

describe('multi-party calls in the reducer', () => {
  it('consult → swap → merge → complete transfer: one log after the agent leaves, naming the colleague and the transfer', () => {
    const consult: CallEvent[] = [
      // Consult a colleague: the customer is held, the colleague rings and answers.
      { type: 'held', callId: 'c1', at: 10_000 },
      { type: 'participant-added', callId: 'c1', at: 10_000, participantId: 'p1', role: 'agent', number: '+14155550111', displayName: 'Sam Lee', mode: 'consult' },
      { type: 'participant-ringing', callId: 'c1', at: 10_200, participantId: 'p1' },
    ];
    let { state, effects } = run([...answered, ...consult]);
    let call = state.calls.c1!;
    assert.equal(call.held, true);
    assert.deepEqual(call.participants?.map((p) => [p.id, p.role, p.phase, p.mode]), [['p1', 'agent', 'ringing', 'consult']]);

    ({ state, effects } = run([{ type: 'participant-connected', callId: 'c1', at: 12_000, participantId: 'p1' }], state));
    assert.equal(state.calls.c1!.participants![0]!.phase, 'connected');
    assert.equal(state.label, 'On hold', 'the customer is on hold while the agent consults');

    // Swap: back to the customer, the colleague held; and back again.
    ({ state } = run([
      { type: 'resumed', callId: 'c1', at: 15_000 },
      { type: 'participant-held', callId: 'c1', at: 15_000, participantId: 'p1' },
    ], state));
    call = state.calls.c1!;
    assert.deepEqual([call.held, call.participants![0]!.phase], [false, 'held']);
    ({ state } = run([
      { type: 'held', callId: 'c1', at: 18_000 },
      { type: 'participant-resumed', callId: 'c1', at: 18_000, participantId: 'p1' },
    ], state));
    assert.deepEqual([state.calls.c1!.held, state.calls.c1!.participants![0]!.phase], [true, 'connected']);

    // Merge: everyone in one conference, nobody held.
    ({ state, effects } = run([{ type: 'conferenced', callId: 'c1', at: 20_000 }], state));
    call = state.calls.c1!;
    assert.deepEqual([call.held, call.conferenced, call.participants![0]!.mode, call.participants![0]!.phase], [false, true, 'conference', 'connected']);
    assert.deepEqual(saves(effects), [], 'no log while the agent is still on the call');

    // Complete the transfer: the agent leaves, the colleague stays with the customer.
    ({ state, effects } = run([
      { type: 'transferred', callId: 'c1', at: 30_000, to: '+14155550111' },
      { type: 'ended', callId: 'c1', at: 30_000, reason: 'transferred' },
      { type: 'ended', callId: 'c1', at: 30_001, reason: 'hangup-remote' },
    ], state));
    const logs = saves(effects);
    assert.equal(logs.length, 1, 'exactly one log');
    const log = logs[0]!.log;
    assert.equal(log.disposition, 'Transferred');
    assert.equal(log.transferredTo, '+14155550111');
    assert.equal(log.conferenced, true);
    assert.equal(log.durationSeconds, 28);
    assert.deepEqual(log.participants, [{ role: 'agent', number: '+14155550111', name: 'Sam Lee', mode: 'conference', answered: true, stayed: true }]);
    const task = callLogToTask(log);
    assert.equal(task.CallDisposition, 'Transferred');
    assert.equal(task.Description, 'Transferred to +14155550111\nAgent Sam Lee (+14155550111): conference, stayed');
  });

  it('participant events duplicated and in any order end in the same participant', () => {
    const lifecycle: CallEvent[] = [
      { type: 'participant-added', callId: 'c1', at: 5_000, participantId: 'p1', role: 'external', number: '+442071838750', mode: 'conference' },
      { type: 'participant-ringing', callId: 'c1', at: 5_100, participantId: 'p1' },
      { type: 'participant-connected', callId: 'c1', at: 6_000, participantId: 'p1' },
      { type: 'participant-left', callId: 'c1', at: 9_000, participantId: 'p1', reason: 'hangup' },
    ];
    const expected = run([...answered, ...lifecycle]).state.calls.c1!.participants;
    assert.deepEqual(expected, [{ id: 'p1', role: 'external', phase: 'left', mode: 'conference', number: '+442071838750', addedAt: 5_000, connectedAt: 6_000, leftAt: 9_000, leftReason: 'hangup' }]);
    fc.assert(
      fc.property(fc.shuffledSubarray(lifecycle, { minLength: 4, maxLength: 4 }), fc.array(fc.nat({ max: 3 }), { maxLength: 4 }), (order, duplicates) => {
        const events = [...order, ...duplicates.map((index) => order[index]!)];
        assert.deepEqual(run([...answered, ...events]).state.calls.c1!.participants, expected);
      }),
    );
  });

  it('events about a participant that come before their call are kept until it rings', () => {
    const { state } = run([
      { type: 'participant-connected', callId: 'c1', at: 3_000, participantId: 'p1' },
      { type: 'participant-added', callId: 'c1', at: 2_500, participantId: 'p1', role: 'agent', number: '202', mode: 'conference' },
      ...answered,
    ]);
    assert.deepEqual(state.calls.c1!.participants?.map((p) => [p.role, p.phase, p.number, p.unannounced]), [['agent', 'connected', '202', undefined]]);
    assert.equal(state.early, undefined);
  });

  it('a supervisor listens, whispers, barges and leaves: the agent sees each mode, the log names the last', () => {
    let { state } = run([
      ...answered,
      { type: 'participant-added', callId: 'c1', at: 3_000, participantId: 's1', role: 'supervisor', displayName: 'Ana Ruiz', mode: 'conference', supervisorMode: 'listen' },
      { type: 'participant-connected', callId: 'c1', at: 3_100, participantId: 's1' },
    ]);
    const mode = () => state.calls.c1!.participants![0]!.supervisorMode;
    assert.equal(mode(), 'listen');
    for (const next of ['whisper', 'barge', 'barge'] as const) {
      ({ state } = run([{ type: 'supervisor-mode', callId: 'c1', at: 4_000, participantId: 's1', mode: next }], state));
      assert.equal(mode(), next);
    }
    const { effects } = run([
      { type: 'participant-left', callId: 'c1', at: 5_000, participantId: 's1', reason: 'hangup' },
      { type: 'supervisor-mode', callId: 'c1', at: 5_500, participantId: 's1', mode: 'listen' },
      { type: 'ended', callId: 'c1', at: 8_000, reason: 'hangup-remote' },
    ], state);
    const log = saves(effects)[0]!.log;
    assert.equal(log.disposition, 'Completed');
    assert.deepEqual(participantLines(log), ['Supervisor Ana Ruiz: barge, left']);
  });

  it('the supervisor’s own leg: starts on monitoring, changes mode, ends without a log', () => {
    let { state, effects } = run([
      { type: 'team-calls', at: 1_000, calls: [{ callId: 'team-1', agent: 'Sam Lee', remote: '+14155550142', direction: 'inbound', startedAt: 500 }] },
      { type: 'monitoring', callId: 'm1', at: 2_000, teamCallId: 'team-1', mode: 'listen', agent: 'Sam Lee', remote: '+14155550142' },
    ]);
    assert.equal(state.team?.[0]?.agent, 'Sam Lee');
    assert.deepEqual(state.calls.m1?.monitoring, { teamCallId: 'team-1', mode: 'listen', agent: 'Sam Lee' });
    assert.equal(state.calls.m1?.phase, 'connected');
    ({ state, effects } = run([
      { type: 'monitoring', callId: 'm1', at: 3_000, teamCallId: 'team-1', mode: 'whisper' },
      { type: 'participant-added', callId: 'm1', at: 3_000, participantId: 'x', role: 'external', mode: 'conference' },
    ], state));
    assert.equal(state.calls.m1?.monitoring?.mode, 'whisper');
    assert.equal(state.calls.m1?.participants, undefined, 'a monitoring leg has no participants of its own');
    ({ state, effects } = run([{ type: 'ended', callId: 'm1', at: 9_000, reason: 'hangup-local' }], state));
    assert.deepEqual(saves(effects), []);
    assert.equal(state.calls.m1, undefined);
    assert.equal(state.recent[0]?.outcome, 'Monitored');
    assert.equal(run([{ type: 'monitoring', callId: 'm1', at: 9_500, teamCallId: 'team-1', mode: 'barge' }], state).state, state, 'a late mode change is ignored');
  });
});

describe('multi-party commands', () => {
  const none: ProviderCapabilities = { outbound: true, hold: true, mute: true, dtmf: true, transfer: { blind: true, consult: false }, conference: false, recording: false, presence: false };

  it('only what the capabilities say is offered', () => {
    const commands: Command[] = [
      { type: 'add-participant', callId: 'c1', to: '201', mode: 'consult' },
      { type: 'add-participant', callId: 'c1', to: '201', mode: 'conference' },
      { type: 'swap', callId: 'c1' },
      { type: 'merge', callId: 'c1' },
      { type: 'complete-transfer', callId: 'c1' },
      { type: 'remove-participant', callId: 'c1', participantId: 'p1' },
      { type: 'monitor', teamCallId: 't1', mode: 'listen' },
      { type: 'set-monitor-mode', callId: 'm1', mode: 'barge' },
    ];
    assert.deepEqual(commands.map((command) => canRun(none, command)), [false, false, false, false, false, false, false, false]);
    const all = { ...none, transfer: { blind: true, consult: true }, conference: true, supervisor: { listen: true, whisper: true, barge: false } };
    assert.deepEqual(commands.map((command) => canRun(all, command)), [true, true, true, true, true, true, true, false]);
    assert.equal(canRun(none, { type: 'hold', callId: 'c1' }), true);
  });

  it('a command the provider lacks or does not advertise rejects with unsupported, naming what', async () => {
    const calls: string[] = [];
    const provider = {
      id: 'partial',
      capabilities: { ...none, conference: true },
      health: 'ready',
      connect: async () => undefined,
      disconnect: async () => undefined,
      merge: async (callId: string) => void calls.push(`merge ${callId}`),
      swap: async (callId: string) => void calls.push(`swap ${callId}`),
    } as unknown as TelephonyProvider;
    const connector = new Connector({ provider, bridge: new FakeBridge() });
    await connector.execute({ type: 'merge', callId: 'c1' });
    assert.deepEqual(calls, ['merge c1']);
    await assert.rejects(connector.execute({ type: 'swap', callId: 'c1' }), (error: unknown) => error instanceof ProviderError && error.code === 'unsupported' && /does not support swapping calls/.test(error.message));
    await assert.rejects(connector.execute({ type: 'monitor', teamCallId: 't1', mode: 'listen' }), (error: unknown) => error instanceof ProviderError && error.code === 'unsupported' && /supervisor listen/.test(error.message));
    assert.deepEqual(calls, ['merge c1'], 'swap is implemented but not advertised: never called');
  });
});
