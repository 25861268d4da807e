/**
 * The Twilio provider in a softphone page, on the real `@twilio/voice-sdk` `Device` and, in
 * contact-centre mode only, the real `twilio-taskrouter` `Worker`. Kept apart from the rest of the
 * provider (and out of its public index) so only the Twilio softphone bundle carries the SDKs, and
 * tests can run the provider on fakes. The TaskRouter SDK is imported dynamically: the bundler puts
 * it in a chunk of its own that only contact-centre pages load.
 */
import { Device } from '@twilio/voice-sdk';
import type { BrowserProviderEntry } from '../../core/index.js';
import type { TwilioConfig } from './config.js';
import { createTwilioProvider } from './create.js';
import type { TwilioDeviceFactory } from './sdk.js';
import type { TaskRouterWorkerLike, TaskRouterWorkerOptions } from './taskrouter-sdk.js';
import { fetchTwilioToken } from './token.js';

/** Creates a Voice SDK `Device` in the browser. */
export const createBrowserDevice: TwilioDeviceFactory = (token, options) => new Device(token, options);

/** Creates a TaskRouter `Worker` in the browser, loading `twilio-taskrouter` on first use. */
export async function createBrowserWorker(token: string, options: TaskRouterWorkerOptions): Promise<TaskRouterWorkerLike> {
  const sdk = await import('twilio-taskrouter');
  // The package is a UMD build: its exports arrive as named exports or under `default`, by bundler.
  const { Worker } = 'Worker' in sdk && sdk.Worker ? sdk : (sdk as unknown as { default: typeof sdk }).default;
  return new Worker(token, options);
}

/** Creates the Twilio provider of a page's configuration, on the SDKs' `Device` (and `Worker`). */
export const twilioBrowserEntry: BrowserProviderEntry<TwilioConfig> = {
  kind: 'twilio',
  create: (config, services) =>
    createTwilioProvider(config, {
      createDevice: createBrowserDevice,
      createWorker: createBrowserWorker,
      ...(services?.session ? { session: services.session, fetchToken: () => fetchTwilioToken(config.options.tokenUrl ?? '/api/twilio/token', services.session) } : {}),
    }),
};
