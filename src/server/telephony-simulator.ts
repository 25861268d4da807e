import { randomBytes } from 'node:crypto';
import { DTMF_DIGITS, SoftphoneError, type AgentStatus, type CallData, type CallWarningKind, type EndReason } from '../core/index.js';
import type { SimCallSnapshot, SimCommand, SimErrorCode, SimMessage } from '../providers/simulator/protocol.js';

/** A simulated call as the switch keeps it. */
interface SimCall {
  callId: string;
  direction: 'inbound' | 'outbound';
  state: SimCallSnapshot['state'];
  from: string;
  to: string;
  name?: string;
  data?: CallData;
  agentId: string;
  held: boolean;
  muted: boolean;
  digits: string;
  startedAt: number;
  connectedAt?: number;
  endedAt?: number;
  endReason?: EndReason;
  timer?: ReturnType<typeof setTimeout>;
}

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

/** A simulator operation that cannot be carried out; `status` is the HTTP status to answer with. */
export class SimulatorError extends SoftphoneError<SimErrorCode | 'no-agent'> {
  override readonly name = 'SimulatorError';
  constructor(
    readonly status: number,
    code: SimErrorCode | 'no-agent',
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(code, message, options);
  }
}

const ENDED_KEPT = 50;
/** Ended calls a reconnecting softphone is told about, so it can log calls that ended while it was away. */
const RECENTLY_ENDED_MS = 10 * 60_000;

/**
 * A tiny phone switch: rings agents, keeps call state, obeys the softphone's commands and plays the
 * far end (answer, reject, hang up) for the control panel and tests.
 */
export class TelephonySimulator {
  private readonly calls = new Map<string, SimCall>();
  private readonly agents = new Map<string, AgentSession>();
  private readonly presence = new Map<string, AgentStatus>();
  private readonly listeners = new Set<() => void>();
  private readonly options: Required<TelephonySimulatorOptions>;

  constructor(options: TelephonySimulatorOptions = {}) {
    this.options = { outboundAnswerMs: 1000, ringTimeoutMs: 30_000, agentNumber: '+14155550000', ...options };
  }

  /** Registers a softphone; a second session for the same agent replaces the first. */
  attachAgent(agentId: string, session: AgentSession): () => void {
    const previous = this.agents.get(agentId);
    if (previous) {
      previous.send({ type: 'replaced', message: 'This softphone was opened in another tab or window; it is now inactive here.' });
      previous.close();
    }
    this.agents.set(agentId, session);
    if (!this.presence.has(agentId)) this.presence.set(agentId, 'available');
    const mine = [...this.calls.values()].filter((call) => call.agentId === agentId);
    const calls = mine.filter((call) => call.state !== 'ended').map(snapshot);
    const ended = mine.filter((call) => call.state === 'ended' && Date.now() - (call.endedAt ?? 0) < RECENTLY_ENDED_MS).map(snapshot);
    session.send({ type: 'hello', agentId, presence: this.presence.get(agentId) ?? 'available', calls, ended, serverTime: Date.now() });
    this.changed();
    return () => {
      if (this.agents.get(agentId) === session) this.agents.delete(agentId);
      this.changed();
    };
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
    const call = this.newCall({ direction: 'inbound', state: 'ringing', from: request.from, to: request.to ?? this.options.agentNumber, name: request.name, data: request.data, agentId });
    call.timer = setTimeout(() => this.end(call, 'missed'), request.ringTimeoutMs ?? this.options.ringTimeoutMs);
    this.toAgent(call, { type: 'ringing', callId: call.callId, from: call.from, to: call.to, name: call.name, data: call.data });
    this.changed();
    return call.callId;
  }

  /** The far end hangs up (or, while ringing, abandons the call). */
  remoteHangup(callId: string): void {
    const call = this.live(callId);
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

  /** Closes an agent's connection as a network fault would; its calls stay up, the softphone reconnects. */
  dropAgent(agentId: string): void {
    const session = this.agents.get(agentId);
    if (!session) throw new SimulatorError(404, 'no-agent', `No softphone is connected as agent ${agentId}.`);
    this.agents.delete(agentId);
    session.close();
    this.changed();
  }

  /** Carries out a softphone command; resolves with the new call id for `dial`. */
  command(agentId: string, command: SimCommand): string | undefined {
    switch (command.type) {
      case 'set-presence':
        this.presence.set(agentId, command.status);
        this.agents.get(agentId)?.send({ type: 'presence', status: command.status });
        this.changed();
        return undefined;
      case 'dial':
        return this.dial(agentId, command.to, command.data);
      default:
        return void this.callCommand(agentId, command);
    }
  }

  /** Every call (live ones and the last few ended ones) and agent, for the control panel. */
  snapshot(): { calls: SimCallSnapshot[]; agents: Array<{ agentId: string; presence: AgentStatus }> } {
    return {
      calls: [...this.calls.values()].map(snapshot).reverse(),
      agents: [...this.agents.keys()].map((agentId) => ({ agentId, presence: this.presence.get(agentId) ?? 'available' })),
    };
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
    for (const call of this.calls.values()) clearTimeout(call.timer);
    for (const session of this.agents.values()) session.close();
    this.agents.clear();
  }

  private callCommand(agentId: string, command: Exclude<SimCommand, { type: 'dial' | 'set-presence' }>): void {
    const call = this.calls.get(command.callId);
    if (!call || call.agentId !== agentId) throw new SimulatorError(404, 'unknown-call', `No call ${command.callId} at this softphone.`);
    if (call.state === 'ended') throw new SimulatorError(409, 'invalid-state', `Call ${command.callId} has ended.`);
    const connected = call.state === 'connected';
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
      case 'mute':
      case 'unmute': {
        if (!connected) throw invalidState(call, command.type);
        if (command.type === 'hold' || command.type === 'resume') call.held = command.type === 'hold';
        else call.muted = command.type === 'mute';
        const type = ({ hold: 'held', resume: 'resumed', mute: 'muted', unmute: 'unmuted' } as const)[command.type];
        this.toAgent(call, { type, callId: call.callId });
        return this.changed();
      }
      case 'dtmf':
        if (!connected) throw invalidState(call, 'send digits on');
        if (!DTMF_DIGITS.test(command.digits)) throw new SimulatorError(400, 'invalid-argument', 'DTMF digits must be 0-9, *, #, A-D.');
        call.digits = (call.digits + command.digits).slice(-64);
        return this.changed();
      case 'transfer':
        if (!connected) throw invalidState(call, 'transfer');
        if (command.to.trim() === '') throw new SimulatorError(400, 'invalid-argument', 'A transfer target is required.');
        this.toAgent(call, { type: 'transferred', callId: call.callId, to: command.to });
        return this.end(call, 'transferred');
    }
  }

  private dial(agentId: string, to: string, data?: CallData): string {
    if (to.trim() === '' || to.length > 64) throw new SimulatorError(400, 'invalid-argument', 'The number to dial must be 1 to 64 characters.');
    const call = this.newCall({ direction: 'outbound', state: 'dialing', from: this.options.agentNumber, to, data, agentId });
    this.toAgent(call, { type: 'dialing', callId: call.callId, to });
    if (this.options.outboundAnswerMs !== null) {
      call.timer = setTimeout(() => this.connect(call), this.options.outboundAnswerMs);
    }
    this.changed();
    return call.callId;
  }

  private newCall(fields: Pick<SimCall, 'direction' | 'state' | 'from' | 'to' | 'name' | 'data' | 'agentId'>): SimCall {
    const call: SimCall = { ...fields, callId: newCallId(), held: false, muted: false, digits: '', startedAt: Date.now() };
    this.calls.set(call.callId, call);
    return call;
  }

  private connect(call: SimCall): void {
    clearTimeout(call.timer);
    call.state = 'connected';
    call.connectedAt = Date.now();
    this.toAgent(call, { type: 'connected', callId: call.callId });
    this.changed();
  }

  private end(call: SimCall, reason: EndReason, message?: string): void {
    if (call.state === 'ended') return;
    clearTimeout(call.timer);
    call.state = 'ended';
    call.endedAt = Date.now();
    call.endReason = reason;
    call.held = false;
    this.toAgent(call, { type: 'ended', callId: call.callId, reason, ...(message ? { message } : {}) });
    this.forgetOldCalls();
    this.changed();
  }

  private live(callId: string): SimCall {
    const call = this.calls.get(callId);
    if (!call) throw new SimulatorError(404, 'unknown-call', `No simulated call has the id ${callId}.`);
    if (call.state === 'ended') throw new SimulatorError(409, 'invalid-state', `Call ${callId} has already ended.`);
    return call;
  }

  private pickAgent(): string | undefined {
    const agents = [...this.agents.keys()];
    return agents.find((agentId) => this.presence.get(agentId) === 'available') ?? agents[0];
  }

  private toAgent(call: SimCall, message: SimMessage): void {
    this.agents.get(call.agentId)?.send(message);
  }

  private forgetOldCalls(): void {
    const ended = [...this.calls.values()].filter((call) => call.state === 'ended');
    for (const call of ended.slice(0, Math.max(0, ended.length - ENDED_KEPT))) this.calls.delete(call.callId);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function invalidState(call: SimCall, action: string): SimulatorError {
  return new SimulatorError(409, 'invalid-state', `Cannot ${action} call ${call.callId} while it is ${call.state}.`);
}

function newCallId(): string {
  return `SIM-${randomBytes(8).toString('hex')}`;
}

function snapshot(call: SimCall): SimCallSnapshot {
  const { timer: _timer, agentId: _agentId, ...rest } = call;
  return rest;
}
