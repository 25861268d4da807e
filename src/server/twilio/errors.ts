/**
 * Twilio's error answers as errors the agent can act on. The `twilio` library throws a
 * `RestException` (`status`, `code`, `moreInfo`); call control turns the ones an agent meets —
 * a participant who already left, a conference that ended, Twilio rate-limiting after the library's
 * own retries — into a {@link CallControlError} whose message says what happened and that nothing
 * else changed.
 */
import { SoftphoneError, errorMessage } from '../../core/index.js';

/** Kinds of call-control failure. */
export type CallControlErrorCode =
  /** The participant or call is no longer there (Twilio 20404 on a participant). */
  | 'participant-gone'
  /** The conference has ended (Twilio 20404 on the conference, or status `completed`). */
  | 'call-ended'
  /** Not this agent's call, or not a supervisor. */
  | 'forbidden'
  /** The request does not fit the call (no one to transfer to, a bad destination). */
  | 'invalid'
  /** Twilio kept answering 429 after the library's retries. */
  | 'rate-limited'
  /** Any other Twilio or network failure. */
  | 'twilio-failed';

/** A call-control request that did not happen; `httpStatus` is what the route answers. */
export class CallControlError extends SoftphoneError<CallControlErrorCode> {
  override readonly name = 'CallControlError';
  /** Twilio's own error code, when Twilio answered with one. */
  readonly twilioCode?: number;

  constructor(code: CallControlErrorCode, message: string, options?: { readonly cause?: unknown; readonly twilioCode?: number }) {
    super(code, message, options);
    if (options?.twilioCode !== undefined) this.twilioCode = options.twilioCode;
  }

  /** The HTTP status a route answers with. */
  get httpStatus(): number {
    return { 'participant-gone': 409, 'call-ended': 410, forbidden: 403, invalid: 400, 'rate-limited': 503, 'twilio-failed': 502 }[this.code];
  }
}

/** The shape of the library's `RestException` that we read. */
interface RestFailure {
  readonly status: number;
  readonly code?: number;
  readonly message: string;
}

function restFailure(error: unknown): RestFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, code } = error as { status?: unknown; code?: unknown };
  return typeof status === 'number' ? { status, ...(typeof code === 'number' ? { code } : {}), message: errorMessage(error) } : undefined;
}

/**
 * Runs one Twilio request; a failure becomes a {@link CallControlError} that says what the agent
 * wanted (`doing`, e.g. "hold the customer") and, for a 20404, whether the participant or the whole
 * call is gone (`gone`).
 */
export async function twilioStep<T>(doing: string, gone: 'participant' | 'call', request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof CallControlError) throw error;
    const failure = restFailure(error);
    const twilioCode = failure?.code;
    const options = { cause: error, ...(twilioCode !== undefined ? { twilioCode } : {}) };
    if (failure?.status === 404 || twilioCode === 20404) {
      throw gone === 'participant'
        ? new CallControlError('participant-gone', `Could not ${doing}: that participant has already left the call. Nothing else was changed.`, options)
        : new CallControlError('call-ended', `Could not ${doing}: the call has already ended.`, options);
    }
    if (failure?.status === 429) throw new CallControlError('rate-limited', `Could not ${doing}: Twilio is busy (too many requests). Nothing was changed; try again in a moment.`, options);
    throw new CallControlError('twilio-failed', `Could not ${doing}: Twilio answered "${failure?.message ?? errorMessage(error)}"${twilioCode ? ` (error ${twilioCode})` : ''}. Nothing else was changed.`, options);
  }
}
