/** The Twilio stand-in for tests: started with the test credentials, and a REST client of the official library pointed at it. */
import twilioLibrary from 'twilio';
import { createTwilioClient, type TwilioClient } from '../../src/server/twilio/client.js';
import { startTwilioStandIn, type TwilioStandIn } from '../../src/server/twilio/stand-in/index.js';
import { TEST_TWILIO_ENV } from './twilio-env.js';

/** A started stand-in and a library client against it. */
export interface StandInFixture {
  readonly standIn: TwilioStandIn;
  readonly client: TwilioClient;
}

/** Starts the stand-in on a free loopback port. */
export async function startStandInFixture(options: { maxRetries?: number } = {}): Promise<StandInFixture> {
  const standIn = await startTwilioStandIn({
    library: twilioLibrary,
    accountSid: TEST_TWILIO_ENV.TWILIO_ACCOUNT_SID,
    authToken: TEST_TWILIO_ENV.TWILIO_AUTH_TOKEN,
    apiKeys: [{ sid: TEST_TWILIO_ENV.TWILIO_API_KEY_SID, secret: TEST_TWILIO_ENV.TWILIO_API_KEY_SECRET }],
  });
  const client = createTwilioClient(twilioLibrary, { accountSid: TEST_TWILIO_ENV.TWILIO_ACCOUNT_SID, apiKeySid: TEST_TWILIO_ENV.TWILIO_API_KEY_SID, apiKeySecret: TEST_TWILIO_ENV.TWILIO_API_KEY_SECRET, baseUrl: standIn.url, maxRetries: options.maxRetries ?? 3, maxRetryDelayMs: 50 });
  return { standIn, client };
}

/** Waits until `check` returns a value (polling every 10 ms), or fails after `ms`. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
