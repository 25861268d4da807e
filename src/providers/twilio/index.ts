/**
 * `softphone-connector/providers/twilio`: Twilio Voice behind the standard interface. The SDK
 * itself is loaded by `./browser-device.js` (the page entry), not by this module.
 */
export * from './config.js';
export * from './create.js';
export * from './errors.js';
export * from './twilio-provider.js';
export * from './token.js';
export type * from './sdk.js';
