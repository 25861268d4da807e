/**
 * The server's Twilio REST client: the official `twilio` library, always. Against Twilio it talks
 * to Twilio's own hosts; against the loopback stand-in only the base URL differs, through the
 * library's supported extension points — its own `RequestClient` passed as `httpClient`, with an
 * interceptor on that client's `axios` instance (the hook the library itself uses for request
 * validation) that sends each request the library built to the same path under another origin. 429 answers are
 * retried by the library's own exponential back-off (`autoRetry`).
 */
import type Twilio from 'twilio';
import { importOptional } from '../../config/optional-dependencies.js';

/** The `twilio` library's default export. */
export type TwilioLibrary = typeof Twilio;
/** A REST client of the library. */
export type TwilioClient = Twilio.Twilio;

/** Loads the `twilio` library (an optional peer dependency); a `MissingDependencyError` names the install command. */
export async function loadTwilioLibrary(user = 'the Twilio contact-centre server'): Promise<TwilioLibrary> {
  // A CommonJS module: import() gives its exports as `default`.
  const loaded = await importOptional('twilio', user, () => import('twilio'));
  return loaded.default;
}

/** How the server reaches Twilio's REST API. */
export interface TwilioRestOptions {
  readonly accountSid: string;
  /** API key (`SK…`) and secret: the server's REST credentials. */
  readonly apiKeySid: string;
  readonly apiKeySecret: string;
  /**
   * Another origin for every Twilio host (`api.twilio.com`, `taskrouter.twilio.com`), e.g. the
   * stand-in's `http://127.0.0.1:43123`. Absent: Twilio itself.
   */
  readonly baseUrl?: string;
  /** Retries of a 429 answer with exponential back-off (default 3), and the longest wait between them (default 3000 ms). */
  readonly maxRetries?: number;
  readonly maxRetryDelayMs?: number;
  /** Request timeout (default 15 000 ms). */
  readonly timeoutMs?: number;
}

/** Creates the library's REST client; with `baseUrl`, every request goes to that origin instead of Twilio's hosts. */
export function createTwilioClient(library: TwilioLibrary, options: TwilioRestOptions): TwilioClient {
  const clientOptions = { autoRetry: true, maxRetries: options.maxRetries ?? 3, maxRetryDelay: options.maxRetryDelayMs ?? 3000, timeout: options.timeoutMs ?? 15_000 };
  const httpClient = new library.RequestClient(clientOptions);
  const base = options.baseUrl?.replace(/\/+$/, '');
  if (base) {
    // The same request, sent to the same path under the other origin (also when the library's back-off re-sends it).
    httpClient.axios.interceptors.request.use((config) => {
      const target = new URL(config.url ?? '/');
      config.url = `${base}${target.pathname}${target.search}`;
      return config;
    });
  }
  return library(options.apiKeySid, options.apiKeySecret, { accountSid: options.accountSid, httpClient, autoRetry: true, maxRetries: clientOptions.maxRetries });
}
