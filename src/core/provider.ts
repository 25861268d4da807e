import type { AgentStatus, CallEvent, CallId, ProviderHealth } from './events.js';

/** What a provider can do beyond ringing, answering and hanging up. */
export interface ProviderCapabilities {
  readonly outbound: boolean;
  readonly hold: boolean;
  readonly mute: boolean;
  readonly dtmf: boolean;
  readonly transfer: { readonly blind: boolean; readonly consult: boolean };
  readonly conference: boolean;
  readonly recording: boolean;
  readonly presence: boolean;
}

/** Handed to a provider on `connect`: the only way it reports anything. */
export interface ProviderContext {
  /** Report a normalized event. Safe to call at any time, from any callback. */
  emit(event: CallEvent): void;
  /** The connector's clock (epoch ms); providers stamp events with it. */
  now(): number;
}

/** Options of an outbound call. */
export interface DialOptions {
  /** Vendor-neutral data to attach to the call (becomes e.g. SIP headers or Twilio params). */
  readonly data?: Readonly<Record<string, string>>;
}

/**
 * One phone system behind the standard interface. Implementations translate vendor events into
 * {@link CallEvent}s through `ctx.emit` and carry out commands; they never touch Salesforce or the DOM.
 * Commands on a call the provider does not know reject with {@link ProviderError} `unknown-call`;
 * commands outside `capabilities` reject with `unsupported`.
 */
export interface TelephonyProvider {
  /** Stable identifier, e.g. `simulator`, `sip`, `twilio`. */
  readonly id: string;
  readonly capabilities: ProviderCapabilities;
  /** Current health; every change is also emitted as a `provider-state` event. */
  readonly health: ProviderHealth;
  connect(ctx: ProviderContext): Promise<void>;
  /** Releases every connection, timer and listener. */
  disconnect(): Promise<void>;
  answer(callId: CallId): Promise<void>;
  decline(callId: CallId): Promise<void>;
  hangup(callId: CallId): Promise<void>;
  hold(callId: CallId): Promise<void>;
  resume(callId: CallId): Promise<void>;
  mute(callId: CallId): Promise<void>;
  unmute(callId: CallId): Promise<void>;
  sendDtmf(callId: CallId, digits: string): Promise<void>;
  /** Places a call; resolves with its id once the provider has one. A `dialing` event follows or precedes. */
  dial(to: string, options?: DialOptions): Promise<CallId>;
  transfer(callId: CallId, to: string, mode: 'blind' | 'consult'): Promise<void>;
  setPresence(status: AgentStatus): Promise<void>;
}

/** Kinds of provider failure. */
export type ProviderErrorCode =
  | 'unknown-call'
  | 'invalid-state'
  | 'unsupported'
  | 'not-connected'
  | 'invalid-argument'
  | 'media'
  | 'transport'
  | 'rejected';

/** A provider command or connection failed. */
export class ProviderError extends Error {
  override readonly name: string = 'ProviderError';
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** DTMF digits a provider accepts. */
export const DTMF_DIGITS = /^[0-9*#A-Da-d,]+$/;
