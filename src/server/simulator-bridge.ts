/**
 * The telephony simulator's conference bridge. Every customer call has one: besides the customer it
 * holds the agents' own calls (the first agent owns it: holds the customer, adds, swaps, merges,
 * hands over), external numbers the control panel plays, and supervisors. Each agent on a bridge is
 * told what happens to everyone else on it, in the core's participant vocabulary, so every agent's
 * softphone shows the others. The customer stays while anyone but a supervisor is with them.
 */
import { randomBytes } from 'node:crypto';
import type { AgentStatus, CallData, EndReason, MonitoringEvent, ParticipantEvent, ParticipantLeftReason, ParticipantMode, ParticipantPhase, ParticipantRole, SupervisorMode } from '../core/index.js';
import type { SimCallSnapshot, SimMessage, SimParticipantSnapshot } from '../providers/simulator/protocol.js';
import { SimulatorError } from './simulator-input.js';

/** An agent's or supervisor's own call, as the switch keeps it. */
export interface SimCall {
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
  monitoring?: { teamCallId: string; mode: SupervisorMode; agent?: string };
  /** The participant and monitoring events its softphone was sent, with their times: replayed after a reconnect. */
  readonly events: Array<ParticipantEvent | MonitoringEvent>;
  readonly bridge: Bridge;
  readonly member: Member;
}

/** Someone on a bridge besides the customer. */
export interface Member {
  readonly id: string;
  readonly role: ParticipantRole;
  /** The agent id, or the number dialled. */
  readonly number: string;
  readonly name?: string;
  mode: ParticipantMode;
  state: ParticipantPhase;
  supervisorMode?: SupervisorMode;
  /** The member's own call, for agents and supervisors. */
  call?: SimCall;
  readonly addedAt: number;
  connectedAt?: number;
  leftAt?: number;
  leftReason?: ParticipantLeftReason;
  /** Order of joining and leaving: a member sees those present when it joined and everyone after. */
  readonly joined: number;
  left?: number;
  timer?: ReturnType<typeof setTimeout>;
}

/** What a bridge needs of its switch. */
export interface BridgeHost {
  /** Sends a message to the softphone of the agent whose call this is. */
  send(call: SimCall, message: SimMessage): void;
  /** Holds or resumes the customer on the owner's call, telling the owner. */
  hold(call: SimCall, held: boolean): void;
  /** Ends a member's call; the switch then tells the bridge through {@link Bridge.legEnded}. */
  endLeg(call: SimCall, reason: EndReason, left?: ParticipantLeftReason): void;
  /** Rings an agent with a call on this bridge (the customer's number, `data`) and returns it. */
  ringAgent(bridge: Bridge, member: Member, data: CallData): SimCall;
  /** An agent's presence, or `undefined` when no softphone is connected as them. */
  presence(agentId: string): AgentStatus | undefined;
  /** External far ends answer after this delay (`null`: only the control panel answers), or ring out after `ringTimeoutMs`. */
  readonly answerMs: number | null;
  readonly ringTimeoutMs: number;
}

/** How many parties a bridge takes besides the customer. */
const MAX_MEMBERS = 16;

const invalid = (message: string): SimulatorError => new SimulatorError(409, 'invalid-state', message);
const STATE_MESSAGES: Partial<Record<ParticipantPhase, readonly ParticipantStateMessage[]>> = {
  ringing: ['participant-ringing'],
  connected: ['participant-connected'],
  held: ['participant-connected', 'participant-held'],
};
type ParticipantStateMessage = 'participant-ringing' | 'participant-connected' | 'participant-held' | 'participant-resumed';

/** A new id with a prefix, e.g. `SIM-…` for calls, `P-…` for participants. */
export function newId(prefix: string): string {
  return `${prefix}-${randomBytes(8).toString('hex')}`;
}

/** Why a member left, from how their own call ended. */
function leftReasonOf(reason: EndReason): ParticipantLeftReason {
  return reason === 'rejected' || reason === 'missed' ? 'no-answer' : reason === 'failed' ? 'failed' : 'hangup';
}

/** One customer call and everyone on it. */
export class Bridge {
  readonly members: Member[] = [];
  /** The agent who holds the customer and controls the bridge; after a warm transfer, the colleague who took it. */
  owner?: Member;
  over = false;
  private order = 0;

  constructor(
    readonly customer: { readonly number: string; readonly name?: string; readonly to: string; readonly data?: CallData },
    private readonly host: BridgeHost,
  ) {}

  /** Adds a member in `state` (the first agent, a supervisor); nobody is told. */
  join(fields: Pick<Member, 'role' | 'number' | 'name' | 'mode' | 'state' | 'supervisorMode'>): Member {
    if (this.present().length >= MAX_MEMBERS) throw invalid(`A call takes at most ${MAX_MEMBERS} parties: remove someone first.`);
    const member: Member = { ...fields, id: newId('P'), addedAt: Date.now(), joined: this.order++ };
    if (member.state === 'connected') member.connectedAt = member.addedAt;
    this.members.push(member);
    return member;
  }

  /** Members still on the line. */
  present(): Member[] {
    return this.members.filter((member) => member.state !== 'left');
  }

  /** A member present on this bridge, by participant id, or a 404. */
  participant(participantId: unknown): Member {
    const member = this.members.find((candidate) => candidate.id === participantId);
    if (!member || member.state === 'left') throw new SimulatorError(404, 'unknown-participant', `No participant ${String(participantId)} is on this call.`);
    return member;
  }

  /**
   * The owner calls an agent (their softphone rings with the customer's number and `data`) or a
   * number into the call, privately (`consult`: the customer is held first) or into the conference.
   */
  add(by: Member, target: { readonly role: 'agent' | 'external'; readonly to: string }, mode: ParticipantMode, data: CallData = {}): Member {
    const owner = this.ownedBy(by, 'add participants to');
    if (target.role === 'agent') {
      if (target.to === owner.number) throw new SimulatorError(400, 'invalid-argument', 'to must be another agent than yourself.');
      const presence = this.host.presence(target.to);
      if (presence === undefined) throw new SimulatorError(400, 'invalid-argument', `to must be a connected agent: no softphone is connected as ${target.to}.`);
      if (presence === 'offline') throw invalid(`Agent ${target.to} is offline: ask them to set their softphone to Available.`);
      if (this.present().some((member) => member.role !== 'external' && member.number === target.to)) throw invalid(`Agent ${target.to} is already on this call.`);
    }
    const member = this.join({ role: target.role, number: target.to, mode, state: 'dialing' });
    if (mode === 'consult' && owner.call) this.host.hold(owner.call, true);
    this.broadcast(member, (callId) => ({ type: 'participant-added', callId, ...this.added(member, undefined) }));
    if (target.role === 'agent') {
      // At most 64 values, as a softphone accepts: the customer's call data gives way first.
      const handed = Object.entries({ ...this.customer.data, ...data, transferredFrom: owner.number }).slice(-64);
      member.call = this.host.ringAgent(this, member, Object.fromEntries(handed));
      this.changeState(member, 'ringing', 'participant-ringing');
      this.introduce(member);
    } else {
      this.changeState(member, 'ringing', 'participant-ringing');
      const answerMs = this.host.answerMs;
      member.timer = answerMs === null ? setTimeout(() => this.leave(member, 'no-answer'), this.host.ringTimeoutMs) : setTimeout(() => this.legConnected(member), answerMs);
    }
    return member;
  }

  /** The owner talks to the held side instead: the customer or whoever they consult. */
  swap(by: Member): void {
    const owner = this.ownedBy(by, 'swap on');
    const consulted = this.present().filter((member) => member.mode === 'consult' && (member.state === 'connected' || member.state === 'held'));
    if (consulted.length === 0 || !owner.call) throw invalid('Nobody to swap with: consult someone and wait until they answer.');
    const backToCustomer = owner.call.held;
    this.host.hold(owner.call, !backToCustomer);
    for (const member of consulted) this.hold(member, backToCustomer);
  }

  /** Everyone into one conference: the customer and held parties come off hold. */
  merge(by: Member): void {
    const owner = this.ownedBy(by, 'merge');
    const others = this.present().filter((member) => member !== owner && member.role !== 'supervisor');
    if (!others.some((member) => member.state === 'connected' || member.state === 'held')) throw invalid('Nobody to merge with: add a participant and wait until they answer.');
    // `conferenced` says all of it (the customer and everyone off hold), so no held/resumed is sent.
    if (owner.call) owner.call.held = false;
    for (const member of others) {
      member.mode = 'conference';
      if (member.state === 'held') member.state = 'connected';
    }
    for (const member of this.present()) {
      if (member.role === 'supervisor' || !member.call) continue;
      this.host.send(member.call, { type: 'conferenced', callId: member.call.callId });
    }
  }

  /** The owner leaves a warm transfer: `transferred`, `ended(transferred)`; the others stay with the customer. */
  completeTransfer(by: Member): void {
    const owner = this.ownedBy(by, 'complete a transfer on');
    const talking = (member: Member): boolean => member !== owner && (member.state === 'connected' || member.state === 'held');
    const target = this.present().find((member) => member.role === 'agent' && talking(member)) ?? this.present().find((member) => member.role === 'external' && talking(member));
    if (!target || !owner.call) throw invalid('Nobody to hand the call to: add a participant and wait until they answer.');
    this.host.send(owner.call, { type: 'transferred', callId: owner.call.callId, to: target.number });
    this.host.endLeg(owner.call, 'transferred');
    // Whoever the first agent held now talks with the customer and the rest.
    for (const member of this.present()) if (member.state === 'held') this.hold(member, false);
  }

  /** The owner holds or resumes one participant. */
  holdParticipant(by: Member, participantId: unknown, held: boolean): void {
    const owner = this.ownedBy(by, held ? 'hold participants on' : 'resume participants on');
    const member = this.participant(participantId);
    if (member === owner || member.role === 'supervisor') throw invalid(`Participant ${member.id} cannot be ${held ? 'held' : 'resumed'}: only agents and external numbers can.`);
    if (member.state !== (held ? 'connected' : 'held')) throw invalid(`Participant ${member.id} is ${member.state}, not ${held ? 'connected' : 'held'}.`);
    this.hold(member, held);
  }

  /** The owner drops one participant (a ringing one is cancelled); their own call, if any, ends. */
  removeParticipant(by: Member, participantId: unknown): void {
    const owner = this.ownedBy(by, 'remove participants from');
    const member = this.participant(participantId);
    if (member === owner) throw invalid('You cannot remove yourself: hang up to leave the call.');
    if (member.call) this.host.endLeg(member.call, 'hangup-remote', 'removed');
    else this.leave(member, 'removed');
  }

  /** A supervisor joins on their own call `leg`; every agent on the call sees them with their mode. */
  monitor(supervisorId: string, mode: SupervisorMode, leg: (member: Member) => SimCall): Member {
    if (this.present().some((member) => member.role === 'supervisor' && member.number === supervisorId)) throw invalid(`${supervisorId} is already monitoring this call.`);
    const member = this.join({ role: 'supervisor', number: supervisorId, mode: 'conference', state: 'connected', supervisorMode: mode });
    member.call = leg(member);
    this.broadcast(member, (callId) => ({ type: 'participant-added', callId, ...this.added(member, undefined) }));
    this.broadcast(member, (callId) => ({ type: 'participant-connected', callId, participantId: member.id }));
    return member;
  }

  /** A supervisor changed mode: the agents see it. */
  supervisorMode(member: Member, mode: SupervisorMode): void {
    member.supervisorMode = mode;
    this.broadcast(member, (callId) => ({ type: 'supervisor-mode', callId, participantId: member.id, mode }));
  }

  /** A member's own call connected (an agent answered), or an external far end answered. */
  legConnected(member: Member): void {
    if (member.state !== 'dialing' && member.state !== 'ringing') return;
    clearTimeout(member.timer);
    member.connectedAt = Date.now();
    this.changeState(member, 'connected', 'participant-connected');
  }

  /** A member's own call ended: they leave, and the bridge settles who stays. */
  legEnded(member: Member, reason: EndReason, left?: ParticipantLeftReason): void {
    if (member.state !== 'left') this.leave(member, left ?? leftReasonOf(reason));
  }

  /** An external far end: answers, is busy, or hangs up. */
  farEnd(member: Member, action: 'answer' | 'reject' | 'hangup'): void {
    if (member.role !== 'external') throw invalid(`Participant ${member.id} is ${member.role === 'agent' ? 'agent' : 'supervisor'} ${member.number}: their own softphone answers and hangs up.`);
    const ringing = member.state === 'dialing' || member.state === 'ringing';
    if (action !== 'hangup' && !ringing) throw invalid(`Participant ${member.id} is ${member.state}, not ringing.`);
    if (action === 'answer') this.legConnected(member);
    else if (action === 'reject') this.leave(member, 'failed', '486 Busy Here');
    else this.leave(member, 'hangup');
  }

  /** The customer hung up: everyone's call ends. */
  customerLeft(): void {
    if (this.over) return;
    this.over = true;
    const calls: SimCall[] = [];
    for (const member of this.present()) {
      clearTimeout(member.timer);
      Object.assign(member, { state: 'left', leftAt: Date.now(), leftReason: 'hangup', left: this.order++ });
      if (member.call) calls.push(member.call);
    }
    for (const call of calls) this.host.endLeg(call, 'hangup-remote');
  }

  /** Everyone else on the call as `viewer` sees them (for snapshots). */
  view(viewer: Member): SimParticipantSnapshot[] {
    if (viewer.role === 'supervisor') return [];
    return this.members
      .filter((member) => member !== viewer && (member.left === undefined || member.left > viewer.joined))
      .map((member) => ({
        ...this.added(member, viewer),
        state: member.state,
        addedAt: member.addedAt,
        ...(member.connectedAt !== undefined ? { connectedAt: member.connectedAt } : {}),
        ...(member.leftAt !== undefined ? { leftAt: member.leftAt, leftReason: member.leftReason } : {}),
      }));
  }

  /** Stops every timer. */
  close(): void {
    for (const member of this.members) clearTimeout(member.timer);
  }

  /** Who `member` is, to `viewer`: a consulted agent talks privately with the owner. */
  private added(member: Member, viewer: Member | undefined): Pick<SimParticipantSnapshot, 'participantId' | 'role' | 'number' | 'displayName' | 'mode' | 'supervisorMode'> {
    const mode = viewer?.mode === 'consult' && member === this.owner ? 'consult' : member.mode;
    return {
      participantId: member.id,
      role: member.role,
      number: member.number,
      ...(member.name ? { displayName: member.name } : {}),
      mode,
      ...(member.supervisorMode ? { supervisorMode: member.supervisorMode } : {}),
    };
  }

  /** Tells a member who just joined about everyone already on the call. */
  private introduce(viewer: Member): void {
    if (!viewer.call) return;
    const call = viewer.call;
    for (const member of this.present()) {
      if (member === viewer) continue;
      this.host.send(call, { type: 'participant-added', callId: call.callId, ...this.added(member, viewer) });
      for (const type of STATE_MESSAGES[member.state] ?? []) this.host.send(call, { type, callId: call.callId, participantId: member.id });
    }
  }

  /** Sends a message about `subject` to every other agent on the call. */
  private broadcast(subject: Member, message: (callId: string) => SimMessage): void {
    for (const member of this.present()) {
      if (member !== subject && member.role !== 'supervisor' && member.call) this.host.send(member.call, message(member.call.callId));
    }
  }

  private changeState(member: Member, state: ParticipantPhase, type: ParticipantStateMessage): void {
    member.state = state;
    this.broadcast(member, (callId) => ({ type, callId, participantId: member.id }));
  }

  private hold(member: Member, held: boolean): void {
    if (member.state !== (held ? 'connected' : 'held')) return;
    this.changeState(member, held ? 'held' : 'connected', held ? 'participant-held' : 'participant-resumed');
  }

  /** A member left: everyone else is told; without the owner, another agent takes the customer, or the call ends. */
  private leave(member: Member, reason: ParticipantLeftReason, message?: string): void {
    if (member.state === 'left') return;
    clearTimeout(member.timer);
    Object.assign(member, { state: 'left', leftAt: Date.now(), leftReason: reason, left: this.order++ });
    this.broadcast(member, (callId) => ({ type: 'participant-left', callId, participantId: member.id, reason, ...(message ? { message } : {}) }));
    if (member === this.owner) this.owner = undefined;
    this.settle();
  }

  private settle(): void {
    if (this.over) return;
    const talking = (member: Member): boolean => member.state === 'connected' || member.state === 'held';
    if (!this.owner) {
      // Another agent talking on the call takes the customer, off hold.
      this.owner = this.present().find((member) => member.role === 'agent' && talking(member) && member.call);
      if (this.owner?.call) this.owner.call.held = false;
    }
    // The customer stays while they have an agent (the first one may still be ringing) or an external number talks with them.
    if (this.owner || this.present().some((member) => member.role === 'external' && talking(member))) return;
    this.customerLeft();
  }

  private ownedBy(member: Member, action: string): Member {
    if (this.over || member.state === 'left') throw invalid('This call is over.');
    if (member !== this.owner) throw invalid(`Only ${this.owner ? `agent ${this.owner.number}, who has the customer,` : 'the agent who has the customer'} can ${action} this call.`);
    return member;
  }
}
