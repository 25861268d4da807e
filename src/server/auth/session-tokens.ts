/**
 * Short-lived session tokens this server issues in exchange for a verified assertion, so later
 * requests (and WebSocket connects) need no new assertion. HS256 with the configured secret: any
 * instance holding the secret verifies any instance's tokens, no shared state.
 */
import { SignJWT, errors, jwtVerify } from 'jose';
import { ConfigError } from '../../core/index.js';
import { AuthError } from './errors.js';

const ISSUER = 'softphone-connector';
const USER_ID = /^005[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/;

/** The identity a session carries: who the org said the user is. */
export interface SessionClaims {
  readonly userId: string;
  readonly orgId: string;
}

/** Issues and verifies session tokens; see the module comment. */
export class SessionTokens {
  private readonly key: Uint8Array;

  /**
   * @param secret at least 32 bytes (e.g. 64 hex digits), the same on every instance.
   * @param audience this server (sessions of another server with the same secret are refused).
   * @param lifetimeSeconds how long a session lasts (60 to 3600).
   */
  constructor(secret: string | Uint8Array, private readonly audience: string, readonly lifetimeSeconds = 600) {
    this.key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
    if (this.key.byteLength < 32) throw new ConfigError('auth.sessionSecret', 'at least 32 bytes of random secret (e.g. 64 hex digits)', '(hidden)');
    if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds < 60 || lifetimeSeconds > 3600) throw new ConfigError('auth.sessionSeconds', 'a whole number of seconds from 60 to 3600', lifetimeSeconds);
  }

  /** A session token for a verified user, and when it expires (epoch ms). */
  async issue(claims: SessionClaims, nowMs = Date.now()): Promise<{ readonly token: string; readonly expiresAt: number }> {
    const issuedAt = Math.floor(nowMs / 1000);
    const token = await new SignJWT({ org: claims.orgId, typ: 'session' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(this.audience)
      .setSubject(claims.userId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.lifetimeSeconds)
      .sign(this.key);
    return { token, expiresAt: (issuedAt + this.lifetimeSeconds) * 1000 };
  }

  /** The claims of a valid session token; {@link AuthError} 401 otherwise. */
  async verify(token: string): Promise<SessionClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: this.audience, algorithms: ['HS256'], requiredClaims: ['sub', 'exp', 'org'] });
      if (payload.typ !== 'session' || typeof payload.sub !== 'string' || !USER_ID.test(payload.sub) || typeof payload.org !== 'string') throw new AuthError('invalid-session', 'the session token is not one of this server\'s: sign in again.');
      return { userId: payload.sub, orgId: payload.org };
    } catch (error) {
      if (error instanceof AuthError) throw error;
      if (error instanceof errors.JWTExpired) throw new AuthError('expired', 'the session has expired: exchange a new assertion at /api/auth/session.', { cause: error });
      throw new AuthError('invalid-session', 'the session token does not verify: sign in again (a new assertion at /api/auth/session).', { cause: error });
    }
  }
}
