import { ConfigError, type ProviderConfig } from '../../core/index.js';

/** Options of the Twilio Voice provider in a softphone configuration. JSON only: no secrets here. */
export interface TwilioConfigOptions {
  /**
   * Where the softphone gets its access token: an absolute `https://` URL or a path on the page's
   * own server (default `/api/twilio/token`, served by `softphone-connector`'s server).
   */
  readonly tokenUrl?: string;
  /** Twilio edge locations to connect through, e.g. `"ashburn"` or `["dublin", "frankfurt"]` (default: `roaming`). */
  readonly edge?: string | readonly string[];
  /** Codecs in order of preference (default `["opus", "pcmu"]`). */
  readonly codecPreferences?: readonly ('opus' | 'pcmu')[];
  /** Parameters sent with every outbound call to your TwiML app, besides `To`. */
  readonly connectParams?: Readonly<Record<string, string>>;
  /** Ask before the agent closes the page during a call (default true). */
  readonly closeProtection?: boolean;
}

/** The Twilio Voice provider in a configuration (`provider: twilio()`). */
export type TwilioConfig = ProviderConfig<'twilio', TwilioConfigOptions>;

const EDGE = /^[a-z0-9-]{2,32}$/;

/**
 * Where the Voice JavaScript SDK connects: signalling, the event gateway and the SDK's ringtones.
 * Media goes over WebRTC (ICE), which CSP `connect-src` does not govern.
 */
export const TWILIO_CONNECT_SOURCES = ['wss://voice-js.twilio.com', 'wss://*.twilio.com', 'https://eventgw.twilio.com', 'https://media.twiliocdn.com', 'https://sdk.twilio.com'] as const;

/** Chooses the Twilio Voice provider, validating its options. */
export function twilio(options: TwilioConfigOptions = {}): TwilioConfig {
  const tokenUrl = options.tokenUrl ?? '/api/twilio/token';
  if (typeof tokenUrl !== 'string' || !(/^https:\/\/[^/\s]+/.test(tokenUrl) || /^\/[^\s]*$/.test(tokenUrl))) {
    throw new ConfigError('provider.twilio.tokenUrl', 'an https:// URL or a path starting with "/"', options.tokenUrl);
  }
  const edges = options.edge === undefined ? [] : Array.isArray(options.edge) ? options.edge : [options.edge];
  if (edges.some((edge) => typeof edge !== 'string' || !EDGE.test(edge))) {
    throw new ConfigError('provider.twilio.edge', 'a Twilio edge name such as "ashburn" or "roaming", or a list of them', options.edge);
  }
  const codecs = options.codecPreferences;
  if (codecs !== undefined && (!Array.isArray(codecs) || codecs.length === 0 || codecs.some((codec) => codec !== 'opus' && codec !== 'pcmu'))) {
    throw new ConfigError('provider.twilio.codecPreferences', 'a list of "opus" and/or "pcmu"', codecs);
  }
  const params = options.connectParams;
  if (params !== undefined) {
    const entries = typeof params === 'object' && params !== null && !Array.isArray(params) ? Object.entries(params) : undefined;
    if (!entries || entries.some(([key, value]) => typeof value !== 'string' || !/^\w{1,64}$/.test(key) || key === 'To')) {
      throw new ConfigError('provider.twilio.connectParams', 'an object of string values with word-character keys other than "To"', params);
    }
  }
  if (options.closeProtection !== undefined && typeof options.closeProtection !== 'boolean') {
    throw new ConfigError('provider.twilio.closeProtection', 'true or false', options.closeProtection);
  }
  const absolute = tokenUrl.startsWith('https:');
  return {
    kind: 'twilio',
    options: {
      tokenUrl,
      ...(edges.length ? { edge: edges.length === 1 ? edges[0] : [...edges] } : {}),
      ...(codecs ? { codecPreferences: [...codecs] } : {}),
      ...(params ? { connectParams: { ...params } } : {}),
      ...(options.closeProtection !== undefined ? { closeProtection: options.closeProtection } : {}),
    },
    connectSources: [...TWILIO_CONNECT_SOURCES, ...(absolute ? [new URL(tokenUrl).origin] : [])],
  };
}
