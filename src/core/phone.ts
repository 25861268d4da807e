// The `core` build of libphonenumber-js takes its metadata as an argument, so the browser bundle
// carries only the numbering plans a page is given (a few KB) instead of every country's (~19 KB gzipped).
import { parsePhoneNumberFromString, PhoneNumber, type CountryCode, type E164Number, type MetadataJson } from 'libphonenumber-js/core';

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
 * Numbering plans for {@link normalizePhoneNumber} (libphonenumber-js metadata, JSON-serialisable):
 * all countries on a server, only the configured regions in a softphone page.
 */
export type PhoneMetadata = MetadataJson;

/**
 * Normalizes a phone number in any common format (`(415) 555-0142`, `+1 415-555-0142`,
 * `4155550142`, `tel:` and `sip:` URIs) to E.164 using `defaultRegion` for national numbers.
 *
 * National numbers need `metadata` that holds `defaultRegion`. Without metadata, or when it lacks
 * the number's country calling code, only international numbers (`+` then 8 to 15 digits, spaces,
 * dashes, dots and parentheses ignored) get an E.164 form, shown as written. Never throws.
 */
export function normalizePhoneNumber(raw: string, defaultRegion: Region = 'US', metadata?: PhoneMetadata): NormalizedNumber {
  const trimmed = raw.trim().slice(0, 64);
  const candidate = stripUri(trimmed);
  if (metadata) {
    const parsed = parse(candidate, defaultRegion, metadata);
    if (parsed) return { raw: trimmed, e164: parsed.number, display: parsed.formatInternational() };
    // A country the metadata knows but a number it rejects stays unparsed, as with every plan loaded.
    if (knowsCallingCode(candidate, metadata)) return { raw: trimmed, display: trimmed };
  }
  const e164 = genericInternational(candidate);
  return e164 ? { raw: trimmed, e164, display: trimmed } : { raw: trimmed, display: trimmed };
}

const E164 = /^\+[1-9]\d{6,14}$/;

function parse(candidate: string, defaultRegion: Region, metadata: PhoneMetadata) {
  // Numbers that arrive in E.164 (most providers send them so) need no parsing, only splitting into
  // calling code and national number, which the library's PhoneNumber does at about a third less
  // cost: the time a ring waits for. Anything else, or a number that is not possible as written
  // (say, with a national prefix after the calling code), goes through the full parse.
  if (E164.test(candidate)) {
    try {
      const number = new PhoneNumber(candidate as E164Number, metadata);
      if (number.isPossible()) return number;
    } catch {
      // A calling code the metadata does not know: the full parse decides.
    }
  }
  try {
    // A default region the metadata lacks would make libphonenumber throw: parse international numbers only.
    const parsed = Object.hasOwn(metadata.countries, defaultRegion)
      ? parsePhoneNumberFromString(candidate, defaultRegion, metadata)
      : parsePhoneNumberFromString(candidate, metadata);
    return parsed?.isPossible() ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const INTERNATIONAL = /^\+[\d\s().-]+$/;

/** `+` then 8 to 15 digits (E.164's longest), separators ignored: the number as an E.164 string. */
function genericInternational(candidate: string): string | undefined {
  if (!INTERNATIONAL.test(candidate)) return undefined;
  const digits = candidate.replace(/\D/g, '');
  return digits.length >= 8 && digits.length <= 15 && digits[0] !== '0' ? `+${digits}` : undefined;
}

/** Whether an international number's country calling code (1 to 3 digits, prefix-free) is in the metadata. */
function knowsCallingCode(candidate: string, metadata: PhoneMetadata): boolean {
  if (!INTERNATIONAL.test(candidate)) return false;
  const digits = candidate.replace(/\D/g, '');
  for (let length = 1; length <= 3; length++) {
    const code = digits.slice(0, length);
    if (Object.hasOwn(metadata.country_calling_codes, code) || Object.hasOwn(metadata.nonGeographic ?? {}, code)) return true;
  }
  return false;
}

/** `sip:+14155550142@pbx;user=phone` → `+14155550142`; `tel:+1-415…` → `+1-415…`. */
function stripUri(value: string): string {
  const match = /^(?:sips?|tel):([^@;]+)/i.exec(value);
  return match?.[1] ?? value;
}
