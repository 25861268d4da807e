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
export { DialPolicy, MemoryDialRateCounter, dialRefusalResponse, spokenRefusal } from './security/dial-policy.js';
export type { DialVerdict, DialAllowed, DialRefused, DialRule, DialRequest, DialRateCounter, DialPolicyOptions } from './security/dial-policy.js';
export { hardenServer, endpointGroupOf, isLoopbackOrigin, DEFAULT_RATE_LIMITS, DEFAULT_BODY_LIMITS } from './security/hardening.js';
export type { HardeningOptions, EndpointGroup, RateLimitRule } from './security/hardening.js';
export { hardeningFromEnv } from './security/hardening-env.js';
export { redactingLoggerOptions, redactUrl, scrubText } from './security/log-redaction.js';
export type { ServerLogOptions } from './security/log-redaction.js';
