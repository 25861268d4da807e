/**
 * The normalized vocabulary between telephony providers, the connector and its hosts.
 * Providers translate vendor events into {@link CallEvent}s; the connector turns agent and host
 * activity into {@link ConnectorEvent}s. Every event carries its own timestamp (`at`, epoch ms):
 * the reducer never reads a clock.
 */
import type { CallState, RecentCall } from './state.js';

/** A provider's own identifier for one call (SIP Call-ID, Twilio CallSid, Connect contact id…). */
export type CallId = string;

/** Which side started the call. */
export type CallDirection = 'inbound' | 'outbound';

/** Why a call ended. */
export type EndReason =
  | 'hangup-local'
  | 'hangup-remote'
  | 'rejected'
  | 'missed'
  | 'failed'
  | 'transferred';

/** A provider's connection health. */
export type ProviderHealth = 'connecting' | 'ready' | 'reconnecting' | 'failed' | 'disconnected';

/** The agent's routing presence. */
export type AgentStatus = 'available' | 'busy' | 'offline';

/** Free-form data the telephony system attached to a call (IVR input, custom headers, queue data). */
export type CallData = Readonly<Record<string, string>>;

/** A record in the host (Salesforce): enough to relate a call log to it and to show it. */
export interface RecordRef {
  readonly id: string;
  /** API name of the object, e.g. `Contact`, `Lead`, `Account`, `Case`. */
  readonly objectType: string;
  readonly name?: string;
}

interface CallEventBase {
  readonly callId: CallId;
  /** When the provider observed the event (epoch ms). */
  readonly at: number;
}

/** An inbound call is ringing at the agent. */
export interface RingingEvent extends CallEventBase {
  readonly type: 'ringing';
  /** The caller's number as the telephony system reports it (any format). */
  readonly from: string;
  readonly displayName?: string;
  /** The number or queue that was dialled. */
  readonly to?: string;
  readonly queue?: string;
  readonly data?: CallData;
  /**
   * Re-reported after a reconnect rather than observed live: a previous page may have logged the
   * call already, so its log is looked up before one is created.
   */
  readonly replayed?: boolean;
}

/** An outbound call is being placed. */
export interface DialingEvent extends CallEventBase {
  readonly type: 'dialing';
  readonly to: string;
  readonly displayName?: string;
  /** See {@link RingingEvent.replayed}. */
  readonly replayed?: boolean;
}

/** The call is established (answered by the agent or, outbound, by the far end). */
export interface ConnectedEvent extends CallEventBase {
  readonly type: 'connected';
}

/** A change of hold or mute on a connected call. */
export interface CallToggleEvent extends CallEventBase {
  readonly type: 'held' | 'resumed' | 'muted' | 'unmuted';
}

/** The call is over. */
export interface EndedEvent extends CallEventBase {
  readonly type: 'ended';
  readonly reason: EndReason;
  /** Human-readable detail, e.g. a SIP status line for failed calls. */
  readonly message?: string;
}

/** The call was handed to another party. An `ended` event with reason `transferred` follows. */
export interface TransferredEvent extends CallEventBase {
  readonly type: 'transferred';
  readonly to: string;
}

/** Kinds of call-quality problem a provider can report, whatever the vendor calls them. */
export type CallWarningKind = 'latency' | 'packet-loss' | 'jitter' | 'audio-input' | 'audio-output' | 'network' | 'quality';

/**
 * A call-quality problem started (`active: true`) or stopped. Shown to the agent while active;
 * never ends the call.
 */
export interface CallWarningEvent extends CallEventBase {
  readonly type: 'warning';
  readonly kind: CallWarningKind;
  readonly active: boolean;
  /** What the agent should know or do, e.g. "Network latency is high: the caller may hear delays." */
  readonly message?: string;
}

/** The provider's connection health changed. */
export interface ProviderStateEvent {
  readonly type: 'provider-state';
  readonly at: number;
  readonly health: ProviderHealth;
  readonly message?: string;
}

/** The telephony system changed the agent's presence (or confirmed a change the agent asked for). */
export interface PresenceChangedEvent {
  readonly type: 'presence-changed';
  readonly at: number;
  readonly status: AgentStatus;
}

/**
 * After (re)connecting, the provider lists every call still live at the telephony system. Calls the
 * connector holds as live but missing here ended while the softphone was away.
 */
export interface CallsSyncedEvent {
  readonly type: 'calls-synced';
  readonly at: number;
  readonly callIds: readonly CallId[];
}

/** Everything a provider may emit. */
export type CallEvent =
  | CallsSyncedEvent
  | RingingEvent
  | DialingEvent
  | ConnectedEvent
  | CallToggleEvent
  | EndedEvent
  | TransferredEvent
  | CallWarningEvent
  | ProviderStateEvent
  | PresenceChangedEvent;

/** What a caller search found. */
export type PopResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'one'; readonly record: RecordRef }
  | { readonly kind: 'many'; readonly records: readonly RecordRef[] };

/** Events raised by the agent or the host rather than by the telephony system. */
export type HostEvent =
  | { readonly type: 'dial-requested'; readonly at: number; readonly to: string; readonly record?: RecordRef }
  | { readonly type: 'caller-popped'; readonly at: number; readonly callId: CallId; readonly result: PopResult }
  | { readonly type: 'navigated'; readonly at: number; readonly record?: RecordRef }
  | {
      readonly type: 'wrap-up-saved';
      readonly at: number;
      readonly callId: CallId;
      readonly disposition?: string;
      readonly notes: string;
    }
  | {
      readonly type: 'call-logged';
      readonly at: number;
      readonly callId: CallId;
      readonly revision: number;
      readonly recordId: string;
    }
  | {
      readonly type: 'call-log-failed';
      readonly at: number;
      readonly callId: CallId;
      readonly revision: number;
      readonly message: string;
    }
  | { readonly type: 'call-log-retry'; readonly at: number; readonly callId: CallId }
  /** Calls read back from the durable outbox after a reload or crash (see `CallLogOutbox`). */
  | {
      readonly type: 'calls-restored';
      readonly at: number;
      readonly calls: readonly CallState[];
      /** Calls logged before the reload: events for them are ignored, as before. */
      readonly recent?: readonly RecentCall[];
    };

/** Every input of the reducer. */
export type ConnectorEvent = CallEvent | HostEvent;

/** Events that concern one call. */
export type CallScopedEvent = Extract<CallEvent, { callId: CallId }>;
