import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_REDUCER_OPTIONS,
  initialState,
  reduce,
  type ConnectorEvent,
  type ConnectorState,
  type Effect,
  type ReducerOptions,
} from '../../src/core/index.js';
import { runReducer } from './fakes/run-reducer.js';
import { phoneMetadataFor } from '../../src/config/phone-metadata.js';

const T0 = Date.UTC(2026, 10, 24, 15, 0, 0);
const MARIA = { id: '003000000000001AAA', objectType: 'Contact', name: 'Maria Chen' } as const;
const ACME = { id: '001000000000001AAA', objectType: 'Account', name: 'Acme Robotics' } as const;

/** The defaults with the US numbering plan, as a US softphone page configures its reducer. */
const US_OPTIONS: ReducerOptions = { ...DEFAULT_REDUCER_OPTIONS, phoneMetadata: phoneMetadataFor(['US']) };

/** Runs events through the reducer, collecting every effect. */
const run = (events: ConnectorEvent[], options: ReducerOptions = US_OPTIONS, from: ConnectorState = initialState()) => runReducer(events, options, from);

const ring = (callId = 'c1', at = T0): ConnectorEvent => ({ type: 'ringing', callId, at, from: '(415) 555-0142', displayName: 'Maria Chen' });
const connected = (callId = 'c1', at = T0 + 2000): ConnectorEvent => ({ type: 'connected', callId, at });
const ended = (reason: 'hangup-local' | 'hangup-remote' | 'rejected' | 'missed' | 'failed', callId = 'c1', at = T0 + 65_000): ConnectorEvent => ({
  type: 'ended',
  callId,
  at,
  reason,
});
const saves = (effects: Effect[]) => effects.filter((effect): effect is Extract<Effect, { type: 'save-call-log' }> => effect.type === 'save-call-log');

describe('reducer: inbound calls', () => {
  it('rings: shows the softphone, pops the caller by E.164 number and labels the item', () => {
    const { state, effects } = run([ring()]);
    const call = state.calls.c1;
    assert.equal(call?.phase, 'ringing');
    assert.equal(call?.remote.e164, '+14155550142');
    assert.deepEqual(effects.map((effect) => effect.type), ['pop-caller', 'show-softphone', 'status-label']);
    const pop = effects.find((effect) => effect.type === 'pop-caller');
    assert.deepEqual(pop?.type === 'pop-caller' && pop.request, { callId: 'c1', direction: 'inbound', number: '+14155550142', displayName: 'Maria Chen' });
    assert.equal(state.label, 'Incoming call');
  });

  it('pops on answer instead of ringing when configured', () => {
    const options = { ...US_OPTIONS, popOn: 'answer' as const };
    const ringing = run([ring()], options);
    assert.equal(ringing.effects.some((effect) => effect.type === 'pop-caller'), false);
    const answered = run([connected()], options, ringing.state);
    assert.equal(answered.effects.filter((effect) => effect.type === 'pop-caller').length, 1);
  });

  it('answered, ended by the caller: wrap-up, then one create with duration, WhoId from the pop and CallObject', () => {
    const { state, effects } = run([
      ring(),
      { type: 'caller-popped', at: T0 + 50, callId: 'c1', result: { kind: 'one', record: MARIA } },
      connected(),
      ended('hangup-remote'),
    ]);
    assert.equal(state.calls.c1?.phase, 'wrap-up');
    const [create] = saves(effects);
    assert.ok(create);
    assert.equal(create.recordId, undefined);
    assert.equal(create.log.callId, 'c1');
    assert.equal(create.log.whoId, MARIA.id);
    assert.equal(create.log.direction, 'inbound');
    assert.equal(create.log.durationSeconds, 63);
    assert.equal(create.log.disposition, 'Completed');
    assert.equal(create.log.subject, 'Inbound call from Maria Chen (+1 415 555 0142)');
    assert.equal(create.log.endReason, 'hangup-remote');
    assert.equal(state.label, 'Wrap-up');
  });

  it('wrap-up saved after the create succeeded updates the same record, then the call retires', () => {
    const first = run([ring(), connected(), ended('hangup-local')]);
    const created = run([{ type: 'call-logged', at: T0 + 66_000, callId: 'c1', revision: 1, recordId: '00T000000000001AAA' }], undefined, first.state);
    assert.equal(created.state.calls.c1?.log.recordId, '00T000000000001AAA');
    const wrapped = run([{ type: 'wrap-up-saved', at: T0 + 90_000, callId: 'c1', disposition: 'Resolved', notes: ' Reset the arm. ' }], undefined, created.state);
    const [update] = saves(wrapped.effects);
    assert.equal(update?.recordId, '00T000000000001AAA');
    assert.equal(update?.log.notes, 'Reset the arm.');
    assert.equal(update?.log.disposition, 'Resolved');
    assert.equal(update?.revision, 2);
    const done = run([{ type: 'call-logged', at: T0 + 91_000, callId: 'c1', revision: 2, recordId: '00T000000000001AAA' }], undefined, wrapped.state);
    assert.equal(done.state.calls.c1, undefined);
    assert.deepEqual(done.state.order, []);
    assert.equal(done.state.recent[0]?.id, 'c1');
    assert.equal(done.state.recent[0]?.recordId, '00T000000000001AAA');
    assert.equal(done.state.label, 'Phone');
  });

  it('wrap-up saved while the create is still in flight waits for the record id: never a second create', () => {
    const first = run([ring(), connected(), ended('hangup-local')]);
    const wrapped = run([{ type: 'wrap-up-saved', at: T0 + 70_000, callId: 'c1', notes: 'quick' }], undefined, first.state);
    assert.equal(saves(wrapped.effects).length, 0, 'no save while the create is in flight');
    const created = run([{ type: 'call-logged', at: T0 + 71_000, callId: 'c1', revision: 1, recordId: '00T1' }], undefined, wrapped.state);
    const [update] = saves(created.effects);
    assert.equal(update?.recordId, '00T1');
    assert.equal(update?.log.notes, 'quick');
  });

  it('declined while ringing: logged as Declined with zero duration, no wrap-up', () => {
    const { state, effects } = run([ring(), ended('hangup-local', 'c1', T0 + 3000)]);
    const [create] = saves(effects);
    assert.equal(create?.log.disposition, 'Declined');
    assert.equal(create?.log.endReason, 'rejected');
    assert.equal(create?.log.durationSeconds, 0);
    assert.equal(create?.log.subject, 'Declined call from Maria Chen (+1 415 555 0142)');
    assert.equal(state.calls.c1?.phase, 'ended');
  });

  it('caller gave up while ringing: logged as Missed', () => {
    const { effects } = run([ring(), ended('hangup-remote', 'c1', T0 + 9000)]);
    assert.equal(saves(effects)[0]?.log.disposition, 'Missed');
    assert.equal(saves(effects)[0]?.log.endReason, 'missed');
  });

  it('failed call is logged as Failed', () => {
    const { effects } = run([ring(), ended('failed')]);
    assert.equal(saves(effects)[0]?.log.disposition, 'Failed');
  });
});

describe('reducer: outbound calls', () => {
  it('click-to-dial: the clicked record becomes WhoId, no search pop', () => {
    const { state, effects } = run([
      { type: 'dial-requested', at: T0, to: '+1 212-555-0188', record: { id: '003B', objectType: 'Contact', name: 'Tom Becker' } },
      { type: 'dialing', callId: 'o1', at: T0 + 10, to: '+1 212-555-0188' },
      { type: 'connected', callId: 'o1', at: T0 + 1010 },
      { type: 'ended', callId: 'o1', at: T0 + 31_010, reason: 'hangup-local' },
    ]);
    assert.equal(effects.some((effect) => effect.type === 'pop-caller'), false);
    assert.equal(state.pendingDial, undefined);
    const [create] = saves(effects);
    assert.equal(create?.log.direction, 'outbound');
    assert.equal(create?.log.whoId, '003B');
    assert.equal(create?.log.durationSeconds, 30);
    assert.equal(create?.log.subject, 'Outbound call to Tom Becker (+1 212 555 0188)');
  });

  it('dialled by hand: searches for the callee; unanswered calls log as Cancelled or Busy', () => {
    const cancelled = run([
      { type: 'dialing', callId: 'o2', at: T0, to: '6175550150' },
      { type: 'ended', callId: 'o2', at: T0 + 4000, reason: 'hangup-local' },
    ]);
    assert.equal(cancelled.effects.filter((effect) => effect.type === 'pop-caller').length, 1);
    assert.equal(saves(cancelled.effects)[0]?.log.disposition, 'Cancelled');
    assert.equal(saves(cancelled.effects)[0]?.log.subject, 'Unanswered call to +1 617 555 0150');
    const busy = run([
      { type: 'dialing', callId: 'o3', at: T0, to: '6175550150' },
      { type: 'ended', callId: 'o3', at: T0 + 4000, reason: 'rejected' },
    ]);
    assert.equal(saves(busy.effects)[0]?.log.disposition, 'Busy');
  });
});

describe('reducer: hold, mute and related records', () => {
  it('hold and mute toggle only on connected calls and label the item', () => {
    const { state } = run([ring(), connected(), { type: 'held', callId: 'c1', at: T0 + 3000 }, { type: 'muted', callId: 'c1', at: T0 + 3100 }]);
    assert.equal(state.calls.c1?.held, true);
    assert.equal(state.calls.c1?.muted, true);
    assert.equal(state.label, 'On hold');
    const resumed = run([{ type: 'resumed', callId: 'c1', at: T0 + 4000 }, { type: 'unmuted', callId: 'c1', at: T0 + 4100 }], undefined, state);
    assert.equal(resumed.state.calls.c1?.held, false);
    assert.equal(resumed.state.calls.c1?.muted, false);
    assert.equal(resumed.state.label, 'On call');
    const ringing = run([ring('c2'), { type: 'held', callId: 'c2', at: T0 + 10 }]);
    assert.equal(ringing.state.calls.c2?.held, false, 'a ringing call cannot be held');
  });

  it('quality warnings show while active, one per kind, and are dropped when the call ends', () => {
    const warn = (kind: 'latency' | 'packet-loss', active: boolean, message?: string): ConnectorEvent => ({ type: 'warning', callId: 'c1', at: T0 + 3000, kind, active, message });
    const { state } = run([ring(), connected(), warn('latency', true), warn('packet-loss', true, 'Custom text'), warn('latency', true)]);
    assert.deepEqual(state.calls.c1?.warnings?.map((warning) => warning.kind), ['packet-loss', 'latency']);
    assert.equal(state.calls.c1?.warnings?.[0]?.message, 'Custom text');
    assert.match(state.calls.c1?.warnings?.[1]?.message ?? '', /delay/);
    const cleared = run([warn('latency', false)], undefined, state);
    assert.deepEqual(cleared.state.calls.c1?.warnings?.map((warning) => warning.kind), ['packet-loss']);
    const over = run([ended('hangup-remote')], undefined, cleared.state);
    assert.equal(over.state.calls.c1?.warnings, undefined);
    assert.equal(run([warn('latency', true)], undefined, over.state).state, over.state, 'no warning on an ended call');
  });

  it('navigation during the call relates the viewed Account as WhatId and a viewed Contact as WhoId', () => {
    const { effects } = run([
      ring(),
      { type: 'caller-popped', at: T0 + 50, callId: 'c1', result: { kind: 'many', records: [MARIA, { id: '003X', objectType: 'Contact' }] } },
      { type: 'navigated', at: T0 + 1000, record: MARIA },
      { type: 'navigated', at: T0 + 1500, record: ACME },
      { type: 'navigated', at: T0 + 1600, record: { id: '00T9', objectType: 'Task' } },
      connected(),
      ended('hangup-remote'),
    ]);
    const [create] = saves(effects);
    assert.equal(create?.log.whoId, MARIA.id);
    assert.equal(create?.log.whatId, ACME.id);
  });

  it('a record created after a no-match pop and viewed during wrap-up is in the wrap-up update', () => {
    const first = run([ring(), { type: 'caller-popped', at: T0 + 50, callId: 'c1', result: { kind: 'none' } }, connected(), ended('hangup-remote')]);
    assert.equal(saves(first.effects)[0]?.log.whoId, undefined);
    const later = run(
      [
        { type: 'call-logged', at: T0 + 70_000, callId: 'c1', revision: 1, recordId: '00T1' },
        { type: 'navigated', at: T0 + 80_000, record: { id: '003NEW', objectType: 'Contact' } },
        { type: 'wrap-up-saved', at: T0 + 90_000, callId: 'c1', notes: 'new customer' },
      ],
      undefined,
      first.state,
    );
    assert.equal(saves(later.effects)[0]?.log.whoId, '003NEW');
  });
});

describe('reducer: duplicated and out-of-order events', () => {
  it('ignores a duplicated ringing event (no second pop)', () => {
    const { state, effects } = run([ring(), ring()]);
    assert.equal(effects.filter((effect) => effect.type === 'pop-caller').length, 1);
    assert.deepEqual(state.order, ['c1']);
  });

  it('ignores events for unknown calls (connected/ended wait aside for their call, without effects)', () => {
    const start = initialState();
    for (const event of [connected('nope'), ended('hangup-remote', 'nope'), { type: 'held', callId: 'nope', at: T0 } as ConnectorEvent]) {
      const { state, effects } = reduce(start, event);
      assert.equal(state.calls, start.calls);
      assert.deepEqual(state.order, []);
      assert.deepEqual(effects, []);
      if (event.type === 'held') assert.equal(state, start);
    }
  });

  it('applies connected/ended events that outran their ringing once the call appears', () => {
    const { state, effects } = run([ended('hangup-remote', 'late'), connected('late'), ring('late')]);
    assert.equal(state.early, undefined, 'nothing left waiting');
    const [save] = saves(effects);
    assert.ok(save, 'the call was logged');
    assert.equal(save.callId, 'late');
    assert.equal(save.log.disposition, 'Completed');
  });

  it('a duplicated ended event does not log twice', () => {
    const { effects } = run([ring(), connected(), ended('hangup-remote'), ended('hangup-remote'), ended('hangup-local')]);
    assert.equal(saves(effects).length, 1);
  });

  it('events after the end are ignored: connected after ended keeps it unanswered', () => {
    const { state, effects } = run([ring(), ended('hangup-remote', 'c1', T0 + 5000), connected('c1', T0 + 6000)]);
    assert.equal(state.calls.c1?.phase, 'ended');
    assert.equal(state.calls.c1?.connectedAt, undefined);
    assert.equal(saves(effects).length, 1);
  });

  it('late events for a retired call do not resurrect it', () => {
    const done = run([ring(), ended('hangup-remote'), { type: 'call-logged', at: T0 + 70_000, callId: 'c1', revision: 1, recordId: '00T1' }]);
    assert.equal(done.state.calls.c1, undefined);
    const late = run([ring(), connected()], undefined, done.state);
    assert.equal(late.state.calls.c1, undefined);
    assert.deepEqual(late.effects, []);
  });

  it('a stale call-logged for another revision is ignored', () => {
    const first = run([ring(), connected(), ended('hangup-remote')]);
    const stale = run([{ type: 'call-logged', at: T0, callId: 'c1', revision: 7, recordId: '00TX' }], undefined, first.state);
    assert.equal(stale.state.calls.c1?.log.recordId, undefined);
  });

  it('clock skew: an end stamped before the answer gives duration 1, never negative', () => {
    const { effects } = run([ring(), connected('c1', T0 + 5000), ended('hangup-remote', 'c1', T0 + 1000)]);
    assert.equal(saves(effects)[0]?.log.durationSeconds, 1);
  });
});

describe('reducer: failed log saves are kept', () => {
  it('a failed save keeps the call with the error until a retry succeeds', () => {
    const first = run([ring(), ended('hangup-remote')]);
    const failed = run([{ type: 'call-log-failed', at: T0 + 10, callId: 'c1', revision: 1, message: 'timeout' }], undefined, first.state);
    assert.equal(failed.state.calls.c1?.log.error, 'timeout');
    assert.equal(saves(failed.effects).length, 0);
    const retried = run([{ type: 'call-log-retry', at: T0 + 20, callId: 'c1' }], undefined, failed.state);
    const [again] = saves(retried.effects);
    assert.equal(again?.revision, 1);
    assert.equal(again?.recordId, undefined);
    assert.equal(retried.state.calls.c1?.log.error, undefined);
  });

  it('multiple calls keep separate state: a second call rings while on the first', () => {
    const { state } = run([ring('a'), connected('a'), ring('b', T0 + 5000)]);
    assert.deepEqual(state.order, ['a', 'b']);
    assert.equal(state.calls.a?.phase, 'connected');
    assert.equal(state.calls.b?.phase, 'ringing');
    assert.equal(state.label, 'Incoming call');
  });
});

describe('reducer: provider and presence', () => {
  it('tracks provider health and agent presence, ignoring repeats', () => {
    const ready = run([{ type: 'provider-state', at: T0, health: 'ready' }]);
    assert.equal(ready.state.health, 'ready');
    const again = reduce(ready.state, { type: 'provider-state', at: T0 + 1, health: 'ready' });
    assert.equal(again.state, ready.state);
    const busy = run([{ type: 'presence-changed', at: T0, status: 'busy' }], undefined, ready.state);
    assert.equal(busy.state.agentStatus, 'busy');
  });
});
