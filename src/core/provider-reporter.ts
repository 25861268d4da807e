import type { CallEvent, ProviderHealth } from './events.js';
import type { ProviderContext } from './provider.js';

/**
 * What every provider does with the context the connector hands it: emit events, read the
 * connector's clock, and report its own health, once per change. A provider holds one and
 * delegates to it, so none of them writes this again.
 */
export class ProviderReporter {
  private ctx?: ProviderContext;
  private current: ProviderHealth = 'disconnected';

  /** The health last reported. */
  get health(): ProviderHealth {
    return this.current;
  }

  /** Reports through `ctx` from now on (called by the provider's `connect`). */
  attach(ctx: ProviderContext): void {
    this.ctx = ctx;
  }

  /** Emits an event to the connector (dropped before `attach`). */
  readonly emit = (event: CallEvent): void => {
    this.ctx?.emit(event);
  };

  /** The connector's clock, or the wall clock before `attach`. */
  readonly now = (): number => this.ctx?.now() ?? Date.now();

  /** Reports `health`; the same health again is news only with a message. */
  setHealth(health: ProviderHealth, message?: string): void {
    if (health === this.current && message === undefined) return;
    this.current = health;
    this.emit({ type: 'provider-state', at: this.now(), health, ...(message ? { message } : {}) });
  }
}
