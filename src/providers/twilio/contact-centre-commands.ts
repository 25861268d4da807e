/**
 * The contact-centre mode's call commands that are requests to the server's conference routes:
 * hold, consult, swap, merge, transfers, per-participant commands and recording. Each one asks the
 * server first and reports the change only once the server has made it, so a refused request
 * (participant gone, call ended, Twilio busy) changes nothing the agent sees but the error.
 */
import { ProviderError, type AddParticipantOptions, type CallEvent, type CallId, type EndReason, type ParticipantId, type SupervisorMode } from '../../core/index.js';
import { TwilioCallControlError, type ContactCentreApi } from './contact-centre-api.js';
import { describeTarget, targetOf } from './contact-centre-mapping.js';
import type { ConferenceParticipants } from './contact-centre-participants.js';
import type { TwilioCallLike } from './sdk.js';

/** One call of the contact-centre provider. */
export interface CcCall {
  /** The task's sid (routed calls, so a reload continues it), the leg's sid (direct and supervisor legs). */
  readonly id: CallId;
  /** `task`: routed by TaskRouter; `direct`: a leg put straight through to this agent (a colleague's consult or transfer names its conference); `monitor`: a supervisor's leg. */
  readonly kind: 'task' | 'direct' | 'monitor';
  phase: 'ringing' | 'joining' | 'connected' | 'ending' | 'ended';
  taskSid?: string;
  reservationSid?: string;
  conferenceSid?: string;
  /** Whether the customer is on hold, as last reported. */
  held: boolean;
  /** Bumped around every command: a conference read that overlapped one is stale and dropped. */
  revision: number;
  leg?: TwilioCallLike;
  offLeg?: () => void;
  offReservation?: () => void;
  monitorMode?: SupervisorMode;
  participants: ConferenceParticipants;
}

type Conferenced = CcCall & { readonly conferenceSid: string };

/** What {@link CallCommands} needs of the provider. */
export interface CallCommandsOptions {
  readonly api: ContactCentreApi;
  readonly emit: (event: CallEvent) => void;
  readonly now: () => number;
  readonly end: (call: CcCall, reason: EndReason, message?: string) => void;
  readonly refresh: (call: CcCall) => void;
}

/** Carries out the conference commands of one provider. */
export class CallCommands {
  constructor(private readonly options: CallCommandsOptions) {}

  /** Holds or resumes the customer. */
  async hold(call: Conferenced, held: boolean): Promise<void> {
    if (held) await this.options.api.hold(call.conferenceSid);
    else await this.options.api.resume(call.conferenceSid);
    this.customerHeld(call, held);
  }

  /** Dials someone in; in `consult` mode the server holds the customer first. */
  async addParticipant(call: Conferenced, to: string, options: AddParticipantOptions): Promise<ParticipantId> {
    const target = targetOf(to, options.role);
    const participantId = await this.options.api.addParticipant(call.conferenceSid, target, options.mode);
    if (options.mode === 'consult') this.customerHeld(call, true);
    const role = target.kind === 'agent' ? 'agent' : 'external';
    for (const event of call.participants.added(participantId, role, options.mode, describeTarget(target), this.options.now())) this.options.emit(event);
    this.options.refresh(call);
    return participantId;
  }

  /** Talks to the held side: the customer or the consulted party. */
  async swap(call: Conferenced): Promise<void> {
    const other = this.consulted(call);
    if (call.held) {
      await this.options.api.resume(call.conferenceSid);
      this.customerHeld(call, false);
      await this.options.api.hold(call.conferenceSid, other);
      this.participantHeld(call, other, true);
    } else {
      await this.options.api.hold(call.conferenceSid);
      this.customerHeld(call, true);
      await this.options.api.resume(call.conferenceSid, other);
      this.participantHeld(call, other, false);
    }
  }

  /** Everyone together, nobody on hold. */
  async merge(call: Conferenced): Promise<void> {
    await this.options.api.merge(call.conferenceSid);
    call.held = false;
    call.participants.merged();
    this.options.emit({ type: 'conferenced', callId: call.id, at: this.options.now() });
  }

  /** The customer stays with the other party; this agent leaves (a warm transfer). */
  async completeTransfer(call: Conferenced): Promise<void> {
    const other = [...call.participants.present.entries()].find(([, participant]) => participant.phase === 'connected' || participant.phase === 'held');
    call.phase = 'ending';
    try {
      await this.options.api.completeTransfer(call.conferenceSid);
    } catch (error) {
      call.phase = 'connected';
      throw error;
    }
    this.options.emit({ type: 'transferred', callId: call.id, at: this.options.now(), to: other?.[1].number ?? other?.[0] ?? 'participant' });
    this.options.end(call, 'transferred');
    call.leg?.disconnect();
  }

  /**
   * Hands the call over. `consult` with a consulted party on the line completes that warm transfer;
   * otherwise the server transfers cold (an agent or a number dialled, or the queue; the customer
   * hears hold music until they answer) and this agent leaves.
   */
  async transfer(call: Conferenced, to: string, mode: 'blind' | 'consult'): Promise<void> {
    if (mode === 'consult' && [...call.participants.present.values()].some((participant) => participant.phase === 'connected' || participant.phase === 'held')) return this.completeTransfer(call);
    const target = targetOf(to);
    call.phase = 'ending';
    try {
      await this.options.api.transfer(call.conferenceSid, target);
    } catch (error) {
      call.phase = 'connected';
      throw error;
    }
    this.options.emit({ type: 'transferred', callId: call.id, at: this.options.now(), to: describeTarget(target) });
    this.options.end(call, 'transferred');
    call.leg?.disconnect();
  }

  /** Holds or resumes one participant. */
  async holdParticipant(call: Conferenced, participantId: ParticipantId, held: boolean): Promise<void> {
    this.known(call, participantId);
    if (held) await this.options.api.hold(call.conferenceSid, participantId);
    else await this.options.api.resume(call.conferenceSid, participantId);
    this.participantHeld(call, participantId, held);
  }

  /** Drops one participant. */
  async removeParticipant(call: Conferenced, participantId: ParticipantId): Promise<void> {
    this.known(call, participantId);
    try {
      await this.options.api.removeParticipant(call.conferenceSid, participantId);
    } catch (error) {
      // Gone already: what the agent wanted has happened.
      if (!(error instanceof TwilioCallControlError && error.failure === 'participant-gone')) throw error;
    }
    for (const event of call.participants.remove(participantId, this.options.now())) this.options.emit(event);
  }

  /** Starts or stops recording; the recording's link goes on the call (and its log). */
  async record(call: Conferenced, on: boolean): Promise<void> {
    const link = on ? await this.options.api.startRecording(call.conferenceSid) : await this.options.api.stopRecording(call.conferenceSid);
    this.options.emit({ type: 'recording', callId: call.id, at: this.options.now(), active: on, ...(link.mediaUrl ? { location: link.mediaUrl } : {}) });
  }

  /** Runs one command, marking the call changed before and after it. */
  async run<T>(call: CcCall, command: () => Promise<T>): Promise<T> {
    call.revision++;
    try {
      return await command();
    } finally {
      call.revision++;
    }
  }

  private customerHeld(call: CcCall, held: boolean): void {
    if (call.held === held) return;
    call.held = held;
    this.options.emit({ type: held ? 'held' : 'resumed', callId: call.id, at: this.options.now() });
  }

  private participantHeld(call: CcCall, participantId: ParticipantId, held: boolean): void {
    for (const event of call.participants.setHeld(participantId, held, this.options.now())) this.options.emit(event);
  }

  private known(call: CcCall, participantId: ParticipantId): void {
    if (!call.participants.present.has(participantId)) throw new ProviderError('invalid-argument', `Nobody with the id ${participantId} is on this call (they may have left).`);
  }

  /** The party of a consultation: the one connected or held besides the customer. */
  private consulted(call: CcCall): ParticipantId {
    const found = [...call.participants.present.entries()].find(([, participant]) => participant.phase === 'connected' || participant.phase === 'held');
    if (!found) throw new ProviderError('invalid-state', 'There is nobody to swap to: consult someone first, and wait until they answer.');
    return found[0];
  }
}
