/**
 * Property-based tests of the reducer: random sequences of provider events, agent actions, host
 * answers (saved, failed, saved-but-answer-lost) and page reloads. The reducer must never throw,
 * never reach an inconsistent state, and log every call that started exactly once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  initialState,
  reduce,
  type CallState,
  type ConnectorEvent,
  type ConnectorState,
  type Effect,
  type EndReason,
  type ReducerOptions,
} from '../../src/core/index.js';

const CALL_IDS = ['a', 'b', 'c', 'd'] as const;
const REASONS: EndReason[] = ['hangup-local', 'hangup-remote', 'rejected', 'missed', 'failed', 'transferred'];

type Step =
  | { readonly kind: 'event'; readonly event: ConnectorEvent }
  | { readonly kind: 'host'; readonly index: number; readonly outcome: 'saved' | 'failed' | 'lost' }
  | { readonly kind: 'retry'; readonly callId: string }
  | { readonly kind: 'reload' };

const callId = fc.constantFrom(...CALL_IDS);
// Timestamps jump around on purpose: clocks skew, events arrive out of order.
const at = fc.integer({ min: -5_000, max: 200_000 });

const eventArb: fc.Arbitrary<ConnectorEvent> = fc.oneof(
  fc.record({ type: fc.constant('ringing' as const), callId, at, from: fc.constantFrom('+14155550142', '0', '', '<img src=x onerror=alert(1)>', '(415) 555-0100'), displayName: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }) }),
  fc.record({ type: fc.constant('dialing' as const), callId, at, to: fc.constantFrom('+442071838750', '911', 'abc') }),
  fc.record({ type: fc.constantFrom('connected' as const, 'held' as const, 'resumed' as const, 'muted' as const, 'unmuted' as const), callId, at }),
  fc.record({ type: fc.constant('ended' as const), callId, at, reason: fc.constantFrom(...REASONS) }),
  fc.record({ type: fc.constant('transferred' as const), callId, at, to: fc.constant('+14155550199') }),
  fc.record({ type: fc.constant('wrap-up-saved' as const), callId, at, notes: fc.string({ maxLength: 10 }), disposition: fc.option(fc.constantFrom('Sale', 'No sale', ' '), { nil: undefined }) }),
  fc.record({ type: fc.constant('caller-popped' as const), callId, at, result: fc.constant({ kind: 'one' as const, record: { id: '003000000000001', objectType: 'Contact' } }) }),
  fc.record({ type: fc.constant('navigated' as const), at, record: fc.option(fc.constant({ id: '001000000000001', objectType: 'Account' }), { nil: undefined }) }),
  fc.record({ type: fc.constant('calls-synced' as const), at, callIds: fc.subarray([...CALL_IDS]) }),
  fc.record({ type: fc.constant('provider-state' as const), at, health: fc.constantFrom('ready' as const, 'reconnecting' as const) }),
  // Multi-party: participants come and go, in any order, twice; supervisors monitor and change mode.
  fc.record({ type: fc.constant('participant-added' as const), callId, at, participantId: fc.constantFrom('p1', 'p2'), role: fc.constantFrom('agent' as const, 'external' as const, 'supervisor' as const), mode: fc.constantFrom('consult' as const, 'conference' as const), number: fc.constantFrom('+14155550111', '201') }),
  fc.record({ type: fc.constantFrom('participant-ringing' as const, 'participant-connected' as const, 'participant-held' as const, 'participant-resumed' as const), callId, at, participantId: fc.constantFrom('p1', 'p2') }),
  fc.record({ type: fc.constant('participant-left' as const), callId, at, participantId: fc.constantFrom('p1', 'p2'), reason: fc.constantFrom('hangup' as const, 'removed' as const, 'no-answer' as const) }),
  fc.record({ type: fc.constant('supervisor-mode' as const), callId, at, participantId: fc.constantFrom('p1', 'p2'), mode: fc.constantFrom('listen' as const, 'whisper' as const, 'barge' as const) }),
  fc.record({ type: fc.constant('conferenced' as const), callId, at }),
  fc.record({ type: fc.constant('monitoring' as const), callId, at, teamCallId: fc.constant('team-1'), mode: fc.constantFrom('listen' as const, 'whisper' as const, 'barge' as const) }),
  // Host answers for revisions that were never sent: they must be ignored.
  fc.record({ type: fc.constant('call-logged' as const), callId, at, revision: fc.integer({ min: 1000, max: 1005 }), recordId: fc.constant('00Tbogus') }),
);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: eventArb.map((event) => ({ kind: 'event' as const, event })) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('host' as const), index: fc.nat(), outcome: fc.constantFrom('saved' as const, 'saved' as const, 'failed' as const, 'lost' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retry' as const), callId }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reload' as const }) },
);

type SaveEffect = Extract<Effect, { type: 'save-call-log' }>;

/** The host: Task records by id, with a look-up by call id (the optional Apex class). */
class Host {
  readonly tasks = new Map<string, { callId: string; revision: number }>();
  creates = new Map<string, number>();
  private next = 1;
  save(effect: SaveEffect): string {
    let recordId = effect.recordId;
    if (!recordId && effect.mayExist) recordId = [...this.tasks].find(([, task]) => task.callId === effect.callId)?.[0];
    if (recordId) {
      const task = this.tasks.get(recordId);
      assert.ok(task, `update of unknown record ${recordId}`);
      assert.equal(task.callId, effect.callId, 'an update names the call it belongs to');
      this.tasks.set(recordId, { callId: effect.callId, revision: effect.revision });
      return recordId;
    }
    const id = `00T${this.next++}`;
    this.tasks.set(id, { callId: effect.callId, revision: effect.revision });
    this.creates.set(effect.callId, (this.creates.get(effect.callId) ?? 0) + 1);
    return id;
  }
}

function checkInvariants(state: ConnectorState): void {
  assert.deepEqual([...state.order].sort(), Object.keys(state.calls).sort(), 'order lists exactly the calls');
  assert.equal(new Set(state.order).size, state.order.length, 'no call listed twice');
  for (const call of Object.values(state.calls) as CallState[]) {
    const { log } = call;
    assert.ok(log.savedRevision <= log.revision, 'saved revision never ahead');
    if (log.inFlight !== undefined) assert.ok(log.inFlight > log.savedRevision && log.inFlight <= log.revision, 'in-flight revision in range');
    if (log.savedRevision > 0) assert.ok(log.recordId, 'a saved log has its record id');
    if (call.connectedAt !== undefined) assert.ok(call.connectedAt >= call.startedAt, 'connected after start');
    if (call.endedAt !== undefined) assert.ok(call.endedAt >= (call.connectedAt ?? call.startedAt), 'ended after connect');
    if (call.phase === 'wrap-up') assert.ok(call.connectedAt !== undefined, 'only connected calls go to wrap-up');
    if (call.phase === 'ringing' || call.phase === 'dialing' || call.phase === 'connected') assert.equal(log.revision, 0, 'live calls have no log yet');
    if (call.monitoring) assert.equal(log.revision, 0, 'a supervisor\'s monitoring leg is never logged');
    const participants = call.participants ?? [];
    assert.equal(new Set(participants.map((p) => p.id)).size, participants.length, 'no participant listed twice');
    for (const p of participants) {
      if (p.connectedAt !== undefined) assert.ok(p.connectedAt >= p.addedAt, 'a participant connects after being added');
      if (p.leftAt !== undefined) assert.ok(p.leftAt >= (p.connectedAt ?? p.addedAt), 'a participant leaves after connecting');
      if (p.phase === 'left') assert.ok(p.leftAt !== undefined && p.leftReason !== undefined, 'a participant who left has a time and reason');
    }
  }
  for (const recent of state.recent) assert.ok(recent.durationSeconds >= 0 && Number.isFinite(recent.durationSeconds), 'sane duration');
}

function run(steps: readonly Step[], options: ReducerOptions): void {
  const host = new Host();
  let state = initialState();
  let pending: SaveEffect[] = [];
  const started = new Set<string>();
  const apply = (event: ConnectorEvent): void => {
    const before = state;
    const { state: next, effects } = reduce(state, event, options);
    if ((event.type === 'ringing' || event.type === 'dialing') && next.calls[event.callId] && !before.calls[event.callId]) started.add(event.callId);
    // A participant event never logs a call by itself; only the agent's own part ending does.
    if (event.type.startsWith('participant-') || event.type === 'conferenced' || event.type === 'supervisor-mode') {
      assert.ok(!effects.some((effect) => effect.type === 'save-call-log'), `${event.type} asked for a log save`);
    }
    state = next;
    for (const effect of effects) if (effect.type === 'save-call-log') pending.push(effect);
    checkInvariants(state);
  };
  const answer = (effect: SaveEffect, outcome: 'saved' | 'failed' | 'lost'): void => {
    if (outcome === 'failed') return apply({ type: 'call-log-failed', at: 0, callId: effect.callId, revision: effect.revision, message: 'down' });
    const recordId = host.save(effect);
    if (outcome === 'lost') return apply({ type: 'call-log-failed', at: 0, callId: effect.callId, revision: effect.revision, message: 'timeout' });
    apply({ type: 'call-logged', at: 0, callId: effect.callId, revision: effect.revision, recordId });
  };
  for (const step of steps) {
    if (step.kind === 'event') apply(step.event);
    else if (step.kind === 'retry') apply({ type: 'call-log-retry', at: 0, callId: step.callId });
    else if (step.kind === 'host' && pending.length > 0) {
      const [effect] = pending.splice(step.index % pending.length, 1);
      if (effect) answer(effect, step.outcome);
    } else if (step.kind === 'reload') {
      // The page dies: saves in flight reach the host or not, their answers are lost; the outbox
      // (a JSON round trip) is all the next page gets.
      for (const [index, effect] of pending.entries()) if (index % 2 === 0) host.save(effect);
      pending = [];
      const persisted = JSON.parse(JSON.stringify(Object.values(state.calls))) as CallState[];
      const recent = JSON.parse(JSON.stringify(state.recent)) as ConnectorState['recent'];
      state = initialState();
      apply({ type: 'calls-restored', at: 0, calls: persisted, recent });
    }
  }
  // Let everything finish: every call ends, wrap-up is saved, the host answers and retries succeed.
  for (const id of CALL_IDS) apply({ type: 'ended', callId: id, at: 300_000, reason: 'hangup-remote' });
  for (const id of CALL_IDS) apply({ type: 'wrap-up-saved', callId: id, at: 300_000, notes: '' });
  for (let round = 0; round < 50 && (pending.length > 0 || state.order.length > 0); round++) {
    for (const effect of pending.splice(0)) answer(effect, 'saved');
    for (const id of [...state.order]) apply({ type: 'call-log-retry', at: 0, callId: id });
  }
  assert.deepEqual(state.order, [], 'every call was logged and retired');
  for (const id of started) assert.equal(host.creates.get(id) ?? 0, 1, `call ${id} was created exactly once`);
  for (const id of host.creates.keys()) assert.ok(started.has(id), `no log for a call that never started (${id})`);
}

describe('reducer properties (fast-check)', () => {
  for (const wrapUp of [true, false]) {
    it(`never throws, keeps its invariants and logs every started call exactly once (wrap-up ${wrapUp ? 'on' : 'off'})`, () => {
      const options: ReducerOptions = { popOn: 'ringing', defaultRegion: 'US', wrapUp };
      fc.assert(fc.property(fc.array(stepArb, { maxLength: 80 }), (steps) => run(steps, options)), { numRuns: 1500 });
    });
  }

  it('never gives a negative or absurd duration, whatever the clocks say: the logged duration is the connected time', () => {
    fc.assert(
      fc.property(at, at, at, fc.boolean(), (ringAt, connectAt, endAt, wrapUp) => {
        const options: ReducerOptions = { popOn: 'ringing', defaultRegion: 'US', wrapUp };
        let state = initialState();
        const saves: SaveEffect[] = [];
        for (const event of [
          { type: 'ringing', callId: 'a', at: ringAt, from: '+14155550142' },
          { type: 'connected', callId: 'a', at: connectAt },
          { type: 'ended', callId: 'a', at: endAt, reason: 'hangup-remote' },
          { type: 'wrap-up-saved', callId: 'a', at: endAt, notes: '' },
        ] as ConnectorEvent[]) {
          const result = reduce(state, event, options);
          state = result.state;
          for (const effect of result.effects) if (effect.type === 'save-call-log') saves.push(effect);
        }
        // What reaches the host: the last log saved (with wrap-up, the update after it).
        const logged = saves.at(-1)?.log.durationSeconds;
        assert.ok(logged !== undefined, 'the call was logged');
        // A clock running backwards never gives a call less than no time, nor more than it lasted.
        const connected = Math.max(connectAt, ringAt);
        const ended = Math.max(endAt, connected);
        assert.equal(logged, Math.max(1, Math.round((ended - connected) / 1000)), `ring ${ringAt}, connect ${connectAt}, end ${endAt}`);
        assert.ok(logged >= 1 && logged <= 206, `duration ${logged}`);
        const call = state.calls.a;
        if (call) assert.deepEqual([call.connectedAt, call.endedAt], [connected, ended], 'the call keeps the times it was logged with');
        // Storage can hold times a reducer never made: a restored call with its clock run backwards
        // still logs no negative time.
        const skewed = { ...(call ?? {}), id: 'r', phase: 'ended', direction: 'inbound', remote: { raw: '+14155550142' }, startedAt: ringAt, connectedAt: connectAt, endedAt: endAt, log: { revision: 1, savedRevision: 0 } } as CallState;
        const restored = reduce(initialState(), { type: 'calls-restored', at: 0, calls: [skewed], recent: [] }, options);
        const restoredLog = restored.effects.find((effect): effect is SaveEffect => effect.type === 'save-call-log')?.log;
        assert.ok(restoredLog, 'the restored call is logged');
        assert.equal(restoredLog.durationSeconds, Math.max(1, Math.round(Math.max(0, endAt - connectAt) / 1000)), 'restored duration');
      }),
      { numRuns: 500 },
    );
  });

  it('restores a persisted call only when every part of its shape is sane, each check on its own', () => {
    const options: ReducerOptions = { popOn: 'ringing', defaultRegion: 'US', wrapUp: false };
    let state = initialState();
    for (const event of [
      { type: 'ringing', callId: 'a', at: 1000, from: '+14155550142' },
      { type: 'connected', callId: 'a', at: 2000 },
      { type: 'ended', callId: 'a', at: 9000, reason: 'hangup-remote' },
    ] as ConnectorEvent[]) state = reduce(state, event, options).state;
    const sane = JSON.parse(JSON.stringify(state.calls.a)) as CallState;
    const restores = (call: unknown): boolean => {
      const { state: next, effects } = reduce(initialState(), { type: 'calls-restored', at: 0, calls: [call as CallState], recent: [] }, options);
      return next.order.length > 0 || next.recent.length > 0 || effects.length > 0;
    };
    assert.equal(restores(sane), true, 'the sane call is restored');
    const { effects } = reduce(initialState(), { type: 'calls-restored', at: 0, calls: [sane], recent: [] }, options);
    assert.equal(effects.filter((effect) => effect.type === 'save-call-log').length, 1, 'and its log saved');
    // Each one breaks exactly one part of the shape; storage can hold any of them.
    const broken: Record<string, unknown> = {
      'id not a string': { ...sane, id: 7 },
      'id empty': { ...sane, id: '' },
      'direction unknown': { ...sane, direction: 'sideways' },
      'phase unknown': { ...sane, phase: 'exploded' },
      'remote number missing': { ...sane, remote: { e164: '+14155550142' } },
      'start time not finite': { ...sane, startedAt: Number.NaN },
      'log missing': { ...sane, log: undefined },
      'log null': { ...sane, log: null },
      'log revision not whole': { ...sane, log: { ...sane.log, revision: 1.5 } },
      'saved revision not whole': { ...sane, log: { ...sane.log, savedRevision: 0.5 } },
      'saved revision ahead of the log': { ...sane, log: { ...sane.log, revision: 1, savedRevision: 2 } },
      'not an object': 'call',
      'null': null,
    };
    for (const [what, call] of Object.entries(broken)) assert.equal(restores(call), false, `restored a call whose ${what}`);
  });
});
