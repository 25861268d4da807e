import { ConfigError, type ServerSession } from '../../core/index.js';
import type { TwilioConfig } from './config.js';
import type { ContactCentreFetch } from './contact-centre-api.js';
import { TwilioContactCentreProvider } from './contact-centre-provider.js';
import type { TwilioDeviceFactory } from './sdk.js';
import type { TaskRouterWorkerFactory, TaskRouterWorkerLike } from './taskrouter-sdk.js';
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
  /**
   * Creates the TaskRouter `Worker` (contact-centre mode only; required there): the browser entry
   * loads `twilio-taskrouter` on first use, a test passes a fake.
   */
  readonly createWorker?: (token: string, options: Parameters<TaskRouterWorkerFactory>[1]) => TaskRouterWorkerLike | Promise<TaskRouterWorkerLike>;
  /** The agent's session for the server's contact-centre routes. */
  readonly session?: ServerSession;
  /** Overrides how contact-centre requests are sent (tests: a fake server). */
  readonly fetch?: ContactCentreFetch;
}

/**
 * Creates the provider of a {@link TwilioConfig}: {@link TwilioProvider} on the Voice SDK alone, or,
 * with `contactCentre`, {@link TwilioContactCentreProvider} on TaskRouter and the server's conferences.
 */
export function createTwilioProvider(config: TwilioConfig, deps: TwilioProviderDeps): TwilioProvider | TwilioContactCentreProvider {
  const { contactCentre, ...options } = config.options;
  if (contactCentre && typeof contactCentre === 'object') {
    const { createWorker } = deps;
    if (!createWorker) throw new ConfigError('provider.twilio.contactCentre', 'used with a TaskRouter Worker factory (createTwilioProvider deps.createWorker; the browser entry passes one)');
    return new TwilioContactCentreProvider({
      ...options,
      contactCentre,
      createDevice: deps.createDevice,
      createWorker,
      ...(deps.session ? { session: deps.session } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.reregisterMs !== undefined ? { reregisterMs: deps.reregisterMs } : {}),
    });
  }
  return new TwilioProvider({ ...options, ...deps });
}
