import { ConfigError, type ProviderConfig } from '../../core/index.js';

/** A STUN/TURN server for the call's media (the `RTCIceServer` shape). */
export interface SipIceServer {
  readonly urls: string | readonly string[];
  readonly username?: string;
  readonly credential?: string;
}

/** How DTMF digits are sent: in the media (RFC 4733 telephone-events) or as SIP INFO requests. */
export type SipDtmfMode = 'rfc4733' | 'info';

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
    },
    connectSources,
  };
}
