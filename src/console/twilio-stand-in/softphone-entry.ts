/**
 * The local Twilio softphone bundle's entry (`softphone-twilio-local.js`): the same provider (its
 * single-identity and contact-centre modes) as the
 * production Twilio bundle, on the browser stand-ins of the SDKs instead of the SDKs themselves, so
 * the page talks to the local Twilio stand-in. The console serves this bundle only while `dev
 * --provider twilio` runs the stand-in; the page's configuration says where it listens.
 */
import { startSoftphone } from '../../app/start.js';
import type { BrowserProviderEntry } from '../../core/index.js';
import type { TwilioConfig } from '../../providers/twilio/config.js';
import { createTwilioProvider } from '../../providers/twilio/create.js';
import { fetchTwilioToken } from '../../providers/twilio/token.js';
import { standInDeviceFactory } from './device.js';
import { standInWorkerFactory } from './worker.js';

/** The stand-in's base URL, from the page's configuration (`twilioStandIn.url`). */
function standInUrl(): string {
  const text = document.getElementById('softphone-config')?.textContent ?? '{}';
  const url = (JSON.parse(text) as { twilioStandIn?: { url?: unknown } }).twilioStandIn?.url;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new Error('The local Twilio softphone needs twilioStandIn.url in its page configuration: start it with `softphone-connector dev --provider twilio`.');
  return url;
}

/** The Twilio provider on the stand-in's `Device`. */
export const twilioStandInEntry: BrowserProviderEntry<TwilioConfig> = {
  kind: 'twilio',
  create: (config, services) =>
    createTwilioProvider(config, {
      createDevice: standInDeviceFactory(standInUrl()),
      // Contact-centre mode (`twilio({ contactCentre })`): the TaskRouter Worker's stand-in.
      createWorker: standInWorkerFactory(standInUrl()),
      ...(services?.session ? { session: services.session, fetchToken: () => fetchTwilioToken(config.options.tokenUrl ?? '/api/twilio/token', services.session) } : {}),
    }),
};

void startSoftphone(twilioStandInEntry);
