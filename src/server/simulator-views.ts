/** What the telephony simulator shows of its calls: snapshots for softphones, the team's calls for supervisors, participants for the control panel. */
import type { SupervisorMode } from '../core/index.js';
import type { SimCallSnapshot, SimTeamCall } from '../providers/simulator/protocol.js';
import type { Bridge, Member, SimCall } from './simulator-bridge.js';

/** A participant on a live call, for the control panel. */
export interface SimParticipantInfo {
  readonly participantId: string;
  readonly role: Member['role'];
  readonly number: string;
  readonly mode: Member['mode'];
  readonly state: Member['state'];
  readonly supervisorMode?: SupervisorMode;
  /** The customer's number: which call they are on. */
  readonly customer: string;
}

/** A call as its agent's softphone sees it: with everyone else on it. */
export function snapshot(call: SimCall): SimCallSnapshot {
  const { timer: _timer, agentId: _agentId, bridge, member, monitoring, events, ...rest } = call;
  const participants = bridge.view(member);
  return {
    ...rest,
    ...(events.length ? { events: [...events] } : {}),
    ...(participants.length ? { participants } : {}),
    ...(monitoring ? { monitoring: { ...monitoring } } : {}),
  };
}

/**
 * The live calls of every agent but `supervisor` (all agents' without one), as a supervisor sees
 * them: the customer, and the supervisor's own mode on the calls they monitor.
 */
export function teamCallsOf(calls: Iterable<SimCall>, supervisor?: string): SimTeamCall[] {
  return [...calls]
    .filter((call) => call.state !== 'ended' && !call.monitoring && call.agentId !== supervisor)
    .map((call) => {
      const mode = call.bridge.present().find((member) => member.role === 'supervisor' && member.number === supervisor)?.supervisorMode;
      return {
        callId: call.callId,
        agent: call.agentId,
        remote: call.bridge.customer.number,
        ...(call.name ? { displayName: call.name } : {}),
        direction: call.direction,
        startedAt: call.startedAt,
        ...(call.connectedAt !== undefined ? { connectedAt: call.connectedAt } : {}),
        ...(mode ? { monitoredBy: mode } : {}),
      };
    });
}

/** Everyone on the live calls but the agent who has each customer. */
export function participantsOf(bridges: readonly Bridge[]): SimParticipantInfo[] {
  return bridges.flatMap((bridge) =>
    bridge.present().flatMap((member) =>
      member === bridge.owner
        ? []
        : [{ participantId: member.id, role: member.role, number: member.number, mode: member.mode, state: member.state, customer: bridge.customer.number, ...(member.supervisorMode ? { supervisorMode: member.supervisorMode } : {}) }],
    ),
  );
}
