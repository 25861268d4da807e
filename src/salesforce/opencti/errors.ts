/** Kinds of Open CTI failure. */
export type OpenCtiErrorCode = 'timeout' | 'api-error' | 'unavailable' | 'invalid-argument';

/** An Open CTI call failed; `method` names it and `details` holds Salesforce's own errors. */
export class OpenCtiError extends Error {
  override readonly name = 'OpenCtiError';
  constructor(
    readonly code: OpenCtiErrorCode,
    readonly method: string,
    message: string,
    readonly details: readonly unknown[] = [],
  ) {
    super(message);
  }
}
