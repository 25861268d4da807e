/** Open CTI for Lightning Experience: types, promise client and the bridge. */
export type * from './types.js';
export * from './errors.js';
export * from './client.js';
export * from './bridge.js';
export * from './pop-rules.js';
