/**
 * Twilio's request signature (`X-Twilio-Signature`), checked with the official library: the one
 * check behind the voice webhook, the contact centre's callbacks, and the rate limits' exemption of
 * requests Twilio signed.
 */
import type { FastifyRequest } from 'fastify';
import type { TwilioServerSettings } from '../twilio-settings.js';
import type { TwilioLibrary } from './client.js';

/** What a request that Twilio did not sign is answered (with 403). */
export const UNSIGNED_REFUSAL = 'X-Twilio-Signature does not validate: this request did not come from Twilio, or TWILIO_WEBHOOK_BASE_URL is not the URL Twilio calls.';

/** The URL Twilio called: `TWILIO_WEBHOOK_BASE_URL` when set (behind a proxy), else the one the request came to. */
export function publicBase(settings: Pick<TwilioServerSettings, 'publicBaseUrl'>, request: FastifyRequest): string {
  return settings.publicBaseUrl ?? `${request.protocol}://${request.host}`;
}

/** The request's form parameters (what Twilio signs with the URL). */
export function formOf(request: FastifyRequest): Record<string, string> {
  return typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, string>) : {};
}

/** A check of `X-Twilio-Signature` against the URL Twilio called and the form it posted. */
export function twilioSignatureCheck(library: Pick<TwilioLibrary, 'validateRequest'>, settings: Pick<TwilioServerSettings, 'authToken' | 'publicBaseUrl'>): (request: FastifyRequest) => boolean {
  return (request) => {
    const signature = request.headers['x-twilio-signature'];
    return typeof signature === 'string' && library.validateRequest(settings.authToken, signature, `${publicBase(settings, request)}${request.url}`, formOf(request));
  };
}
