import { ConfigError } from '../core/index.js';

/**
 * Server-side Twilio settings: secrets live here (environment variables), never in the softphone
 * page or bundle. The browser only ever receives short-lived access tokens.
 */
export interface TwilioServerSettings {
  /** `TWILIO_ACCOUNT_SID`, `AC…`. */
  readonly accountSid: string;
  /** `TWILIO_API_KEY_SID`, `SK…`: an API key that signs access tokens. */
  readonly apiKeySid: string;
  /** `TWILIO_API_KEY_SECRET`. */
  readonly apiKeySecret: string;
  /** `TWILIO_TWIML_APP_SID`, `AP…`: the TwiML app whose Voice URL is this server's `/api/twilio/voice`. */
  readonly twimlAppSid: string;
  /** `TWILIO_AUTH_TOKEN`: validates `X-Twilio-Signature` on webhooks. */
  readonly authToken: string;
  /** `TWILIO_CALLER_ID`: the Twilio number outbound calls show (E.164). */
  readonly callerId: string;
  /** `TWILIO_AGENT_IDENTITY`: the client identity inbound calls ring (default `agent`). */
  readonly identity: string;
  /**
   * `TWILIO_WEBHOOK_BASE_URL`: this server's public base URL as Twilio calls it (e.g. behind a
   * tunnel or proxy). Signatures are computed over the public URL; without it the request's own
   * protocol and host are used.
   */
  readonly publicBaseUrl?: string;
  /** `TWILIO_TOKEN_TTL_SECONDS`: access-token lifetime, 60 to 86400 (default 3600). */
  readonly tokenTtlSeconds: number;
}

const SID = (prefix: string) => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);
const E164 = /^\+[1-9]\d{6,14}$/;

/** Reads and validates the Twilio settings; the error names the variable that is missing or wrong. */
export function twilioSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): TwilioServerSettings {
  const read = (name: string, test: RegExp, expected: string): string => {
    const value = env[name]?.trim();
    if (!value || !test.test(value)) throw new ConfigError(name, expected, value === undefined ? undefined : name.includes('SECRET') || name.includes('TOKEN') ? '(hidden)' : value);
    return value;
  };
  const ttlText = env.TWILIO_TOKEN_TTL_SECONDS?.trim();
  const tokenTtlSeconds = ttlText ? Number(ttlText) : 3600;
  if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 60 || tokenTtlSeconds > 86_400) {
    throw new ConfigError('TWILIO_TOKEN_TTL_SECONDS', 'a whole number of seconds from 60 to 86400', ttlText);
  }
  const publicBaseUrl = env.TWILIO_WEBHOOK_BASE_URL?.trim().replace(/\/+$/, '');
  if (publicBaseUrl !== undefined && publicBaseUrl !== '' && !/^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(publicBaseUrl)) {
    throw new ConfigError('TWILIO_WEBHOOK_BASE_URL', 'the public http(s):// URL Twilio reaches this server at', publicBaseUrl);
  }
  return {
    accountSid: read('TWILIO_ACCOUNT_SID', SID('AC'), 'an Account SID ("AC" and 32 hex digits)'),
    apiKeySid: read('TWILIO_API_KEY_SID', SID('SK'), 'an API key SID ("SK" and 32 hex digits)'),
    apiKeySecret: read('TWILIO_API_KEY_SECRET', /^\S{16,}$/, "the API key's secret"),
    twimlAppSid: read('TWILIO_TWIML_APP_SID', SID('AP'), 'a TwiML app SID ("AP" and 32 hex digits)'),
    authToken: read('TWILIO_AUTH_TOKEN', /^\S{16,}$/, "the account's auth token"),
    callerId: read('TWILIO_CALLER_ID', E164, 'a Twilio number in E.164 form, e.g. +14155550100'),
    identity: env.TWILIO_AGENT_IDENTITY?.trim() ? read('TWILIO_AGENT_IDENTITY', /^[\w.@-]{1,121}$/, 'letters, digits, ".", "@", "_" or "-"') : 'agent',
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
    tokenTtlSeconds,
  };
}
