/** Kinds of Voice host failure. */
export type VoiceHostErrorCode = 'unsupported' | 'no-call' | 'timeout' | 'invalid-config';

/**
 * A connector method Salesforce called cannot be carried out. The library turns a rejected method
 * into the matching `CAN_NOT_…` error in Salesforce's softphone; the message says what to do.
 */
export class VoiceHostError extends Error {
  override readonly name = 'VoiceHostError';
  constructor(
    readonly code: VoiceHostErrorCode,
    message: string,
  ) {
    super(message);
  }
}
