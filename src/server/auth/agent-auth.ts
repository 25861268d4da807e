/**
 * `authenticate(request) → AgentIdentity`: what every server route calls. A request proves who it
 * is with a session token (`Authorization: Bearer …`, or for a WebSocket the subprotocols
 * `softphone-session, <token>`), got in exchange for a one-time Salesforce assertion
 * ({@link AgentAuth.exchange}) or an OpenID Connect sign-in with the org ({@link AgentAuth.exchangeOidc});
 * the user is then mapped to their telephony names by the directory.
 */
import { ConfigError } from '../../core/index.js';
import { AssertionVerifier, type TrustedOrg } from './assertion-verifier.js';
import { IdTokenVerifier, type OidcOrg } from './id-token-verifier.js';
import { OidcCodeExchange } from './oidc-sign-in.js';
import { findAgent, validateAgentDirectory, type AgentDirectory, type AgentIdentity } from './agent-directory.js';
import { AuthError } from './errors.js';
import { ReplayCache } from './replay-cache.js';
import { SessionTokens } from './session-tokens.js';

/** The WebSocket subprotocol that announces a session token as the next protocol. */
export const SESSION_PROTOCOL = 'softphone-session';

/** How the server checks who is asking. */
export interface AgentAuthOptions {
  /** Orgs whose assertions are accepted, each with its certificate or JWKS URL (Open CTI's Apex assertion). */
  readonly orgs?: readonly TrustedOrg[];
  /** Orgs whose users sign in with OpenID Connect (the Salesforce Voice connector page); docs/security.md. */
  readonly oidc?: readonly OidcOrg[];
  /** How the server reaches the orgs' token endpoints (default the global `fetch`). */
  readonly oidcFetch?: typeof fetch;
  /** This server, as the assertions name it in `aud` (e.g. `https://telephony.example.com`). */
  readonly audience: string;
  /** Signs session tokens; the same on every instance; at least 32 bytes. */
  readonly sessionSecret: string | Uint8Array;
  /** Salesforce user id → telephony identity. */
  readonly agents: AgentDirectory;
  /** Session lifetime in seconds (default 600). */
  readonly sessionSeconds?: number;
  /** Oldest assertion accepted, in seconds from its `iat` (default 300). */
  readonly assertionMaxAgeSeconds?: number;
  readonly replays?: ReplayCache;
}

/** The part of a request authentication reads. */
export interface AuthenticatedRequestLike {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** What the session endpoint answers. */
export interface SignedInAgent {
  readonly session: string;
  readonly expiresAt: number;
  readonly identity: AgentIdentity;
}

/** A function that proves who sent a request, or throws {@link AuthError}: what routes are given. */
export type Authenticate = (request: AuthenticatedRequestLike) => Promise<AgentIdentity>;

/** Verifies assertions and sessions and maps users to identities; see the module comment. */
export class AgentAuth {
  private readonly verifier?: AssertionVerifier;
  private readonly oidc?: OidcCodeExchange;
  private readonly sessions: SessionTokens;
  private readonly agents: AgentDirectory;
  private readonly orgIds: ReadonlySet<string>;

  constructor(options: AgentAuthOptions) {
    if (typeof options.audience !== 'string' || options.audience.length < 3) throw new ConfigError('auth.audience', "this server's name as the assertions' aud claim has it, e.g. https://telephony.example.com", options.audience);
    this.agents = validateAgentDirectory(options.agents);
    if (options.orgs === undefined && options.oidc === undefined) throw new ConfigError('auth.orgs', 'the orgs whose users may sign in: auth.orgs (Apex assertions) or auth.oidc (OpenID Connect), or both', undefined);
    const replays = options.replays ?? new ReplayCache();
    const maxAge = options.assertionMaxAgeSeconds ? { maxAgeSeconds: options.assertionMaxAgeSeconds } : {};
    if (options.orgs !== undefined) this.verifier = new AssertionVerifier({ orgs: options.orgs, audience: options.audience, ...maxAge, replays });
    if (options.oidc !== undefined) this.oidc = new OidcCodeExchange(new IdTokenVerifier({ orgs: options.oidc, ...maxAge, replays }), options.oidcFetch ? { fetch: options.oidcFetch } : {});
    this.orgIds = new Set([...(options.orgs ?? []), ...(options.oidc ?? [])].map((org) => org.orgId.slice(0, 15)));
    this.sessions = new SessionTokens(options.sessionSecret, `${options.audience}#session`, options.sessionSeconds ?? 600);
  }

  /** Exchanges a one-time assertion for a session token of a user in the directory. */
  async exchange(assertion: unknown): Promise<SignedInAgent> {
    if (!this.verifier) throw new AuthError('invalid-assertion', 'this server takes no Apex assertions (auth.orgs is not configured): sign in with OpenID Connect ({"oidc": …}).');
    return this.signIn(await this.verifier.verify(assertion));
  }

  /**
   * Exchanges an OpenID Connect authorization response (`{ code, codeVerifier, redirectUri, nonce }`)
   * for a session: the same session, directory and refusals as {@link exchange}.
   */
  async exchangeOidc(request: unknown): Promise<SignedInAgent> {
    if (!this.oidc) throw new AuthError('invalid-grant', 'this server takes no OpenID Connect sign-in (auth.oidc is not configured): send {"assertion": …}.');
    return this.signIn(await this.oidc.signIn(request));
  }

  private async signIn(verified: { readonly userId: string; readonly orgId: string }): Promise<SignedInAgent> {
    const identity = this.identityOf(verified.userId, verified.orgId);
    const { token, expiresAt } = await this.sessions.issue({ userId: verified.userId, orgId: verified.orgId });
    return { session: token, expiresAt, identity };
  }

  /** The identity of a request's session; {@link AuthError} 401 without one, 403 for a user not in the directory. */
  readonly authenticate: Authenticate = async (request) => {
    const token = sessionTokenOf(request);
    if (!token) throw new AuthError('unauthenticated', 'this endpoint needs a session: send "Authorization: Bearer <session>" (POST a Salesforce assertion to /api/auth/session for one).');
    const claims = await this.sessions.verify(token);
    // A session names the org that signed its user in; one no longer trusted signs nobody in.
    if (!this.orgIds.has(claims.orgId.slice(0, 15))) throw new AuthError('wrong-issuer', 'the session is for an org this server does not trust (auth.orgs): sign in again.');
    return this.identityOf(claims.userId, claims.orgId);
  };

  private identityOf(userId: string, orgId: string): AgentIdentity {
    const entry = findAgent(this.agents, userId);
    if (!entry) throw new AuthError('not-an-agent', `Salesforce user ${userId} is not in this server's agent directory (auth.agents): add them with their telephony identity.`);
    return { ...entry, userId, orgId, role: entry.role ?? 'agent' };
  }
}

/** The session token of a request: the bearer token, or the token after `softphone-session` among its WebSocket subprotocols. */
export function sessionTokenOf(request: AuthenticatedRequestLike): string | undefined {
  const header = request.headers.authorization;
  const authorization = Array.isArray(header) ? header[0] : header;
  const bearer = authorization?.match(/^Bearer ([\w.-]{1,4096})$/i)?.[1];
  if (bearer) return bearer;
  const protocols = request.headers['sec-websocket-protocol'];
  const list = (Array.isArray(protocols) ? protocols.join(',') : protocols ?? '').split(',').map((item) => item.trim());
  const at = list.indexOf(SESSION_PROTOCOL);
  const token = at >= 0 ? list[at + 1] : undefined;
  return token && /^[\w.-]{1,4096}$/.test(token) ? token : undefined;
}
