/**
 * How a softphone configuration names its provider. Each provider folder exports a factory
 * (`simulator({...})`, `sip({...})`, …) that validates its options and returns a
 * {@link ProviderConfig}: plain JSON, so a build can embed it in the softphone page and the page's
 * entry point can create the provider from it.
 */

/** A provider chosen in a configuration, with its validated, JSON-serialisable options. */
export interface ProviderConfig<Kind extends string = string, Options = unknown> {
  /** Which provider, e.g. `simulator`, `sip`, `twilio`, `connect`. */
  readonly kind: Kind;
  readonly options: Options;
  /**
   * Origins the softphone connects to (e.g. `wss://pbx.example.com`): what the page's
   * Content-Security-Policy `connect-src` and the org's CSP Trusted Sites must allow.
   */
  readonly connectSources: readonly string[];
  /**
   * Origins the softphone embeds in frames (e.g. a vendor's own control panel): what the page's
   * `frame-src` must allow. Most providers have none.
   */
  readonly frameSources?: readonly string[];
}

/** A configuration value is missing or wrong. `field` is its dotted path, e.g. `provider.sip.server`. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'invalid-config';
  constructor(
    readonly field: string,
    expected: string,
    got?: unknown,
  ) {
    super(`${field} must be ${expected}${arguments.length > 2 ? `, got ${describeValue(got)}` : ''}`);
  }
}

/** A short, safe rendering of a bad value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}
