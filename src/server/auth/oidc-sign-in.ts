/**
 * The server's half of the Salesforce Voice connector page's OpenID Connect sign-in (authorization
 * code with PKCE). The page sends the org's authorization response (`code`) with the PKCE
 * `code_verifier`, the `redirect_uri` and the `nonce` it chose; this server redeems the code at the
 * org's token endpoint (`POST /services/oauth2/token`, as the connected app's client) and verifies
 * the returned ID token ({@link IdTokenVerifier}). The code is useless without the verifier that
 * only the page holds, the ID token never reaches the browser, and a consumer secret, if the app
 * requires one, stays here.
 */
import { SoftphoneError, errorMessage } from '../../core/index.js';
import { AuthError } from './errors.js';
import type { IdTokenVerifier, OidcOrg, VerifiedIdToken } from './id-token-verifier.js';

/** What the page sends to `POST /api/auth/session` as `{ "oidc": … }`. */
export interface OidcSignInRequest {
  readonly code: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
  readonly nonce: string;
  /** The org's issuer, when the server trusts several (default: the first of `auth.oidc`). */
  readonly issuer?: string;
}

/** The org's token endpoint could not be reached or answered nonsense (502, not the agent's fault). */
export class OidcProviderError extends SoftphoneError<'oidc-provider'> {
  override readonly name = 'OidcProviderError';
  /** `options.cause` is the error this one wraps, if any. */
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super('oidc-provider', message, options);
  }
}

/** Options of {@link OidcCodeExchange}. */
export interface OidcCodeExchangeOptions {
  /** How to reach the token endpoint (default the global `fetch`; the local console injects into itself). */
  readonly fetch?: typeof fetch;
  /** Give up on the token endpoint after this long (default 10 s). */
  readonly timeoutMs?: number;
}

const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/** Redeems authorization codes and verifies their ID tokens; see the module comment. */
export class OidcCodeExchange {
  constructor(
    private readonly verifier: IdTokenVerifier,
    private readonly options: OidcCodeExchangeOptions = {},
  ) {}

  /** Signs in the user of an authorization response; {@link AuthError} 401 when it proves nobody. */
  async signIn(input: unknown): Promise<VerifiedIdToken> {
    const request = checkRequest(input);
    const org = request.issuer === undefined ? this.verifier.orgs[0] : this.verifier.orgs.find((candidate) => candidate.issuer === request.issuer?.replace(/\/$/, ''));
    if (!org) throw new AuthError('wrong-issuer', `oidc.issuer ${JSON.stringify(String(request.issuer).slice(0, 80))} is not an org this server trusts (auth.oidc[].issuer).`);
    const idToken = await this.redeem(org, request);
    return this.verifier.verify(idToken, request.nonce);
  }

  private async redeem(org: OidcOrg, request: OidcSignInRequest): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'authorization_code', code: request.code, client_id: org.clientId, redirect_uri: request.redirectUri, code_verifier: request.codeVerifier });
    if (org.clientSecret) form.set('client_secret', org.clientSecret);
    const tokenUrl = org.tokenUrl ?? `${org.issuer}/services/oauth2/token`;
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new OidcProviderError(`could not reach the org's token endpoint ${tokenUrl}: ${errorMessage(error)}`, { cause: error });
    }
    const body = (await response.json().catch(() => undefined)) as { id_token?: unknown; error?: unknown; error_description?: unknown } | undefined;
    if (response.status === 400 || response.status === 401) {
      // Salesforce answers a bad, used or expired code, a wrong verifier or redirect URI with 400 invalid_grant.
      const reason = [body?.error, body?.error_description].filter((part) => typeof part === 'string').join(': ').slice(0, 200) || `HTTP ${response.status}`;
      throw new AuthError('invalid-grant', `the org refused the authorization code (${reason}): sign in again.`);
    }
    if (!response.ok) throw new OidcProviderError(`the org's token endpoint ${tokenUrl} answered HTTP ${response.status}.`);
    if (typeof body?.id_token !== 'string') throw new AuthError('invalid-grant', 'the org returned no ID token: the connected app must grant the openid scope, and the sign-in must ask for it (scope=openid).');
    return body.id_token;
  }
}

function checkRequest(input: unknown): OidcSignInRequest {
  const value = (typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {}) as Record<string, unknown>;
  const { code, codeVerifier, redirectUri, nonce, issuer } = value;
  if (typeof code !== 'string' || code.length === 0 || code.length > 2048) throw new AuthError('invalid-grant', 'oidc.code is missing: send the code of the org\'s authorization response.');
  if (typeof codeVerifier !== 'string' || !CODE_VERIFIER.test(codeVerifier)) throw new AuthError('invalid-grant', 'oidc.codeVerifier is missing or malformed: send the PKCE code_verifier of this sign-in (43 to 128 characters).');
  if (typeof redirectUri !== 'string' || redirectUri.length > 2048 || !/^https?:\/\/[^\s]+$/.test(redirectUri)) throw new AuthError('invalid-grant', 'oidc.redirectUri is missing: send the redirect_uri the authorization request used.');
  if (typeof nonce !== 'string') throw new AuthError('invalid-id-token', 'oidc.nonce is missing: send the nonce of this sign-in.');
  if (issuer !== undefined && typeof issuer !== 'string') throw new AuthError('wrong-issuer', 'oidc.issuer must be the org\'s My Domain URL.');
  return { code, codeVerifier, redirectUri, nonce, ...(issuer !== undefined ? { issuer } : {}) };
}
