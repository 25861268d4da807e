/** The softphone page's entry point with the Twilio Voice provider. */
import { createBrowserDevice } from '../providers/twilio/browser-device.js';
import { createTwilioProvider, type TwilioConfig } from '../providers/twilio/index.js';
import { startSoftphone } from './start.js';

void startSoftphone('twilio', (config) => createTwilioProvider(config as TwilioConfig, { createDevice: createBrowserDevice }));
