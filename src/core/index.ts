/**
 * `softphone-connector/core`: the host- and vendor-neutral heart of a softphone connector.
 * No DOM, no vendor SDK, no Salesforce API.
 */
export * from './events.js';
export * from './provider.js';
export * from './provider-reporter.js';
export * from './provider-config.js';
export * from './commands.js';
export * from './bridge.js';
export * from './phone.js';
export * from './state.js';
export * from './call-log.js';
export * from './reducer.js';
export * from './effects-runner.js';
export * from './outbox.js';
export * from './timeline.js';
export * from './connector.js';
