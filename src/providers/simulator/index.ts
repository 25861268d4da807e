/** `softphone-connector/providers/simulator`: the telephony simulator's provider and wire protocol. */
export * from './simulator-provider.js';
export type * from './protocol.js';
