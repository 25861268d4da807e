/** `softphone-connector/config`: `defineConfig` and the types of `softphone.config.ts`. */
export * from './define-config.js';
export { ConfigError } from '../core/index.js';
export type { ProviderConfig } from '../core/index.js';
export { FULL_PHONE_METADATA, isPhoneRegion, phoneMetadataFor } from './phone-metadata.js';
export type { PhoneMetadata, Region } from '../core/index.js';
