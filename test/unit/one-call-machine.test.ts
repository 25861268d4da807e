/**
 * Both hosts move calls through core's one call machine: the Open CTI host through the reducer,
 * the Salesforce Voice host through its call table. Driven by the same provider events —
 * duplicated and reordered — they must end in the same call state and report the same log facts,
 * and events after a call's end must change nothing on either host.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  initialState,
  reduce,
  type CallEvent,
  type CallId,
  type CallState,
  type ConnectorState,
  type Effect,
  type EndReason,
  type ReducerOptions,
} from '../../src/core/index.js';
import { EmittingProvider } from './fakes/emitting-provider.js';
import { VoiceVendorConnector, type VoiceCallEnd, type VoiceCallSync, type VoicePublisher } from '../../src/salesforce/voice/index.js';

const OPTIONS: ReducerOptions = { popOn: 'ringing', defaultRegion: 'US', wrapUp: true };

/** The Voice host with what it published and reported to the vendor server. */
async function voiceHost(): Promise<{ provider: EmittingProvider; connector: VoiceVendorConnector; published: string[]; ends: VoiceCallEnd[] }> {
  const provider = new EmittingProvider();
  const published: string[] = [];
  const ends: VoiceCallEnd[] = [];
  const publisher: VoicePublisher = {
    event: (type, payload) => {
      const { call, calls, callId } = payload as { call?: { callId?: string }; calls?: { callId?: string }[]; callId?: string };
      published.push(`${type} ${call?.callId ?? calls?.[0]?.callId ?? callId ?? ''}`);
    },
    error: (type) => void published.push(`error:${type}`),
  };
  const sync: VoiceCallSync = { started: async () => ({}), connected: async () => undefined, ended: async (end) => void ends.push(end) };
  const connector = new VoiceVendorConnector({ provider, publisher, voiceCalls: sync, afterCallWork: OPTIONS.wrapUp });
  await connector.init({});
  return { provider, connector, published, ends };
}

/** The Open CTI host's machine: the reducer, with the log saves it asks for. */
function openCtiHost(events: readonly CallEvent[]): { state: ConnectorState; saves: Extract<Effect, { type: 'save-call-log' }>[] } {
  let state = initialState();
  const saves: Extract<Effect, { type: 'save-call-log' }>[] = [];
  for (const event of events) {
    const transition = reduce(state, event, OPTIONS);
    state = transition.state;
    for (const effect of transition.effects) if (effect.type === 'save-call-log') saves.push(effect);
  }
  return { state, saves };
}

/** What both hosts must agree on about a call. */
function facts(call: CallState | undefined): object | undefined {
  if (!call) return undefined;
  const { id, direction, phase, remote, startedAt, connectedAt, endedAt, endReason, transferredTo, held, muted, queue } = call;
  return { id, direction, phase, remote, startedAt, connectedAt, endedAt, endReason, transferredTo, held, muted, queue };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const REASONS: EndReason[] = ['hangup-local', 'hangup-remote', 'rejected', 'missed', 'failed', 'transferred'];

/** One call's events in their natural order, from a few random choices. */
const callArb = (callId: CallId, start: number) =>
  fc
    .record({
      inbound: fc.boolean(),
      answered: fc.boolean(),
      toggles: fc.array(fc.constantFrom('held', 'resumed', 'muted', 'unmuted') as fc.Arbitrary<'held' | 'resumed' | 'muted' | 'unmuted'>, { maxLength: 4 }),
      transferred: fc.boolean(),
      reason: fc.constantFrom(...REASONS),
    })
    .map(({ inbound, answered, toggles, transferred, reason }): CallEvent[] => {
      let at = start;
      const next = () => (at += 1_000);
      const events: CallEvent[] = [
        inbound
          ? { type: 'ringing', callId, at: next(), from: '+14155550142', to: '+18005550199', displayName: 'Ada', queue: 'Support' }
          : { type: 'dialing', callId, at: next(), to: '(415) 555-0100' },
      ];
      if (answered) {
        events.push({ type: 'connected', callId, at: next() });
        for (const type of toggles) events.push({ type, callId, at: next() });
        if (transferred) events.push({ type: 'transferred', callId, at: next(), to: '+14155550111' });
      }
      events.push({ type: 'ended', callId, at: next(), reason: answered && transferred ? 'transferred' : reason });
      return events;
    });

/** Several calls' events interleaved, some duplicated, some moved out of order. */
const sequenceArb = fc
  .tuple(callArb('c1', 0), callArb('c2', 500), callArb('c3', 20_000))
  .chain((calls) => {
    const all = calls.flat();
    return fc.tuple(
      fc.constant(all),
      fc.array(fc.nat({ max: all.length - 1 }), { maxLength: 6 }),
      fc.array(fc.tuple(fc.nat({ max: all.length - 1 }), fc.nat({ max: all.length - 1 })), { maxLength: 6 }),
    );
  })
  .map(([all, duplicates, swaps]) => {
    const events = [...all];
    for (const index of duplicates) events.splice(index, 0, events[index]!);
    for (const [a, b] of swaps) [events[a], events[b]] = [events[b]!, events[a]!];
    return events;
  });

const lateEventsArb = fc.array(
  fc.oneof(
    fc.record({ type: fc.constantFrom('connected' as const, 'held' as const, 'resumed' as const, 'muted' as const, 'unmuted' as const), callId: fc.constantFrom('c1', 'c2', 'c3'), at: fc.integer({ min: 0, max: 90_000 }) }),
    fc.record({ type: fc.constant('ended' as const), callId: fc.constantFrom('c1', 'c2', 'c3'), at: fc.integer({ min: 0, max: 90_000 }), reason: fc.constantFrom(...REASONS) }),
    fc.record({ type: fc.constant('ringing' as const), callId: fc.constantFrom('c1', 'c2', 'c3'), at: fc.integer({ min: 0, max: 90_000 }), from: fc.constant('+442071838750') }),
    fc.record({ type: fc.constant('transferred' as const), callId: fc.constantFrom('c1', 'c2', 'c3'), at: fc.integer({ min: 0, max: 90_000 }), to: fc.constant('+14155550122') }),
    fc.record({ type: fc.constant('warning' as const), callId: fc.constantFrom('c1', 'c2', 'c3'), at: fc.integer({ min: 0, max: 90_000 }), kind: fc.constant('latency' as const), active: fc.boolean() }),
  ) as fc.Arbitrary<CallEvent>,
  { minLength: 1, maxLength: 8 },
);

describe('one call machine for both hosts', () => {
  it('the same provider events, duplicated and reordered, give the same calls and log facts on both hosts', async () => {
    await fc.assert(
      fc.asyncProperty(sequenceArb, lateEventsArb, async (events, late) => {
        const voice = await voiceHost();
        for (const event of events) voice.provider.emit(event);
        await voice.connector.getActiveCalls();
        await settle();
        const openCti = openCtiHost(events);

        for (const callId of ['c1', 'c2', 'c3']) {
          const reduced = openCti.state.calls[callId];
          const voiced = voice.connector.calls.get(callId)?.call;
          assert.deepEqual(facts(voiced), facts(reduced), `call ${callId} after ${JSON.stringify(events)}`);
          // Log facts: what the Open CTI host saves as the Task and what the Voice host reports for the VoiceCall.
          const saved = openCti.saves.filter((save) => save.callId === callId);
          const reported = voice.ends.filter((end) => end.vendorCallKey === callId);
          assert.equal(reported.length, saved.length, `call ${callId}: one VoiceCall end per logged call`);
          const log = saved[0]?.log;
          const end = reported[0];
          if (log && end) {
            assert.equal(end.reason, log.endReason);
            assert.equal(end.startTime, new Date(log.startedAt).toISOString());
            assert.equal(end.endTime, new Date(log.endedAt).toISOString());
            const accepted = end.acceptTime ? Date.parse(end.endTime) - Date.parse(end.acceptTime) : 0;
            assert.equal(end.acceptTime ? Math.max(1, Math.round(accepted / 1000)) : 0, log.durationSeconds);
          }
          const count = (...types: string[]) => voice.published.filter((line) => types.some((type) => line === `${type} ${callId}`)).length;
          assert.equal(count('CALL_STARTED', 'QUEUED_CALL_STARTED'), 1, `${callId} started once: ${voice.published.join(', ')}`);
          assert.equal(count('HANGUP'), 1, `${callId} hung up once: ${voice.published.join(', ')}`);
          assert.equal(count('CALL_CONNECTED'), reduced?.connectedAt === undefined ? 0 : 1, `${callId} connected once if answered: ${voice.published.join(', ')}`);
        }

        // Late events for calls that are over change nothing on either host.
        const over = new Set(['c1', 'c2', 'c3'].filter((id) => voice.connector.calls.get(id) && !['ringing', 'dialing', 'connected'].includes(voice.connector.calls.get(id)!.call.phase)));
        const lateForOver = late.filter((event) => 'callId' in event && over.has(event.callId));
        const publishedBefore = [...voice.published];
        const endsBefore = voice.ends.length;
        const voiceBefore = [...over].map((id) => facts(voice.connector.calls.get(id)!.call));
        for (const event of lateForOver) voice.provider.emit(event);
        await voice.connector.getActiveCalls();
        await settle();
        assert.deepEqual([...over].map((id) => facts(voice.connector.calls.get(id)!.call)), voiceBefore);
        assert.deepEqual(voice.published, publishedBefore);
        assert.equal(voice.ends.length, endsBefore);
        let state = openCti.state;
        for (const event of lateForOver) {
          const transition = reduce(state, event, OPTIONS);
          assert.equal(transition.state, state, `late ${event.type} changed the Open CTI host's state`);
          assert.deepEqual(transition.effects, []);
          state = transition.state;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a late connect after the end and a hold while ringing are ignored by both hosts', async () => {
    const events: CallEvent[] = [
      { type: 'ringing', callId: 'c1', at: 1_000, from: '+14155550142' },
      { type: 'held', callId: 'c1', at: 1_500 },
      { type: 'ended', callId: 'c1', at: 2_000, reason: 'hangup-remote' },
      { type: 'connected', callId: 'c1', at: 2_500 },
    ];
    const voice = await voiceHost();
    for (const event of events) voice.provider.emit(event);
    await voice.connector.getActiveCalls();
    const voiced = voice.connector.calls.get('c1')!.call;
    const reduced = openCtiHost(events).state.calls['c1']!;
    for (const call of [voiced, reduced]) {
      assert.equal(call.phase, 'ended');
      assert.equal(call.held, false);
      assert.equal(call.connectedAt, undefined);
      assert.equal(call.endReason, 'missed');
    }
    assert.deepEqual(voice.ends.map((end) => [end.reason, end.acceptTime, end.numberOfHolds]), [['missed', undefined, 0]]);
  });

  it('a connect and an end that outrun their call are applied once it rings, on both hosts', async () => {
    const events: CallEvent[] = [
      { type: 'ended', callId: 'c1', at: 9_000, reason: 'hangup-remote' },
      { type: 'connected', callId: 'c1', at: 3_000 },
      { type: 'ringing', callId: 'c1', at: 1_000, from: '+14155550142' },
    ];
    const voice = await voiceHost();
    for (const event of events) voice.provider.emit(event);
    await voice.connector.getActiveCalls();
    await settle();
    assert.deepEqual(facts(voice.connector.calls.get('c1')!.call), facts(openCtiHost(events).state.calls['c1']));
    assert.equal(voice.connector.calls.get('c1')!.call.phase, 'wrap-up');
    assert.deepEqual(voice.published, ['CALL_STARTED c1', 'CALL_CONNECTED c1', 'HANGUP c1', 'AFTER_CALL_WORK_STARTED c1']);
    assert.deepEqual(voice.ends.map((end) => [end.reason, end.acceptTime, end.endTime]), [['hangup-remote', new Date(3_000).toISOString(), new Date(9_000).toISOString()]]);
  });
});
