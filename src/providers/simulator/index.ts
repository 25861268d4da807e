/** `softphone-connector/providers/simulator`: the telephony simulator's provider and wire protocol. */
export { SimulatorProvider } from './simulator-provider.js';
export type { WebSocketLike, SimulatorProviderOptions } from './simulator-provider.js';
export { simulator } from './config.js';
export type { SimulatorConfigOptions, SimulatorConfig } from './config.js';
export { createSimulatorProvider } from './create.js';
export type { SimulatorPageLocation } from './create.js';
export type { SimCallSnapshot, SimCommand, SimRequest, SimErrorCode, SimMessage, SimParticipantSnapshot, SimParticipantMessage, SimTeamCall } from './protocol.js';
