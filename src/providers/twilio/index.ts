/**
 * `softphone-connector/providers/twilio`: Twilio Voice behind the standard interface. The SDK
 * itself is loaded by `./browser.js` (the page entry), not by this module.
 */
export { twilio } from './config.js';
export type { TwilioConfigOptions, TwilioConfig, TwilioContactCentreOptions } from './config.js';
export { TwilioContactCentreProvider } from './contact-centre-provider.js';
export type { TwilioContactCentreProviderOptions } from './contact-centre-provider.js';
export { TwilioCallControlError } from './contact-centre-api.js';
export type { ContactCentreFetch, ContactCentreFailure } from './contact-centre-api.js';
export { createTwilioProvider } from './create.js';
export type { TwilioProviderDeps } from './create.js';
export { TwilioVoiceError, TwilioTokenError } from './errors.js';
export { TwilioProvider } from './twilio-provider.js';
export type { TwilioProviderOptions } from './twilio-provider.js';
export type { TwilioToken } from './token.js';
export type { TaskRouterWorkerLike, TaskRouterReservationLike, TaskRouterTaskLike, TaskRouterActivityLike, TaskRouterWorkerOptions, TaskRouterWorkerFactory } from './taskrouter-sdk.js';
export type { TwilioDeviceLike, TwilioListener, TwilioEmitter, TwilioCallLike, TwilioDeviceOptions, TwilioDeviceFactory } from './sdk.js';
