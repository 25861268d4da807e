/**
 * Numbering plans for phone-number normalisation, on the Node side. The softphone page gets only
 * the plans of its configured regions ({@link phoneMetadataFor}), so its bundle carries none;
 * servers and the local console use {@link FULL_PHONE_METADATA}.
 */
import metadata from 'libphonenumber-js/metadata.min.json';
import type { PhoneMetadata, Region } from '../core/index.js';

/** Every country's numbering plan (libphonenumber-js "min" metadata). */
export const FULL_PHONE_METADATA: PhoneMetadata = metadata;

/** Whether libphonenumber-js has a numbering plan for a two-letter country code. */
export function isPhoneRegion(value: string): value is Region {
  return Object.hasOwn(FULL_PHONE_METADATA.countries, value);
}

/**
 * The numbering plans of `regions` only. A region that shares its calling code with others (CA
 * with US in +1, KZ with RU in +7) also brings the code's main country, whose plan holds the shared
 * number formats. Non-geographic codes (+800, +808…) are left out. Throws on an unknown region.
 */
export function phoneMetadataFor(regions: readonly Region[]): PhoneMetadata {
  const wanted = new Set<string>();
  for (const region of regions) {
    if (!isPhoneRegion(region)) throw new RangeError(`no numbering plan for region "${String(region)}"`);
    wanted.add(region);
  }
  const codes: Record<string, Region[]> = {};
  for (const [code, countries] of Object.entries(FULL_PHONE_METADATA.country_calling_codes)) {
    if (!countries.some((country) => wanted.has(country))) continue;
    // The first country of a calling code is its main one: keep it first, as libphonenumber expects.
    codes[code] = countries.filter((country, index) => index === 0 || wanted.has(country));
  }
  const countries: Record<string, unknown> = {};
  for (const list of Object.values(codes)) for (const country of list) countries[country] = FULL_PHONE_METADATA.countries[country];
  return { version: FULL_PHONE_METADATA.version, country_calling_codes: codes, countries: countries as PhoneMetadata['countries'], nonGeographic: {} };
}
