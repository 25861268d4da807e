/**
 * Toll-fraud limits: whether an agent may call a number, decided on the server where calls are
 * placed (the Twilio voice webhook, a call-control service), never in the browser. Numbers are
 * classified with libphonenumber-js's full ("max") metadata, which knows each country's premium-rate,
 * shared-cost and other number types; the softphone's pages carry none of it.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { dialPolicyConfig, type DialNumberType, type DialPolicyConfig, type DialPolicyInput } from '../../config/dial-policy-config.js';
import type { Region } from '../../core/index.js';

/** The rule that decided a verdict. */
export type DialRule =
  | 'allowed-prefix'
  | 'allowed-country'
  | 'not-e164'
  | 'denied-prefix'
  | 'invalid-number'
  | 'blocked-number-type'
  | 'destination-not-allowed'
  | 'rate-per-minute'
  | 'rate-per-hour';

/** A call the policy allows. */
export interface DialAllowed {
  readonly allowed: true;
  readonly rule: 'allowed-prefix' | 'allowed-country';
  /** The number in E.164 form, as it may be dialled. */
  readonly number: string;
  readonly country?: string;
  readonly type?: DialNumberType;
  /** Which rule allowed which number, in words. */
  readonly reason: string;
}

/** A call the policy refuses. */
export interface DialRefused {
  readonly allowed: false;
  readonly rule: Exclude<DialRule, 'allowed-prefix' | 'allowed-country'>;
  /** The number as asked for (E.164 when it parsed). */
  readonly number: string;
  /** Which rule refused which number, in words: for logs, error bodies and the agent. */
  readonly reason: string;
  /** For the rate rules: seconds until the agent may call again. */
  readonly retryAfterSeconds?: number;
}

/** The policy's decision about one call. */
export type DialVerdict = DialAllowed | DialRefused;

/**
 * Counts the calls each agent placed. The default keeps them in this process's memory, so behind a
 * load balancer each instance counts its own share; give every instance the same shared counter
 * (e.g. over Redis) to hold the limit across them.
 */
export interface DialRateCounter {
  /** Calls `agent` placed after `since` (epoch ms). */
  count(agent: string, since: number): number | Promise<number>;
  /** The earliest call of `agent` after `since`, if any (for Retry-After). */
  earliest(agent: string, since: number): number | undefined | Promise<number | undefined>;
  /** Records a call placed at `at`. */
  record(agent: string, at: number): void | Promise<void>;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** A {@link DialRateCounter} in this process's memory; keeps an hour of call times per agent. */
export class MemoryDialRateCounter implements DialRateCounter {
  private readonly calls = new Map<string, number[]>();

  count(agent: string, since: number): number {
    return (this.calls.get(agent) ?? []).filter((at) => at > since).length;
  }

  earliest(agent: string, since: number): number | undefined {
    return (this.calls.get(agent) ?? []).find((at) => at > since);
  }

  record(agent: string, at: number): void {
    const kept = (this.calls.get(agent) ?? []).filter((time) => time > at - HOUR);
    kept.push(at);
    this.calls.set(agent, kept);
  }
}

/** Options of a {@link DialPolicy}. */
export interface DialPolicyOptions {
  /** The policy: `defineConfig`'s `dialPolicy`, or input to validate (then `defaultCountries` applies). */
  readonly policy?: DialPolicyConfig | DialPolicyInput;
  /** Countries allowed when the input names neither prefixes nor countries (default `['US']`). */
  readonly defaultCountries?: readonly Region[];
  /** Where placed calls are counted (default: in memory). */
  readonly counter?: DialRateCounter;
  /** Clock (epoch ms), for tests. */
  readonly now?: () => number;
}

/** A request to place a call. */
export interface DialRequest {
  /** The number asked for: E.164, possibly with spaces, dots, dashes or brackets. */
  readonly to: string;
  /** Who is calling: the key the per-agent rate counts by (the agent's id or telephony identity). */
  readonly agent: string;
}

const FORMATTING = /[\s().-]/g;

const refuse = (rule: DialRefused['rule'], number: string, reason: string, retryAfterSeconds?: number): DialRefused =>
  ({ allowed: false, rule, number, reason, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) });

/**
 * The outbound-destination policy. {@link DialPolicy.check} classifies a number (pure);
 * {@link DialPolicy.authorize} also applies the per-agent rate and counts the call when allowed.
 */
export class DialPolicy {
  /** The policy in force, defaults filled in. */
  readonly config: DialPolicyConfig;
  private readonly counter: DialRateCounter;
  private readonly now: () => number;

  constructor(options: DialPolicyOptions = {}) {
    // Validated even when it comes from defineConfig (validation keeps a valid config as it is), so a
    // hand-written object cannot slip past the checks.
    this.config = dialPolicyConfig(options.policy ?? {}, options.defaultCountries ?? ['US']);
    this.counter = options.counter ?? new MemoryDialRateCounter();
    this.now = options.now ?? Date.now;
  }

  /** Whether `to` is a destination the policy allows, whoever calls it and however often. */
  check(to: string): DialVerdict {
    const asked = String(to);
    const compact = asked.replace(FORMATTING, '');
    if (!/^\+[1-9]\d{1,14}$/.test(compact)) return refuse('not-e164', asked, `not-e164: "${asked.slice(0, 40)}" is not a phone number in E.164 form (+ and up to 15 digits)`);
    const denied = this.config.denyPrefixes.find((prefix) => compact.startsWith(prefix));
    if (denied) return refuse('denied-prefix', compact, `denied-prefix: ${compact} starts with ${denied}, which dialPolicy.denyPrefixes refuses`);
    const parsed = parsePhoneNumberFromString(compact);
    if (!parsed || !parsed.isValid()) return refuse('invalid-number', compact, `invalid-number: ${compact} is not an assigned number in the numbering plan of its country code`);
    const type = parsed.getType() as DialNumberType | undefined;
    if (type && this.config.blockNumberTypes.includes(type)) {
      return refuse('blocked-number-type', compact, `blocked-number-type: ${compact} is a ${type} number (${parsed.country ?? 'non-geographic'}), which dialPolicy.blockNumberTypes refuses`);
    }
    const e164 = parsed.number;
    const described = { number: e164, ...(parsed.country ? { country: parsed.country } : {}), ...(type ? { type } : {}) };
    const prefix = this.config.allowPrefixes.find((candidate) => e164.startsWith(candidate));
    if (prefix) return { allowed: true, rule: 'allowed-prefix', ...described, reason: `allowed-prefix: ${e164} starts with ${prefix} (dialPolicy.allowPrefixes)` };
    if (parsed.country && this.config.allowCountries.includes(parsed.country)) {
      return { allowed: true, rule: 'allowed-country', ...described, reason: `allowed-country: ${e164} is in ${parsed.country} (dialPolicy.allowCountries)` };
    }
    const allowed = [...this.config.allowPrefixes, ...this.config.allowCountries].join(', ') || 'nothing';
    return refuse('destination-not-allowed', e164, `destination-not-allowed: ${e164} (${parsed.country ?? 'non-geographic'}) is outside the allowed destinations (${allowed})`);
  }

  /**
   * Decides a call `agent` asks to place now: the destination ({@link check}), then the agent's
   * rate. An allowed call is counted, so ask once per call actually placed.
   */
  async authorize(request: DialRequest): Promise<DialVerdict> {
    const verdict = this.check(request.to);
    const { rate } = this.config;
    if (!verdict.allowed || rate === false) return verdict;
    const now = this.now();
    for (const [rule, windowMs, max, per] of [['rate-per-minute', MINUTE, rate.perMinute, 'minute'], ['rate-per-hour', HOUR, rate.perHour, 'hour']] as const) {
      const since = now - windowMs;
      if ((await this.counter.count(request.agent, since)) >= max) {
        const first = (await this.counter.earliest(request.agent, since)) ?? now;
        const retryAfterSeconds = Math.max(1, Math.ceil((first + windowMs - now) / 1000));
        return refuse(rule, verdict.number, `${rule}: agent ${request.agent} already placed ${max} calls in the last ${per} (dialPolicy.rate.per${per === 'minute' ? 'Minute' : 'Hour'}); ${verdict.number} may be called in ${retryAfterSeconds} s`, retryAfterSeconds);
      }
    }
    await this.counter.record(request.agent, now);
    return verdict;
  }
}

/** The HTTP answer for a refused call in a JSON API: 429 with Retry-After for the rate, 403 otherwise. */
export function dialRefusalResponse(verdict: DialRefused): { readonly statusCode: 403 | 429; readonly headers: Readonly<Record<string, string>>; readonly body: { readonly error: 'dial-refused'; readonly rule: DialRefused['rule']; readonly number: string; readonly message: string } } {
  const rated = verdict.rule === 'rate-per-minute' || verdict.rule === 'rate-per-hour';
  return {
    statusCode: rated ? 429 : 403,
    headers: rated && verdict.retryAfterSeconds ? { 'retry-after': String(verdict.retryAfterSeconds) } : {},
    body: { error: 'dial-refused', rule: verdict.rule, number: verdict.number, message: `Call refused by the dial policy: ${verdict.reason}.` },
  };
}

/** Words the agent hears when the Twilio webhook refuses a call (no number read out). */
export function spokenRefusal(verdict: DialRefused): string {
  switch (verdict.rule) {
    case 'rate-per-minute':
    case 'rate-per-hour':
      return 'This call was not placed: you have reached the limit of outbound calls. Please try again later.';
    case 'not-e164':
    case 'invalid-number':
      return 'The number you dialled is not valid.';
    default:
      return 'This call was not placed: the number you dialled is not allowed from this phone.';
  }
}
