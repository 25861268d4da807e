/**
 * Connector overhead per event, in Node: calls driven through a provider into the connector
 * (reducer → effects runner → a bridge that answers at once), against the bare provider dispatch to
 * a listener that only stores the event, which is what any softphone pays anyway.
 *
 * Each call is what a provider and an agent produce: ringing (inbound), connected, held, resumed,
 * ended (hangup-remote), then the agent's wrap-up. The connector also handles the feedback its
 * effects dispatch (caller-popped, call-logged for the create and for the wrap-up update). Between
 * the ringing, the end and the wrap-up the driver yields one event-loop turn, as events arriving
 * from a socket would, so that feedback is in before the next step and every call is retired.
 * Both sides use the same driver and the same event objects.
 *
 * Two latency figures, because they time different things:
 * - **dispatch only** (`p50_us`…): `Connector.dispatch`, i.e. the reducer and the state update; the
 *   effects it returns run afterwards, in a microtask, and are not in it;
 * - **whole path** (`wholePath`): a provider event handed to the connector → its effects run by the
 *   effects runner against the bridge, and the feedback they dispatch handled: timed to the next
 *   event-loop turn after the event (every microtask done), on both sides, so the baseline pays the
 *   same turn.
 * Throughput is counted in provider events (the 5 a call's provider emits), not in the connector's
 * own follow-up events.
 *
 * Usage: node --import tsx bench/overhead.ts [calls=20000] [runs=5]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import {
  Connector,
  RECENT_CALLS_KEPT,
  type AgentStatus,
  type CallEvent,
  type CallId,
  type CallLog,
  type ConnectorEvent,
  type ConnectorState,
  type PopResult,
  type ProviderCapabilities,
  type ProviderContext,
  type ProviderHealth,
  type SalesforceBridge,
  type TelephonyProvider,
  type WrapUp,
} from '../src/core/index.js';

/** Targets of the product's benchmark issue. */
const TARGET_P99_US = 200;
const TARGET_EVENTS_PER_SECOND = 100_000;

/** Latency percentiles of one side, in microseconds. */
export interface LatencySummary {
  readonly p50_us: number;
  readonly p95_us: number;
  readonly p99_us: number;
  readonly max_us: number;
}

/** Throughput and latency of one side. */
export interface SideResult extends LatencySummary {
  /** Provider events per call (ringing, connected, held, resumed, ended): what throughput counts. */
  readonly eventsPerCall: number;
  /** Dispatches per call: the provider events, the agent's wrap-up and, for the connector, its effects' feedback. */
  readonly dispatchesPerCall: number;
  /** Provider events per second, median over the runs. */
  readonly eventsPerSecond: number;
  /** Median over the runs. */
  readonly callsPerSecond: number;
}

/** What {@link measureOverhead} found. */
export interface OverheadResult extends SideResult {
  readonly benchmark: string;
  readonly date: string;
  /** `loadAverage1m` when the measurement started: other work on the machine skews every figure. */
  readonly machine: { readonly cpus: number; readonly model: string | undefined; readonly node: string; readonly loadAverage1m: number };
  readonly calls: number;
  readonly runs: number;
  /** Event-loop turns the driver yields per call, on both sides. */
  readonly turnsPerCall: number;
  /** Events per second of each connector run, in order. */
  readonly runsEventsPerSecond: readonly number[];
  /** Connector latency by event type (dispatch only). */
  readonly byEvent: Readonly<Record<string, LatencySummary & { readonly count: number }>>;
  /**
   * Whole path per provider event: handed to the connector → its effects run and their feedback
   * handled (to the next event-loop turn). `baseline`: the same turn after the bare dispatch.
   */
  readonly wholePath: LatencySummary & { readonly baseline: LatencySummary; readonly byEvent: Readonly<Record<string, LatencySummary & { readonly count: number }>> };
  /** Bare dispatch: the same provider events and wrap-up to a listener that stores them. */
  readonly baseline: SideResult;
  /**
   * Connector / baseline. `throughput` compares calls per second, `eventsPerSecond` provider events
   * per second (the same calls and provider events on both sides, so the two agree), `p99` the
   * dispatch-only per-event p99 latencies.
   */
  readonly ratio: { readonly throughput: number; readonly eventsPerSecond: number; readonly p99: number };
  /** Microseconds the connector adds to one call, over the bare dispatch (median runs). */
  readonly overheadPerCall_us: number;
  readonly targets: { readonly p99_us: number; readonly eventsPerSecond: number; readonly met: boolean };
  /** What the connector still held after each run: calls must be retired, recent calls capped. */
  readonly state: {
    readonly maxCallsLeft: number;
    readonly maxOrderLeft: number;
    readonly maxRecentKept: number;
    readonly recentCap: number;
    readonly maxEarlyKept: number;
    readonly bounded: boolean;
  };
}

/** A provider the benchmark drives: it hands events to whatever connected it, and nothing else. */
class BenchProvider implements TelephonyProvider {
  readonly id = 'bench';
  readonly capabilities: ProviderCapabilities = {
    outbound: true, hold: true, mute: true, dtmf: true, transfer: { blind: true, consult: false }, conference: false, recording: false, presence: false,
  };
  health: ProviderHealth = 'disconnected';
  private deliver: (event: CallEvent) => void = () => {
    throw new Error('bench provider: emit before connect');
  };

  async connect(ctx: ProviderContext): Promise<void> {
    this.deliver = ctx.emit;
    this.health = 'ready';
  }
  async disconnect(): Promise<void> {
    this.health = 'disconnected';
  }
  /** Plays the telephony system. */
  emit(event: CallEvent): void {
    this.deliver(event);
  }
  async answer(_callId: CallId): Promise<void> {}
  async decline(_callId: CallId): Promise<void> {}
  async hangup(_callId: CallId): Promise<void> {}
  async hold(_callId: CallId): Promise<void> {}
  async resume(_callId: CallId): Promise<void> {}
  async mute(_callId: CallId): Promise<void> {}
  async unmute(_callId: CallId): Promise<void> {}
  async sendDtmf(_callId: CallId, _digits: string): Promise<void> {}
  async dial(_to: string): Promise<CallId> {
    return 'bench-outbound';
  }
  async transfer(_callId: CallId, _to: string, _mode: 'blind' | 'consult'): Promise<void> {}
  async setPresence(_status: AgentStatus): Promise<void> {}
}

const NO_MATCH: PopResult = { kind: 'none' };

/** A host that answers every request at once: no match on pops, a record id on saves. Counts them. */
class InstantBridge implements SalesforceBridge {
  pops = 0;
  saves = 0;
  async popCaller(): Promise<PopResult> {
    this.pops++;
    return NO_MATCH;
  }
  async saveCallLog(_log: CallLog, recordId?: string): Promise<{ readonly recordId: string }> {
    this.saves++;
    return { recordId: recordId ?? `00T${String(this.saves).padStart(15, '0')}` };
  }
  async showSoftphone(): Promise<void> {}
  async setStatusLabel(_label: string): Promise<void> {}
  async enableClickToDial(): Promise<void> {}
  async onNavigationChange(): Promise<void> {}
  async ready(): Promise<void> {}
}

/** One call's events, built before timing so both sides emit the very same objects. */
interface CallScript {
  readonly callId: CallId;
  readonly ringing: CallEvent;
  readonly live: readonly CallEvent[];
  readonly wrapUp: WrapUp;
  /** The wrap-up as the event the connector makes of it; the baseline stores this one. */
  readonly wrapUpEvent: ConnectorEvent;
}

/** Event-loop turns {@link drive} yields per call. */
const TURNS_PER_CALL = 3;

function scripts(count: number, prefix: string): CallScript[] {
  const start = Date.now();
  const calls: CallScript[] = [];
  for (let i = 0; i < count; i++) {
    const callId = `${prefix}-${i}`;
    const at = start + i * 300_000;
    const line = String(100 + (i % 100)).padStart(4, '0');
    // Half international, half national; some with caller ID name and queue data, as providers vary.
    const from = i % 2 === 0 ? `+1 415-555-${line}` : `(415) 555-${line}`;
    const ringing: CallEvent = {
      type: 'ringing',
      callId,
      at,
      from,
      to: '+1 800 555 0100',
      ...(i % 3 === 0 ? { displayName: 'Maria Chen' } : {}),
      ...(i % 4 === 0 ? { queue: 'Support', data: { account: `AC-${i % 1000}`, language: 'en' } } : {}),
    };
    const wrapUp: WrapUp = { disposition: 'Resolved', notes: `Call ${i}: customer asked about an invoice.` };
    calls.push({
      callId,
      ringing,
      live: [
        { type: 'connected', callId, at: at + 4_000 },
        { type: 'held', callId, at: at + 60_000 },
        { type: 'resumed', callId, at: at + 90_000 },
        { type: 'ended', callId, at: at + 180_000, reason: 'hangup-remote' },
      ],
      wrapUp,
      wrapUpEvent: { type: 'wrap-up-saved', callId, at: at + 240_000, ...wrapUp },
    });
  }
  return calls;
}

/** One event-loop turn: every microtask queued so far (the effects' feedback) runs first. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Plays the calls one after the other, as one agent takes them. */
async function drive(calls: readonly CallScript[], provider: BenchProvider, wrapUp: (call: CallScript) => void): Promise<void> {
  for (const call of calls) {
    provider.emit(call.ringing);
    await turn(); // the screen pop answers while the phone rings
    for (const event of call.live) provider.emit(event);
    await turn(); // the log is created
    wrapUp(call);
    await turn(); // the log is updated with the wrap-up, the call retired
  }
}

/** Collects per-event durations (µs) with the event type. */
class Samples {
  private values = new Float64Array(1 << 16);
  private types: string[] = [];
  length = 0;

  add(us: number, type: string): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = us;
    this.types.push(type);
  }

  summary(type?: string): LatencySummary & { readonly count: number } {
    const picked = type === undefined ? this.values.slice(0, this.length) : Float64Array.from(this.pick(type));
    picked.sort();
    const at = (q: number): number => picked[Math.min(picked.length - 1, Math.ceil(q * picked.length) - 1)] ?? NaN;
    return { count: picked.length, p50_us: micro(at(0.5)), p95_us: micro(at(0.95)), p99_us: micro(at(0.99)), max_us: micro(picked.at(-1) ?? NaN) };
  }

  eventTypes(): string[] {
    return [...new Set(this.types)];
  }

  private *pick(type: string): Iterable<number> {
    for (let i = 0; i < this.length; i++) if (this.types[i] === type) yield this.values[i]!;
  }
}

interface RunResult {
  readonly ms: number;
  readonly events: number;
}

/**
 * The connector side. With `samples`, every `Connector.dispatch` is timed: it is the one entry of
 * provider events, the agent's wrap-up and the effects' feedback (timed when it arrives, not while
 * it waits for its turn).
 */
async function connectorRun(calls: readonly CallScript[], samples?: Samples): Promise<RunResult & { readonly state: ConnectorState }> {
  const provider = new BenchProvider();
  const bridge = new InstantBridge();
  const errors: unknown[] = [];
  const connector = new Connector({ provider, bridge, onError: (error) => errors.push(error) });
  await connector.start();
  let events = 0;
  if (samples) {
    const dispatch = connector.dispatch.bind(connector);
    connector.dispatch = (event) => {
      const started = performance.now();
      dispatch(event);
      samples.add((performance.now() - started) * 1000, event.type);
      events++;
    };
  }
  const started = performance.now();
  await drive(calls, provider, (call) => void connector.saveWrapUp(call.callId, call.wrapUp));
  const ms = performance.now() - started;
  await connector.stop();
  if (errors.length > 0) throw new Error(`connector reported ${errors.length} errors, first: ${String(errors[0])}`);
  // Every call popped once and logged twice (create, then the wrap-up update): nothing was skipped.
  if (bridge.pops !== calls.length || bridge.saves !== 2 * calls.length) {
    throw new Error(`expected ${calls.length} pops and ${2 * calls.length} saves, got ${bridge.pops} and ${bridge.saves}`);
  }
  return { ms, events, state: connector.getState() };
}

/** The baseline: the same provider and events, delivered to a listener that only stores them. */
async function baselineRun(calls: readonly CallScript[], samples?: Samples): Promise<RunResult> {
  const provider = new BenchProvider();
  const stored: ConnectorEvent[] = [];
  let events = 0;
  const store = (event: ConnectorEvent): void => {
    stored.push(event);
  };
  const listener = samples
    ? (event: ConnectorEvent): void => {
        const started = performance.now();
        store(event);
        samples.add((performance.now() - started) * 1000, event.type);
        events++;
      }
    : store;
  await provider.connect({ emit: listener, now: Date.now });
  const started = performance.now();
  await drive(calls, provider, (call) => {
    listener(call.wrapUpEvent);
    stored.length = 0; // a softphone keeps what it needs of a call, not every event ever
  });
  const ms = performance.now() - started;
  return { ms, events };
}

/** Provider events of a call, in order (what a telephony system reports). */
const providerEvents = (call: CallScript): readonly CallEvent[] => [call.ringing, ...call.live];

/**
 * Whole-path latency: each provider event is timed from the hand-over to the next event-loop turn,
 * by which the connector's effects have run against the bridge and their feedback is dispatched.
 */
async function wholePathRun(calls: readonly CallScript[], samples: Samples, side: 'connector' | 'baseline'): Promise<void> {
  const provider = new BenchProvider();
  let wrapUp: (call: CallScript) => void;
  let stop = async (): Promise<void> => undefined;
  if (side === 'connector') {
    const connector = new Connector({ provider, bridge: new InstantBridge(), onError: (error) => { throw error; } });
    await connector.start();
    wrapUp = (call) => void connector.saveWrapUp(call.callId, call.wrapUp);
    stop = () => connector.stop();
  } else {
    const stored: ConnectorEvent[] = [];
    await provider.connect({ emit: (event) => void stored.push(event), now: Date.now });
    wrapUp = (call) => {
      stored.push(call.wrapUpEvent);
      stored.length = 0;
    };
  }
  for (const call of calls) {
    for (const event of providerEvents(call)) {
      const started = performance.now();
      provider.emit(event);
      await turn();
      samples.add((performance.now() - started) * 1000, event.type);
    }
    wrapUp(call);
    await turn();
  }
  await stop();
}

/**
 * Measures the connector's overhead per event against the bare provider dispatch: `runs` timed runs
 * of `calls` calls per side for throughput (median run), then as many runs with every dispatch timed
 * for latency. Warm-up runs come first.
 */
export async function measureOverhead(options: { calls?: number; runs?: number } = {}): Promise<OverheadResult> {
  const load = loadavg()[0] ?? NaN;
  const callCount = options.calls ?? 20_000;
  const runs = options.runs ?? 5;
  const calls = scripts(callCount, 'call');

  const warmUp = scripts(Math.min(callCount, 3_000), 'warm');
  for (let i = 0; i < 3; i++) {
    await baselineRun(warmUp);
    await connectorRun(warmUp);
    await baselineRun(warmUp, new Samples());
    await connectorRun(warmUp, new Samples());
  }

  // Counting pass: how many events each side handles per call.
  const oursCount = await connectorRun(warmUp, new Samples());
  const baseCount = await baselineRun(warmUp, new Samples());
  const eventsPerCall = oursCount.events / warmUp.length;
  const baselineEventsPerCall = baseCount.events / warmUp.length;

  const ours: number[] = [];
  const base: number[] = [];
  const states: ConnectorState[] = [];
  for (let run = 0; run < runs; run++) {
    const b = await baselineRun(calls);
    base.push(b.ms);
    const c = await connectorRun(calls);
    ours.push(c.ms);
    states.push(c.state);
  }

  const oursSamples = new Samples();
  const baseSamples = new Samples();
  for (let run = 0; run < runs; run++) {
    await baselineRun(calls, baseSamples);
    const c = await connectorRun(calls, oursSamples);
    states.push(c.state);
  }

  const pathSamples = new Samples();
  const pathBaseline = new Samples();
  for (let run = 0; run < runs; run++) {
    await wholePathRun(calls, pathBaseline, 'baseline');
    await wholePathRun(calls, pathSamples, 'connector');
  }

  const oursMs = median(ours);
  const baseMs = median(base);
  const providerEventsPerCall = providerEvents(calls[0]!).length;
  const side = (ms: number, dispatches: number, samples: Samples): SideResult => {
    const { count: _count, ...latency } = samples.summary();
    return {
      eventsPerCall: providerEventsPerCall,
      dispatchesPerCall: dispatches,
      eventsPerSecond: Math.round((callCount * providerEventsPerCall) / (ms / 1000)),
      callsPerSecond: Math.round(callCount / (ms / 1000)),
      ...latency,
    };
  };
  const mine = side(oursMs, eventsPerCall, oursSamples);
  const baseline = side(baseMs, baselineEventsPerCall, baseSamples);
  const state = {
    maxCallsLeft: Math.max(...states.map((s) => Object.keys(s.calls).length)),
    maxOrderLeft: Math.max(...states.map((s) => s.order.length)),
    maxRecentKept: Math.max(...states.map((s) => s.recent.length)),
    recentCap: RECENT_CALLS_KEPT,
    maxEarlyKept: Math.max(...states.map((s) => s.early?.length ?? 0)),
  };

  const { count: _pathCount, ...wholePath } = pathSamples.summary();
  const { count: _baseCount, ...wholePathBaseline } = pathBaseline.summary();
  return {
    benchmark: 'connector overhead vs bare provider dispatch: dispatch only (reducer + state) and whole path (provider event → effects runner → instant bridge → feedback), throughput in provider events',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverage1m: +load.toFixed(2) },
    calls: callCount,
    runs,
    turnsPerCall: TURNS_PER_CALL,
    ...mine,
    runsEventsPerSecond: ours.map((ms) => Math.round((callCount * providerEventsPerCall) / (ms / 1000))),
    byEvent: Object.fromEntries(oursSamples.eventTypes().map((type) => [type, oursSamples.summary(type)])),
    wholePath: { ...wholePath, baseline: wholePathBaseline, byEvent: Object.fromEntries(pathSamples.eventTypes().map((type) => [type, pathSamples.summary(type)])) },
    baseline,
    ratio: {
      throughput: ratio(mine.callsPerSecond, baseline.callsPerSecond),
      eventsPerSecond: ratio(mine.eventsPerSecond, baseline.eventsPerSecond),
      p99: ratio(mine.p99_us, baseline.p99_us),
    },
    overheadPerCall_us: micro(((oursMs - baseMs) * 1000) / callCount),
    targets: {
      p99_us: TARGET_P99_US,
      eventsPerSecond: TARGET_EVENTS_PER_SECOND,
      met: wholePath.p99_us <= TARGET_P99_US && mine.eventsPerSecond >= TARGET_EVENTS_PER_SECOND,
    },
    state: {
      ...state,
      bounded: state.maxCallsLeft === 0 && state.maxOrderLeft === 0 && state.maxRecentKept <= RECENT_CALLS_KEPT && state.maxEarlyKept === 0,
    },
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Three significant digits: enough for microseconds from 0.05 to 5,000. */
function micro(us: number): number {
  return us >= 1000 ? Math.round(us) : +us.toPrecision(3);
}

function ratio(ours: number, baseline: number): number {
  return +(ours / baseline).toPrecision(3);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const calls = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const runs = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  const result = await measureOverhead({ calls, runs });
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/overhead.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}
