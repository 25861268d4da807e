/**
 * The outbound-destination policy of `softphone.config.ts` (`dialPolicy`): which numbers the
 * server lets an agent's softphone call, and how often. Validated here, where the rest of the
 * config is; the server's `DialPolicy` (src/server/security/dial-policy.ts) applies it.
 */
import { ConfigError, type Region } from '../core/index.js';
import { isPhoneRegion } from './phone-metadata.js';

/** libphonenumber-js number types (`PhoneNumber.getType()`), as a policy may name them. */
export const DIAL_NUMBER_TYPES = [
  'PREMIUM_RATE', 'SHARED_COST', 'PERSONAL_NUMBER', 'UAN', 'PAGER', 'VOIP', 'VOICEMAIL', 'TOLL_FREE', 'MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE',
] as const;
/** A libphonenumber-js number type. */
export type DialNumberType = (typeof DIAL_NUMBER_TYPES)[number];

/**
 * Ranges refused unless a policy says otherwise: the ones callers pay a premium or a share for,
 * and the ones toll fraud pumps traffic to (UK 070 personal numbers and 076 pagers, universal
 * access numbers that forward anywhere).
 */
export const DEFAULT_BLOCKED_NUMBER_TYPES: readonly DialNumberType[] = ['PREMIUM_RATE', 'SHARED_COST', 'PERSONAL_NUMBER', 'UAN', 'PAGER'];

/** Calls one agent may place (defaults: 10 a minute, 120 an hour). */
export interface DialRateInput {
  readonly perMinute?: number;
  readonly perHour?: number;
}

/** What a user writes as `dialPolicy`. */
export interface DialPolicyInput {
  /** E.164 prefixes that may be called, e.g. `['+1', '+44']`. */
  readonly allowPrefixes?: readonly string[];
  /**
   * Countries that may be called (ISO 3166 two-letter codes, as libphonenumber-js assigns numbers
   * to them: `+1 264…` is AI, not US). Without `allowPrefixes` or `allowCountries`: the config's
   * `phoneRegions`.
   */
  readonly allowCountries?: readonly string[];
  /** Number types refused wherever they are (default {@link DEFAULT_BLOCKED_NUMBER_TYPES}; `[]` blocks none). */
  readonly blockNumberTypes?: readonly DialNumberType[];
  /** E.164 prefixes (or whole numbers) always refused, whatever else allows them. */
  readonly denyPrefixes?: readonly string[];
  /** Per-agent rate; `false` switches it off. */
  readonly rate?: DialRateInput | false;
}

/** A validated policy with every default filled in. */
export interface DialPolicyConfig {
  readonly allowPrefixes: readonly string[];
  readonly allowCountries: readonly Region[];
  readonly blockNumberTypes: readonly DialNumberType[];
  readonly denyPrefixes: readonly string[];
  /** `false`: no rate limit. */
  readonly rate: { readonly perMinute: number; readonly perHour: number } | false;
}

/** Default per-agent rate: more than a person dials by hand, far less than a fraud script. */
export const DEFAULT_DIAL_RATE = { perMinute: 10, perHour: 120 } as const;

const PREFIX = /^\+[1-9]\d{0,14}$/;

function list(value: unknown, field: string): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError(field, 'a list', value);
  return value;
}

function prefixes(value: unknown, field: string): readonly string[] {
  return list(value, field).map((item, index) => {
    if (typeof item !== 'string' || !PREFIX.test(item)) throw new ConfigError(`${field}[${index}]`, 'an E.164 prefix: "+" and 1 to 15 digits, e.g. "+1" or "+4420"', item);
    return item;
  });
}

function rateCount(value: unknown, field: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) throw new ConfigError(field, `a whole number of calls from 1 to ${max}`, value);
  return value;
}

/**
 * Validates `dialPolicy` and fills in its defaults; `defaultCountries` (the config's phone regions)
 * are allowed when neither prefixes nor countries are. Throws a {@link ConfigError} naming the
 * field (`dialPolicy.denyPrefixes[2]`, …).
 */
export function dialPolicyConfig(value: unknown, defaultCountries: readonly Region[], field = 'dialPolicy'): DialPolicyConfig {
  if (value === undefined) value = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(field, 'an object', value);
  const input = value as Readonly<Record<string, unknown>>;
  const known = ['allowPrefixes', 'allowCountries', 'blockNumberTypes', 'denyPrefixes', 'rate'];
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) throw new ConfigError(`${field}.${key}`, `one of the known options (${known.join(', ')})`, 'an unknown option');
  }
  const allowPrefixes = prefixes(input.allowPrefixes, `${field}.allowPrefixes`);
  const countries = list(input.allowCountries, `${field}.allowCountries`).map((item, index) => {
    if (typeof item !== 'string' || !isPhoneRegion(item)) throw new ConfigError(`${field}.allowCountries[${index}]`, 'a two-letter country code such as US or GB', item);
    return item;
  });
  const blockNumberTypes = input.blockNumberTypes === undefined
    ? DEFAULT_BLOCKED_NUMBER_TYPES
    : list(input.blockNumberTypes, `${field}.blockNumberTypes`).map((item, index) => {
      if (typeof item !== 'string' || !(DIAL_NUMBER_TYPES as readonly string[]).includes(item)) {
        throw new ConfigError(`${field}.blockNumberTypes[${index}]`, `a libphonenumber-js number type (${DIAL_NUMBER_TYPES.join(', ')})`, item);
      }
      return item as DialNumberType;
    });
  let rate: DialPolicyConfig['rate'] = DEFAULT_DIAL_RATE;
  if (input.rate === false) rate = false;
  else if (input.rate !== undefined) {
    if (typeof input.rate !== 'object' || input.rate === null || Array.isArray(input.rate)) throw new ConfigError(`${field}.rate`, 'an object { perMinute, perHour } or false', input.rate);
    const given = input.rate as Readonly<Record<string, unknown>>;
    for (const key of Object.keys(given)) {
      if (key !== 'perMinute' && key !== 'perHour') throw new ConfigError(`${field}.rate.${key}`, 'one of the known options (perMinute, perHour)', 'an unknown option');
    }
    const perMinute = rateCount(given.perMinute, `${field}.rate.perMinute`, DEFAULT_DIAL_RATE.perMinute, 10_000);
    const perHour = rateCount(given.perHour, `${field}.rate.perHour`, Math.max(DEFAULT_DIAL_RATE.perHour, perMinute), 600_000);
    if (perHour < perMinute) throw new ConfigError(`${field}.rate.perHour`, `at least rate.perMinute (${perMinute})`, perHour);
    rate = { perMinute, perHour };
  }
  const noAllowList = allowPrefixes.length === 0 && countries.length === 0;
  return {
    allowPrefixes,
    allowCountries: noAllowList ? [...defaultCountries] : [...new Set(countries)],
    blockNumberTypes: [...new Set(blockNumberTypes)],
    denyPrefixes: prefixes(input.denyPrefixes, `${field}.denyPrefixes`),
    rate,
  };
}
