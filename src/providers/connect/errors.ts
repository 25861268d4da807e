import { ProviderError, errorMessage, type ProviderErrorCode } from '../../core/index.js';

/** A Streams API call failed; `detail` is what Streams reported. */
export class ConnectApiError extends ProviderError {
  override readonly name = 'ConnectApiError';
  constructor(
    code: ProviderErrorCode,
    message: string,
    readonly detail?: string,
    options?: { readonly cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Runs a Streams method that reports through `{ success, failure }` callbacks, as a promise. */
export function streamsCall<T = void>(what: string, run: (callbacks: { success: (value?: T) => void; failure: (detail?: string) => void }) => void): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    try {
      run({
        success: (value) => resolve(value),
        failure: (detail) => reject(new ConnectApiError('rejected', `Amazon Connect refused to ${what}${detail ? `: ${describe(detail)}` : ''}.`, detail)),
      });
    } catch (error) {
      reject(new ConnectApiError('transport', `Amazon Connect could not ${what}: ${errorMessage(error)}.`, undefined, { cause: error }));
    }
  });
}

/** Streams failures come as JSON strings or plain text. */
function describe(detail: unknown): string {
  if (typeof detail !== 'string') return String(detail);
  try {
    const parsed = JSON.parse(detail) as { message?: string; type?: string };
    return parsed.message ?? parsed.type ?? detail;
  } catch {
    return detail;
  }
}
