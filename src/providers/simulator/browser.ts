/**
 * The simulator provider in a softphone page: a configured path (the default `/api/sim/agent`) is
 * resolved against the page's own `location`. Imported by the page entries, not by the provider's
 * public index.
 */
import type { BrowserProviderEntry } from '../../core/index.js';
import type { SimulatorConfig } from './config.js';
import { createSimulatorProvider } from './create.js';

/** Creates the simulator provider of a page's configuration, on the page's own server by default. */
export const simulatorBrowserEntry: BrowserProviderEntry<SimulatorConfig> = {
  kind: 'simulator',
  create: (config, services) => createSimulatorProvider(config, location, services),
};
