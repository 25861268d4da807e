import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/** A number as received and, where it could be parsed, in E.164 and readable form. */
export interface NormalizedNumber {
  readonly raw: string;
  /** `+14155550142`, or undefined when the input is not a valid phone number. */
  readonly e164?: string;
  /** International format (`+1 415 555 0142`) when valid, else the trimmed input. */
  readonly display: string;
}

/** ISO 3166 region used when a number carries no country code. */
export type Region = CountryCode;

/**
 * Normalizes a phone number in any common format (`(415) 555-0142`, `+1 415-555-0142`,
 * `4155550142`, `tel:` and `sip:` URIs) to E.164 using `defaultRegion` for national numbers.
 */
export function normalizePhoneNumber(raw: string, defaultRegion: Region = 'US'): NormalizedNumber {
  const trimmed = raw.trim().slice(0, 64);
  const candidate = stripUri(trimmed);
  const parsed = parsePhoneNumberFromString(candidate, defaultRegion);
  if (!parsed || !parsed.isPossible()) return { raw: trimmed, display: trimmed };
  return { raw: trimmed, e164: parsed.number, display: parsed.formatInternational() };
}

/** `sip:+14155550142@pbx;user=phone` → `+14155550142`; `tel:+1-415…` → `+1-415…`. */
function stripUri(value: string): string {
  const match = /^(?:sips?|tel):([^@;]+)/i.exec(value);
  return match?.[1] ?? value;
}
