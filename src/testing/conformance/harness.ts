import { ProviderError, type CallEvent, type CallId, type ProviderCapabilities, type ProviderErrorCode, type RingingEvent, type TelephonyProvider } from '../../core/index.js';
import { DEFAULT_CONFORMANCE_TIMEOUTS, type ConformanceDriver, type ConformanceOptions, type ConformanceTimeouts } from './driver.js';
import { ConformanceError, EventRecorder } from './recorder.js';

/** What one check works with: a connected provider, its far end and what it emitted. */
export interface ConformanceHarness {
  readonly provider: TelephonyProvider;
  readonly driver: ConformanceDriver;
  readonly recorder: EventRecorder;
  readonly timeouts: ConformanceTimeouts;
  readonly options: ConformanceOptions;
  /** Rings the agent and resolves with the provider's `ringing` event. */
  ringing(): Promise<RingingEvent>;
  /** Waits for the next event of `type` on `callId`. */
  expect(callId: CallId, type: CallEvent['type']): Promise<CallEvent>;
  /** Asserts that a call's events were exactly `expected` (`type` or `ended:reason`). */
  assertSequence(callId: CallId, expected: readonly string[]): void;
}

/** Default caller of the kit's inbound calls. */
export const TEST_CALLER = { from: '+14155550142', displayName: 'Conformance Caller' } as const;
const DEFAULT_DATA = { account: 'ACME-42' } as const;

/** Fails unless `cond` holds. */
export function ensure(cond: unknown, message: string): asserts cond {
  if (!cond) throw new ConformanceError(message);
}

/** Asserts that `action` rejects with a {@link ProviderError} whose code is one of `codes`. */
export async function rejectsWith(what: string, action: () => Promise<unknown>, ...codes: ProviderErrorCode[]): Promise<void> {
  let outcome: unknown;
  try {
    await action();
  } catch (error) {
    outcome = error;
    if (error instanceof ProviderError && codes.includes(error.code)) return;
  }
  const got = outcome === undefined ? 'it resolved' : outcome instanceof ProviderError ? `ProviderError "${outcome.code}"` : `${String(outcome)}`;
  throw new ConformanceError(`${what} must reject with ProviderError ${codes.map((code) => `"${code}"`).join(' or ')}; ${got}`, { cause: outcome });
}

/** Counts Node's active timers and sockets: the default leak probe. */
export function nodeHandles(): number {
  const info = (globalThis as { process?: { getActiveResourcesInfo?: () => string[] } }).process?.getActiveResourcesInfo?.() ?? [];
  return info.filter((kind) => kind === 'Timeout' || kind === 'TCPSocketWrap' || kind === 'Immediate').length;
}

/** Checks that every event is well-formed: a finite timestamp, and a call id on call events. */
export function checkEventShapes(events: readonly CallEvent[]): void {
  for (const event of events) {
    ensure(Number.isFinite(event.at) && event.at > 0, `event ${event.type} has no valid "at" timestamp (got ${String(event.at)})`);
    if (event.type !== 'provider-state' && event.type !== 'presence-changed' && event.type !== 'calls-synced' && event.type !== 'team-calls') {
      ensure(typeof event.callId === 'string' && event.callId !== '', `event ${event.type} has no callId`);
    }
  }
}

/**
 * Creates and connects a provider, runs `body`, then disconnects it and resets the driver, whatever
 * happened. Every emitted event is checked for shape.
 */
export async function withConnectedProvider(options: ConformanceOptions, body: (harness: ConformanceHarness) => Promise<void>): Promise<void> {
  const timeouts = { ...DEFAULT_CONFORMANCE_TIMEOUTS, ...options.timeouts };
  const provider = await options.createProvider();
  const recorder = new EventRecorder();
  const driver = options.driver;
  const callData = options.callData === false ? undefined : (options.callData ?? DEFAULT_DATA);
  const harness: ConformanceHarness = {
    provider,
    driver,
    recorder,
    timeouts,
    options,
    async ringing() {
      recorder.skip();
      await driver.ring({ ...TEST_CALLER, ...(callData ? { data: callData } : {}) });
      return recorder.next('a "ringing" event', (event): event is RingingEvent => event.type === 'ringing', timeouts.event);
    },
    expect(callId, type) {
      return recorder.next(`"${type}" on call ${callId}`, (event) => event.type === type && 'callId' in event && event.callId === callId, timeouts.event);
    },
    assertSequence(callId, expected) {
      const got = recorder.sequence(callId);
      ensure(got.join(' → ') === expected.join(' → '), `call ${callId}: expected events ${expected.join(' → ')}, got ${got.join(' → ') || 'none'}`);
    },
  };
  try {
    await withTimeout(provider.connect(recorder.context), timeouts.reconnect, 'connect()');
    await body(harness);
    checkEventShapes(recorder.events);
  } finally {
    await provider.disconnect().catch(() => undefined);
    await driver.reset?.();
  }
}

/** One contract check. `skip` says why it does not apply to this provider and driver. */
export interface ConformanceCheck {
  readonly name: string;
  skip?(capabilities: ProviderCapabilities, driver: ConformanceDriver, options: ConformanceOptions): string | undefined;
  run(options: ConformanceOptions): Promise<void>;
}

/** A check that runs `body` with a connected provider. */
export const connected = (name: string, body: (h: ConformanceHarness) => Promise<void>, skip?: ConformanceCheck['skip']): ConformanceCheck => ({
  name,
  ...(skip ? { skip } : {}),
  run: (options) => withConnectedProvider(options, body),
});

/** Answers an inbound call and waits until it is connected. */
export async function answered(h: ConformanceHarness): Promise<string> {
  const ringing = await h.ringing();
  await h.provider.answer(ringing.callId);
  await h.expect(ringing.callId, 'connected');
  return ringing.callId;
}

/** Ends a connected call locally and waits for `ended`. */
export async function hangUp(h: ConformanceHarness, callId: string): Promise<void> {
  await h.provider.hangup(callId);
  await h.expect(callId, 'ended');
}

/** Rejects with a {@link ConformanceError} if `promise` takes longer than `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ConformanceError(`${what} did not settle within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
