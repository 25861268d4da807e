import type {
  AgentStatus,
  CallData,
  CallDirection,
  CallId,
  CallWarningKind,
  ConnectedEvent,
  EndReason,
  EndedEvent,
  ParticipantEvent,
  ParticipantId,
  ParticipantLeftReason,
  ParticipantMode,
  ParticipantRole,
  PopResult,
  ProviderHealth,
  RecordRef,
  SupervisorMode,
  TeamCall,
} from './events.js';
import type { NormalizedNumber } from './phone.js';

/**
 * Where a call is in its life: `ringing`/`dialing` → `connected` → `wrap-up` (after-call work,
 * only for calls that were connected) → `ended` (waiting for its log to be saved, then removed).
 */
export type CallPhase = 'ringing' | 'dialing' | 'connected' | 'wrap-up' | 'ended';

/** Progress of a call's log towards the host. Revisions count the versions of the log to save. */
export interface CallLogState {
  /** Latest version of the log (0: nothing to save yet). */
  readonly revision: number;
  /** Latest version the host confirmed. */
  readonly savedRevision: number;
  /** Version being saved right now. */
  readonly inFlight?: number;
  /** The host's record id once the first save succeeded; later saves update it. */
  readonly recordId?: string;
  /** Why the last save failed; cleared by a retry. */
  readonly error?: string;
  /**
   * A create may have reached the host without its answer coming back (a timeout, a lost reply, a
   * page closed mid-save): before creating again, look the log up by call id, so it is never doubled.
   */
  readonly mayExist?: boolean;
}

/** An active call-quality problem. */
export interface CallWarning {
  readonly kind: CallWarningKind;
  readonly message: string;
}

/** Where a participant's leg is: being called, ringing, on the line, held by the agent, or gone. */
export type ParticipantPhase = 'dialing' | 'ringing' | 'connected' | 'held' | 'left';

/** Someone besides the agent and the customer on a call. */
export interface Participant {
  readonly id: ParticipantId;
  readonly role: ParticipantRole;
  readonly phase: ParticipantPhase;
  readonly mode: ParticipantMode;
  /** The number or address dialled for them, as the provider reported it. */
  readonly number?: string;
  readonly displayName?: string;
  /** A supervisor's mode. */
  readonly supervisorMode?: SupervisorMode;
  readonly addedAt: number;
  readonly connectedAt?: number;
  readonly leftAt?: number;
  readonly leftReason?: ParticipantLeftReason;
  /**
   * Known so far only from an event that outran its `participant-added` (reordered by the network):
   * role, mode and number are placeholders until that event comes.
   */
  readonly unannounced?: true;
}

/** The supervisor's own leg on a team call (see `MonitoringEvent`): not logged as a Task. */
export interface Monitoring {
  readonly teamCallId: CallId;
  readonly mode: SupervisorMode;
  readonly agent?: string;
}

/** One call as the connector knows it. */
export interface CallState {
  readonly id: CallId;
  readonly direction: CallDirection;
  readonly phase: CallPhase;
  /** Whether the phone system records the call, and where the recording is kept. */
  readonly recording?: { readonly active: boolean; readonly location?: string };
  /** An outbound call being dialled whose far end alerts (`ringing`) or plays early media. */
  readonly alerting?: 'ringing' | 'early-media';
  readonly remote: NormalizedNumber & { readonly displayName?: string };
  readonly queue?: string;
  /** The number an inbound caller dialled (the ringing event's `to`). */
  readonly dialled?: string;
  readonly data?: CallData;
  readonly startedAt: number;
  readonly connectedAt?: number;
  readonly endedAt?: number;
  readonly endReason?: EndReason;
  readonly endMessage?: string;
  readonly transferredTo?: string;
  readonly held: boolean;
  readonly muted: boolean;
  /** Call-quality problems active right now (at most one per kind), for the agent to see. */
  readonly warnings?: readonly CallWarning[];
  readonly pop?: PopResult;
  /** The person the call is with (Contact/Lead), from the pop, click-to-dial or navigation. */
  readonly who?: RecordRef;
  /** What the call is about (Account, Case…), from click-to-dial or navigation. */
  readonly what?: RecordRef;
  readonly wrapUp?: { readonly disposition?: string; readonly notes: string };
  readonly log: CallLogState;
  /** Everyone else on the call, in the order they were added. */
  readonly participants?: readonly Participant[];
  /** Whether the call became a conference (everyone hearing everyone) at some point. */
  readonly conferenced?: true;
  /** Present on a supervisor's leg on another agent's call. */
  readonly monitoring?: Monitoring;
}

/** A finished call whose log is saved, kept briefly for the recent-calls list and to ignore late events. */
export interface RecentCall {
  readonly id: CallId;
  readonly direction: CallDirection;
  readonly remote: CallState['remote'];
  readonly endReason: EndReason;
  /** The logged disposition: the agent's choice or the outcome (`Missed`, `Completed`…). */
  readonly outcome: string;
  readonly durationSeconds: number;
  readonly endedAt: number;
  readonly recordId?: string;
  readonly who?: RecordRef;
}

/** Everything the softphone shows. */
export interface ConnectorState {
  readonly health: ProviderHealth;
  readonly healthMessage?: string;
  readonly agentStatus: AgentStatus;
  /** Live calls and calls whose log is not saved yet, by id. */
  readonly calls: Readonly<Record<CallId, CallState>>;
  /** Ids of `calls` in the order they started. */
  readonly order: readonly CallId[];
  readonly recent: readonly RecentCall[];
  /** The record the agent is viewing in the host. */
  readonly viewing?: RecordRef;
  /** A dial the agent asked for, waiting for the provider's `dialing` event. */
  readonly pendingDial?: { readonly to: string; readonly record?: RecordRef; readonly at: number };
  /** Text for the softphone's launcher. */
  readonly label: string;
  /**
   * `connected`/`ended` events that arrived before their call's `ringing`/`dialing` (reordered by the
   * network or the phone system): applied when the call appears. The last `EARLY_EVENTS_KEPT`.
   */
  readonly early?: readonly EarlyCallEvent[];
  /** The team's live calls, for a supervisor (from `team-calls`); absent for other agents. */
  readonly team?: readonly TeamCall[];
}

/** A call event that may outrun the event announcing its call. */
export type EarlyCallEvent = ConnectedEvent | EndedEvent | ParticipantEvent;

/** How many early events are kept waiting for their call. */
export const EARLY_EVENTS_KEPT = 20;

/** How many finished calls are remembered. */
export const RECENT_CALLS_KEPT = 20;

/** The state before anything happened. */
export function initialState(): ConnectorState {
  return {
    health: 'connecting',
    agentStatus: 'offline',
    calls: {},
    order: [],
    recent: [],
    label: 'Phone',
  };
}

/** Calls still in progress or in wrap-up, oldest first. */
export function activeCalls(state: ConnectorState): CallState[] {
  return state.order.map((id) => state.calls[id]).filter((call): call is CallState => call !== undefined);
}
