import type { AgentStatus, CallData, CallWarningKind, EndReason } from '../../core/index.js';

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
}

/** Commands the softphone sends. */
export type SimCommand =
  | { readonly type: 'answer' | 'decline' | 'hangup' | 'hold' | 'resume' | 'mute' | 'unmute'; readonly callId: string }
  | { readonly type: 'dtmf'; readonly callId: string; readonly digits: string }
  | { readonly type: 'dial'; readonly to: string; readonly data?: CallData }
  | { readonly type: 'transfer'; readonly callId: string; readonly to: string }
  | { readonly type: 'set-presence'; readonly status: AgentStatus };

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
  | { readonly type: 'presence'; readonly status: AgentStatus }
  | { readonly type: 'replaced'; readonly message: string }
  | { readonly type: 'result'; readonly requestId: number; readonly ok: true; readonly callId?: string }
  | { readonly type: 'result'; readonly requestId: number; readonly ok: false; readonly code: SimErrorCode; readonly message: string };
