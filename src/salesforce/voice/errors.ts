import { SoftphoneError } from '../../core/index.js';

/** Kinds of Voice host failure. */
export type VoiceHostErrorCode = 'unsupported' | 'no-call' | 'timeout' | 'invalid-config';

/**
 * A connector method Salesforce called cannot be carried out. The library turns a rejected method
 * into the matching `CAN_NOT_…` error in Salesforce's softphone; the message says what to do.
 */
export class VoiceHostError extends SoftphoneError<VoiceHostErrorCode> {
  override readonly name = 'VoiceHostError';
  /** `options.cause` is the error this one wraps, if any. */
  constructor(code: VoiceHostErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(code, message, options);
  }
}
