import type { SalesforceBridge } from './bridge.js';
import { runCommand, type Command } from './commands.js';
import { EffectsRunner, type RetryPolicy } from './effects-runner.js';
import type { CallId } from './events.js';
import type { ConnectorEvent } from './host-events.js';
import { monotonicClock, type CallLogOutbox } from './outbox.js';
import type { TelephonyProvider } from './provider.js';
import { DEFAULT_REDUCER_OPTIONS, type Effect, type ReducerOptions } from './effects.js';
import { reduce } from './reducer.js';
import { initialState, type CallState, type ConnectorState } from './state.js';
import { STAGES, TimelineRecorder } from './timeline.js';

/** Everything a connector is made of. */
export interface ConnectorOptions {
  readonly provider: TelephonyProvider;
  readonly bridge: SalesforceBridge;
  readonly reducer?: Partial<ReducerOptions>;
  readonly logRetry?: RetryPolicy;
  /** Clock for event timestamps (epoch ms). Defaults to a wall clock that never runs backwards. */
  readonly now?: () => number;
  /**
   * Durable store of calls with unsaved logs. With it, every call is persisted before its log is
   * sent, and `start()` restores what a previous page left, so no log is lost to a reload or crash.
   */
  readonly outbox?: CallLogOutbox;
  /** Failures that have no place in the state (a screen pop that failed…). Defaults to `console.error`. */
  readonly onError?: (error: unknown, context: string) => void;
  /** Where the per-call and start-up timings are noted; defaults to one of its own. */
  readonly timeline?: TimelineRecorder;
}

/** Wrap-up the agent submits for a call. */
export interface WrapUp {
  readonly disposition?: string;
  readonly notes: string;
}

/**
 * The runtime: provider events and host events go through the pure reducer; the new state goes to
 * subscribers (the UI store), the effects to the runner (the bridge), commands to the provider.
 */
export class Connector {
  readonly provider: TelephonyProvider;
  /** When each stage of the last calls and of the start-up happened (debug panel, benchmarks). */
  readonly timeline: TimelineRecorder;
  private readonly bridge: SalesforceBridge;
  private readonly options: ReducerOptions;
  private readonly now: () => number;
  private readonly runner: EffectsRunner;
  private readonly listeners = new Set<(state: ConnectorState) => void>();
  private readonly queue: ConnectorEvent[] = [];
  private state: ConnectorState = initialState();
  private draining = false;
  /** From `start()` until the provider has connected (or failed to): commands on restored calls wait for it. */
  private connecting?: Promise<void>;
  private readonly outbox?: CallLogOutbox;
  private readonly onError: (error: unknown, context: string) => void;
  /** Settles when every change so far is durable; a log's save is sent only after that. */
  private persisted: Promise<void> = Promise.resolve();
  /** The state the outbox holds (or is being written): the next batch writes what changed since. */
  private written: ConnectorState = this.state;
  /** The batch waiting for the running write; later changes join it until it starts. */
  private queued?: Promise<void>;

  constructor(options: ConnectorOptions) {
    this.provider = options.provider;
    this.bridge = options.bridge;
    this.options = { ...DEFAULT_REDUCER_OPTIONS, ...options.reducer };
    this.now = options.now ?? monotonicClock();
    this.outbox = options.outbox;
    const onError = options.onError ?? ((error: unknown, context: string) => console.error(`softphone: ${context}:`, error));
    this.onError = onError;
    this.timeline = options.timeline ?? new TimelineRecorder();
    this.runner = new EffectsRunner({ bridge: this.bridge, dispatch: (event) => this.dispatch(event), now: this.now, onError, retry: options.logRetry, timeline: this.timeline });
  }

  /** The current state (immutable). */
  getState(): ConnectorState {
    return this.state;
  }

  /** Calls `listener` after every state change; returns the unsubscribe function. */
  subscribe(listener: (state: ConnectorState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Feeds one event through the reducer. Re-entrant calls are queued, so order is preserved. */
  dispatch(event: ConnectorEvent): void {
    this.queue.push(event);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        const callId = 'callId' in next ? next.callId : undefined;
        if (callId !== undefined) this.timeline.mark(callId, next.type);
        const { state, effects } = reduce(this.state, next, this.options);
        const previous = this.state;
        this.state = state;
        // In this order: the subscribers (the UI queues its render), the effects (queued behind that
        // render), the outbox write. So a ringing call is on screen before the host is asked to pop
        // it, and storage waits for both; a log's save still waits until its state is durable.
        if (state !== previous) for (const listener of this.listeners) listener(state);
        if (effects.length > 0) queueMicrotask(() => this.runEffects(effects));
        if (state !== previous) this.persist();
        if (callId !== undefined) this.timeline.mark(callId, next.type + STAGES.applied);
      }
    } finally {
      this.draining = false;
    }
  }

  private runEffects(effects: readonly Effect[]): void {
    for (const effect of effects) {
      if (effect.type === 'save-call-log' && this.outbox) void this.persisted.then(() => this.runner.run(effect));
      else this.runner.run(effect);
    }
  }

  /** Resolves once every outbox write issued so far has settled. */
  flush(): Promise<void> {
    return this.persisted;
  }

  /** Number of calls whose log the host has not confirmed yet (what a reload would have to finish). */
  pendingLogs(): number {
    return Object.values(this.state.calls).filter((call) => call.log.revision > call.log.savedRevision).length;
  }

  /**
   * Queues a write of what changed for the outbox. Writes are batched: one runs at a time, and every
   * change made meanwhile goes into the next one, so a busy softphone keeps up. What changed is worked
   * out when the batch starts, after the UI has rendered, not while the agent waits for a ring.
   */
  private persist(): void {
    const outbox = this.outbox;
    if (!outbox || this.queued) return;
    const queued = this.persisted.then(() => {
      this.queued = undefined;
      const [previous, next] = [this.written, this.state];
      this.written = next;
      const puts: CallState[] = [];
      const deletes: CallId[] = [];
      if (previous.calls !== next.calls) {
        for (const [id, call] of Object.entries(next.calls)) if (previous.calls[id] !== call) puts.push(call);
        for (const id of Object.keys(previous.calls)) if (!(id in next.calls)) deletes.push(id);
      }
      const recent = previous.recent !== next.recent ? next.recent : undefined;
      if (puts.length === 0 && deletes.length === 0 && !recent) return undefined;
      return outbox.write({ puts, deletes, ...(recent ? { recent } : {}) }).catch((error: unknown) => this.onError(error, 'writing the call-log outbox'));
    });
    this.queued = queued;
    this.persisted = queued;
  }

  /**
   * Restores calls a previous page left in the outbox, connects the host and the provider, then
   * tells the host the softphone is ready.
   */
  async start(): Promise<void> {
    let resolve = (): void => undefined;
    this.connecting = new Promise<void>((done) => (resolve = done));
    const connected = () => {
      this.connecting = undefined;
      resolve();
    };
    try {
      const { timeline } = this;
      timeline.markStartup('connector-start');
      if (this.outbox) {
        const [calls, recent] = await Promise.all([this.outbox.load(), this.outbox.loadRecent()]);
        if (calls.length > 0 || recent.length > 0) this.dispatch({ type: 'calls-restored', at: this.now(), calls, recent });
        timeline.markStartup('outbox-loaded');
      }
      await this.bridge.onNavigationChange((record) => this.dispatch({ type: 'navigated', at: this.now(), record }));
      await this.bridge.enableClickToDial((request) => {
        this.execute({ type: 'dial', to: request.number, record: request.record }).catch(() => undefined);
      });
      timeline.markStartup('host-listening');
      try {
        await this.provider.connect({ emit: (event) => this.dispatch(event), now: this.now });
      } finally {
        connected();
      }
      timeline.markStartup('provider-connected');
      await this.bridge.ready();
      timeline.markStartup('host-ready');
    } finally {
      connected();
    }
  }

  /** Disconnects the provider and stops retries. */
  async stop(): Promise<void> {
    this.runner.stop();
    await this.provider.disconnect();
  }

  /** Asks the provider to carry out a command. Resolves with the call id for `dial`. */
  async execute(command: Command): Promise<CallId | undefined> {
    if (command.type === 'dial') {
      this.dispatch({ type: 'dial-requested', at: this.now(), to: command.to, record: command.record });
    }
    if (command.type === 'set-presence' && !this.provider.capabilities.presence) {
      this.dispatch({ type: 'presence-changed', at: this.now(), status: command.status });
      return undefined;
    }
    // A call restored after a reload shows at once; the provider knows it again once connected.
    if ('callId' in command && this.connecting) await this.connecting;
    return runCommand(this.provider, command);
  }

  /**
   * Records the agent's after-call work; the call's log is updated, never duplicated. Resolves once
   * the wrap-up is durable (in the outbox, when there is one), so it survives a reload from then on.
   */
  saveWrapUp(callId: CallId, wrapUp: WrapUp): Promise<void> {
    this.dispatch({ type: 'wrap-up-saved', at: this.now(), callId, ...wrapUp });
    // The phone system's own after-call work closes too (e.g. the TaskRouter task completes); a
    // failure there is reported, never a reason to lose the agent's wrap-up.
    this.provider.wrapUpSaved?.(callId).catch((error: unknown) => this.onError(error, 'closing the after-call work at the phone system'));
    return this.flush();
  }

  /** Retries a failed log save now instead of waiting for the back-off. */
  retryLog(callId: CallId): void {
    this.dispatch({ type: 'call-log-retry', at: this.now(), callId });
  }
}
