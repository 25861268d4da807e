/**
 * Edge cases of the core that mutation testing found unchecked: each assertion here failed on a
 * mutant that every other test let through (docs/testing.md).
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import {
  advanceCall,
  Connector,
  DEFAULT_REDUCER_OPTIONS,
  DTMF_DIGITS,
  initialState,
  MemoryCallLogOutbox,
  ProviderError,
  RECENT_CALLS_KEPT,
  reduce,
  SoftphoneError,
  startCall,
  takeEarly,
  type CallLog,
  type CallState,
  type ConnectorState,
  type EarlyCallEvent,
  type SalesforceBridge,
} from '../../src/core/index.js';
import { EffectsRunner } from '../../src/core/effects-runner.js';
import { EmittingProvider } from './fakes/emitting-provider.js';
import { quietBridge } from './fakes/quiet-bridge.js';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const ringing = (callId: string, at = 1) => ({ type: 'ringing', callId, at, from: '+14155550142' }) as const;

describe('core edge cases', () => {
  it('a monitoring leg without a customer number has an empty number and is not on hold', () => {
    const leg = startCall({ type: 'monitoring', callId: 'm1', at: 1, teamCallId: 't1', mode: 'barge' }, { defaultRegion: 'US', wrapUp: true });
    assert.equal(leg.remote.raw, '');
    assert.equal(leg.held, false);
  });

  it('the in-memory outbox stores a call put into it', async () => {
    const outbox = new MemoryCallLogOutbox();
    const call = { id: 'planted', direction: 'inbound', phase: 'connected', remote: { raw: '1', display: '1' }, startedAt: 1, held: false, muted: false, log: { revision: 0, savedRevision: 0 } } satisfies CallState;
    await outbox.put(call);
    assert.deepEqual(outbox.ids(), ['planted']);
    assert.deepEqual(await outbox.load(), [call]);
  });

  it('errors carry their class name, which logs and error reports show', () => {
    assert.equal(new SoftphoneError('x', 'm').name, 'SoftphoneError');
    assert.equal(new ProviderError('unsupported', 'm').name, 'ProviderError');
    assert.match(String(new ProviderError('unsupported', 'No hold.')), /^ProviderError: No hold\.$/);
  });

  it('DTMF_DIGITS accepts whole strings of keypad digits and pauses, nothing else', () => {
    for (const digits of ['1', '0123456789', '*#', 'ABCDabcd', '12,,34']) assert.equal(DTMF_DIGITS.test(digits), true, digits);
    for (const digits of ['', 'x', '12x', 'x12', '1 2', 'E']) assert.equal(DTMF_DIGITS.test(digits), false, JSON.stringify(digits));
  });

  it('a call\'s early events apply connect first and end last, even when the end was timed earlier', () => {
    const events = [
      { type: 'ended', callId: 'c1', at: 1, reason: 'hangup-remote' },
      { type: 'participant-left', callId: 'c1', at: 4, participantId: 'p', reason: 'hangup' },
      { type: 'connected', callId: 'c1', at: 6 },
    ] as EarlyCallEvent[];
    assert.deepEqual(takeEarly(events, 'c1').mine.map((event) => event.type), ['connected', 'participant-left', 'ended']);
  });

  it('every kind of call-quality warning has its own text for the agent', () => {
    const options = { defaultRegion: 'US', wrapUp: true } as const;
    const call = advanceCall(startCall({ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' }, options), { type: 'connected', callId: 'c1', at: 2 }, options);
    const kinds = ['latency', 'packet-loss', 'jitter', 'audio-input', 'audio-output', 'network', 'quality'] as const;
    const texts = kinds.map((kind) => advanceCall(call, { type: 'warning', callId: 'c1', at: 3, kind, active: true }, options).warnings?.[0]?.message ?? '');
    for (const [index, text] of texts.entries()) assert.ok(text.length > 10, `${kinds[index]}: "${text}"`);
    assert.equal(new Set(texts).size, kinds.length, 'no two kinds share a text');
  });

  it('keeps only the last recent calls', () => {
    let state: ConnectorState = initialState();
    for (let index = 0; index < RECENT_CALLS_KEPT + 3; index++) {
      const callId = `c${index}`;
      for (const event of [ringing(callId, index), { type: 'ended', callId, at: index + 0.5, reason: 'missed' } as const, { type: 'call-logged', callId, at: index + 0.6, revision: 1, recordId: `00T${index}` } as const]) {
        state = reduce(state, event, DEFAULT_REDUCER_OPTIONS).state;
      }
    }
    assert.equal(state.recent.length, RECENT_CALLS_KEPT);
    assert.equal(state.recent[0]?.id, `c${RECENT_CALLS_KEPT + 2}`, 'newest first');
  });

  it('a stopped effects runner schedules no retry for a save that fails after the stop', async (t: TestContext) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let reject: (error: Error) => void = () => undefined;
    const events: string[] = [];
    const runner = new EffectsRunner({
      bridge: { ...quietBridge(), saveCallLog: () => new Promise((_resolve, fail) => (reject = fail)) },
      dispatch: (event) => void events.push(event.type),
      now: () => 1,
      onError: () => undefined,
      retry: { baseMs: 10, maxMs: 10 },
    });
    runner.run({ type: 'save-call-log', callId: 'c1', revision: 1, log: { callId: 'c1' } as CallLog });
    await flush();
    runner.stop();
    reject(new Error('HTTP 503'));
    await flush();
    t.mock.timers.tick(1000);
    assert.deepEqual(events, ['call-log-failed']);
  });
});

describe('Connector edge cases', () => {
  const connectorWith = (options: { outbox?: MemoryCallLogOutbox; bridge?: SalesforceBridge } = {}) =>
    new Connector({ provider: new EmittingProvider(), bridge: options.bridge ?? quietBridge(), onError: () => undefined, ...(options.outbox ? { outbox: options.outbox } : {}) });

  it('an unsubscribed listener hears nothing more', () => {
    const connector = connectorWith();
    let heard = 0;
    const stop = connector.subscribe(() => heard++);
    connector.dispatch(ringing('c1'));
    stop();
    connector.dispatch(ringing('c2'));
    assert.equal(heard, 1);
  });

  it('an event dispatched from a listener waits until every listener has seen the current one', () => {
    const connector = connectorWith();
    const seen: string[][] = [];
    connector.subscribe((state) => {
      if (state.calls.c1 && !state.calls.c2) connector.dispatch(ringing('c2', 2));
    });
    connector.subscribe((state) => void seen.push(Object.keys(state.calls).sort()));
    connector.dispatch(ringing('c1'));
    assert.deepEqual(seen, [['c1'], ['c1', 'c2']]);
  });

  it('an event that changes nothing reaches no listener and writes nothing', async () => {
    const outbox = new MemoryCallLogOutbox();
    const connector = connectorWith({ outbox });
    connector.dispatch(ringing('c1'));
    await flush();
    const writes = outbox.writes;
    let heard = 0;
    connector.subscribe(() => heard++);
    connector.dispatch({ type: 'held', callId: 'c1', at: 2 });
    await flush();
    assert.equal(heard, 0);
    assert.equal(outbox.writes, writes);
  });

  it('without an onError, a host failure is logged on the console with what was asked', async (t: TestContext) => {
    const logged = t.mock.method(console, 'error', () => undefined);
    const connector = new Connector({ provider: new EmittingProvider(), bridge: quietBridge(new Error('search failed')) });
    connector.dispatch(ringing('c1'));
    await flush();
    await flush();
    assert.ok(logged.mock.calls.some((call) => call.arguments[0] === 'softphone: screen pop for call c1:' && (call.arguments[1] as Error).message === 'search failed'), JSON.stringify(logged.mock.calls.map((call) => call.arguments[0])));
  });
});
