/**
 * What a leg that call control dials to an agent's softphone carries: the conference it joins and
 * the customer's call data, as custom parameters appended to the client address in `to`
 * (`client:bob?conferenceSid=CF…&from=%2B1415…`), which Twilio documents for conference
 * participants and calls to a Voice SDK client and the SDK hands the browser as
 * `call.customParameters`. Without them the colleague's softphone sees only the Twilio number and
 * cannot reach the conference for hold, transfer or hang-up.
 */
import type { ConferenceView } from './conference-view.js';

/** Task attributes that say who calls, or are TaskRouter's and the server's own bookkeeping: not call data. */
const NOT_DATA = new Set(['from', 'to', 'caller_name', 'call_sid', 'conference', 'transfer', 'account_sid', 'api_version', 'direction']);
/**
 * Twilio's documented bounds for a client's custom parameters (`<Parameter>`: names up to 32 bytes,
 * values up to 128 bytes, up to 8 per call), kept for these too so no leg is refused for its size.
 */
const MAX_PARAMETERS = 8;
const MAX_VALUE_BYTES = 128;
/** The Voice SDK decodes values but not names, so names stay plain. */
const NAME = /^[A-Za-z0-9_]{1,32}$/;

/** The parameters of a leg dialled into `view`: the conference, the customer's number and name, then the task's call data. */
export function legParameters(view: Pick<ConferenceView, 'conferenceSid'>, customer: { readonly number?: string }, attributes: Readonly<Record<string, unknown>>): Record<string, string> {
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined);
  const fits = (value: string) => Buffer.byteLength(value) <= MAX_VALUE_BYTES;
  const parameters: Record<string, string> = { conferenceSid: view.conferenceSid };
  const from = text(attributes.from) ?? customer.number;
  if (from && fits(from)) parameters.from = from;
  const name = text(attributes.caller_name);
  if (name && fits(name)) parameters.callerName = name;
  for (const [key, raw] of Object.entries(attributes)) {
    if (Object.keys(parameters).length >= MAX_PARAMETERS) break;
    const value = text(raw);
    if (NOT_DATA.has(key) || key in parameters || !NAME.test(key) || value === undefined || !fits(value)) continue;
    parameters[key] = value;
  }
  return parameters;
}

/** `client:<identity>` with `parameters` in query string notation, values URL-encoded. */
export function clientAddress(identity: string, parameters: Readonly<Record<string, string>>): string {
  const query = Object.entries(parameters)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
  return query ? `client:${identity}?${query}` : `client:${identity}`;
}
