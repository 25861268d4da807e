/**
 * The details of a call the core keeps and hands on: the number an inbound caller dialled, the
 * recording and the alerting of an outbound call (a repeated event changes nothing), a supervisor's
 * leg ending, what a screen pop carries, which calls a record the agent opens is related to, and the
 * launcher's label.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activeCalls, advanceCall, endCall, reduce, startCall, DEFAULT_REDUCER_OPTIONS, initialState, type CallMachineOptions, type ConnectorEvent, type ConnectorState, type Effect } from '../../src/core/index.js';
import { runReducer } from './fakes/run-reducer.js';

const T0 = 1_000_000;
const OPTIONS: CallMachineOptions = { defaultRegion: 'US', wrapUp: true };
const run = (events: readonly ConnectorEvent[], options = DEFAULT_REDUCER_OPTIONS, from: ConnectorState = initialState()) => runReducer(events, options, from);
const ring = (extra: Partial<Extract<ConnectorEvent, { type: 'ringing' }>> = {}): ConnectorEvent => ({ type: 'ringing', callId: 'c1', at: T0, from: '+14155550142', ...extra });
const answer: ConnectorEvent = { type: 'connected', callId: 'c1', at: T0 + 1000 };

describe('call machine: details of a call', () => {
  it('an inbound call keeps the number the caller dialled; an outbound one has none', () => {
    assert.equal(startCall({ type: 'ringing', callId: 'c1', at: T0, from: '+14155550142', to: '+18005550100' }, OPTIONS).dialled, '+18005550100');
    assert.equal('dialled' in startCall({ type: 'ringing', callId: 'c1', at: T0, from: '+14155550142' }, OPTIONS), false);
    assert.equal('dialled' in startCall({ type: 'dialing', callId: 'o1', at: T0, to: '+18005550100' }, OPTIONS), false);
  });

  it('a recording without a location has none; the same recording event twice changes nothing', () => {
    const call = advanceCall(startCall({ type: 'ringing', callId: 'c1', at: T0, from: '+14155550142' }, OPTIONS), { type: 'connected', callId: 'c1', at: T0 + 1000 }, OPTIONS);
    const recording = advanceCall(call, { type: 'recording', callId: 'c1', at: T0 + 2000, active: true }, OPTIONS);
    assert.deepEqual(recording.recording, { active: true });
    assert.equal(advanceCall(recording, { type: 'recording', callId: 'c1', at: T0 + 2500, active: true }, OPTIONS), recording, 'a duplicate');
    const located = advanceCall(recording, { type: 'recording', callId: 'c1', at: T0 + 3000, active: true, location: 'https://rec.example.com/1' }, OPTIONS);
    assert.deepEqual(located.recording, { active: true, location: 'https://rec.example.com/1' }, 'the location arrives later');
    assert.equal(advanceCall(located, { type: 'recording', callId: 'c1', at: T0 + 3500, active: true }, OPTIONS), located, 'kept, not changed by an event without one');
    assert.deepEqual(advanceCall(located, { type: 'recording', callId: 'c1', at: T0 + 4000, active: false }, OPTIONS).recording, { active: false, location: 'https://rec.example.com/1' });
  });

  it('alerting: only on a call still dialing, and a repeat of the same alerting changes nothing', () => {
    const dialing = startCall({ type: 'dialing', callId: 'o1', at: T0, to: '+14155550142' }, OPTIONS);
    const ringingBack = advanceCall(dialing, { type: 'alerting', callId: 'o1', at: T0 + 100, earlyMedia: false }, OPTIONS);
    assert.equal(ringingBack.alerting, 'ringing');
    assert.equal(advanceCall(ringingBack, { type: 'alerting', callId: 'o1', at: T0 + 200, earlyMedia: false }, OPTIONS), ringingBack);
    const early = advanceCall(ringingBack, { type: 'alerting', callId: 'o1', at: T0 + 300, earlyMedia: true }, OPTIONS);
    assert.equal(early.alerting, 'early-media');
    assert.equal(advanceCall(early, { type: 'alerting', callId: 'o1', at: T0 + 400, earlyMedia: true }, OPTIONS), early);
    assert.equal(advanceCall(early, { type: 'alerting', callId: 'o1', at: T0 + 500, earlyMedia: false }, OPTIONS), early, 'early media once heard stays');
    const inbound = startCall({ type: 'ringing', callId: 'c1', at: T0, from: '+14155550142' }, OPTIONS);
    assert.equal(advanceCall(inbound, { type: 'alerting', callId: 'c1', at: T0 + 100, earlyMedia: true }, OPTIONS), inbound, 'an inbound call does not alert');
  });

  it("a supervisor's leg ends at once, off hold, with no wrap-up", () => {
    const leg = startCall({ type: 'monitoring', callId: 'm1', at: T0, teamCallId: 't1', mode: 'barge' }, OPTIONS);
    const ended = endCall({ ...leg, held: true }, 'hangup-local', T0 + 5000, undefined, OPTIONS);
    assert.deepEqual({ phase: ended.phase, held: ended.held, endedAt: ended.endedAt, endReason: ended.endReason }, { phase: 'ended', held: false, endedAt: T0 + 5000, endReason: 'hangup-local' });
  });
});

describe('reducer: what a screen pop carries', () => {
  it("the call's queue, data and dialled number, each only when the call has it", () => {
    const full = run([ring({ to: '+18005550100', queue: 'Billing', data: { order: 'A1' }, displayName: 'Maria' })]).effects.find((effect) => effect.type === 'pop-caller');
    assert.deepEqual(full, { type: 'pop-caller', request: { callId: 'c1', direction: 'inbound', number: '+14155550142', displayName: 'Maria', data: { order: 'A1' }, queue: 'Billing', dialled: '+18005550100' } });
    const bare = run([ring()]).effects.find((effect) => effect.type === 'pop-caller');
    assert.deepEqual(bare, { type: 'pop-caller', request: { callId: 'c1', direction: 'inbound', number: '+14155550142' } });
  });

  it('popping on answer: once, at the answer, not on later events of the call', () => {
    const options = { ...DEFAULT_REDUCER_OPTIONS, popOn: 'answer' as const };
    const pops = (events: readonly ConnectorEvent[]) => run(events, options).effects.filter((effect) => effect.type === 'pop-caller').length;
    assert.equal(pops([ring()]), 0, 'not while ringing');
    assert.equal(pops([ring(), answer]), 1);
    assert.equal(pops([ring(), answer, { type: 'held', callId: 'c1', at: T0 + 2000 }, { type: 'resumed', callId: 'c1', at: T0 + 3000 }, { type: 'muted', callId: 'c1', at: T0 + 4000 }]), 1);
    assert.equal(pops([ring(), answer, { ...answer, at: T0 + 1500 }]), 1, 'a duplicate answer');
    assert.equal(pops([{ type: 'dialing', callId: 'o1', at: T0, to: '+14155550142' }, { type: 'connected', callId: 'o1', at: T0 + 1000 }]), 1, 'an outbound call pops when it is dialled, not again at the answer');
  });
});

describe('reducer: the record the agent opens', () => {
  const contact = { id: '003000000000001', objectType: 'Contact' };
  const account = { id: '001000000000001', objectType: 'Account' };

  it('opening the record a call already has leaves the call as it is', () => {
    const { state } = run([ring(), answer, { type: 'navigated', at: T0 + 2000, record: contact }, { type: 'navigated', at: T0 + 2500, record: account }]);
    assert.deepEqual([state.calls.c1?.who, state.calls.c1?.what], [contact, account]);
    for (const record of [contact, account]) {
      const next = reduce(state, { type: 'navigated', at: T0 + 3000, record }, DEFAULT_REDUCER_OPTIONS).state;
      assert.equal(next.calls.c1, state.calls.c1, `${record.objectType} again: the call is the same (nothing to write to the outbox)`);
    }
  });

  it('a call that is over is not related to records opened after', () => {
    const options = { ...DEFAULT_REDUCER_OPTIONS, wrapUp: false };
    const { state } = run([ring(), answer, { type: 'ended', callId: 'c1', at: T0 + 5000, reason: 'hangup-remote' }], options);
    assert.equal(state.calls.c1?.phase, 'ended');
    const next = reduce(state, { type: 'navigated', at: T0 + 6000, record: contact }, options).state;
    assert.equal(next.calls.c1?.who, undefined);
  });
});

describe('reducer: the launcher label', () => {
  it('"Phone" once the only call is over without wrap-up; "Wrap-up" during it', () => {
    const over = run([ring(), answer, { type: 'ended', callId: 'c1', at: T0 + 5000, reason: 'hangup-remote' }], { ...DEFAULT_REDUCER_OPTIONS, wrapUp: false }).state;
    assert.equal(over.label, 'Phone');
    const wrapping = run([ring(), answer, { type: 'ended', callId: 'c1', at: T0 + 5000, reason: 'hangup-remote' }], { ...DEFAULT_REDUCER_OPTIONS, wrapUp: true }).state;
    assert.equal(wrapping.label, 'Wrap-up');
  });
});

describe('reducer: a log that failed to save', () => {
  const wrapUp = { ...DEFAULT_REDUCER_OPTIONS, wrapUp: true };
  const saves = (effects: readonly Effect[]) => effects.filter((effect): effect is Extract<Effect, { type: 'save-call-log' }> => effect.type === 'save-call-log');
  const ended: ConnectorEvent = { type: 'ended', callId: 'c1', at: T0 + 5000, reason: 'hangup-remote' };

  it('waits for its retry: the wrap-up saved meanwhile is sent with the retry, in one save', () => {
    const first = run([ring(), answer, ended], wrapUp);
    const [create] = saves(first.effects);
    assert.equal(create?.revision, 1);
    const failed = run([{ type: 'call-log-failed', at: T0 + 6000, callId: 'c1', revision: 1, message: 'Salesforce is unreachable' }, { type: 'wrap-up-saved', at: T0 + 7000, callId: 'c1', disposition: 'Resolved', notes: 'ok' }], wrapUp, first.state);
    assert.deepEqual(saves(failed.effects), [], 'nothing sent before the retry');
    const retried = run([{ type: 'call-log-retry', at: T0 + 8000, callId: 'c1' }], wrapUp, failed.state);
    assert.deepEqual(saves(retried.effects).map((save) => [save.revision, save.log.disposition, save.mayExist]), [[2, 'Resolved', true]], 'one save of the latest revision, looked up first');
  });

  it('a failed update is not an ambiguous create: the Task exists, nothing to look up', () => {
    const created = run([ring(), answer, ended], wrapUp);
    const logged = run([{ type: 'call-logged', at: T0 + 6000, callId: 'c1', revision: 1, recordId: '00T000000000001' }, { type: 'wrap-up-saved', at: T0 + 7000, callId: 'c1', notes: 'ok' }], wrapUp, created.state);
    const failed = run([{ type: 'call-log-failed', at: T0 + 8000, callId: 'c1', revision: 2, message: 'Salesforce is unreachable' }], wrapUp, logged.state);
    assert.deepEqual(failed.state.calls.c1?.log, { revision: 2, savedRevision: 1, recordId: '00T000000000001', inFlight: undefined, error: 'Salesforce is unreachable' });
    const failedCreate = run([{ type: 'call-log-failed', at: T0 + 6000, callId: 'c1', revision: 1, message: 'timeout' }], wrapUp, created.state);
    assert.equal(failedCreate.state.calls.c1?.log.mayExist, true, 'a create that failed may have reached Salesforce');
  });
});

describe('reducer: events that outran their call', () => {
  it('an outbound call answered before its dialing event arrived is connected once it does', () => {
    const { state } = run([{ type: 'connected', callId: 'o1', at: T0 + 1000 }, { type: 'dialing', callId: 'o1', at: T0, to: '+14155550142' }]);
    assert.deepEqual([state.calls.o1?.phase, state.calls.o1?.connectedAt, state.early], ['connected', T0 + 1000, undefined]);
  });
});

describe('activeCalls', () => {
  it('lists the calls in their order, skipping an id the state has no call for', () => {
    const { state } = run([ring(), { type: 'ringing', callId: 'c2', at: T0 + 10, from: '+14155550143' }]);
    assert.deepEqual(activeCalls({ ...state, order: ['c2', 'gone', 'c1'] }).map((call) => call.id), ['c2', 'c1']);
  });
});
