/** A small event emitter with the `on`/`off` the Twilio SDKs' Node-style emitters have. */
import type { TwilioListener } from '../../providers/twilio/sdk.js';

/** `on`, `off`, `once` and `emit`, as in Node's `EventEmitter`, for the browser stand-ins. */
export class StandInEmitter {
  private readonly listeners = new Map<string, TwilioListener[]>();

  on(event: string, listener: TwilioListener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  off(event: string, listener: TwilioListener): this {
    const list = this.listeners.get(event) ?? [];
    const at = list.indexOf(listener);
    if (at >= 0) this.listeners.set(event, [...list.slice(0, at), ...list.slice(at + 1)]);
    return this;
  }

  once(event: string, listener: TwilioListener): this {
    const wrapper: TwilioListener = (...args: unknown[]) => {
      this.off(event, wrapper);
      listener(...args);
    };
    return this.on(event, wrapper);
  }

  /** Calls each listener of `event` in order; a listener that throws does not stop the others. */
  emit(event: string, ...args: unknown[]): boolean {
    const list = this.listeners.get(event) ?? [];
    for (const listener of list) {
      try {
        listener(...args);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
    return list.length > 0;
  }
}
