import { SoftphoneError } from '../../core/index.js';

/** Why a request was refused. `unauthenticated`… are 401 (who is asking is not proven); the rest 403. */
export type AuthErrorCode =
  | 'unauthenticated'
  | 'invalid-assertion'
  | 'invalid-id-token'
  | 'invalid-grant'
  | 'expired'
  | 'wrong-audience'
  | 'wrong-issuer'
  | 'bad-signature'
  | 'replayed'
  | 'invalid-session'
  | 'not-an-agent'
  | 'no-telephony-identity'
  | 'not-your-call';

const FORBIDDEN: ReadonlySet<AuthErrorCode> = new Set(['not-an-agent', 'no-telephony-identity', 'not-your-call']);

/**
 * A request the server refuses: `status` is 401 when the caller's identity is not proven (no or a
 * bad assertion or session), 403 when it is proven but not allowed. The message says what is
 * missing and never repeats a token.
 */
export class AuthError extends SoftphoneError<AuthErrorCode> {
  override readonly name = 'AuthError';
  /** The HTTP status to answer with. */
  readonly status: 401 | 403;
  /** `options.cause` is the error this one wraps, if any. */
  constructor(code: AuthErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(code, message, options);
    this.status = FORBIDDEN.has(code) ? 403 : 401;
  }

  /** The JSON body of the refusal. */
  toJSON(): { readonly error: AuthErrorCode; readonly message: string } {
    return { error: this.code, message: this.message };
  }
}
