/**
 * `softphone-connector/providers/connect`: Amazon Connect behind the standard interface. Streams
 * itself is loaded by `./browser.js` (the page entry), not by this module.
 */
export { connect } from './config.js';
export type { ConnectConfigOptions, ConnectConfig } from './config.js';
export { createConnectProvider } from './create.js';
export type { ConnectProviderDeps } from './create.js';
export { ConnectApiError } from './errors.js';
export type { ConnectProviderOptions, ConnectProvider } from './connect-provider.js';
export type { ConnectConnectionLike, ConnectContactLike, ConnectAgentLike, ConnectStreamsLike } from './sdk.js';
