/**
 * The Twilio provider in a softphone page, on the real `@twilio/voice-sdk` `Device`. Kept apart
 * from the rest of the provider (and out of its public index) so only the Twilio softphone bundle
 * carries the SDK, and tests can run the provider on a fake.
 */
import { Device } from '@twilio/voice-sdk';
import type { BrowserProviderEntry } from '../../core/index.js';
import type { TwilioConfig } from './config.js';
import { createTwilioProvider } from './create.js';
import type { TwilioDeviceFactory } from './sdk.js';
import { fetchTwilioToken } from './token.js';

/** Creates a Voice SDK `Device` in the browser. */
export const createBrowserDevice: TwilioDeviceFactory = (token, options) => new Device(token, options);

/** Creates the Twilio Voice provider of a page's configuration, on the SDK's `Device`. */
export const twilioBrowserEntry: BrowserProviderEntry<TwilioConfig> = {
  kind: 'twilio',
  create: (config, services) =>
    createTwilioProvider(config, {
      createDevice: createBrowserDevice,
      ...(services?.session ? { fetchToken: () => fetchTwilioToken(config.options.tokenUrl ?? '/api/twilio/token', services.session) } : {}),
    }),
};
