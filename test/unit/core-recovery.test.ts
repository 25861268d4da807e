/**
 * What the reducer takes back after a reload (`calls-restored`) and how it settles calls the
 * provider no longer has (`calls-synced`): one broken field keeps a persisted call out, an
 * interrupted save is assumed to may have reached the host, and no log is lost or doubled.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_REDUCER_OPTIONS, initialState, RECENT_CALLS_KEPT, reduce, type CallState, type ConnectorState, type RecentCall } from '../../src/core/index.js';

const T0 = Date.UTC(2026, 10, 24, 15, 0, 0);

/** A call persisted mid-call: connected, its log not yet written. */
const persisted = (changes: Partial<CallState> = {}): CallState => ({
  id: 'c1',
  direction: 'inbound',
  phase: 'connected',
  remote: { raw: '+14155550142', e164: '+14155550142', display: '+1 415 555 0142' },
  startedAt: T0,
  connectedAt: T0 + 1000,
  held: false,
  muted: false,
  log: { revision: 0, savedRevision: 0 },
  ...changes,
});

const restore = (calls: readonly CallState[], recent?: readonly RecentCall[], from: ConnectorState = initialState()) =>
  reduce(from, { type: 'calls-restored', at: T0 + 5000, calls, ...(recent ? { recent } : {}) }, DEFAULT_REDUCER_OPTIONS);

const recentCall = (id: string): RecentCall => ({
  id,
  direction: 'inbound',
  remote: { raw: '+1', display: '+1' },
  endReason: 'hangup-remote',
  outcome: 'Completed',
  durationSeconds: 10,
  endedAt: T0,
});

describe('calls-restored', () => {
  it('takes back a well-formed call in every phase it can be persisted in', () => {
    for (const phase of ['ringing', 'dialing', 'connected', 'wrap-up', 'ended'] as const) {
      const { state } = restore([persisted({ phase, direction: phase === 'dialing' ? 'outbound' : 'inbound' })]);
      assert.ok(state.calls.c1, `a ${phase} call is restored`);
    }
    const { state } = restore([persisted({ log: { revision: 2, savedRevision: 2, recordId: '00T1' } })]);
    assert.equal(state.calls.c1?.log.recordId, '00T1', 'a log saved up to its last revision is restorable');
  });

  it('keeps out a call with any one field broken', () => {
    const broken: [string, CallState][] = [
      ['id not a string', persisted({ id: 7 as unknown as string })],
      ['empty id', persisted({ id: '' })],
      ['unknown direction', persisted({ direction: 'sideways' as CallState['direction'] })],
      ['unknown phase', persisted({ phase: 'gone' as CallState['phase'] })],
      ['number not text', persisted({ remote: { raw: 4155550142 as unknown as string, display: '' } })],
      ['no start time', persisted({ startedAt: Number.NaN })],
      ['no log', persisted({ log: null as unknown as CallState['log'] })],
      ['fractional revision', persisted({ log: { revision: 1.5, savedRevision: 0 } })],
      ['fractional saved revision', persisted({ log: { revision: 2, savedRevision: 0.5 } })],
      ['saved ahead of its revisions', persisted({ log: { revision: 1, savedRevision: 2 } })],
    ];
    for (const [what, call] of broken) {
      const { state, effects } = restore([call]);
      assert.deepEqual(Object.keys(state.calls), [], `${what}: not restored`);
      assert.deepEqual(effects, [], `${what}: nothing done for it`);
    }
    assert.deepEqual(Object.keys(restore([null as unknown as CallState]).state.calls), [], 'nothing at all');
  });

  it('an interrupted create may have reached the host: the restored log says so; an update of a known record does not', () => {
    const inFlight = restore([persisted({ phase: 'wrap-up', endedAt: T0 + 9000, endReason: 'hangup-remote', log: { revision: 1, savedRevision: 0, inFlight: 1 } })]).state.calls.c1!;
    assert.equal(inFlight.log.mayExist, true);

    const failed = restore([persisted({ log: { revision: 1, savedRevision: 0, error: 'HTTP 503' } })]).state.calls.c1!;
    assert.equal(failed.log.mayExist, true);
    assert.equal(failed.log.error, undefined, 'the old error is not carried over');

    const updating = restore([persisted({ log: { revision: 2, savedRevision: 1, inFlight: 2, recordId: '00T1' } })]).state.calls.c1!;
    assert.equal(updating.log.recordId, '00T1');
    assert.equal(updating.log.mayExist, undefined, 'a record that exists is updated by its id');

    const quiet = restore([persisted({ log: { revision: 1, savedRevision: 0 } })]).state.calls.c1!;
    assert.equal(quiet.log.mayExist, undefined, 'a save never started cannot have reached the host');

    const known = restore([persisted({ log: { revision: 1, savedRevision: 0, mayExist: true } })]).state.calls.c1!;
    assert.equal(known.log.mayExist, true, 'what was already unsure stays unsure');
  });

  it('a log saved before but stored without its record id is saved again, looked up first, not left unsaved', () => {
    // Storage can lose a field (an older page, a partial write): revision 1 reached the host, the id did not.
    const lost = persisted({ phase: 'wrap-up', endedAt: T0 + 9000, endReason: 'hangup-remote', log: { revision: 2, savedRevision: 1 } });
    const { state, effects } = restore([lost]);
    const saves = effects.filter((effect) => effect.type === 'save-call-log');
    assert.equal(saves.length, 1, 'the unsaved revision is sent');
    assert.equal(saves[0]?.type === 'save-call-log' && saves[0].revision, 2);
    assert.equal(saves[0]?.type === 'save-call-log' && saves[0].mayExist, true, 'found by its call id before any create');
    assert.equal(saves[0]?.type === 'save-call-log' && saves[0].recordId, undefined);
    assert.equal(state.calls.c1?.log.inFlight, 2);

    const done = restore([persisted({ phase: 'ended', endedAt: T0 + 9000, endReason: 'hangup-remote', log: { revision: 1, savedRevision: 1 } })]);
    assert.equal(done.effects.filter((effect) => effect.type === 'save-call-log').length, 1, 'a later wrap-up could not update it either: saved again');
  });

  it('does not replace a call it already has', () => {
    const first = restore([persisted({ muted: true })]).state;
    const again = restore([persisted({ muted: false })], undefined, first).state;
    assert.equal(again.calls.c1?.muted, true);
  });

  it('adds the recent calls it does not know, newest list capped', () => {
    const start = restore([], [recentCall('r1')]).state;
    assert.deepEqual(start.recent.map((call) => call.id), ['r1']);
    const more = restore([], [recentCall('r1'), recentCall('r2'), { id: 5 } as unknown as RecentCall, null as unknown as RecentCall], start).state;
    assert.deepEqual(more.recent.map((call) => call.id), ['r1', 'r2'], 'known and malformed ones are left out');
    const many = Array.from({ length: RECENT_CALLS_KEPT + 5 }, (_, index) => recentCall(`m${index}`));
    assert.equal(restore([], many).state.recent.length, RECENT_CALLS_KEPT);
    const empty = initialState();
    assert.equal(restore([], [], empty).state, empty, 'nothing new: the same state');
    assert.equal(restore([], [recentCall('r1')], start).state, start, 'only known ones: the same state');
  });
});

describe('calls-synced', () => {
  const sync = (from: ConnectorState, callIds: string[]) => reduce(from, { type: 'calls-synced', at: T0 + 60_000, callIds }, DEFAULT_REDUCER_OPTIONS);

  it('ends a live call the provider no longer has, by how far it got, and logs it', () => {
    const answered = restore([persisted()]).state;
    const { state, effects } = sync(answered, []);
    assert.equal(state.calls.c1?.endReason ?? state.recent[0]?.endReason, 'hangup-remote');
    assert.ok(effects.some((effect) => effect.type === 'save-call-log'), 'the call is logged');

    const ringing = restore([persisted({ phase: 'ringing', connectedAt: undefined })]).state;
    const missed = sync(ringing, []).state;
    assert.equal(missed.calls.c1?.endReason ?? missed.recent[0]?.endReason, 'missed');

    const dialing = restore([persisted({ id: 'o1', direction: 'outbound', phase: 'dialing', connectedAt: undefined })]).state;
    const failed = sync(dialing, []).state;
    assert.equal(failed.calls.o1?.endReason ?? failed.recent[0]?.endReason, 'failed');
  });

  it('leaves alone the calls the provider still has and the ones already over', () => {
    const answered = restore([persisted()]).state;
    const kept = sync(answered, ['c1']);
    assert.equal(kept.state.calls.c1?.phase, 'connected');
    assert.deepEqual(kept.effects, []);

    const wrapUp = restore([persisted({ phase: 'wrap-up', endedAt: T0 + 9000, endReason: 'hangup-remote', log: { revision: 1, savedRevision: 1, recordId: '00T1' } })]).state;
    const after = sync(wrapUp, []);
    assert.equal(after.state.calls.c1?.phase, 'wrap-up');
    assert.equal(after.state.calls.c1?.endReason, 'hangup-remote');
    assert.deepEqual(after.effects, []);
  });
});
