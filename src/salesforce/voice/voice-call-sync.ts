import type { CallDirection, CallId, EndReason } from '../../core/index.js';

/** A call as the server needs it to create its VoiceCall. */
export interface VoiceCallStart {
  /** The provider's call id: the VoiceCall's `vendorCallKey`. */
  readonly vendorCallKey: CallId;
  readonly direction: CallDirection;
  /** Caller (inbound) or agent line (outbound). */
  readonly from: string;
  /** Dialled number (inbound) or far end (outbound). */
  readonly to: string;
  /** ISO 8601. */
  readonly startTime: string;
  readonly data?: Readonly<Record<string, string>>;
}

/** What the server records when a call ends. */
export interface VoiceCallEnd {
  readonly vendorCallKey: CallId;
  readonly startTime: string;
  readonly acceptTime?: string;
  readonly endTime: string;
  readonly reason: EndReason;
  readonly totalHoldDurationSeconds: number;
  readonly numberOfHolds: number;
}

/**
 * The vendor server's side of a call: it owns the VoiceCall (Telephony Integration API) so the
 * connector only reports call life-cycle facts. Implementations must be idempotent per
 * `vendorCallKey`: after a reload the connector reports live calls again.
 */
export interface VoiceCallSync {
  /** Resolves once the VoiceCall exists, with its id when the server learnt it. */
  started(call: VoiceCallStart): Promise<{ readonly voiceCallId?: string }>;
  connected(vendorCallKey: CallId, acceptTime: string): Promise<void>;
  ended(call: VoiceCallEnd): Promise<void>;
}

/** For deployments where the telephony system itself creates the VoiceCall: reports nothing. */
export const noVoiceCallSync: VoiceCallSync = {
  started: async () => ({}),
  connected: async () => undefined,
  ended: async () => undefined,
};
