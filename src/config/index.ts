/** `softphone-connector/config`: `defineConfig` and the types of `softphone.config.ts`. */
export { defineConfig, DEFAULT_API_VERSION } from './define-config.js';
export type {
  NoMatchAction, ManyMatchesAction, ScreenPopOptions, LoggingOptions, CallCenterOptions, SalesforceOptions,
  SoftphoneConfigInput, SoftphoneConfig, OmniOptions,
} from './define-config.js';
export type { AgentIdentityOptions, AgentIdentityConfig, AgentOidcOptions } from './agent-identity.js';
export { ConfigError } from '../core/index.js';
export type { ProviderConfig, PopRule, PopRuleAction, PopRuleConditions, PresenceMapping, PresenceMappingInput } from '../core/index.js';
export { dialPolicyConfig, DIAL_NUMBER_TYPES, DEFAULT_BLOCKED_NUMBER_TYPES, DEFAULT_DIAL_RATE } from './dial-policy-config.js';
export type { DialPolicyInput, DialPolicyConfig, DialRateInput, DialNumberType } from './dial-policy-config.js';
export { phoneMetadataFor } from './phone-metadata.js';
export type { PhoneMetadata, Region } from '../core/index.js';
export { MissingDependencyError } from './optional-dependencies.js';
export type { OptionalPeer } from './optional-dependencies.js';
