/**
 * The real `@twilio/voice-sdk` `Device`. Kept apart from the rest of the provider so only the
 * Twilio softphone bundle carries the SDK, and tests can run the provider on a fake.
 */
import { Device } from '@twilio/voice-sdk';
import type { TwilioDeviceFactory } from './sdk.js';

/** Creates a Voice SDK `Device` in the browser. */
export const createBrowserDevice: TwilioDeviceFactory = (token, options) => new Device(token, options);
