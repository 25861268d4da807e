import { DTMF_DIGITS, type AgentStatus, type CallData, type CallWarningKind, type EndReason, type MonitoringEvent, type ParticipantEvent, type ParticipantLeftReason, type SupervisorMode } from '../core/index.js';
import type { SimCallSnapshot, SimCommand, SimMessage, SimTeamCall } from '../providers/simulator/protocol.js';
import { Bridge, newId, type BridgeHost, type Member, type SimCall } from './simulator-bridge.js';
import { SimulatorError, callData, participantMode, requiredText, supervisorMode } from './simulator-input.js';
import { participantsOf, snapshot, teamCallsOf, type SimParticipantInfo } from './simulator-views.js';

export { SimulatorError } from './simulator-input.js';
export type { SimParticipantInfo } from './simulator-views.js';

/** One connected softphone. */
export interface AgentSession {
  send(message: SimMessage): void;
  close(): void;
}

/** Options of the simulator. */
export interface TelephonySimulatorOptions {
  /** Outbound calls are answered by the far end after this delay; `null` waits for the control panel. */
  readonly outboundAnswerMs?: number | null;
  /** Inbound calls nobody answers end as missed after this delay. */
  readonly ringTimeoutMs?: number;
  /** The number agents' outbound calls come from. */
  readonly agentNumber?: string;
  /**
   * Agent ids that are supervisors, whatever their softphone says. A softphone also makes its agent a
   * supervisor by connecting with `?role=supervisor` (the simulator provider's `role` option).
   * Supervisors get the team's live calls (every other agent's) and may monitor them.
   */
  readonly supervisors?: readonly string[];
}

/** A request to ring an agent, as the REST API takes it. */
export interface InboundCallRequest {
  readonly from: string;
  readonly name?: string;
  readonly to?: string;
  readonly data?: CallData;
  readonly agent?: string;
  readonly ringTimeoutMs?: number;
}

const ENDED_KEPT = 50;
/** Participant events of a call kept for a reconnecting softphone to replay (the validator's limit). */
const REPLAYED_EVENTS = 64;
/** Ended calls a reconnecting softphone is told about, so it can log calls that ended while it was away. */
const RECENTLY_ENDED_MS = 10 * 60_000;

/**
 * A tiny phone switch: rings agents, keeps call state, obeys the softphone's commands and plays the
 * far end (answer, reject, hang up) for the control panel and tests. Each customer call has a
 * conference `Bridge`: other agents, external numbers and supervisors join it.
 */
export class TelephonySimulator {
  private readonly calls = new Map<string, SimCall>();
  private readonly agents = new Map<string, AgentSession>();
  private readonly presence = new Map<string, AgentStatus>();
  /** Agents whose softphone connected as a supervisor. */
  private readonly supervising = new Set<string>();
  /** The team list last sent to each supervisor, to send only changes. */
  private readonly teamSent = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  private readonly options: Required<TelephonySimulatorOptions>;
  private readonly host: BridgeHost;

  constructor(options: TelephonySimulatorOptions = {}) {
    this.options = { outboundAnswerMs: 1000, ringTimeoutMs: 30_000, agentNumber: '+14155550000', supervisors: [], ...options };
    this.host = {
      send: (call, message) => this.toAgent(call, message),
      hold: (call, held) => {
        if (call.held === held) return;
        call.held = held;
        this.toAgent(call, { type: held ? 'held' : 'resumed', callId: call.callId });
      },
      endLeg: (call, reason, left) => this.end(call, reason, undefined, left),
      ringAgent: (bridge, member, data) => this.ring(member.number, { from: bridge.customer.number, name: bridge.customer.name, to: bridge.customer.to, data }, { bridge, member }),
      presence: (agentId) => (this.agents.has(agentId) ? (this.presence.get(agentId) ?? 'available') : undefined),
      answerMs: this.options.outboundAnswerMs,
      ringTimeoutMs: this.options.ringTimeoutMs,
    };
  }

  /**
   * Registers a softphone; a second session for the same agent replaces the first. `role`
   * `supervisor` makes the agent a supervisor for as long as this session lasts.
   */
  attachAgent(agentId: string, session: AgentSession, role: 'agent' | 'supervisor' = 'agent'): () => void {
    const previous = this.agents.get(agentId);
    if (previous) {
      previous.send({ type: 'replaced', message: 'This softphone was opened in another tab or window; it is now inactive here.' });
      previous.close();
    }
    this.agents.set(agentId, session);
    if (role === 'supervisor') this.supervising.add(agentId);
    else this.supervising.delete(agentId);
    this.teamSent.delete(agentId);
    if (!this.presence.has(agentId)) this.presence.set(agentId, 'available');
    const mine = [...this.calls.values()].filter((call) => call.agentId === agentId);
    const calls = mine.filter((call) => call.state !== 'ended').map(snapshot);
    const ended = mine.filter((call) => call.state === 'ended' && Date.now() - (call.endedAt ?? 0) < RECENTLY_ENDED_MS).map(snapshot);
    session.send({ type: 'hello', agentId, presence: this.presence.get(agentId) ?? 'available', calls, ended, serverTime: Date.now() });
    this.changed();
    return () => {
      if (this.agents.get(agentId) === session) {
        this.agents.delete(agentId);
        this.supervising.delete(agentId);
      }
      this.changed();
    };
  }

  /** Whether an agent is a supervisor (configured, or connected as one). */
  isSupervisor(agentId: string): boolean {
    return this.options.supervisors.includes(agentId) || this.supervising.has(agentId);
  }

  /** Rings an available agent. */
  placeInbound(request: InboundCallRequest): string {
    const agentId = request.agent ?? this.pickAgent();
    if (!agentId || !this.agents.has(agentId)) {
      throw new SimulatorError(409, 'no-agent', 'No softphone is connected: open the console (npm start) and wait until the softphone is ready.');
    }
    if (this.presence.get(agentId) !== 'available') {
      throw new SimulatorError(409, 'no-agent', `Agent ${agentId} is ${this.presence.get(agentId)}: set the softphone's status to Available.`);
    }
    const call = this.ring(agentId, { from: request.from, to: request.to ?? this.options.agentNumber, name: request.name, data: request.data }, undefined, request.ringTimeoutMs);
    return call.callId;
  }

  /** The far end hangs up (or, while ringing, abandons the call): the customer leaves, every agent's call on it ends. */
  remoteHangup(callId: string): void {
    const call = this.live(callId);
    call.bridge.customerLeft();
    this.end(call, 'hangup-remote');
  }

  /** The far end of an outbound call answers. */
  remoteAnswer(callId: string): void {
    const call = this.live(callId);
    if (call.direction !== 'outbound' || call.state !== 'dialing') {
      throw new SimulatorError(409, 'invalid-state', `Call ${callId} is not an outbound call waiting to be answered.`);
    }
    this.connect(call);
  }

  /** The far end of an outbound call is busy or rejects it. */
  remoteReject(callId: string): void {
    const call = this.live(callId);
    if (call.direction !== 'outbound' || call.state !== 'dialing') {
      throw new SimulatorError(409, 'invalid-state', `Call ${callId} is not an outbound call waiting to be answered.`);
    }
    this.end(call, 'rejected', '486 Busy Here');
  }

  /** A ringing inbound call rings out now, as if nobody answered before the ring timeout. */
  ringOut(callId: string): void {
    const call = this.live(callId);
    if (call.direction !== 'inbound' || call.state !== 'ringing') {
      throw new SimulatorError(409, 'invalid-state', `Call ${callId} is not an inbound call that is ringing.`);
    }
    this.end(call, 'missed');
  }

  /** The network fails an outbound call before it is answered (e.g. no route, 503). */
  remoteFail(callId: string, message = '503 Service Unavailable'): void {
    const call = this.live(callId);
    if (call.direction !== 'outbound' || call.state !== 'dialing') {
      throw new SimulatorError(409, 'invalid-state', `Call ${callId} is not an outbound call waiting to be answered.`);
    }
    this.end(call, 'failed', message);
  }

  /** The network degrades (or recovers) on a connected call: the softphone shows a quality warning. */
  qualityWarning(callId: string, kind: CallWarningKind, active: boolean): void {
    const call = this.live(callId);
    if (call.state !== 'connected') throw new SimulatorError(409, 'invalid-state', `Call ${callId} is not connected.`);
    this.toAgent(call, { type: 'warning', callId, kind, active });
  }

  /** The far end of an external participant answers, is busy (`reject`) or hangs up. */
  participantFarEnd(participantId: string, action: 'answer' | 'reject' | 'hangup'): void {
    const bridge = this.bridges().find((candidate) => candidate.present().some((member) => member.id === participantId));
    if (!bridge) throw new SimulatorError(404, 'unknown-participant', `No participant ${participantId} is on a live call.`);
    bridge.farEnd(bridge.participant(participantId), action);
    this.changed();
  }

  /** Closes an agent's connection as a network fault would; its calls stay up, the softphone reconnects. */
  dropAgent(agentId: string): void {
    const session = this.agents.get(agentId);
    if (!session) throw new SimulatorError(404, 'no-agent', `No softphone is connected as agent ${agentId}.`);
    this.agents.delete(agentId);
    session.close();
    this.changed();
  }

  /** Carries out a softphone command; resolves with the new call id for `dial` and `monitor`, the participant's for `add-participant`. */
  command(agentId: string, command: SimCommand): string | undefined {
    switch (command.type) {
      case 'set-presence':
        this.presence.set(agentId, command.status);
        this.agents.get(agentId)?.send({ type: 'presence', status: command.status });
        this.changed();
        return undefined;
      case 'dial':
        return this.dial(agentId, command.to, command.data);
      case 'monitor':
        return this.monitor(agentId, command.teamCallId, supervisorMode(command.mode));
      case 'add-participant': {
        const call = this.ownCall(agentId, command);
        if (call.state !== 'connected') throw invalidState(call, 'add a participant to');
        const to = requiredText(command.to, 'to', 'an agent id or a number');
        const mode = participantMode(command.mode);
        if (command.role !== undefined && command.role !== 'agent' && command.role !== 'external') throw new SimulatorError(400, 'invalid-argument', 'role must be agent or external.');
        const role = command.role ?? (this.agents.has(to) ? 'agent' : 'external');
        const { id } = call.bridge.add(call.member, { role, to }, mode, callData(command.data));
        this.changed();
        return id;
      }
      default:
        this.callCommand(this.ownCall(agentId, command), command);
        return void this.changed();
    }
  }

  /**
   * The live calls of every agent but `supervisor` (all agents' without one), as a supervisor sees
   * them: the customer, and the supervisor's own mode on the calls they monitor.
   */
  teamCalls(supervisor?: string): SimTeamCall[] {
    return teamCallsOf(this.calls.values(), supervisor);
  }

  /**
   * Every call (live ones and the last few ended ones), agent, participant on a live call, and the
   * live calls by agent (`team`), for the control panel.
   */
  snapshot(): {
    calls: SimCallSnapshot[];
    agents: Array<{ agentId: string; presence: AgentStatus; supervisor: boolean }>;
    participants: SimParticipantInfo[];
    team: SimTeamCall[];
  } {
    return {
      team: this.teamCalls(),
      calls: [...this.calls.values()].map(snapshot).reverse(),
      agents: [...this.agents.keys()].map((agentId) => ({ agentId, presence: this.presence.get(agentId) ?? 'available', supervisor: this.isSupervisor(agentId) })),
      participants: participantsOf(this.bridges()),
    };
  }

  /** The agent whose call `callId` is, or `undefined` for a call the simulator does not have. */
  ownerOf(callId: string): string | undefined {
    return this.calls.get(callId)?.agentId;
  }

  /** One call, or a 404 error. */
  get(callId: string): SimCallSnapshot {
    const call = this.calls.get(callId);
    if (!call) throw new SimulatorError(404, 'unknown-call', `No simulated call has the id ${callId}.`);
    return snapshot(call);
  }

  /** Calls `listener` after every change. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops every timer. */
  close(): void {
    for (const call of this.calls.values()) {
      clearTimeout(call.timer);
      call.bridge.close();
    }
    for (const session of this.agents.values()) session.close();
    this.agents.clear();
  }

  /** The agent's own live call that a command names; a monitoring leg only takes mute, mode changes and hangup. */
  private ownCall(agentId: string, command: Extract<SimCommand, { callId: string }>): SimCall {
    const call = this.calls.get(command.callId);
    if (!call || call.agentId !== agentId) throw new SimulatorError(404, 'unknown-call', `No call ${String(command.callId)} at this softphone.`);
    if (call.state === 'ended') throw new SimulatorError(409, 'invalid-state', `Call ${command.callId} has ended.`);
    if (call.monitoring && !['hangup', 'mute', 'unmute', 'set-monitor-mode'].includes(command.type)) {
      throw new SimulatorError(409, 'invalid-state', `Call ${call.callId} is your monitoring of a team call: change mode or hang up to leave it.`);
    }
    return call;
  }

  private callCommand(call: SimCall, command: Exclude<SimCommand, { type: 'dial' | 'set-presence' | 'monitor' | 'add-participant' }>): void {
    const connected = call.state === 'connected';
    const { bridge, member } = call;
    switch (command.type) {
      case 'answer':
        if (call.direction !== 'inbound' || call.state !== 'ringing') throw invalidState(call, 'answer');
        return this.connect(call);
      case 'decline':
        if (call.state !== 'ringing') throw invalidState(call, 'decline');
        return this.end(call, 'rejected');
      case 'hangup':
        return this.end(call, 'hangup-local');
      case 'hold':
      case 'resume':
        if (!connected) throw invalidState(call, command.type);
        if (bridge.owner !== member) throw new SimulatorError(409, 'invalid-state', `Only agent ${bridge.owner?.number ?? '(none)'}, who has the customer, can ${command.type} call ${call.callId}.`);
        call.held = command.type === 'hold';
        return this.toAgent(call, { type: call.held ? 'held' : 'resumed', callId: call.callId });
      case 'mute':
      case 'unmute':
        if (!connected) throw invalidState(call, command.type);
        call.muted = command.type === 'mute';
        return this.toAgent(call, { type: command.type === 'mute' ? 'muted' : 'unmuted', callId: call.callId });
      case 'dtmf':
        if (!connected) throw invalidState(call, 'send digits on');
        if (!DTMF_DIGITS.test(command.digits)) throw new SimulatorError(400, 'invalid-argument', 'DTMF digits must be 0-9, *, #, A-D.');
        call.digits = (call.digits + command.digits).slice(-64);
        return;
      case 'transfer':
        if (!connected) throw invalidState(call, 'transfer');
        if (typeof command.to !== 'string' || command.to.trim() === '') throw new SimulatorError(400, 'invalid-argument', 'A transfer target is required.');
        if (bridge.owner !== member || bridge.present().length > 1) throw new SimulatorError(409, 'invalid-state', `Call ${call.callId} has other participants: complete the transfer, or remove them first.`);
        this.toAgent(call, { type: 'transferred', callId: call.callId, to: command.to });
        return this.end(call, 'transferred');
      case 'swap':
      case 'merge':
      case 'complete-transfer':
        if (!connected) throw invalidState(call, command.type);
        if (command.type === 'swap') bridge.swap(member);
        else if (command.type === 'merge') bridge.merge(member);
        else bridge.completeTransfer(member);
        return;
      case 'hold-participant':
      case 'resume-participant':
        return bridge.holdParticipant(member, command.participantId, command.type === 'hold-participant');
      case 'remove-participant':
        return bridge.removeParticipant(member, command.participantId);
      case 'set-monitor-mode': {
        if (!call.monitoring) throw new SimulatorError(409, 'invalid-state', `Call ${call.callId} is not a monitoring call: start one from the team's calls.`);
        const mode = supervisorMode(command.mode);
        call.monitoring.mode = mode;
        bridge.supervisorMode(member, mode);
        return this.toAgent(call, { type: 'monitoring', callId: call.callId, teamCallId: call.monitoring.teamCallId, mode });
      }
      default:
        throw new SimulatorError(400, 'invalid-argument', `type must be a command the simulator knows, got ${JSON.stringify((command as { type: unknown }).type)}.`);
    }
  }

  /** A supervisor joins a team call in `mode` on a leg of their own; resolves with its id. */
  private monitor(supervisorId: string, teamCallId: unknown, mode: SupervisorMode): string {
    if (!this.isSupervisor(supervisorId)) {
      throw new SimulatorError(409, 'invalid-state', `Agent ${supervisorId} is not a supervisor: connect with role=supervisor, or list the agent in the simulator's supervisors.`);
    }
    const team = typeof teamCallId === 'string' ? this.calls.get(teamCallId) : undefined;
    if (!team || team.agentId === supervisorId || team.monitoring) throw new SimulatorError(404, 'unknown-call', `No team call ${String(teamCallId)}: pick one of the team's calls.`);
    if (team.state !== 'connected') throw new SimulatorError(409, 'invalid-state', `Team call ${team.callId} is ${team.state}: it can be monitored once answered.`);
    const { customer } = team.bridge;
    const member = team.bridge.monitor(supervisorId, mode, (joined) => {
      const leg = this.newCall({ direction: 'outbound', state: 'connected', from: this.options.agentNumber, to: customer.number, name: customer.name, agentId: supervisorId }, { bridge: team.bridge, member: joined });
      leg.connectedAt = leg.startedAt;
      leg.monitoring = { teamCallId: team.callId, mode, agent: team.agentId };
      return leg;
    });
    const leg = member.call as SimCall;
    this.toAgent(leg, { type: 'monitoring', callId: leg.callId, teamCallId: team.callId, mode, agent: team.agentId, remote: customer.number, ...(customer.name ? { displayName: customer.name } : {}) });
    this.changed();
    return leg.callId;
  }

  private dial(agentId: string, to: string, data?: CallData): string {
    if (typeof to !== 'string' || to.trim() === '' || to.length > 64) throw new SimulatorError(400, 'invalid-argument', 'The number to dial must be 1 to 64 characters.');
    const call = this.newCall({ direction: 'outbound', state: 'dialing', from: this.options.agentNumber, to, data, agentId });
    this.toAgent(call, { type: 'dialing', callId: call.callId, to });
    if (this.options.outboundAnswerMs !== null) {
      call.timer = setTimeout(() => this.connect(call), this.options.outboundAnswerMs);
    }
    this.changed();
    return call.callId;
  }

  /** Rings an agent: a new customer call, or (with `join`) the agent's leg on an existing one. */
  private ring(agentId: string, fields: Pick<SimCall, 'from' | 'to' | 'name' | 'data'>, join?: { bridge: Bridge; member: Member }, ringTimeoutMs = this.options.ringTimeoutMs): SimCall {
    const call = this.newCall({ direction: 'inbound', state: 'ringing', ...fields, agentId }, join);
    call.timer = setTimeout(() => this.end(call, 'missed'), ringTimeoutMs);
    this.toAgent(call, { type: 'ringing', callId: call.callId, from: call.from, to: call.to, name: call.name, data: call.data });
    this.changed();
    return call;
  }

  /** A new call: the first of a new bridge, whose agent owns it, or a member's leg on `join`'s bridge. */
  private newCall(fields: Pick<SimCall, 'direction' | 'state' | 'from' | 'to' | 'name' | 'data' | 'agentId'>, join?: { bridge: Bridge; member: Member }): SimCall {
    let { bridge, member } = join ?? {};
    if (!bridge || !member) {
      const customer = fields.direction === 'inbound' ? fields.from : fields.to;
      bridge = new Bridge({ number: customer, to: fields.to, ...(fields.name ? { name: fields.name } : {}), ...(fields.data ? { data: fields.data } : {}) }, this.host);
      member = bridge.join({ role: 'agent', number: fields.agentId, mode: 'conference', state: fields.state === 'ringing' ? 'ringing' : 'dialing' });
      bridge.owner = member;
    }
    const call: SimCall = { ...fields, callId: newId('SIM'), held: false, muted: false, digits: '', startedAt: Date.now(), events: [], bridge, member };
    member.call = call;
    this.calls.set(call.callId, call);
    return call;
  }

  private connect(call: SimCall): void {
    clearTimeout(call.timer);
    call.state = 'connected';
    call.connectedAt = Date.now();
    this.toAgent(call, { type: 'connected', callId: call.callId });
    call.bridge.legConnected(call.member);
    this.changed();
  }

  /** Ends an agent's call, then tells its bridge (`left`: why they left, if not from `reason`). */
  private end(call: SimCall, reason: EndReason, message?: string, left?: ParticipantLeftReason): void {
    if (call.state === 'ended') return;
    clearTimeout(call.timer);
    call.state = 'ended';
    call.endedAt = Date.now();
    call.endReason = reason;
    call.held = false;
    this.toAgent(call, { type: 'ended', callId: call.callId, reason, ...(message ? { message } : {}) });
    call.bridge.legEnded(call.member, reason, left);
    this.forgetOldCalls();
    this.changed();
  }

  private live(callId: string): SimCall {
    const call = this.calls.get(callId);
    if (!call) throw new SimulatorError(404, 'unknown-call', `No simulated call has the id ${callId}.`);
    if (call.state === 'ended') throw new SimulatorError(409, 'invalid-state', `Call ${callId} has already ended.`);
    return call;
  }

  /** Bridges with someone still on them. */
  private bridges(): Bridge[] {
    return [...new Set([...this.calls.values()].map((call) => call.bridge))].filter((bridge) => !bridge.over);
  }

  /** An available agent for a new call, supervisors last. */
  private pickAgent(): string | undefined {
    const agents = [...this.agents.keys()].sort((a, b) => Number(this.isSupervisor(a)) - Number(this.isSupervisor(b)));
    return agents.find((agentId) => this.presence.get(agentId) === 'available') ?? agents[0];
  }

  private toAgent(call: SimCall, message: SimMessage): void {
    if (isReplayed(message)) {
      call.events.push({ ...message, at: Date.now() });
      if (call.events.length > REPLAYED_EVENTS) call.events.shift();
    }
    this.agents.get(call.agentId)?.send(message);
  }

  private forgetOldCalls(): void {
    const ended = [...this.calls.values()].filter((call) => call.state === 'ended');
    for (const call of ended.slice(0, Math.max(0, ended.length - ENDED_KEPT))) this.calls.delete(call.callId);
  }

  /** Tells listeners, and each supervisor whose team list changed. */
  private changed(): void {
    for (const [agentId, session] of this.agents) {
      if (!this.isSupervisor(agentId)) continue;
      const calls = this.teamCalls(agentId);
      const text = JSON.stringify(calls);
      if (this.teamSent.get(agentId) === text) continue;
      this.teamSent.set(agentId, text);
      session.send({ type: 'team-calls', calls });
    }
    for (const listener of this.listeners) listener();
  }
}

const REPLAYED: ReadonlySet<string> = new Set<SimCallEvent['type']>([
  'participant-added',
  'participant-ringing',
  'participant-connected',
  'participant-held',
  'participant-resumed',
  'participant-left',
  'supervisor-mode',
  'conferenced',
  'monitoring',
]);

type SimCallEvent = ParticipantEvent | MonitoringEvent;

/** Messages a reconnecting softphone replays from a call's snapshot. */
function isReplayed(message: SimMessage): message is Extract<SimMessage, { type: ParticipantEvent['type'] | 'monitoring' }> {
  return REPLAYED.has(message.type);
}

function invalidState(call: SimCall, action: string): SimulatorError {
  return new SimulatorError(409, 'invalid-state', `Cannot ${action} call ${call.callId} while it is ${call.state}.`);
}
