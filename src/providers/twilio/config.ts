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
  /**
   * Contact-centre mode: calls are routed by TaskRouter to this agent's worker and run as Twilio
   * conferences by the server's `/api/twilio/cc/…` routes (hold, consult, transfer, supervision,
   * recording, presence, wrap-up, rejoin after a reload). `true` takes the defaults.
   */
  readonly contactCentre?: boolean | TwilioContactCentreOptions;
}

/** Options of the contact-centre mode (`twilio({ contactCentre: {...} })`). */
export interface TwilioContactCentreOptions {
  /** Where the server's contact-centre routes are: a path on the page's server or an `https://` URL (default `/api/twilio/cc`). */
  readonly baseUrl?: string;
  /** How often a live call's participants are read from the server, in ms (default 2000, 250–60000). */
  readonly refreshMs?: number;
  /** Offer supervisor listen / whisper / barge (the server allows it to supervisors only; default false). */
  readonly supervisor?: boolean;
  /**
   * Complete the task when the call ends instead of when the agent saves the wrap-up (default
   * false): for softphones that run without after-call work.
   */
  readonly completeOnEnd?: boolean;
}

/** The Twilio Voice provider in a configuration (`provider: twilio()`). */
export type TwilioConfig = ProviderConfig<'twilio', TwilioConfigOptions>;

const EDGE = /^[a-z0-9-]{2,32}$/;

/**
 * Where the Voice JavaScript SDK connects: signalling, the event gateway and the SDK's ringtones.
 * Media goes over WebRTC (ICE), which CSP `connect-src` does not govern.
 */
export const TWILIO_CONNECT_SOURCES = ['wss://voice-js.twilio.com', 'wss://*.twilio.com', 'https://eventgw.twilio.com', 'https://media.twiliocdn.com', 'https://sdk.twilio.com'] as const;

/** Where the TaskRouter JavaScript SDK connects (its event bridge), in contact-centre mode only. */
export const TASKROUTER_CONNECT_SOURCES = ['wss://event-bridge.twilio.com', 'https://event-bridge.twilio.com', 'https://*.twilio.com'] as const;

/** Validates `provider.twilio.contactCentre`; `undefined` when the mode is off. */
function contactCentreOptions(value: TwilioConfigOptions['contactCentre']): TwilioContactCentreOptions | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { baseUrl: '/api/twilio/cc' };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError('provider.twilio.contactCentre', 'true, false or an object of contact-centre options', value);
  }
  const baseUrl = value.baseUrl ?? '/api/twilio/cc';
  if (typeof baseUrl !== 'string' || !(/^https:\/\/[^/\s]+/.test(baseUrl) || /^\/[^\s]*$/.test(baseUrl))) {
    throw new ConfigError('provider.twilio.contactCentre.baseUrl', 'an https:// URL or a path starting with "/"', value.baseUrl);
  }
  const { refreshMs, supervisor, completeOnEnd } = value;
  if (refreshMs !== undefined && (typeof refreshMs !== 'number' || !Number.isInteger(refreshMs) || refreshMs < 250 || refreshMs > 60_000)) {
    throw new ConfigError('provider.twilio.contactCentre.refreshMs', 'a whole number of milliseconds from 250 to 60000', refreshMs);
  }
  if (supervisor !== undefined && typeof supervisor !== 'boolean') throw new ConfigError('provider.twilio.contactCentre.supervisor', 'true or false', supervisor);
  if (completeOnEnd !== undefined && typeof completeOnEnd !== 'boolean') throw new ConfigError('provider.twilio.contactCentre.completeOnEnd', 'true or false', completeOnEnd);
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    ...(refreshMs !== undefined ? { refreshMs } : {}),
    ...(supervisor !== undefined ? { supervisor } : {}),
    ...(completeOnEnd !== undefined ? { completeOnEnd } : {}),
  };
}

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
  const contactCentre = contactCentreOptions(options.contactCentre);
  const absolute = tokenUrl.startsWith('https:');
  const ccOrigin = contactCentre?.baseUrl?.startsWith('https:') ? [new URL(contactCentre.baseUrl).origin] : [];
  return {
    kind: 'twilio',
    options: {
      tokenUrl,
      ...(edges.length ? { edge: edges.length === 1 ? edges[0] : [...edges] } : {}),
      ...(codecs ? { codecPreferences: [...codecs] } : {}),
      ...(params ? { connectParams: { ...params } } : {}),
      ...(options.closeProtection !== undefined ? { closeProtection: options.closeProtection } : {}),
      ...(contactCentre ? { contactCentre } : {}),
    },
    connectSources: [...TWILIO_CONNECT_SOURCES, ...(contactCentre ? TASKROUTER_CONNECT_SOURCES : []), ...(absolute ? [new URL(tokenUrl).origin] : []), ...ccOrigin],
  };
}
