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
}

/** The validated options. */
export interface AgentIdentityConfig {
  readonly server: string;
  readonly certificate: string;
  readonly lifetimeSeconds: number;
  /** `<server>/api/auth/session`. */
  readonly sessionUrl: string;
}

/** Checks `agentIdentity`, naming the field that is wrong. */
export function agentIdentityOptions(value: unknown): AgentIdentityConfig | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError('agentIdentity', 'an object like { server: "https://telephony.example.com", certificate: "SoftphoneAgentAssertion" }', value);
  const { server, certificate, lifetimeSeconds, ...rest } = value as Record<string, unknown>;
  const unknownKey = Object.keys(rest)[0];
  if (unknownKey) throw new ConfigError(`agentIdentity.${unknownKey}`, 'one of the known options (server, certificate, lifetimeSeconds)', 'an unknown option');
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
  return { server: origin, certificate, lifetimeSeconds: seconds, sessionUrl: `${origin}/api/auth/session` };
}
