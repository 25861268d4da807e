/** `softphone-connector/providers/simulator`: the telephony simulator's provider and wire protocol. */
export * from './simulator-provider.js';
export * from './config.js';
export type * from './protocol.js';
