/**
 * `softphone-connector/providers/connect`: Amazon Connect behind the standard interface. Streams
 * itself is loaded by `./browser-streams.js` (the page entry), not by this module.
 */
export * from './config.js';
export * from './create.js';
export * from './errors.js';
export * from './connect-provider.js';
export type * from './sdk.js';
