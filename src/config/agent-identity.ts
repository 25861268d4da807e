/**
 * `agentIdentity` of `softphone.config.ts`: how the softphone proves its agent to the vendor's
 * server. `build` then generates the `SoftphoneAgentAssertion` Apex class (signing with the named
 * org certificate for the server), and the page exchanges its assertion at `<server>/api/auth/session`.
 */
import { ConfigError } from '../core/index.js';

/** What a user writes. */
export interface AgentIdentityOptions {
  /** The vendor server's https:// origin: the assertions' audience and where the page signs in. */
  readonly server: string;
  /** Unique name of the org certificate that signs assertions (Setup → Certificate and Key Management). */
  readonly certificate: string;
  /** Assertion lifetime in seconds, 60 to 600 (default 120). */
  readonly lifetimeSeconds?: number;
  /** Salesforce Voice: the connector page signs in with OpenID Connect through a connected app (docs/security.md). */
  readonly oidc?: AgentOidcOptions;
}

/** `agentIdentity.oidc`: the org as OpenID Connect provider of the Salesforce Voice connector page. */
export interface AgentOidcOptions {
  /** The org's My Domain URL, e.g. `https://acme.my.salesforce.com` (the ID tokens' issuer). */
  readonly myDomain: string;
  /** The connected app's consumer key (public: the page sends it as `client_id`). */
  readonly consumerKey: string;
  /** Who Salesforce contacts about the connected app. */
  readonly contactEmail: string;
  /** API name of the connected app `build --host voice` generates (default `SoftphoneVoiceSignIn`). */
  readonly connectedApp?: string;
  /** `frame` (default: hidden, `prompt=none`) or `popup` (the org may ask the agent to sign in). */
  readonly display?: 'frame' | 'popup';
}

/** The validated options. */
export interface AgentIdentityConfig {
  readonly server: string;
  readonly certificate: string;
  readonly lifetimeSeconds: number;
  /** `<server>/api/auth/session`. */
  readonly sessionUrl: string;
  readonly oidc?: Required<AgentOidcOptions> & { readonly authorizeUrl: string };
}

/** Checks `agentIdentity.oidc`, naming the field that is wrong. */
function agentOidcOptions(value: unknown): AgentIdentityConfig['oidc'] {
  if (value === undefined) return undefined;
  const field = 'agentIdentity.oidc';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(field, 'an object like { myDomain: "https://acme.my.salesforce.com", consumerKey: "3MVG…", contactEmail: "ops@acme.example" }', value);
  const { myDomain, consumerKey, contactEmail, connectedApp = 'SoftphoneVoiceSignIn', display = 'frame', ...rest } = value as Record<string, unknown>;
  const unknownKey = Object.keys(rest).find((key) => key !== 'authorizeUrl');
  if (unknownKey) throw new ConfigError(`${field}.${unknownKey}`, 'one of the known options (myDomain, consumerKey, contactEmail, connectedApp, display)', 'an unknown option');
  if (typeof myDomain !== 'string' || !/^https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)*\.(my\.salesforce\.com|my\.salesforce\.mil|my\.sfcrmproducts\.cn|[a-z0-9.-]*force\.com)\/?$/i.test(myDomain)) {
    throw new ConfigError(`${field}.myDomain`, "the org's My Domain URL, e.g. https://acme.my.salesforce.com", myDomain);
  }
  if (typeof consumerKey !== 'string' || !/^[\w.-]{8,256}$/.test(consumerKey)) throw new ConfigError(`${field}.consumerKey`, "the connected app's consumer key (letters, digits, \".\", \"_\", \"-\")", consumerKey);
  if (typeof contactEmail !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contactEmail)) throw new ConfigError(`${field}.contactEmail`, 'an email address', contactEmail);
  if (typeof connectedApp !== 'string' || !/^[A-Za-z](?:[A-Za-z0-9]|_(?!_)){0,39}$/.test(connectedApp) || connectedApp.endsWith('_')) throw new ConfigError(`${field}.connectedApp`, 'an API name (letters, digits, single underscores, up to 40)', connectedApp);
  if (display !== 'frame' && display !== 'popup') throw new ConfigError(`${field}.display`, '"frame" or "popup"', display);
  const origin = new URL(myDomain).origin;
  return { myDomain: origin, consumerKey, contactEmail, connectedApp, display, authorizeUrl: `${origin}/services/oauth2/authorize` };
}

/** Checks `agentIdentity`, naming the field that is wrong. */
export function agentIdentityOptions(value: unknown): AgentIdentityConfig | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError('agentIdentity', 'an object like { server: "https://telephony.example.com", certificate: "SoftphoneAgentAssertion" }', value);
  const { server, certificate, lifetimeSeconds, oidc, ...rest } = value as Record<string, unknown>;
  // `sessionUrl` is derived: a validated config passes validation again unchanged.
  const unknownKey = Object.keys(rest).find((key) => key !== 'sessionUrl');
  if (unknownKey) throw new ConfigError(`agentIdentity.${unknownKey}`, 'one of the known options (server, certificate, lifetimeSeconds, oidc)', 'an unknown option');
  let origin: string | undefined;
  try {
    const url = typeof server === 'string' ? new URL(server) : undefined;
    if (url && (url.protocol === 'https:' || /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(String(server))) && url.pathname.replace(/\/$/, '') === '' && !url.search && !url.username) origin = url.origin;
  } catch {
    origin = undefined;
  }
  if (!origin) throw new ConfigError('agentIdentity.server', 'the https:// origin of the softphone\'s server, e.g. https://telephony.example.com', server);
  if (typeof certificate !== 'string' || !/^[A-Za-z](?:[A-Za-z0-9]|_(?!_)){0,79}$/.test(certificate) || certificate.endsWith('_')) {
    throw new ConfigError('agentIdentity.certificate', "the org certificate's unique name (letters, digits, single underscores)", certificate);
  }
  const seconds = lifetimeSeconds ?? 120;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 60 || seconds > 600) throw new ConfigError('agentIdentity.lifetimeSeconds', 'a whole number of seconds from 60 to 600', lifetimeSeconds);
  const checkedOidc = agentOidcOptions(oidc);
  return { server: origin, certificate, lifetimeSeconds: seconds, sessionUrl: `${origin}/api/auth/session`, ...(checkedOidc ? { oidc: checkedOidc } : {}) };
}
