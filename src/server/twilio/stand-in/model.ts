/**
 * What every part of the Twilio stand-in shares: resource ids in Twilio's form, Twilio's two date
 * formats, Twilio's error answers and the reading of form-encoded parameters.
 */
import { randomBytes } from 'node:crypto';
import { SoftphoneError } from '../../../core/index.js';

/** Form parameters as Twilio receives them (repeated names become arrays). */
export type FormParams = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A new resource id: Twilio's two-letter prefix and 32 hex digits, e.g. `CA…` for a call. */
export function newSid(prefix: 'CA' | 'CF' | 'RE' | 'WS' | 'WA' | 'WK' | 'WQ' | 'WW' | 'WT' | 'WR' | 'EV'): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

/** The 2010 API's dates: RFC 2822, e.g. `Tue, 01 Dec 2026 02:17:50 +0000`. */
export function rfc2822(at: number): string {
  return new Date(at).toUTCString().replace('GMT', '+0000');
}

/** TaskRouter's dates: ISO 8601 without milliseconds, e.g. `2026-12-01T02:17:50Z`. */
export function iso8601(at: number): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * An error answer as Twilio gives it: an HTTP status and a body of `code`, `message`, `more_info`
 * and `status` (the `twilio` library turns it into a `RestException`).
 */
export class TwilioApiError extends SoftphoneError<'twilio-api-error'> {
  override readonly name = 'TwilioApiError';
  /**
   * @param status the HTTP status.
   * @param twilioCode Twilio's error code, e.g. 20404.
   * @param message Twilio's words for it.
   */
  constructor(
    readonly status: number,
    readonly twilioCode: number,
    message: string,
  ) {
    super('twilio-api-error', message);
  }

  /** The response body, as Twilio sends it. */
  body(): { code: number; message: string; more_info: string; status: number } {
    return { code: this.twilioCode, message: this.message, more_info: `https://www.twilio.com/docs/errors/${this.twilioCode}`, status: this.status };
  }
}

/** Twilio's 20404 for a resource that does not exist (or no longer does), naming the path. */
export function notFound(path: string): TwilioApiError {
  return new TwilioApiError(404, 20404, `The requested resource ${path} was not found`);
}

/** One parameter as a string (the last one when repeated). */
export function param(params: FormParams, name: string): string | undefined {
  const value = params[name];
  if (Array.isArray(value)) return value.at(-1);
  return typeof value === 'string' ? value : undefined;
}

/** A parameter that may repeat (`StatusCallbackEvent=ringing&StatusCallbackEvent=answered`), or is space-separated as TwiML attributes are. */
export function list(params: FormParams, name: string): string[] {
  const value = params[name];
  const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return values.flatMap((item: string) => item.split(/[\s,]+/)).filter(Boolean);
}

/** A required parameter, or Twilio's 400 with the code it uses for that parameter (21201 for a missing `To`, …). */
export function required(params: FormParams, name: string, code = 20001): string {
  const value = param(params, name);
  if (value === undefined || value === '') throw new TwilioApiError(400, code, `Missing required parameter ${name} in the post body`);
  return value;
}

/** A boolean parameter (`true`/`false`), or `fallback` when absent; anything else is Twilio's 400. */
export function flag(params: FormParams, name: string, fallback: boolean): boolean {
  const value = param(params, name);
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new TwilioApiError(400, 20001, `${name} must be true or false, got ${value}`);
}

/** A whole-number parameter within bounds, or `fallback` when absent. */
export function integer(params: FormParams, name: string, fallback: number, min: number, max: number): number {
  const text = param(params, name);
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new TwilioApiError(400, 20001, `${name} must be a whole number from ${min} to ${max}, got ${text}`);
  return value;
}

/**
 * A `To` address as Twilio reads it: a Voice SDK client's address may carry custom parameters in
 * query string notation (`client:alice?name=value&…`), which go to the SDK's `call.customParameters`
 * (values URL-decoded, as the SDK decodes them) while the call is to `client:alice`.
 */
export function dialledAddress(to: string): { readonly to: string; readonly customParameters?: Record<string, string> } {
  const match = /^(client:[^?]+)\?(.*)$/s.exec(to);
  if (!match?.[1]) return { to };
  const customParameters = Object.fromEntries(new URLSearchParams(match[2] ?? ''));
  return { to: match[1], ...(Object.keys(customParameters).length ? { customParameters } : {}) };
}
