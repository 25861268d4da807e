/**
 * Verifies the agent assertion Salesforce signs (the generated `SoftphoneAgentAssertion` Apex class,
 * `Auth.JWS` with an org certificate, or the local console playing the org) with `jose`: signature
 * against the org's configured certificate or JWKS, issuer (the org id), audience (this server),
 * expiry and a maximum age, and a one-time id (`jti`).
 */
import { createRemoteJWKSet, decodeJwt, errors, importSPKI, importX509, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import { ConfigError } from '../../core/index.js';
import { AuthError } from './errors.js';
import { ReplayCache } from './replay-cache.js';

/**
 * An org whose assertions this server accepts, with the key it signs them with: the certificate
 * exported from Setup (PEM), a JWKS URL, or a bare public key (SPKI PEM, as the local console publishes).
 */
export type TrustedOrg =
  | { readonly orgId: string; readonly certificatePem: string }
  | { readonly orgId: string; readonly jwksUrl: string }
  | { readonly orgId: string; readonly publicKeyPem: string };

/** Options of {@link AssertionVerifier}. */
export interface AssertionVerifierOptions {
  readonly orgs: readonly TrustedOrg[];
  /** This server, as the Apex class names it in `aud`. */
  readonly audience: string;
  /** Oldest assertion accepted, from its `iat`, in seconds (default 300). */
  readonly maxAgeSeconds?: number;
  /** Clock difference tolerated between the org and this server, in seconds (default 30). */
  readonly clockToleranceSeconds?: number;
  readonly replays?: ReplayCache;
}

/** What a verified assertion says. */
export interface VerifiedAssertion {
  readonly userId: string;
  readonly orgId: string;
  readonly username?: string;
  readonly jti: string;
  readonly expiresAt: number;
}

const ORG_ID = /^00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/;
const USER_ID = /^005[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/;
type KeySource = CryptoKey | ReturnType<typeof createRemoteJWKSet>;

/** Checks a list of trusted orgs, naming the field that is wrong. */
export function validateTrustedOrgs(orgs: unknown, field = 'auth.orgs'): readonly TrustedOrg[] {
  if (!Array.isArray(orgs) || orgs.length === 0) throw new ConfigError(field, 'at least one org: { orgId, certificatePem } or { orgId, jwksUrl }', orgs);
  return orgs.map((org: unknown, index) => {
    const at = `${field}[${index}]`;
    const { orgId, certificatePem, jwksUrl, publicKeyPem } = (typeof org === 'object' && org !== null ? org : {}) as Record<string, unknown>;
    if (typeof orgId !== 'string' || !ORG_ID.test(orgId)) throw new ConfigError(`${at}.orgId`, 'an org id (00D and 12 or 15 letters and digits)', orgId);
    if (typeof certificatePem === 'string' && certificatePem.includes('-----BEGIN CERTIFICATE-----')) return { orgId, certificatePem };
    if (typeof jwksUrl === 'string' && /^https:\/\/[^/\s]+\//.test(jwksUrl)) return { orgId, jwksUrl };
    if (typeof publicKeyPem === 'string' && publicKeyPem.includes('-----BEGIN PUBLIC KEY-----')) return { orgId, publicKeyPem };
    throw new ConfigError(at, 'certificatePem (the PEM certificate exported from Setup → Certificate and Key Management) or jwksUrl (https://)', '(neither)');
  });
}

/** Verifies one-time agent assertions; see the module comment. */
export class AssertionVerifier {
  private readonly keys = new Map<string, Promise<KeySource>>();
  private readonly replays: ReplayCache;

  constructor(private readonly options: AssertionVerifierOptions) {
    for (const org of validateTrustedOrgs(options.orgs)) {
      this.keys.set(org.orgId.slice(0, 15), keySource(org));
    }
    this.replays = options.replays ?? new ReplayCache();
  }

  /** Verifies `assertion` and uses up its id; throws {@link AuthError} (401) saying what is wrong. */
  async verify(assertion: unknown): Promise<VerifiedAssertion> {
    if (typeof assertion !== 'string' || assertion.length === 0 || assertion.length > 8192) {
      throw new AuthError('invalid-assertion', 'assertion must be the JWT that SoftphoneAgentAssertion.issue returned.');
    }
    let issuer: unknown;
    try {
      issuer = decodeJwt(assertion).iss;
    } catch (error) {
      throw new AuthError('invalid-assertion', 'assertion is not a JWT: ask Salesforce for a new one (SoftphoneAgentAssertion.issue).', { cause: error });
    }
    const key = typeof issuer === 'string' && ORG_ID.test(issuer) ? this.keys.get(issuer.slice(0, 15)) : undefined;
    if (!key) throw new AuthError('wrong-issuer', `the assertion's issuer ${JSON.stringify(String(issuer).slice(0, 40))} is not an org this server trusts (auth.orgs).`);
    let payload: JWTPayload;
    try {
      const source = await key;
      const verifyOptions = {
        issuer: issuer as string,
        audience: this.options.audience,
        algorithms: ['RS256'],
        maxTokenAge: this.options.maxAgeSeconds ?? 300,
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      };
      ({ payload } = typeof source === 'function' ? await jwtVerify(assertion, source, verifyOptions) : await jwtVerify(assertion, source, verifyOptions));
    } catch (error) {
      throw joseRefusal(error);
    }
    const { sub, jti, exp } = payload;
    if (typeof sub !== 'string' || !USER_ID.test(sub)) throw new AuthError('invalid-assertion', 'the assertion\'s subject must be a Salesforce user id (005…).');
    if (typeof jti !== 'string' || jti.length < 16 || jti.length > 128) throw new AuthError('invalid-assertion', 'the assertion needs a unique id (jti) of 16 to 128 characters.');
    const expiresAt = (exp as number) * 1000 + (this.options.clockToleranceSeconds ?? 30) * 1000;
    if (!this.replays.use(jti, expiresAt)) throw new AuthError('replayed', 'this assertion was already used: each one is good for one sign-in; ask Salesforce for a new one.');
    const username = typeof payload.username === 'string' ? payload.username.slice(0, 128) : undefined;
    return { userId: sub, orgId: issuer as string, jti, expiresAt, ...(username ? { username } : {}) };
  }
}

/** The key (or key set) an org's assertions verify with. */
function keySource(org: TrustedOrg): Promise<KeySource> {
  if ('certificatePem' in org) return importX509(org.certificatePem, 'RS256');
  if ('publicKeyPem' in org) return importSPKI(org.publicKeyPem, 'RS256');
  return Promise.resolve(createRemoteJWKSet(new URL(org.jwksUrl)));
}

/** A jose failure as our refusal, in words that say what to do. */
function joseRefusal(error: unknown): AuthError {
  if (error instanceof errors.JWTExpired) return new AuthError('expired', 'the assertion has expired: ask Salesforce for a new one (they live minutes).', { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return new AuthError('wrong-audience', 'the assertion is for another server (aud): the Apex class names this server in auth.audience.', { cause: error });
    if (error.claim === 'iss') return new AuthError('wrong-issuer', 'the assertion comes from an org this server does not trust.', { cause: error });
    if (error.claim === 'iat') return new AuthError('expired', 'the assertion is older than this server accepts (maxAgeSeconds): ask Salesforce for a new one.', { cause: error });
    return new AuthError('invalid-assertion', `the assertion's ${error.claim} claim is missing or wrong (${error.reason}).`, { cause: error });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return new AuthError('bad-signature', "the assertion's signature does not verify with the org's certificate (auth.orgs): was it signed by another key?", { cause: error });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new AuthError('bad-signature', 'the assertion must be signed with RS256.', { cause: error });
  return new AuthError('invalid-assertion', 'the assertion could not be verified: ask Salesforce for a new one.', { cause: error });
}
