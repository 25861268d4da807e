/** `softphone-connector/config`: `defineConfig` and the types of `softphone.config.ts`. */
export * from './define-config.js';
export { ConfigError } from '../core/index.js';
export type { ProviderConfig } from '../core/index.js';
