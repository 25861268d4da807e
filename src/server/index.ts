/** `softphone-connector/server`: the local console server and the telephony simulator (Node only). */
export { buildConsoleServer, startConsoleServer } from './app.js';
export type { ConsoleServerOptions, ConsoleServer } from './app.js';
export { SimulatorError } from './telephony-simulator.js';
export type { AgentSession, TelephonySimulatorOptions, InboundCallRequest, TelephonySimulator } from './telephony-simulator.js';
export { twilioSettingsFromEnv } from './twilio-settings.js';
export type { TwilioServerSettings } from './twilio-settings.js';
export type { TwilioRoutesOptions } from './routes/twilio.js';
export { AgentAuth, AuthError, ReplayCache, createServerAuth, sendAuthError, validateAgentDirectory } from './auth/index.js';
export type {
  AgentDirectory, AgentDirectoryEntry, AgentIdentity, AgentRole, AgentAuthOptions, SignedInAgent, Authenticate, AuthErrorCode,
  ServerAuth, ServerAuthConfig, TrustedOrg,
} from './auth/index.js';
export { parseFaults, faultsFromEnv, softphoneTuningFromEnv, FaultInjector } from './faults.js';
export type { FaultSettings, SaveLogFault, SoftphoneTuning } from './faults.js';
export type { SimulatorErrorCode } from './simulator-input.js';
export type { SimParticipantInfo } from './simulator-views.js';
export type { PackagePreview } from './package-preview.js';
export type { RecordStore, StoredRecord, RecordStoreOptions, ObjectType } from '../console/store/index.js';
export type { SoftphonePackage, OmniPackage } from '../salesforce/packaging/index.js';
export type { SoftphonePageConfig } from '../app/start.js';
