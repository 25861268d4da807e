import { ConfigError, type ProviderConfig, type SupervisorMode } from '../../core/index.js';

/** A STUN/TURN server for the call's media (the `RTCIceServer` shape). */
export interface SipIceServer {
  readonly urls: string | readonly string[];
  readonly username?: string;
  readonly credential?: string;
}

/** How DTMF digits are sent: in the media (RFC 4733 telephone-events) or as SIP INFO requests. */
export type SipDtmfMode = 'rfc4733' | 'info';

/**
 * The PBX's feature codes for supervisors, `{extension}` standing for the monitored agent's
 * extension, e.g. `{ listen: '*44{extension}', whisper: '*45{extension}', barge: '*46{extension}' }`.
 * A mode without a code is not offered.
 */
export interface SipSupervisorCodes {
  readonly listen?: string;
  readonly whisper?: string;
  readonly barge?: string;
  /**
   * DTMF that switches a live monitoring call to a mode, where the PBX can (Asterisk's ChanSpy with
   * option `d`: `{ listen: '4', whisper: '5', barge: '6' }`). Without it a mode change hangs up and
   * dials the new mode's code.
   */
  readonly switchDigits?: Partial<Readonly<Record<SupervisorMode, string>>>;
}

/**
 * Recording by a media gateway in front of the PBX (e.g. Kamailio with rtpengine): the softphone
 * sends an in-dialog INFO with `X-Recording: start|stop`, which the gateway's proxy answers.
 */
export interface SipRecordingOptions {
  /**
   * Where a call's recording can be fetched, `{callId}` standing for the SIP Call-ID, e.g.
   * `https://pbx.example.com/recordings/{callId}.wav`; a path is relative to the softphone's page.
   * It is linked on the call's Task.
   */
  readonly location: string;
  /** `on-demand` (default): the agent starts and stops it; `always`: every answered call is recorded. */
  readonly start?: 'on-demand' | 'always';
}

/** Options of the SIP/WebRTC provider in a softphone configuration (JSON: embedded in the page). */
export interface SipConfigOptions {
  /** The PBX's SIP-over-WebSocket endpoint, `wss://pbx.example.com:8089/ws` (`ws://` for a lab on loopback). */
  readonly server: string;
  /** The agent's SIP user (the user part of the address of record). */
  readonly user: string;
  /** SIP domain of the address of record; defaults to the server's host name. */
  readonly domain?: string;
  /** Digest user name when it differs from `user`. */
  readonly authorizationUser?: string;
  /**
   * Digest password. It is visible to anyone who can load the softphone page: in an org, prefer
   * `credentialsUrl`, which fetches short-lived credentials at start.
   */
  readonly password?: string;
  /** URL answering `{ "password": "…", "authorizationUser"?: "…" }` for the signed-in agent. */
  readonly credentialsUrl?: string;
  /** Name shown to the people the agent calls. */
  readonly displayName?: string;
  readonly iceServers?: readonly SipIceServer[];
  /** Headers of an inbound INVITE handed to screen pop as call data, e.g. `X-Account-Number`. */
  readonly headersToScreenPop?: readonly string[];
  /** Default `rfc4733`. */
  readonly dtmf?: SipDtmfMode;
  /** Registration lifetime in seconds (default 300); it is refreshed before it expires. */
  readonly registerExpires?: number;
  /** Supervisor listen / whisper / barge through the PBX's feature codes; without them, none. */
  readonly supervisorCodes?: SipSupervisorCodes;
  /**
   * Play the far end's early media (183 Session Progress with SDP: ringback, announcements) before
   * the answer. Default true; turn it off for a PBX that forks outbound INVITEs to several devices,
   * where WebRTC cannot follow the early dialog that does not answer.
   */
  readonly earlyMedia?: boolean;
  /** Recording through the media gateway; without it the provider does not record. */
  readonly recording?: SipRecordingOptions;
}

/** The SIP/WebRTC provider in a configuration (`provider: sip({...})`). */
export type SipConfig = ProviderConfig<'sip', SipConfigOptions>;

const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const SIP_USER = /^[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+$/;

function optionalString(value: unknown, field: string, expected: string, pattern?: RegExp): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || (pattern && !pattern.test(value))) throw new ConfigError(field, expected, value);
  return value;
}

function iceServers(value: unknown): SipIceServer[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new ConfigError('provider.sip.iceServers', 'an array of { urls, username?, credential? }', value);
  return value.map((server: unknown, index) => {
    const field = `provider.sip.iceServers[${index}]`;
    if (!server || typeof server !== 'object') throw new ConfigError(field, 'an object with urls', server);
    const { urls, username, credential } = server as Record<string, unknown>;
    const list = typeof urls === 'string' ? [urls] : urls;
    if (!Array.isArray(list) || list.length === 0 || !list.every((url) => typeof url === 'string' && /^(stuns?|turns?):/.test(url))) {
      throw new ConfigError(`${field}.urls`, 'a stun:, stuns:, turn: or turns: URL or a list of them', urls);
    }
    return {
      urls: typeof urls === 'string' ? urls : [...(list as string[])],
      ...(username === undefined ? {} : { username: optionalString(username, `${field}.username`, 'a string') }),
      ...(credential === undefined ? {} : { credential: optionalString(credential, `${field}.credential`, 'a string') }),
    };
  });
}

const MODES: readonly SupervisorMode[] = ['listen', 'whisper', 'barge'];
/** A dial string around one `{extension}`. */
const FEATURE_CODE = /^[0-9A-Za-z*#+]*\{extension\}[0-9A-Za-z*#+]*$/;

/** Keys of `value` outside `allowed` name the first field in error. */
function record(value: unknown, field: string, allowed: readonly string[], expected: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(field, expected, value);
  const unknown = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw new ConfigError(`${field}.${unknown}`, `left out (${field} takes ${allowed.join(', ')})`, (value as Record<string, unknown>)[unknown]);
  return value as Record<string, unknown>;
}

function supervisorCodes(value: unknown): SipSupervisorCodes | undefined {
  if (value === undefined) return undefined;
  const field = 'provider.sip.supervisorCodes';
  const codes = record(value, field, [...MODES, 'switchDigits'], 'an object of feature codes such as { listen: "*44{extension}" }');
  const result: { -readonly [Mode in SupervisorMode]?: string } & { switchDigits?: SipSupervisorCodes['switchDigits'] } = {};
  for (const mode of MODES) {
    const code = optionalString(codes[mode], `${field}.${mode}`, 'a dial string with {extension} for the agent, such as "*44{extension}"', FEATURE_CODE);
    if (code) result[mode] = code;
  }
  if (!MODES.some((mode) => result[mode])) throw new ConfigError(field, 'at least one of listen, whisper or barge', value);
  if (codes.switchDigits !== undefined) {
    const digits = record(codes.switchDigits, `${field}.switchDigits`, MODES, 'an object of DTMF digits such as { listen: "4", whisper: "5", barge: "6" }');
    const switchDigits: { [Mode in SupervisorMode]?: string } = {};
    for (const mode of MODES) {
      const value = optionalString(digits[mode], `${field}.switchDigits.${mode}`, 'DTMF digits (0-9, *, #, A-D)', /^[0-9*#A-D]{1,8}$/);
      if (value) switchDigits[mode] = value;
    }
    result.switchDigits = switchDigits;
  }
  return result;
}

function recordingOptions(value: unknown): SipRecordingOptions | undefined {
  if (value === undefined) return undefined;
  const field = 'provider.sip.recording';
  const options = record(value, field, ['location', 'start'], 'an object such as { location: "https://pbx.example.com/recordings/{callId}.wav" }');
  const location = optionalString(options.location, `${field}.location`, 'an https:// URL or a path starting with "/" that contains {callId}', /^(https?:\/\/|\/)[^\s]*\{callId\}/);
  if (location === undefined) throw new ConfigError(`${field}.location`, 'an https:// URL or a path starting with "/" that contains {callId}', options.location);
  const start = options.start ?? 'on-demand';
  if (start !== 'on-demand' && start !== 'always') throw new ConfigError(`${field}.start`, '"on-demand" or "always"', options.start);
  return { location, start };
}

/** Chooses the SIP/WebRTC provider, validating its options. Throws {@link ConfigError} naming the field. */
export function sip(options: SipConfigOptions): SipConfig {
  if (!options || typeof options !== 'object') throw new ConfigError('provider.sip', 'an object with server and user', options);
  const server = options.server;
  let url: URL | undefined;
  try {
    url = typeof server === 'string' ? new URL(server) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'ws:' && url.protocol !== 'wss:')) {
    throw new ConfigError('provider.sip.server', 'a ws:// or wss:// URL such as wss://pbx.example.com:8089/ws', server);
  }
  const user = optionalString(options.user, 'provider.sip.user', 'a SIP user name such as agent1', SIP_USER);
  if (user === undefined) throw new ConfigError('provider.sip.user', 'a SIP user name such as agent1', options.user);
  const domain = optionalString(options.domain, 'provider.sip.domain', 'a host name or IP address', /^[A-Za-z0-9.:[\]-]+$/) ?? url.hostname;
  const password = optionalString(options.password, 'provider.sip.password', 'a non-empty string');
  const credentialsUrl = optionalString(options.credentialsUrl, 'provider.sip.credentialsUrl', 'an https:// URL or a path starting with "/"', /^(https:\/\/|http:\/\/(127\.0\.0\.1|localhost)[:/]|\/)/);
  if (password !== undefined && credentialsUrl !== undefined) {
    throw new ConfigError('provider.sip.credentialsUrl', 'left out when provider.sip.password is set (choose one)', credentialsUrl);
  }
  const headers = options.headersToScreenPop;
  if (headers !== undefined && (!Array.isArray(headers) || !headers.every((name) => typeof name === 'string' && TOKEN.test(name)))) {
    throw new ConfigError('provider.sip.headersToScreenPop', 'a list of SIP header names such as ["X-Account-Number"]', headers);
  }
  const dtmf = options.dtmf ?? 'rfc4733';
  if (dtmf !== 'rfc4733' && dtmf !== 'info') throw new ConfigError('provider.sip.dtmf', '"rfc4733" or "info"', options.dtmf);
  const expires = options.registerExpires;
  if (expires !== undefined && (!Number.isInteger(expires) || expires < 2 || expires > 86_400)) {
    throw new ConfigError('provider.sip.registerExpires', 'a whole number of seconds from 2 to 86400', expires);
  }
  const recording = recordingOptions(options.recording);
  if (options.earlyMedia !== undefined && typeof options.earlyMedia !== 'boolean') throw new ConfigError('provider.sip.earlyMedia', 'true or false', options.earlyMedia);
  const connectSources = [url.origin.replace(/^http/, 'ws')];
  if (credentialsUrl && !credentialsUrl.startsWith('/')) connectSources.push(new URL(credentialsUrl).origin);
  return {
    kind: 'sip',
    options: {
      server: url.href,
      user,
      domain,
      ...(options.authorizationUser === undefined ? {} : { authorizationUser: optionalString(options.authorizationUser, 'provider.sip.authorizationUser', 'a non-empty string') }),
      ...(password === undefined ? {} : { password }),
      ...(credentialsUrl === undefined ? {} : { credentialsUrl }),
      ...(options.displayName === undefined ? {} : { displayName: optionalString(options.displayName, 'provider.sip.displayName', 'a non-empty string') }),
      ...(options.iceServers === undefined ? {} : { iceServers: iceServers(options.iceServers) }),
      ...(headers === undefined ? {} : { headersToScreenPop: [...headers] }),
      dtmf,
      ...(expires === undefined ? {} : { registerExpires: expires }),
      ...(options.supervisorCodes === undefined ? {} : { supervisorCodes: supervisorCodes(options.supervisorCodes) }),
      ...(options.earlyMedia === undefined ? {} : { earlyMedia: options.earlyMedia }),
      ...(recording === undefined ? {} : { recording }),
    },
    connectSources,
  };
}

/**
 * When to re-register, in percent of the lifetime (SIP.js's default is 99 %). PBXs keep lifetimes
 * in whole seconds, so a contact may lapse up to a second early, and a busy page or network delays
 * the refresh: keep a margin of 2 s or 10 % of the lifetime, whichever is larger (30 s at 300 s).
 */
export function refreshFrequency(expiresSeconds: number): number {
  const margin = Math.max(2, expiresSeconds / 10);
  return Math.min(99, Math.max(50, Math.floor((100 * (expiresSeconds - margin)) / expiresSeconds)));
}
