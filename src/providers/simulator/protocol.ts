import type {
  AgentStatus,
  CallData,
  CallWarningKind,
  EndReason,
  MonitoringEvent,
  ParticipantEvent,
  ParticipantLeftReason,
  ParticipantMode,
  ParticipantPhase,
  ParticipantRole,
  SupervisorMode,
  TeamCall,
} from '../../core/index.js';

/**
 * Wire protocol between the telephony simulator (server) and its provider (softphone), JSON over
 * one WebSocket per agent.
 */

/** A call as the simulator reports it in snapshots. */
export interface SimCallSnapshot {
  readonly callId: string;
  readonly direction: 'inbound' | 'outbound';
  readonly state: 'ringing' | 'dialing' | 'connected' | 'ended';
  readonly from: string;
  readonly to: string;
  readonly name?: string;
  readonly data?: CallData;
  readonly held: boolean;
  readonly muted: boolean;
  readonly digits: string;
  readonly startedAt: number;
  /** When the call was answered (simulator clock, epoch ms). */
  readonly connectedAt?: number;
  readonly endedAt?: number;
  readonly endReason?: EndReason;
  /**
   * The participant events (and, on a supervisor's leg, `monitoring` events) this agent's softphone
   * was sent for the call, the last 64, on the simulator's clock: a reconnecting softphone replays them.
   */
  readonly events?: readonly (ParticipantEvent | MonitoringEvent)[];
  /** Everyone else on the call as this agent sees them now (for the control panel and REST; softphones replay `events`). */
  readonly participants?: readonly SimParticipantSnapshot[];
  /** A supervisor's leg on a team call (its softphone replays its `events`, which begin with `monitoring`). */
  readonly monitoring?: { readonly teamCallId: string; readonly mode: SupervisorMode; readonly agent?: string };
}

/**
 * A participant of a call as the simulator reports it in snapshots (times on the simulator's clock).
 * Multi-party messages use the core's field names (`displayName`, not `name`): they map one to one.
 */
export interface SimParticipantSnapshot {
  readonly participantId: string;
  readonly role: ParticipantRole;
  /** The agent id or the number dialled. */
  readonly number: string;
  readonly displayName?: string;
  readonly mode: ParticipantMode;
  readonly state: ParticipantPhase;
  readonly supervisorMode?: SupervisorMode;
  readonly addedAt: number;
  readonly connectedAt?: number;
  readonly leftAt?: number;
  readonly leftReason?: ParticipantLeftReason;
}

/** A live call of the supervisor's team (times on the simulator's clock). */
export type SimTeamCall = TeamCall;

type WithoutAt<Event> = Event extends unknown ? Omit<Event, 'at'> : never;

/** Participant events and the supervisor's `monitoring`, as the simulator sends them: the core's, without `at`. */
export type SimParticipantMessage = WithoutAt<ParticipantEvent | MonitoringEvent>;

/** Commands the softphone sends. */
export type SimCommand =
  | { readonly type: 'answer' | 'decline' | 'hangup' | 'hold' | 'resume' | 'mute' | 'unmute'; readonly callId: string }
  | { readonly type: 'dtmf'; readonly callId: string; readonly digits: string }
  | { readonly type: 'dial'; readonly to: string; readonly data?: CallData }
  | { readonly type: 'transfer'; readonly callId: string; readonly to: string }
  | { readonly type: 'set-presence'; readonly status: AgentStatus }
  /** Calls an agent (`to` is their agent id) or a number into the call; answered with the participant's id. */
  | { readonly type: 'add-participant'; readonly callId: string; readonly to: string; readonly mode: ParticipantMode; readonly role?: 'agent' | 'external'; readonly data?: CallData }
  | { readonly type: 'swap' | 'merge' | 'complete-transfer'; readonly callId: string }
  | { readonly type: 'hold-participant' | 'resume-participant' | 'remove-participant'; readonly callId: string; readonly participantId: string }
  /** A supervisor joins a team call; answered with the id of the supervisor's own leg. */
  | { readonly type: 'monitor'; readonly teamCallId: string; readonly mode: SupervisorMode }
  | { readonly type: 'set-monitor-mode'; readonly callId: string; readonly mode: SupervisorMode };

/** Softphone → simulator. */
export interface SimRequest {
  readonly type: 'command';
  readonly requestId: number;
  readonly command: SimCommand;
}

/** Failure codes of a command; they match the core's `ProviderErrorCode`s. */
export type SimErrorCode = 'unknown-call' | 'invalid-state' | 'invalid-argument' | 'unsupported';

/** Simulator → softphone. */
export type SimMessage =
  | {
      readonly type: 'hello';
      readonly agentId: string;
      readonly presence: AgentStatus;
      /** Live calls of the agent. */
      readonly calls: readonly SimCallSnapshot[];
      /** The agent's calls that ended recently, so a reconnecting softphone can finish their logs. */
      readonly ended?: readonly SimCallSnapshot[];
      /** The simulator's clock (epoch ms) when it sent this: lets the softphone map its timestamps. */
      readonly serverTime?: number;
    }
  | {
      readonly type: 'ringing';
      readonly callId: string;
      readonly from: string;
      readonly to: string;
      readonly name?: string;
      readonly data?: CallData;
    }
  | { readonly type: 'dialing'; readonly callId: string; readonly to: string }
  | { readonly type: 'connected' | 'held' | 'resumed' | 'muted' | 'unmuted'; readonly callId: string }
  | { readonly type: 'transferred'; readonly callId: string; readonly to: string }
  | { readonly type: 'ended'; readonly callId: string; readonly reason: EndReason; readonly message?: string }
  | { readonly type: 'warning'; readonly callId: string; readonly kind: CallWarningKind; readonly active: boolean; readonly message?: string }
  /** Someone else on the call, or the supervisor's own leg (`monitoring`): the core's event as it is, stamped by the softphone. */
  | SimParticipantMessage
  /** The team's live calls, to a supervisor: after `hello` and on every change. */
  | { readonly type: 'team-calls'; readonly calls: readonly SimTeamCall[] }
  | { readonly type: 'presence'; readonly status: AgentStatus }
  | { readonly type: 'replaced'; readonly message: string }
  /** `callId`: the new call of `dial` or the leg of `monitor`; `participantId`: the participant of `add-participant`. */
  | { readonly type: 'result'; readonly requestId: number; readonly ok: true; readonly callId?: string; readonly participantId?: string }
  | { readonly type: 'result'; readonly requestId: number; readonly ok: false; readonly code: SimErrorCode; readonly message: string };
