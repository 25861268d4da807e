/**
 * Verifies the OpenID Connect ID token a Salesforce org issues when its user signs in to the
 * vendor's connected app (the Salesforce Voice connector page's sign-in), with `jose`: signature
 * against the org's published keys (`<My Domain>/id/keys`), issuer (the My Domain URL), audience
 * (the connected app's consumer key), expiry and a maximum age, the `nonce` the page chose for this
 * sign-in, and a subject that is the user's identity URL (`https://login.salesforce.com/id/<org>/<user>`)
 * in the configured org. Each nonce signs in once.
 */
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, errors, importSPKI, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import { ConfigError } from '../../core/index.js';
import { AuthError } from './errors.js';
import { ReplayCache } from './replay-cache.js';

/**
 * An org whose users sign in with OpenID Connect: its My Domain URL (the ID tokens' issuer), the
 * connected app's consumer key (their audience), and where its keys and token endpoint are
 * (default `<issuer>/id/keys` and `<issuer>/services/oauth2/token`, as Salesforce publishes them).
 */
export interface OidcOrg {
  /** The org id (`00D…`): users of other orgs are refused, whatever signs their token. */
  readonly orgId: string;
  /** The org's My Domain URL, e.g. `https://acme.my.salesforce.com` (the `issuer` of its discovery document). */
  readonly issuer: string;
  /** The connected app's consumer key: the ID tokens' `aud`, the `client_id` of the code exchange. */
  readonly clientId: string;
  /** The connected app's consumer secret, when the app requires one for the web-server flow (never sent to a page). */
  readonly clientSecret?: string;
  /** The org's JWKS (default `<issuer>/id/keys`). */
  readonly jwksUrl?: string;
  /** The org's token endpoint (default `<issuer>/services/oauth2/token`). */
  readonly tokenUrl?: string;
  /** A bare public key (SPKI PEM) instead of the JWKS: the local console's org. */
  readonly publicKeyPem?: string;
}

/** Options of {@link IdTokenVerifier}. */
export interface IdTokenVerifierOptions {
  readonly orgs: readonly OidcOrg[];
  /** Oldest ID token accepted, from its `iat`, in seconds (default 300). */
  readonly maxAgeSeconds?: number;
  /** Clock difference tolerated between the org and this server, in seconds (default 30). */
  readonly clockToleranceSeconds?: number;
  readonly replays?: ReplayCache;
}

/** What a verified ID token says. */
export interface VerifiedIdToken {
  readonly userId: string;
  readonly orgId: string;
  readonly username?: string;
  readonly nonce: string;
  readonly expiresAt: number;
}

const ORG_ID = /^00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/;
/** Salesforce's identity URL, the ID token's `sub`: `https://<login host>/id/<org id>/<user id>`. */
const IDENTITY_URL = /^https:\/\/[^/\s]+\/id\/(00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)\/(005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)$/;
const NONCE = /^[\w-]{16,128}$/;
type KeySource = CryptoKey | ReturnType<typeof createRemoteJWKSet>;

/** An https:// URL, or http:// on a loopback or `.localhost`/`.invalid` name (the local console). */
function isTrustedUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    if (url.username || url.password || url.hash) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && /^(127\.0\.0\.1|localhost|\[::1\]|[\w.-]+\.localhost|[\w.-]+\.invalid)$/.test(url.hostname));
  } catch {
    return false;
  }
}

/** Checks the OIDC orgs of `auth.oidc`, naming the field that is wrong. */
export function validateOidcOrgs(orgs: unknown, field = 'auth.oidc'): readonly OidcOrg[] {
  if (!Array.isArray(orgs) || orgs.length === 0) throw new ConfigError(field, 'at least one org: { orgId, issuer: "https://<my domain>.my.salesforce.com", clientId: "<consumer key>" }', orgs);
  return orgs.map((org: unknown, index) => {
    const at = `${field}[${index}]`;
    if (typeof org !== 'object' || org === null || Array.isArray(org)) throw new ConfigError(at, 'an object like { orgId, issuer, clientId }', org);
    const { orgId, issuer, clientId, clientSecret, jwksUrl, tokenUrl, publicKeyPem, ...rest } = org as Record<string, unknown>;
    const unknownKey = Object.keys(rest)[0];
    if (unknownKey) throw new ConfigError(`${at}.${unknownKey}`, 'one of orgId, issuer, clientId, clientSecret, jwksUrl, tokenUrl, publicKeyPem', 'an unknown option');
    if (typeof orgId !== 'string' || !ORG_ID.test(orgId)) throw new ConfigError(`${at}.orgId`, 'an org id (00D and 12 or 15 letters and digits)', orgId);
    if (!isTrustedUrl(issuer) || new URL(issuer).pathname.replace(/\/$/, '') !== '') throw new ConfigError(`${at}.issuer`, 'the org\'s My Domain URL as its ID tokens name it, e.g. https://acme.my.salesforce.com', issuer);
    if (typeof clientId !== 'string' || !/^[\w.-]{8,256}$/.test(clientId)) throw new ConfigError(`${at}.clientId`, "the connected app's consumer key", clientId);
    if (clientSecret !== undefined && (typeof clientSecret !== 'string' || clientSecret.length < 8)) throw new ConfigError(`${at}.clientSecret`, "the connected app's consumer secret (a string), or nothing when the app does not require one", '(hidden)');
    for (const [key, value] of Object.entries({ jwksUrl, tokenUrl })) {
      if (value !== undefined && !isTrustedUrl(value)) throw new ConfigError(`${at}.${key}`, 'an https:// URL', value);
    }
    if (publicKeyPem !== undefined && (typeof publicKeyPem !== 'string' || !publicKeyPem.includes('-----BEGIN PUBLIC KEY-----'))) throw new ConfigError(`${at}.publicKeyPem`, 'a PEM public key (-----BEGIN PUBLIC KEY-----)', '(not a key)');
    const base = (issuer as string).replace(/\/$/, '');
    return {
      orgId,
      issuer: base,
      clientId,
      ...(clientSecret !== undefined ? { clientSecret: clientSecret as string } : {}),
      jwksUrl: (jwksUrl as string | undefined) ?? `${base}/id/keys`,
      tokenUrl: (tokenUrl as string | undefined) ?? `${base}/services/oauth2/token`,
      ...(publicKeyPem !== undefined ? { publicKeyPem: publicKeyPem as string } : {}),
    };
  });
}

/** Verifies Salesforce ID tokens; see the module comment. */
export class IdTokenVerifier {
  readonly orgs: readonly OidcOrg[];
  private readonly keys = new Map<string, Promise<KeySource>>();
  private readonly replays: ReplayCache;

  constructor(private readonly options: IdTokenVerifierOptions) {
    this.orgs = validateOidcOrgs(options.orgs);
    for (const org of this.orgs) this.keys.set(org.issuer, keySource(org));
    this.replays = options.replays ?? new ReplayCache();
  }

  /**
   * Verifies `idToken`, which must carry `nonce` (the one the page sent with this sign-in), and uses
   * the nonce up; throws {@link AuthError} (401) saying what is wrong.
   */
  async verify(idToken: unknown, nonce: unknown): Promise<VerifiedIdToken> {
    if (typeof idToken !== 'string' || idToken.length === 0 || idToken.length > 16_384) throw new AuthError('invalid-id-token', 'id_token must be the JWT the org\'s token endpoint returned.');
    if (typeof nonce !== 'string' || !NONCE.test(nonce)) throw new AuthError('invalid-id-token', 'nonce is missing: send the nonce of this sign-in (16 to 128 letters, digits, "-" or "_").');
    let issuer: unknown;
    try {
      issuer = decodeJwt(idToken).iss;
    } catch (error) {
      throw new AuthError('invalid-id-token', 'id_token is not a JWT: sign in again.', { cause: error });
    }
    const org = this.orgs.find((candidate) => candidate.issuer === (typeof issuer === 'string' ? issuer.replace(/\/$/, '') : undefined));
    const key = org ? this.keys.get(org.issuer) : undefined;
    if (!org || !key) throw new AuthError('wrong-issuer', `the ID token's issuer ${JSON.stringify(String(issuer).slice(0, 80))} is not an org this server trusts (auth.oidc[].issuer).`);
    let payload: JWTPayload;
    try {
      const source = await key;
      const verifyOptions = {
        issuer: issuer as string,
        audience: org.clientId,
        algorithms: ['RS256'],
        maxTokenAge: this.options.maxAgeSeconds ?? 300,
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        requiredClaims: ['sub', 'exp', 'iat'],
      };
      ({ payload } = typeof source === 'function' ? await jwtVerify(idToken, source, verifyOptions) : await jwtVerify(idToken, source, verifyOptions));
    } catch (error) {
      throw idTokenRefusal(error);
    }
    if (payload.nonce === undefined) throw new AuthError('invalid-id-token', 'the ID token has no nonce: the sign-in must send one (authorize ?nonce=).');
    if (payload.nonce !== nonce) throw new AuthError('invalid-id-token', 'the ID token\'s nonce is not the one of this sign-in: start the sign-in again.');
    const subject = typeof payload.sub === 'string' ? IDENTITY_URL.exec(payload.sub) : null;
    if (!subject) throw new AuthError('invalid-id-token', 'the ID token\'s subject must be the user\'s identity URL (https://login.salesforce.com/id/<org id>/<user id>).');
    const [, orgId = '', userId = ''] = subject;
    if (orgId.slice(0, 15) !== org.orgId.slice(0, 15)) throw new AuthError('wrong-issuer', `the ID token names a user of org ${orgId}, not of ${org.orgId} (auth.oidc[].orgId).`);
    const expiresAt = (payload.exp as number) * 1000 + (this.options.clockToleranceSeconds ?? 30) * 1000;
    // One sign-in per nonce, and per token (a token is never exchanged twice, whatever nonce comes with it).
    const tokenHash = createHash('sha256').update(idToken).digest('base64url');
    if (!this.replays.use(`oidc-nonce:${nonce}`, expiresAt) || !this.replays.use(`oidc-token:${tokenHash}`, expiresAt)) {
      throw new AuthError('replayed', 'this sign-in was already used: each ID token and nonce sign in once; sign in again.');
    }
    const username = typeof payload.preferred_username === 'string' ? payload.preferred_username.slice(0, 128) : undefined;
    return { userId, orgId: org.orgId, nonce, expiresAt, ...(username ? { username } : {}) };
  }
}

/** The key (or key set) an org's ID tokens verify with. */
function keySource(org: OidcOrg): Promise<KeySource> {
  if (org.publicKeyPem) return importSPKI(org.publicKeyPem, 'RS256');
  return Promise.resolve(createRemoteJWKSet(new URL(org.jwksUrl ?? `${org.issuer}/id/keys`)));
}

/** A jose failure as our refusal, in words that say what to do. */
function idTokenRefusal(error: unknown): AuthError {
  if (error instanceof errors.JWTExpired) {
    const message = error.claim === 'iat' ? 'the ID token is older than this server accepts (maxAgeSeconds): sign in again.' : 'the ID token has expired: sign in again.';
    return new AuthError('expired', message, { cause: error });
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return new AuthError('wrong-audience', "the ID token is for another connected app (aud is not auth.oidc[].clientId, the consumer key).", { cause: error });
    if (error.claim === 'iss') return new AuthError('wrong-issuer', 'the ID token comes from an org this server does not trust.', { cause: error });
    if (error.claim === 'iat') return new AuthError('expired', 'the ID token is older than this server accepts (maxAgeSeconds): sign in again.', { cause: error });
    return new AuthError('invalid-id-token', `the ID token's ${error.claim} claim is missing or wrong (${error.reason}).`, { cause: error });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return new AuthError('bad-signature', "the ID token's signature does not verify with the org's published keys (auth.oidc[].jwksUrl).", { cause: error });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new AuthError('bad-signature', 'the ID token must be signed with RS256.', { cause: error });
  return new AuthError('invalid-id-token', 'the ID token could not be verified: sign in again.', { cause: error });
}
