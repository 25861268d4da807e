import type { CallEvent, CallId } from '../../core/index.js';
import { VoiceHostError } from './errors.js';

interface Waiter {
  readonly callId: CallId;
  /** Confirming event types still expected; the last one resolves the command. */
  readonly types: CallEvent['type'][];
  readonly resolve: (event: CallEvent) => void;
}

/**
 * Commands Salesforce sent that wait for the provider's confirming events. A confirming event is
 * consumed by its command (the library publishes the command's result), so Salesforce never sees
 * it twice. Work that must follow the library's publication is deferred until the command settles.
 */
export class CommandWaiters {
  private readonly waiters = new Set<Waiter>();
  private deferred: (() => void)[] = [];

  constructor(private readonly timeoutMs: number) {}

  /** True when `event` confirms a waiting command (it is then not to be published). */
  consume(event: CallEvent): boolean {
    if (!('callId' in event)) return false;
    for (const waiter of this.waiters) {
      const index = waiter.types.indexOf(event.type);
      if (waiter.callId !== event.callId || index < 0) continue;
      waiter.types.splice(index, 1);
      if (waiter.types.length === 0) {
        this.waiters.delete(waiter);
        waiter.resolve(event);
      }
      return true;
    }
    return false;
  }

  /** Runs after the current command settled and the library published its result. */
  defer(work: () => void): void {
    this.deferred.push(work);
  }

  /** Runs a provider command and resolves with the last of its confirming events. */
  async run(callId: CallId, types: readonly CallEvent['type'][], command: () => Promise<unknown>): Promise<CallEvent> {
    let waiter: Waiter | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const confirmed = new Promise<CallEvent>((resolve, reject) => {
      waiter = { callId, types: [...types], resolve };
      this.waiters.add(waiter);
      timer = setTimeout(() => reject(new VoiceHostError('timeout', `The phone system did not confirm the command within ${this.timeoutMs} ms; check its connection.`)), this.timeoutMs);
    });
    try {
      await command();
      return await confirmed;
    } finally {
      clearTimeout(timer);
      if (waiter) this.waiters.delete(waiter);
      // The library continues in microtasks once this settles; a macrotask runs after it published.
      const pending = this.deferred.splice(0);
      if (pending.length) setTimeout(() => pending.forEach((work) => work()), 0);
    }
  }
}
