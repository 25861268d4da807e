/**
 * The normalized vocabulary between telephony providers, the connector and its hosts.
 * Providers translate vendor events into {@link CallEvent}s; the connector turns agent and host
 * activity into {@link ConnectorEvent}s. Every event carries its own timestamp (`at`, epoch ms):
 * the reducer never reads a clock.
 */
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

/**
 * An outbound call reached the far end, which is alerting (SIP 180) or already sends audio before
 * answering (early media: ringback or an announcement, SIP 183 with SDP).
 */
export interface AlertingEvent extends CallEventBase {
  readonly type: 'alerting';
  /** The far end's audio plays before the answer. */
  readonly earlyMedia: boolean;
}

/** The phone system started or stopped recording the call. */
export interface RecordingEvent extends CallEventBase {
  readonly type: 'recording';
  readonly active: boolean;
  /** Where the recording is kept (a URL or the phone system's own reference), once known. */
  readonly location?: string;
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

/** A provider's own identifier for one participant's leg of a call. */
export type ParticipantId = string;

/** Who a participant is to the agent: a colleague, an outside number, or a supervisor. */
export type ParticipantRole = 'agent' | 'external' | 'supervisor';

/**
 * How a participant takes part: a private consultation with the agent while the customer is held,
 * or the conference, where everyone hears everyone.
 */
export type ParticipantMode = 'consult' | 'conference';

/**
 * How a supervisor takes part in an agent's call: hears both sides unheard (`listen`), speaks to the
 * agent only (`whisper`), or joins the conversation (`barge`).
 */
export type SupervisorMode = 'listen' | 'whisper' | 'barge';

/** Someone besides the agent and the customer is being added to the call, or joined it. */
export interface ParticipantAddedEvent extends CallEventBase {
  readonly type: 'participant-added';
  readonly participantId: ParticipantId;
  readonly role: ParticipantRole;
  /** The number or address dialled for them (any format). */
  readonly number?: string;
  readonly displayName?: string;
  readonly mode: ParticipantMode;
  /** The supervisor's mode; role `supervisor` only. */
  readonly supervisorMode?: SupervisorMode;
}

/** A participant's leg changed: their phone rings, they answered, were held or taken off hold. */
export interface ParticipantChangedEvent extends CallEventBase {
  readonly type: 'participant-ringing' | 'participant-connected' | 'participant-held' | 'participant-resumed';
  readonly participantId: ParticipantId;
}

/** Why a participant left. */
export type ParticipantLeftReason = 'hangup' | 'removed' | 'no-answer' | 'failed';

/** A participant left the call, or never reached it. */
export interface ParticipantLeftEvent extends CallEventBase {
  readonly type: 'participant-left';
  readonly participantId: ParticipantId;
  readonly reason: ParticipantLeftReason;
  /** Human-readable detail, e.g. a SIP status line. */
  readonly message?: string;
}

/** A supervisor on the call changed mode (listen, whisper, barge). */
export interface SupervisorModeEvent extends CallEventBase {
  readonly type: 'supervisor-mode';
  readonly participantId: ParticipantId;
  readonly mode: SupervisorMode;
}

/**
 * Everyone on the call now hears everyone: the customer is off hold, and every participant still on
 * the line, held or in consultation, is in the conference.
 */
export interface ConferencedEvent extends CallEventBase {
  readonly type: 'conferenced';
}

/** Events about the other parties of a call. */
export type ParticipantEvent = ParticipantAddedEvent | ParticipantChangedEvent | ParticipantLeftEvent | SupervisorModeEvent | ConferencedEvent;

/** A live call of the supervisor's team, as the phone system lists it for monitoring. */
export interface TeamCall {
  /** The call's id at the phone system: what `monitor` takes. */
  readonly callId: CallId;
  /** The agent on the call (name or login). */
  readonly agent: string;
  /** The customer's number (any format). */
  readonly remote: string;
  readonly displayName?: string;
  readonly direction: CallDirection;
  readonly startedAt: number;
  readonly connectedAt?: number;
  readonly queue?: string;
  /** The supervisor's own mode, while they monitor this call. */
  readonly monitoredBy?: SupervisorMode;
}

/** The supervisor's team's live calls, listed anew on every change (providers with supervisor capabilities). */
export interface TeamCallsEvent {
  readonly type: 'team-calls';
  readonly at: number;
  readonly calls: readonly TeamCall[];
}

/**
 * The supervisor's own leg on a team call: the first one starts it (after `monitor`), a later one
 * says the mode changed. `callId` is the supervisor's leg; it ends with `ended` like any call.
 */
export interface MonitoringEvent extends CallEventBase {
  readonly type: 'monitoring';
  readonly teamCallId: CallId;
  readonly mode: SupervisorMode;
  /** The monitored agent, for the supervisor's card. */
  readonly agent?: string;
  /** The monitored call's customer number (any format). */
  readonly remote?: string;
  readonly displayName?: string;
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
  | AlertingEvent
  | RecordingEvent
  | ConnectedEvent
  | CallToggleEvent
  | EndedEvent
  | TransferredEvent
  | CallWarningEvent
  | ParticipantEvent
  | MonitoringEvent
  | TeamCallsEvent
  | ProviderStateEvent
  | PresenceChangedEvent;

/** What a caller search found. */
export type PopResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'one'; readonly record: RecordRef }
  | { readonly kind: 'many'; readonly records: readonly RecordRef[] };

/** Events that concern one call. */
export type CallScopedEvent = Extract<CallEvent, { callId: CallId }>;
