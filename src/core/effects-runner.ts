import type { SalesforceBridge } from './bridge.js';
import type { Effect } from './effects.js';
import type { ConnectorEvent } from './host-events.js';
import { errorMessage } from './errors.js';
import { STAGES, type TimelineRecorder } from './timeline.js';

/** Back-off for failed log saves: 1 s, 2 s, 4 s… capped, with jitter so tabs do not retry in step. */
export interface RetryPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

/** Default retry policy for call logs. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 1000, maxMs: 30_000 };

/** What an {@link EffectsRunner} works with. */
export interface EffectsRunnerOptions {
  /** The host the effects are carried out on. */
  readonly bridge: SalesforceBridge;
  /** Where results (a log saved, a pop done…) go back to, as events. */
  readonly dispatch: (event: ConnectorEvent) => void;
  /** The connector's clock (epoch ms). */
  readonly now: () => number;
  /** Failures that have no place in the state. */
  readonly onError: (error: unknown, context: string) => void;
  /** Back-off of failed log saves (default {@link DEFAULT_RETRY_POLICY}). */
  readonly retry?: RetryPolicy;
  /** Where the stages of each call are noted. */
  readonly timeline?: TimelineRecorder;
}

/** Carries out the reducer's effects against a bridge and feeds results back as events. */
export class EffectsRunner {
  private readonly retryTimers = new Set<ReturnType<typeof setTimeout>>();
  private readonly failures = new Map<string, number>();
  private stopped = false;
  private readonly bridge: SalesforceBridge;
  private readonly dispatch: (event: ConnectorEvent) => void;
  private readonly now: () => number;
  private readonly onError: (error: unknown, context: string) => void;
  private readonly retry: RetryPolicy;
  private readonly timeline?: TimelineRecorder;

  constructor(options: EffectsRunnerOptions) {
    this.bridge = options.bridge;
    this.dispatch = options.dispatch;
    this.now = options.now;
    this.onError = options.onError;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.timeline = options.timeline;
  }

  /** Starts an effect; never throws, failures become events or reach `onError`. */
  run(effect: Effect): void {
    if (this.stopped) return;
    switch (effect.type) {
      case 'pop-caller':
        this.timeline?.mark(effect.request.callId, STAGES.popRequested);
        this.bridge.popCaller(effect.request).then(
          (result) => this.dispatch({ type: 'caller-popped', at: this.now(), callId: effect.request.callId, result }),
          (error: unknown) => {
            this.timeline?.mark(effect.request.callId, STAGES.popFailed);
            this.onError(error, `screen pop for call ${effect.request.callId}`);
          },
        );
        return;
      case 'save-call-log':
        this.timeline?.mark(effect.callId, STAGES.logRequested);
        this.saveLog(effect).then(
          ({ recordId }) => {
            this.failures.delete(effect.callId);
            this.dispatch({ type: 'call-logged', at: this.now(), callId: effect.callId, revision: effect.revision, recordId });
          },
          (error: unknown) => {
            const message = errorMessage(error);
            this.onError(error, `saving the log of call ${effect.callId}`);
            this.dispatch({ type: 'call-log-failed', at: this.now(), callId: effect.callId, revision: effect.revision, message });
            this.scheduleRetry(effect.callId);
          },
        );
        return;
      case 'show-softphone':
        this.bridge.showSoftphone().catch((error: unknown) => this.onError(error, 'showing the softphone'));
        return;
      case 'status-label':
        this.bridge.setStatusLabel(effect.label).catch((error: unknown) => this.onError(error, 'labelling the softphone'));
        return;
    }
  }

  /** Saves a log; a create that may already exist is first looked up, and becomes an update if found. */
  private async saveLog(effect: Extract<Effect, { type: 'save-call-log' }>): Promise<{ readonly recordId: string }> {
    let recordId = effect.recordId;
    if (recordId === undefined && effect.mayExist && this.bridge.findCallLog) {
      recordId = await this.bridge.findCallLog(effect.callId);
    }
    return this.bridge.saveCallLog(effect.log, recordId);
  }

  /** Cancels pending retries; later effects are ignored. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
  }

  private scheduleRetry(callId: string): void {
    if (this.stopped) return;
    const attempt = (this.failures.get(callId) ?? 0) + 1;
    this.failures.set(callId, attempt);
    const ceiling = Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (attempt - 1));
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.dispatch({ type: 'call-log-retry', at: this.now(), callId });
    }, delay);
    this.retryTimers.add(timer);
  }
}
