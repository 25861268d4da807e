import { ProviderError, errorMessage, type CallWarningKind } from '../../core/index.js';
import { fromTwilioError } from './errors.js';
import type { TwilioErrorLike } from './sdk.js';

/** SDK warning names → vendor-neutral kinds (Twilio's call-quality events). */
export const TWILIO_WARNINGS: Readonly<Record<string, CallWarningKind>> = {
  'high-rtt': 'latency',
  'high-jitter': 'jitter',
  'high-packet-loss': 'packet-loss',
  'high-packets-lost-fraction': 'packet-loss',
  'low-mos': 'quality',
  'constant-audio-input-level': 'audio-input',
  'constant-audio-output-level': 'audio-output',
  'low-bytes-received': 'network',
  'low-bytes-sent': 'network',
  'ice-connectivity-lost': 'network',
};

/** Whether a thrown value is a Twilio SDK error (it has a numeric `code`). */
export function isTwilioError(error: unknown): error is TwilioErrorLike {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number';
}

/** Twilio names client endpoints `client:<identity>`. */
export function stripClient(address: string): string {
  return address.replace(/^client:/, '');
}

/** What a failed start-up rejects with: a `ProviderError` as it is, a Twilio error mapped, anything else a transport failure. */
export function startFailure(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  return isTwilioError(error) ? fromTwilioError(error) : new ProviderError('transport', errorMessage(error), { cause: error });
}
