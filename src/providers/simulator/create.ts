import type { ProviderServices } from '../../core/index.js';
import type { SimulatorConfig } from './config.js';
import { SimulatorProvider } from './simulator-provider.js';

/** Where the page is served from: a path in the configuration is resolved against it (`location` in a page). */
export interface SimulatorPageLocation {
  readonly protocol: string;
  readonly host: string;
}

/** Creates the provider of a {@link SimulatorConfig}; a path is resolved against the page's location. */
export function createSimulatorProvider(config: SimulatorConfig, page: SimulatorPageLocation, services: ProviderServices = {}): SimulatorProvider {
  const url = config.options.url ?? '/api/sim/agent';
  const scheme = page.protocol === 'https:' ? 'wss' : 'ws';
  return new SimulatorProvider({ url: url.startsWith('/') ? `${scheme}://${page.host}${url}` : url, agentId: config.options.agentId, role: config.options.role, ...(services.session ? { session: services.session } : {}) });
}
