import type { ConnectConfig } from './config.js';
import { ConnectProvider } from './connect-provider.js';
import type { ConnectStreamsLike } from './sdk.js';

/** What {@link createConnectProvider} needs besides the configuration. */
export interface ConnectProviderDeps {
  /** Streams: `browserStreams()` from `./browser.js` in a page, a fake in tests. */
  readonly streams: ConnectStreamsLike;
  /** Where the CCP iframe goes. */
  readonly container: HTMLElement;
  readonly signInTimeoutMs?: number;
  readonly dialTimeoutMs?: number;
}

/** Creates the provider of a {@link ConnectConfig}. */
export function createConnectProvider(config: ConnectConfig, deps: ConnectProviderDeps): ConnectProvider {
  return new ConnectProvider({ ...config.options, ...deps });
}
