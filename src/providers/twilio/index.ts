/**
 * `softphone-connector/providers/twilio`: Twilio Voice behind the standard interface. The SDK
 * itself is loaded by `./browser.js` (the page entry), not by this module.
 */
export { twilio } from './config.js';
export type { TwilioConfigOptions, TwilioConfig } from './config.js';
export { createTwilioProvider } from './create.js';
export type { TwilioProviderDeps } from './create.js';
export { TwilioVoiceError, TwilioTokenError } from './errors.js';
export { TwilioProvider } from './twilio-provider.js';
export type { TwilioProviderOptions } from './twilio-provider.js';
export type { TwilioToken } from './token.js';
export type { TwilioDeviceLike, TwilioListener, TwilioEmitter, TwilioCallLike, TwilioDeviceOptions, TwilioDeviceFactory } from './sdk.js';
