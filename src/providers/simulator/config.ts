import { ConfigError, type ProviderConfig } from '../../core/index.js';

/** Options of the simulator provider in a softphone configuration. */
export interface SimulatorConfigOptions {
  /**
   * The simulator's agent endpoint: an absolute `ws://`/`wss://` URL, or a path on the page's own
   * server (default `/api/sim/agent`, the local console's simulator).
   */
  readonly url?: string;
  /** Which agent this softphone is. */
  readonly agentId?: string;
  /** `supervisor`: the agent sees the team's live calls and may listen, whisper or barge (default `agent`). */
  readonly role?: 'agent' | 'supervisor';
}

/** The telephony simulator's provider in a configuration (`provider: simulator()`). */
export type SimulatorConfig = ProviderConfig<'simulator', SimulatorConfigOptions>;

/** Chooses the simulator provider, validating its options. */
export function simulator(options: SimulatorConfigOptions = {}): SimulatorConfig {
  const url = options.url ?? '/api/sim/agent';
  if (typeof url !== 'string' || !(/^wss?:\/\/[^/\s]+/.test(url) || /^\/[^\s]*$/.test(url))) {
    throw new ConfigError('provider.simulator.url', 'a ws:// or wss:// URL or a path starting with "/"', options.url);
  }
  if (options.agentId !== undefined && (typeof options.agentId !== 'string' || !/^[\w.@-]{1,64}$/.test(options.agentId))) {
    throw new ConfigError('provider.simulator.agentId', 'letters, digits, ".", "@", "_" or "-" (1 to 64)', options.agentId);
  }
  if (options.role !== undefined && options.role !== 'agent' && options.role !== 'supervisor') {
    throw new ConfigError('provider.simulator.role', '"agent" or "supervisor"', options.role);
  }
  const absolute = /^wss?:/.test(url);
  return {
    kind: 'simulator',
    options: { url, ...(options.agentId ? { agentId: options.agentId } : {}), ...(options.role === 'supervisor' ? { role: options.role } : {}) },
    connectSources: absolute ? [new URL(url).origin.replace(/^http/, 'ws')] : [],
  };
}
