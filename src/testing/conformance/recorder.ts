import { SoftphoneError, type CallEvent, type ProviderContext } from '../../core/index.js';

/** A violation of the provider contract found by the conformance kit. */
export class ConformanceError extends SoftphoneError<'nonconformant'> {
  override readonly name = 'ConformanceError';
  /** `options.cause` is the error this one wraps, if any. */
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super('nonconformant', message, options);
  }
}

/** Records what a provider emits and waits for events, with a timeout that names what was expected. */
export class EventRecorder {
  readonly events: CallEvent[] = [];
  private readonly waiters = new Set<() => void>();
  private cursor = 0;

  /** The context to connect the provider with. */
  readonly context: ProviderContext = {
    emit: (event) => {
      this.events.push(event);
      for (const waiter of [...this.waiters]) waiter();
    },
    now: () => Date.now(),
  };

  /**
   * Resolves with the first event after the last one consumed that matches; events skipped on the
   * way are consumed too, so successive waits check order.
   */
  next<T extends CallEvent>(what: string, match: (event: CallEvent) => event is T, timeoutMs: number): Promise<T>;
  next(what: string, match: (event: CallEvent) => boolean, timeoutMs: number): Promise<CallEvent>;
  next(what: string, match: (event: CallEvent) => boolean, timeoutMs: number): Promise<CallEvent> {
    return new Promise((resolve, reject) => {
      const look = (): boolean => {
        while (this.cursor < this.events.length) {
          const event = this.events[this.cursor++] as CallEvent;
          if (match(event)) {
            done();
            resolve(event);
            return true;
          }
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new ConformanceError(`expected ${what} within ${timeoutMs} ms; the provider emitted: ${this.describe()}`));
      }, timeoutMs);
      const waiter = (): void => void look();
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      if (!look()) this.waiters.add(waiter);
    });
  }

  /** Call-scoped events of one call, in order, as `type[:reason]` strings. */
  sequence(callId: string): string[] {
    return this.events.flatMap((event) =>
      // `alerting` and `recording` tell what a phone system may or may not report: not part of a call's required course.
      'callId' in event && event.callId === callId && event.type !== 'alerting' && event.type !== 'recording' ? [event.type === 'ended' ? `ended:${event.reason}` : event.type] : [],
    );
  }

  /** Marks everything so far as consumed. */
  skip(): void {
    this.cursor = this.events.length;
  }

  /** The last few events, for error messages. */
  describe(): string {
    const last = this.events.slice(-12).map((event) => (event.type === 'provider-state' ? `provider-state:${event.health}` : 'callId' in event ? `${event.type}(${event.callId})` : event.type));
    return last.length ? last.join(', ') : 'nothing';
  }
}
