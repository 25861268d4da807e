/**
 * How a softphone configuration names its provider. Each provider folder exports a factory
 * (`simulator({...})`, `sip({...})`, …) that validates its options and returns a
 * {@link ProviderConfig}: plain JSON, so a build can embed it in the softphone page and the page's
 * entry point can create the provider from it.
 */
import { SoftphoneError } from './errors.js';
import type { TelephonyProvider } from './provider.js';
import type { ProviderServices } from './server-session.js';

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

/**
 * How a page creates the provider of one kind: each provider folder's `browser.ts` exports one,
 * typed by its configuration, so the page hands it to `startSoftphone` / `startVoiceConnector`
 * and the configuration read from the page reaches `create` already narrowed by
 * {@link isProviderKind}, with no cast.
 */
export interface BrowserProviderEntry<Config extends ProviderConfig = ProviderConfig> {
  /** The `kind` of the configurations this entry creates providers for, e.g. `sip`. */
  readonly kind: Config['kind'];
  /** Creates the provider of a configuration of this kind, with what only a page can supply (DOM, SDK). */
  create(config: Config, services?: ProviderServices): TelephonyProvider;
}

/** Whether `config` names the provider `kind`: narrows a page's configuration to that provider's. */
export function isProviderKind<Config extends ProviderConfig>(config: ProviderConfig, kind: Config['kind']): config is Config {
  return config.kind === kind;
}

/** A configuration value is missing or wrong. `field` is its dotted path, e.g. `provider.sip.server`. */
export class ConfigError extends SoftphoneError<'invalid-config'> {
  override readonly name = 'ConfigError';
  /**
   * @param field the value's dotted path.
   * @param expected what it must be, e.g. `a ws:// or wss:// URL`.
   * @param got the value given; when passed (even `undefined`), the message shows it.
   * @param options `cause`: the error this one wraps.
   */
  constructor(
    readonly field: string,
    expected: string,
    got?: unknown,
    options?: { readonly cause?: unknown },
  ) {
    super('invalid-config', `${field} must be ${expected}${arguments.length > 2 ? `, got ${describeValue(got)}` : ''}`, options);
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
