import { SoftphoneError } from './errors.js';
import type { AgentStatus, CallData, CallEvent, CallId, ParticipantId, ParticipantMode, ProviderHealth, SupervisorMode } from './events.js';

/** What a provider can do beyond ringing, answering and hanging up. */
export interface ProviderCapabilities {
  readonly outbound: boolean;
  readonly hold: boolean;
  readonly mute: boolean;
  readonly dtmf: boolean;
  /**
   * `blind`: hand a call over unannounced. `consult`: talk to someone privately while the customer
   * is held (`add-participant` in `consult` mode), `swap` between them and `complete-transfer`.
   */
  readonly transfer: { readonly blind: boolean; readonly consult: boolean };
  /** Everyone on one call hearing everyone: `add-participant` in `conference` mode and `merge`. */
  readonly conference: boolean;
  readonly recording: boolean;
  readonly presence: boolean;
  /** What a supervisor can do on the team's calls (`monitor`, `set-monitor-mode`); absent, nothing. */
  readonly supervisor?: { readonly listen: boolean; readonly whisper: boolean; readonly barge: boolean };
}

/** Options of `addParticipant`. */
export interface AddParticipantOptions {
  readonly mode: ParticipantMode;
  /** Whom the number reaches, for the participant's role (default `external`). */
  readonly role?: 'agent' | 'external';
  /**
   * Data to hand to the participant's leg where the phone system can carry it (e.g. the agent's
   * notes for the colleague who takes a warm transfer); providers that cannot, ignore it.
   */
  readonly data?: CallData;
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
 * One phone system behind the standard interface: translates vendor events into {@link CallEvent}s
 * and carries out commands. The contract, checked by the conformance kit (`softphone-connector/testing`)
 * and explained in docs/architecture.md:
 *
 * 1. MUST report everything through the `ctx.emit` of the context it was connected with, stamping
 *    events with `ctx.now()`; MUST NOT emit before `connect()` or after `disconnect()`.
 * 2. Every call-scoped event MUST carry a non-empty `callId` (the provider's own id, the same in
 *    every event of the call); every event MUST carry `at`, a finite epoch-ms timestamp.
 * 3. A call MUST begin with `ringing` (inbound: the caller's number in `from`, the system's call
 *    data in `data`) or `dialing` (outbound).
 * 4. MUST emit exactly one `ended` per call, with the reason that matches what happened (`failed`
 *    with a `message`), and nothing for that call after it.
 * 5. A completed transfer MUST emit `transferred`, then `ended` with reason `transferred`.
 * 6. `dial()` MUST resolve with the new call's id, the id its `dialing` event carries.
 * 7. Commands outside `capabilities` MUST reject with {@link ProviderError} `unsupported`; advertised
 *    hold/resume, mute/unmute and presence MUST be confirmed by their events.
 * 8. Commands on an unknown call MUST reject with `unknown-call`; on an ended call with
 *    `unknown-call` or `invalid-state`; digits outside {@link DTMF_DIGITS} with `invalid-argument`.
 * 9. MUST keep `health` current and report every change as a `provider-state` event: `ready` once
 *    `connect()` resolves; `reconnecting` then `ready` on its own after a recoverable drop.
 * 10. `disconnect()` MUST release every connection, timer and listener and leave health
 *     `disconnected`; later commands MUST reject (`not-connected`, `unknown-call` or `unsupported`).
 * 11. MUST reject only with {@link ProviderError} (a code for the kind of failure, a message that
 *     says what to do), keeping a wrapped vendor error as `cause`.
 * 12. MUST NOT touch Salesforce or the DOM, and MUST import only the core and its own SDK (lint).
 */
export interface TelephonyProvider {
  /** Stable identifier, e.g. `simulator`, `sip`, `twilio`. */
  readonly id: string;
  /** What the provider supports; commands outside it reject with `unsupported` (rule 7). */
  readonly capabilities: ProviderCapabilities;
  /** Current health; every change MUST also be emitted as a `provider-state` event (rule 9). */
  readonly health: ProviderHealth;
  /** Connects to the telephony system and reports through `ctx` from now on; resolves once `ready`. */
  connect(ctx: ProviderContext): Promise<void>;
  /** MUST release every connection, timer and listener, leave health `disconnected` and emit nothing more (rule 10). */
  disconnect(): Promise<void>;
  /** Answers a ringing call; `connected` follows. */
  answer(callId: CallId): Promise<void>;
  /** Declines a ringing call; `ended` with reason `rejected` follows. */
  decline(callId: CallId): Promise<void>;
  /** Ends a call; `ended` with reason `hangup-local` follows. */
  hangup(callId: CallId): Promise<void>;
  /** Holds a call (capability `hold`); `held` follows. */
  hold(callId: CallId): Promise<void>;
  /** Takes a call off hold (capability `hold`); `resumed` follows. */
  resume(callId: CallId): Promise<void>;
  /** Mutes the agent (capability `mute`); `muted` follows. */
  mute(callId: CallId): Promise<void>;
  /** Unmutes the agent (capability `mute`); `unmuted` follows. */
  unmute(callId: CallId): Promise<void>;
  /** Sends DTMF (capability `dtmf`); digits outside {@link DTMF_DIGITS} reject with `invalid-argument`. */
  sendDtmf(callId: CallId, digits: string): Promise<void>;
  /**
   * Places a call (capability `outbound`); MUST resolve with its id once the provider has one. A
   * `dialing` event with that id follows or precedes.
   */
  dial(to: string, options?: DialOptions): Promise<CallId>;
  /** Transfers a call (capability `transfer[mode]`); `transferred`, then `ended` with reason `transferred` follow. */
  transfer(callId: CallId, to: string, mode: 'blind' | 'consult'): Promise<void>;
  /** Sets the agent's presence (capability `presence`); `presence-changed` confirms it. */
  setPresence(status: AgentStatus): Promise<void>;

  // Multi-party calls. Optional: a provider without them rejects these commands with `unsupported`
  // (the connector does so for it), and one that has them advertises them in `capabilities`.

  /**
   * Calls `to` into the call and resolves with the new participant's id; `participant-added`, then
   * `participant-ringing`/`-connected` (or `-left`) follow. In `consult` mode the customer is held
   * first (`held`).
   */
  addParticipant?(callId: CallId, to: string, options: AddParticipantOptions): Promise<ParticipantId>;
  /** Talks to the held side instead of the other: `held`/`resumed` and `participant-held`/`-resumed` follow. */
  swap?(callId: CallId): Promise<void>;
  /** Joins everyone into one conference; `conferenced` follows. */
  merge?(callId: CallId): Promise<void>;
  /** The agent leaves a call whose other parties stay connected: `transferred`, then `ended` with reason `transferred`. */
  completeTransfer?(callId: CallId): Promise<void>;
  /** Holds one participant; `participant-held` follows. */
  holdParticipant?(callId: CallId, participantId: ParticipantId): Promise<void>;
  /** Takes one participant off hold; `participant-resumed` follows. */
  resumeParticipant?(callId: CallId, participantId: ParticipantId): Promise<void>;
  /** Drops one participant; `participant-left` with reason `removed` follows. */
  removeParticipant?(callId: CallId, participantId: ParticipantId): Promise<void>;
  /**
   * A supervisor joins a team call (`TeamCall.callId`) in `mode`; resolves with the supervisor's leg
   * id, which a `monitoring` event starts. `hangup` on that id leaves.
   */
  monitor?(teamCallId: CallId, mode: SupervisorMode): Promise<CallId>;
  /** Changes a supervisor's mode on their leg; `monitoring` with the new mode follows. */
  setMonitorMode?(callId: CallId, mode: SupervisorMode): Promise<void>;
  /**
   * Starts (`on`) or stops recording a connected call, where `capabilities.recording` says the
   * phone system records. The provider reports the result as a `recording` event.
   */
  setRecording?(callId: CallId, on: boolean): Promise<void>;
  /**
   * The agent saved the after-call work of an ended call. A phone system that tracks it (a
   * TaskRouter task in wrap-up, a Connect contact in ACW) closes it here; others leave it out.
   */
  wrapUpSaved?(callId: CallId): Promise<void>;
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
export class ProviderError extends SoftphoneError<ProviderErrorCode> {
  override readonly name: string = 'ProviderError';
  /**
   * @param code the kind of failure.
   * @param message what went wrong and what the agent can do.
   * @param options `cause`: the error this one wraps.
   */
  constructor(code: ProviderErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(code, message, options);
  }
}

/** DTMF digits a provider accepts. */
export const DTMF_DIGITS = /^[0-9*#A-Da-d,]+$/;
