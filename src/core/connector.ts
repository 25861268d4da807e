import type { SalesforceBridge } from './bridge.js';
import { runCommand, type Command } from './commands.js';
import { EffectsRunner, type RetryPolicy } from './effects-runner.js';
import type { CallId, ConnectorEvent } from './events.js';
import type { TelephonyProvider } from './provider.js';
import { DEFAULT_REDUCER_OPTIONS, reduce, type ReducerOptions } from './reducer.js';
import { initialState, type ConnectorState } from './state.js';

/** Everything a connector is made of. */
export interface ConnectorOptions {
  readonly provider: TelephonyProvider;
  readonly bridge: SalesforceBridge;
  readonly reducer?: Partial<ReducerOptions>;
  readonly logRetry?: RetryPolicy;
  /** Clock for event timestamps (epoch ms). */
  readonly now?: () => number;
  /** Failures that have no place in the state (a screen pop that failed…). Defaults to `console.error`. */
  readonly onError?: (error: unknown, context: string) => void;
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
  private readonly bridge: SalesforceBridge;
  private readonly options: ReducerOptions;
  private readonly now: () => number;
  private readonly runner: EffectsRunner;
  private readonly listeners = new Set<(state: ConnectorState) => void>();
  private readonly queue: ConnectorEvent[] = [];
  private state: ConnectorState = initialState();
  private draining = false;

  constructor(options: ConnectorOptions) {
    this.provider = options.provider;
    this.bridge = options.bridge;
    this.options = { ...DEFAULT_REDUCER_OPTIONS, ...options.reducer };
    this.now = options.now ?? Date.now;
    const onError = options.onError ?? ((error: unknown, context: string) => console.error(`softphone: ${context}:`, error));
    this.runner = new EffectsRunner(this.bridge, (event) => this.dispatch(event), this.now, onError, options.logRetry);
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
        const { state, effects } = reduce(this.state, next, this.options);
        if (state !== this.state) {
          this.state = state;
          for (const listener of this.listeners) listener(state);
        }
        for (const effect of effects) this.runner.run(effect);
      }
    } finally {
      this.draining = false;
    }
  }

  /** Connects the host and the provider, then tells the host the softphone is ready. */
  async start(): Promise<void> {
    await this.bridge.onNavigationChange((record) => this.dispatch({ type: 'navigated', at: this.now(), record }));
    await this.bridge.enableClickToDial((request) => {
      this.execute({ type: 'dial', to: request.number, record: request.record }).catch(() => undefined);
    });
    await this.provider.connect({ emit: (event) => this.dispatch(event), now: this.now });
    await this.bridge.ready();
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
    return runCommand(this.provider, command);
  }

  /** Records the agent's after-call work; the call's log is updated, never duplicated. */
  saveWrapUp(callId: CallId, wrapUp: WrapUp): void {
    this.dispatch({ type: 'wrap-up-saved', at: this.now(), callId, ...wrapUp });
  }

  /** Retries a failed log save now instead of waiting for the back-off. */
  retryLog(callId: CallId): void {
    this.dispatch({ type: 'call-log-retry', at: this.now(), callId });
  }
}
