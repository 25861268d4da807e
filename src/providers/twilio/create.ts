import type { TwilioConfig } from './config.js';
import type { TwilioDeviceFactory } from './sdk.js';
import type { TwilioToken } from './token.js';
import { TwilioProvider } from './twilio-provider.js';

/** What {@link createTwilioProvider} needs besides the configuration. */
export interface TwilioProviderDeps {
  /** Creates the SDK's `Device`: `createBrowserDevice` from `./browser.js` in a page, a fake in tests. */
  readonly createDevice: TwilioDeviceFactory;
  /** Overrides the token request (default: GET `config.options.tokenUrl`). */
  readonly fetchToken?: () => Promise<TwilioToken>;
  /** Re-registration delay after an unexpected unregistration (ms). */
  readonly reregisterMs?: number;
}

/** Creates the provider of a {@link TwilioConfig}. */
export function createTwilioProvider(config: TwilioConfig, deps: TwilioProviderDeps): TwilioProvider {
  return new TwilioProvider({ ...config.options, ...deps });
}
