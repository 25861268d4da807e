import { SoftphoneError } from '../../core/index.js';

/** Kinds of Open CTI failure (`untrusted-host`: the page framing the softphone is not a Salesforce page it may trust). */
export type OpenCtiErrorCode = 'timeout' | 'api-error' | 'unavailable' | 'invalid-argument' | 'untrusted-host';

/** An Open CTI call failed; `method` names it and `details` holds Salesforce's own errors. */
export class OpenCtiError extends SoftphoneError<OpenCtiErrorCode> {
  override readonly name = 'OpenCtiError';
  /** `options.cause` is what the Open CTI method threw, if it threw. */
  constructor(
    code: OpenCtiErrorCode,
    readonly method: string,
    message: string,
    readonly details: readonly unknown[] = [],
    options?: { readonly cause?: unknown },
  ) {
    super(code, message, options);
  }
}
