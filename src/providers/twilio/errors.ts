import { ProviderError, type ProviderErrorCode } from '../../core/index.js';
import type { TwilioErrorLike } from './sdk.js';

/**
 * A Twilio Voice SDK error, as the agent should read it. `code` is the provider-neutral kind;
 * `twilioCode` the SDK's numeric code (see twilio.com/docs/api/errors/<code>).
 */
export class TwilioVoiceError extends ProviderError {
  override readonly name = 'TwilioVoiceError';
  /** `options.cause` is the SDK's own error. */
  constructor(
    code: ProviderErrorCode,
    message: string,
    readonly twilioCode: number,
    options?: { readonly cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** The access token could not be fetched from the server. */
export class TwilioTokenError extends ProviderError {
  override readonly name = 'TwilioTokenError';
  /** `options.cause` is why the fetch failed, when it threw. */
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super('not-connected', message, options);
  }
}

type Known = readonly [ProviderErrorCode, string];

/** Codes agents meet, with what to do about them. The rest keep the SDK's own description. */
const KNOWN: Readonly<Record<number, Known>> = {
  20101: ['not-connected', 'The Twilio access token is invalid: check TWILIO_ACCOUNT_SID, TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET on the server.'],
  20103: ['not-connected', 'The Twilio access token was refused (authentication failed): check the server\'s Twilio API key.'],
  20104: ['not-connected', 'The Twilio access token expired: reload the softphone.'],
  20151: ['not-connected', 'The Twilio access token lasts too long: issue tokens valid for at most 24 hours.'],
  20157: ['not-connected', 'The Twilio access token expired: reload the softphone.'],
  31005: ['transport', 'The connection to Twilio was lost: check the network; the softphone reconnects by itself.'],
  31009: ['transport', 'Twilio cannot be reached: check the network or firewall (wss://voice-js.twilio.com).'],
  53000: ['transport', 'The connection to Twilio was lost: check the network; the softphone reconnects by itself.'],
  31204: ['not-connected', 'The Twilio access token is not valid: check the server\'s Twilio settings.'],
  31205: ['not-connected', 'The Twilio access token expired: reload the softphone.'],
  31401: ['media', 'The browser blocked the microphone: allow microphone access for this page and try again.'],
  31402: ['media', 'No microphone could be opened: plug one in or close other apps using it.'],
  31208: ['media', 'The browser blocked the microphone: allow microphone access for this page and try again.'],
  31003: ['media', 'The call\'s audio could not connect (ICE failed): a firewall may block UDP to Twilio.'],
  53405: ['media', 'The call\'s audio connection failed: check the network or firewall.'],
  31486: ['rejected', 'The number is busy.'],
  31480: ['rejected', 'The callee is temporarily unavailable.'],
  31603: ['rejected', 'The callee declined the call.'],
  31404: ['invalid-argument', 'The number was not found: check it and dial again.'],
  31002: ['rejected', 'The call was declined.'],
  21211: ['invalid-argument', 'The number to dial is not valid: check it and dial again.'],
};

/** Maps a Twilio SDK error to a typed error whose message tells the agent what to do. */
export function fromTwilioError(error: TwilioErrorLike): TwilioVoiceError {
  const known = KNOWN[error.code];
  if (known) return new TwilioVoiceError(known[0], known[1], error.code, { cause: error });
  const code: ProviderErrorCode = error.code >= 31400 && error.code < 31500 ? 'media' : 'transport';
  const text = error.description || error.message || 'Twilio reported an error';
  return new TwilioVoiceError(code, `${text} (Twilio error ${error.code}).`, error.code, { cause: error });
}
