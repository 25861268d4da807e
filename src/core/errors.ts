/**
 * The root of every error this package throws, and one way to read any caught value as a message.
 * Kept tiny: every browser bundle carries it.
 */

/**
 * Base class of every error of ours: `instanceof SoftphoneError` tells our failures from anyone
 * else's, `code` says which kind it is (each subclass narrows `Code`), and a wrapped error stays
 * reachable as `cause`. Subclasses set `name` explicitly, because bundlers minify class names.
 */
export class SoftphoneError<Code extends string = string> extends Error {
  override readonly name: string = 'SoftphoneError';
  /** The kind of failure, stable for programs to test (the message is for people). */
  readonly code: Code;

  /**
   * @param code the kind of failure.
   * @param message what went wrong and what to do about it.
   * @param options `cause`: the error (or other thrown value) this one wraps, kept for debugging.
   */
  constructor(code: Code, message: string, options?: { readonly cause?: unknown }) {
    // A `cause: undefined` (a call site passing `{ cause }` with nothing caught) adds no own property.
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** The message of a caught value: an `Error`'s own message, anything else as a string. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
