/** `softphone-connector/server`: the local console server and the telephony simulator (Node only). */
export { buildConsoleServer, startConsoleServer } from './app.js';
export type { ConsoleServerOptions, ConsoleServer } from './app.js';
export { SimulatorError } from './telephony-simulator.js';
export type { AgentSession, TelephonySimulatorOptions, InboundCallRequest, TelephonySimulator } from './telephony-simulator.js';
export { twilioSettingsFromEnv } from './twilio-settings.js';
export type { TwilioServerSettings } from './twilio-settings.js';
export type { TwilioRoutesOptions } from './routes/twilio.js';
export { AgentAuth, AuthError, IdTokenVerifier, LocalOrgSigner, OidcProviderError, ReplayCache, createServerAuth, sendAuthError, validateAgentDirectory } from './auth/index.js';
export type {
  AgentDirectory, AgentDirectoryEntry, AgentIdentity, AgentRole, AgentAuthOptions, SignedInAgent, Authenticate, AuthenticatedRequestLike, AuthErrorCode,
  ServerAuth, ServerAuthConfig, TrustedOrg, OidcOrg, VerifiedIdToken, IdTokenVerifierOptions,
} from './auth/index.js';
// The contact centre's settings and errors; its services and routes run inside the console server
// (their declarations name the `twilio` library's own types, which need @types/jsonwebtoken to check).
export { contactCentreSettingsFromEnv } from './twilio/settings.js';
export type { ContactCentreSettings, ContactCentreServerOptions } from './twilio/settings.js';
export { CallControlError } from './twilio/errors.js';
export type { CallControlErrorCode } from './twilio/errors.js';
export type { TwilioStandInConsole, StandInCustomerCall } from './twilio/dev-routes.js';
export { parseFaults, faultsFromEnv, softphoneTuningFromEnv, FaultInjector } from './faults.js';
export type { FaultSettings, SaveLogFault, SoftphoneTuning } from './faults.js';
export type { SimulatorErrorCode } from './simulator-input.js';
export type { SimParticipantInfo } from './simulator-views.js';
export type { PackagePreview } from './package-preview.js';
export type { RecordStore, StoredRecord, RecordStoreOptions, ObjectType } from '../console/store/index.js';
export type { SoftphonePackage, OmniPackage } from '../salesforce/packaging/index.js';
export type { SoftphonePageConfig } from '../app/start.js';
export type { AgentAuthPageConfig } from '../app/agent-session.js';
export type { OidcPageConfig } from '../app/oidc-sign-in.js';
export type { LocalOrgKeys, LocalOidcProvider } from './auth/index.js';
export type { ConsoleUser } from '../console/users.js';
export { DialPolicy, MemoryDialRateCounter, dialRefusalResponse, spokenRefusal } from './security/dial-policy.js';
export type { DialVerdict, DialAllowed, DialRefused, DialRule, DialRequest, DialRateCounter, DialPolicyOptions } from './security/dial-policy.js';
export { hardenServer, endpointGroupOf, isLoopbackOrigin, DEFAULT_RATE_LIMITS, DEFAULT_BODY_LIMITS } from './security/hardening.js';
export type { HardeningOptions, EndpointGroup, RateLimitRule } from './security/hardening.js';
export { hardeningFromEnv } from './security/hardening-env.js';
export { redactingLoggerOptions, redactUrl, scrubText } from './security/log-redaction.js';
export type { ServerLogOptions } from './security/log-redaction.js';
