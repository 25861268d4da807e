import type { CallData, CallId, ParticipantId, TelephonyProvider } from '../../core/index.js';

/** An inbound call the driver makes the far end place. */
export interface InboundCallSpec {
  readonly from: string;
  readonly displayName?: string;
  /** Data the telephony system attaches (IVR input, custom parameters); providers pass it on as `ringing.data`. */
  readonly data?: Readonly<Record<string, string>>;
}

/**
 * The far end of a provider under test: what a human caller, callee or network would do. Every
 * method acts on the telephony system (or the provider's fake SDK), never on the provider itself,
 * and takes call ids as the provider reports them. Optional methods skip the checks that need them.
 */
export interface ConformanceDriver {
  /** Make an inbound call ring at the agent. The provider must then emit `ringing`. */
  ring(call: InboundCallSpec): Promise<void>;
  /** The caller hangs up (a connected call) or abandons (a ringing one). */
  remoteHangup(callId: CallId): Promise<void>;
  /** Let a ringing inbound call go unanswered until the system gives up on it (→ `missed`). */
  ringOut?(callId: CallId): Promise<void>;
  /** The callee of an outbound call answers. */
  remoteAnswer?(callId: CallId): Promise<void>;
  /** The callee of an outbound call is busy or declines (→ `rejected`). */
  remoteReject?(callId: CallId): Promise<void>;
  /** The network fails an outbound call (→ `failed`). Not needed with `ConformanceOptions.failTarget`. */
  failOutbound?(callId: CallId): Promise<void>;
  /**
   * Break the provider's connection to the telephony system in a way it should recover from on
   * its own (close the socket, drop the registration). The provider must go `reconnecting` → `ready`.
   */
  dropTransport?(): Promise<void>;
  /**
   * How many resources (timers, sockets, SDK listeners) the provider holds right now, as the driver
   * can observe them. `disconnect()` must bring this back to what it was before `connect()`.
   * Without it the kit counts Node's active timers and sockets (`process.getActiveResourcesInfo`).
   */
  openHandles?(): number | Promise<number>;
  /**
   * The far end of a participant the provider added to `callId` (by the id `addParticipant`
   * resolved with) answers. Without it, the multi-party checks of an advertised capability are skipped.
   */
  answerParticipant?(callId: CallId, participantId: ParticipantId): Promise<void>;
  /** The far end of an added participant is busy or declines (→ `participant-left`). */
  rejectParticipant?(callId: CallId, participantId: ParticipantId): Promise<void>;
  /** The far end of a connected participant hangs up (→ `participant-left` with reason `hangup`). */
  hangupParticipant?(callId: CallId, participantId: ParticipantId): Promise<void>;
  /**
   * Puts an answered call at another agent of the team of the agent under test, who is a supervisor,
   * so that it appears in `team-calls`. Without it, the supervisor check is skipped.
   */
  startTeamCall?(): Promise<void>;
  /** Called after each check: end leftover calls, reset fakes. */
  reset?(): Promise<void>;
}

/** How long the kit waits for things to happen (ms). */
export interface ConformanceTimeouts {
  /** For one expected event (default 3000). */
  readonly event: number;
  /** For a transport to recover after `dropTransport` (default 10000). */
  readonly reconnect: number;
  /** Quiet period in which no event may arrive, e.g. after `disconnect()` (default 200). */
  readonly quiet: number;
}

/** What a conformance run needs. */
export interface ConformanceOptions {
  /** Shown in test names, e.g. `simulator`. */
  readonly name: string;
  /** A fresh, not yet connected provider for each check. */
  readonly createProvider: () => TelephonyProvider | Promise<TelephonyProvider>;
  readonly driver: ConformanceDriver;
  readonly timeouts?: Partial<ConformanceTimeouts>;
  /** A number the provider can dial; default `+14155550199`. */
  readonly dialTarget?: string;
  /** Caller data the provider must pass through on `ringing` (default one key). Set `false` if the system carries none. */
  readonly callData?: CallData | false;
  /** A number (or address) the provider can add to a call as a participant; default `+14155550177`. */
  readonly participantTarget?: string;
  /**
   * A number whose calls the telephony system fails by itself (a trunk that is down, a SIP proxy
   * answering 503). The network-failure check dials it instead of {@link dialTarget}, and needs no
   * `failOutbound` then (the driver's `failOutbound`, if any, is still called).
   */
  readonly failTarget?: string;
}

/** Default timeouts. */
export const DEFAULT_CONFORMANCE_TIMEOUTS: ConformanceTimeouts = { event: 3000, reconnect: 10_000, quiet: 200 };
