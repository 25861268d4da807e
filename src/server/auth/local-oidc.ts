/**
 * The local console playing the org's OpenID Connect provider, as Salesforce documents it, with
 * real crypto: the discovery document (`/.well-known/openid-configuration`), the authorization
 * endpoint (`/services/oauth2/authorize`: the console's signed-in user, from its session cookie,
 * gets a code; `prompt=none` without one answers `login_required`; PKCE S256 required, as a
 * connected app with "Require PKCE" does), the token endpoint (`/services/oauth2/token`: a code
 * once, with its verifier and redirect URI, for an ID token signed with the console org's key and
 * the authorization request's `nonce`), and the keys (`/id/keys`). The server verifies those ID
 * tokens with the production code ({@link IdTokenVerifier}).
 */
import { createHash, randomBytes } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { SignJWT, calculateJwkThumbprint, exportJWK, importPKCS8, importSPKI, type CryptoKey, type JWK } from 'jose';
import { CONSOLE_USERS, LOCAL_ORG_ID, consoleUser, type ConsoleUser } from '../../console/users.js';
import type { LocalOrgKeys } from './local-org.js';

/** The console org's issuer: an identifier only (no such host), as the verifier compares it. */
export const LOCAL_OIDC_ISSUER = 'https://console-org.softphone.invalid';
/** The consumer key of the console org's connected app. */
export const LOCAL_OIDC_CLIENT_ID = 'softphone-connector-local-console';
/** The cookie holding the console's signed-in user (its session with the org). */
export const CONSOLE_SESSION_COOKIE = 'console_user';
/** Callback paths registered on the console's connected app (any origin of this server). */
const CALLBACK_PATHS = ['/voice/connector.html'];
/** How long a code may wait for its exchange, in ms (Salesforce: 15 minutes; shorter here). */
const CODE_MS = 120_000;
/** ID token lifetime, in seconds. */
const ID_TOKEN_SECONDS = 300;

interface PendingCode {
  readonly user: ConsoleUser;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly nonce?: string;
  readonly scopes: readonly string[];
  readonly expiresAt: number;
}

/** The console's OIDC provider; see the module comment. */
export class LocalOidcProvider {
  private readonly codes = new Map<string, PendingCode>();
  private bound?: typeof fetch;

  private constructor(
    private readonly key: CryptoKey,
    private readonly jwk: JWK,
  ) {}

  static async create(keys: LocalOrgKeys): Promise<LocalOidcProvider> {
    const publicJwk = await exportJWK(await importSPKI(keys.publicKeyPem, 'RS256', { extractable: true }));
    const kid = await calculateJwkThumbprint(publicJwk);
    return new LocalOidcProvider(await importPKCS8(keys.privateKeyPem, 'RS256'), { ...publicJwk, kid, alg: 'RS256', use: 'sig' });
  }

  /**
   * Reaches this server's own token endpoint without a port (Fastify injection: the same HTTP
   * semantics), so the production code exchange runs unchanged. Usable once {@link register} ran.
   */
  readonly fetch: typeof fetch = (input, init) => {
    if (!this.bound) return Promise.reject(new Error('the console OIDC provider is not registered yet'));
    return this.bound(input, init);
  };

  /** Adds the provider's routes to the console server. */
  register(app: FastifyInstance): void {
    this.bound = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const response = await app.inject({
        method: (init?.method ?? 'GET') as 'POST',
        url: `${url.pathname}${url.search}`,
        headers: Object.fromEntries(new Headers(init?.headers).entries()),
        ...(typeof init?.body === 'string' ? { payload: init.body } : {}),
      });
      return new Response(response.body, { status: response.statusCode, headers: { 'content-type': String(response.headers['content-type'] ?? 'text/plain') } });
    };
    app.get('/.well-known/openid-configuration', (request) => {
      const origin = `${request.protocol}://${request.host}`;
      return {
        issuer: LOCAL_OIDC_ISSUER,
        authorization_endpoint: `${origin}/services/oauth2/authorize`,
        token_endpoint: `${origin}/services/oauth2/token`,
        jwks_uri: `${origin}/id/keys`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid', 'id', 'profile'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none', 'client_secret_post'],
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'at_hash', 'preferred_username', 'name'],
      };
    });
    app.get('/id/keys', () => ({ keys: [this.jwk] }));
    app.get<{ Querystring: Record<string, string | undefined> }>('/services/oauth2/authorize', (request, reply) => this.authorize(request.query, `${request.protocol}://${request.host}`, request.headers.cookie, reply));
    // Form bodies (the token endpoint's) are parsed in this scope only.
    void app.register(async (scope) => {
      await scope.register(formbody);
      scope.post('/services/oauth2/token', async (request, reply) => {
        const answer = await this.token((request.body ?? {}) as Record<string, unknown>);
        return reply.code(answer.status).header('cache-control', 'no-store').send(answer.body);
      });
    });
  }

  private authorize(query: Record<string, string | undefined>, origin: string, cookie: string | undefined, reply: FastifyReply): FastifyReply {
    const { response_type: responseType, client_id: clientId, redirect_uri: redirectUri, scope = '', state, nonce, code_challenge: challenge, code_challenge_method: method } = query;
    // Errors about the client or its callback are shown, never redirected (an open redirect otherwise).
    if (clientId !== LOCAL_OIDC_CLIENT_ID) return reply.code(400).type('text/plain').send(`error=invalid_client_id: client_id must be the console's connected app (${LOCAL_OIDC_CLIENT_ID})`);
    let callback: URL;
    try {
      callback = new URL(String(redirectUri));
    } catch {
      return reply.code(400).type('text/plain').send('error=redirect_uri_mismatch: redirect_uri is missing');
    }
    if (callback.origin !== origin || !CALLBACK_PATHS.includes(callback.pathname) || callback.search || callback.hash) {
      return reply.code(400).type('text/plain').send(`error=redirect_uri_mismatch: the connected app's callback URLs are ${CALLBACK_PATHS.map((path) => origin + path).join(', ')}`);
    }
    const back = (params: Record<string, string>) => {
      const target = new URL(callback);
      for (const [name, value] of Object.entries({ ...params, ...(state !== undefined ? { state } : {}) })) target.searchParams.set(name, value);
      return reply.header('cache-control', 'no-store').redirect(target.toString(), 302);
    };
    if (responseType !== 'code') return back({ error: 'unsupported_response_type', error_description: 'response_type must be code' });
    if (!challenge || !/^[A-Za-z0-9_-]{43}$/.test(challenge) || method !== 'S256') return back({ error: 'invalid_request', error_description: 'PKCE is required: code_challenge with code_challenge_method=S256' });
    const user = consoleUser(sessionUserOf(cookie));
    if (!sessionUserOf(cookie) || !user) return back({ error: 'login_required', error_description: 'no user is signed in to the console org' });
    const code = randomBytes(32).toString('base64url');
    this.prune();
    this.codes.set(code, { user, redirectUri: callback.toString(), challenge, ...(nonce !== undefined ? { nonce } : {}), scopes: scope.split(' ').filter(Boolean), expiresAt: Date.now() + CODE_MS });
    return back({ code });
  }

  private async token(form: Record<string, unknown>): Promise<{ readonly status: number; readonly body: Record<string, unknown> }> {
    const refuse = (error: string, description: string) => ({ status: 400, body: { error, error_description: description } });
    if (form.grant_type !== 'authorization_code') return refuse('unsupported_grant_type', 'grant type not supported');
    const code = typeof form.code === 'string' ? form.code : '';
    const pending = this.codes.get(code);
    // A code is good once, whatever happens next (as the org does).
    this.codes.delete(code);
    if (!pending || pending.expiresAt < Date.now()) return refuse('invalid_grant', 'invalid authorization code');
    if (form.client_id !== LOCAL_OIDC_CLIENT_ID) return refuse('invalid_client_id', 'client identifier invalid');
    if (form.redirect_uri !== pending.redirectUri) return refuse('redirect_uri_mismatch', 'redirect_uri must match configuration');
    const verifier = typeof form.code_verifier === 'string' ? form.code_verifier : '';
    if (createHash('sha256').update(verifier).digest('base64url') !== pending.challenge) return refuse('invalid_grant', 'invalid code verifier');
    const accessToken = `${LOCAL_ORG_ID.slice(0, 15)}!${randomBytes(32).toString('base64url')}`;
    const identityUrl = `https://login.salesforce.com/id/${LOCAL_ORG_ID}/${pending.user.userId}`;
    const issuedAt = Math.floor(Date.now() / 1000);
    const body: Record<string, unknown> = { access_token: accessToken, scope: pending.scopes.join(' '), instance_url: LOCAL_OIDC_ISSUER, id: identityUrl, token_type: 'Bearer', issued_at: String(issuedAt * 1000) };
    if (pending.scopes.includes('openid')) {
      body.id_token = await this.idToken(pending, identityUrl, accessToken, issuedAt);
    }
    return { status: 200, body };
  }

  /** The ID token, with the claims Salesforce puts in one. */
  private idToken(pending: PendingCode, identityUrl: string, accessToken: string, issuedAt: number): Promise<string> {
    const digest = createHash('sha256').update(accessToken).digest();
    return new SignJWT({
      at_hash: digest.subarray(0, digest.length / 2).toString('base64url'),
      preferred_username: pending.user.username,
      name: pending.user.name,
      ...(pending.nonce !== undefined ? { nonce: pending.nonce } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.jwk.kid ?? '' })
      .setIssuer(LOCAL_OIDC_ISSUER)
      .setSubject(identityUrl)
      .setAudience(LOCAL_OIDC_CLIENT_ID)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ID_TOKEN_SECONDS)
      .sign(this.key);
  }

  private prune(): void {
    const now = Date.now();
    for (const [code, pending] of this.codes) if (pending.expiresAt < now) this.codes.delete(code);
  }
}

/** The console user alias in a `Cookie` header, if it names one. */
function sessionUserOf(cookie: string | undefined): string | undefined {
  const value = cookie?.split(';').map((part) => part.trim().split('=')).find(([name]) => name === CONSOLE_SESSION_COOKIE)?.[1];
  return value && CONSOLE_USERS.some((user) => user.alias === value) ? value : undefined;
}

/** The `Set-Cookie` value that signs `alias` in to the console org (the Voice console sets it). */
export function consoleSessionCookie(alias: string): string {
  return `${CONSOLE_SESSION_COOKIE}=${encodeURIComponent(alias)}; Path=/; HttpOnly; SameSite=Lax`;
}
