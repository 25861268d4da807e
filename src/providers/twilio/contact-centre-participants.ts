/**
 * The other parties of one contact-centre call, as the server reads them from Twilio's conference:
 * each fresh view is compared with what was last reported, and only the differences become
 * participant events. The conference is the truth; this only remembers what the softphone said.
 */
import type { CallEvent, CallId, ParticipantId, ParticipantLeftReason, ParticipantMode, ParticipantRole, SupervisorMode } from '../../core/index.js';
import type { ConferenceParty, ConferenceView } from './contact-centre-api.js';

/** What was last reported of one participant. */
interface Known {
  readonly role: ParticipantRole;
  mode: ParticipantMode;
  phase: 'dialing' | 'ringing' | 'connected' | 'held';
  supervisorMode?: SupervisorMode;
  readonly number?: string;
}

/** A supervisor's mode from their leg: muted is listening, coaching is whispering, neither is barging. */
export function supervisorModeOf(party: Pick<ConferenceParty, 'muted' | 'coaching'>): SupervisorMode {
  return party.coaching ? 'whisper' : party.muted ? 'listen' : 'barge';
}

/** Who a participant is to the agent, and the address they were reached at. */
function describe(party: ConferenceParty): { role: ParticipantRole; number?: string } {
  if (party.role === 'supervisor') return { role: 'supervisor', ...(party.identity ? { number: party.identity } : {}) };
  if (party.role === 'agent') return { role: 'agent', ...(party.identity ? { number: party.identity } : {}) };
  return { role: 'external', ...(party.number ? { number: party.number } : {}) };
}

/** The participants of one call and how to report their changes. */
export class ConferenceParticipants {
  private readonly known = new Map<ParticipantId, Known>();
  private readonly removed = new Set<ParticipantId>();

  constructor(
    private readonly callId: CallId,
    /** This agent's client identity: their own leg is the call itself, not a participant. */
    private readonly identity: string,
  ) {}

  /** Participants still on the line. */
  get present(): ReadonlyMap<ParticipantId, Readonly<Known>> {
    return this.known;
  }

  /** A participant this softphone dialled: reported as added now, with the mode it asked for. */
  added(participantId: ParticipantId, role: ParticipantRole, mode: ParticipantMode, number: string, at: number): CallEvent[] {
    if (this.known.has(participantId)) return [];
    this.known.set(participantId, { role, mode, phase: 'dialing', number });
    return [{ type: 'participant-added', callId: this.callId, at, participantId, role, mode, number }];
  }

  /** Participants on hold or in consultation join the conference (after a merge). */
  merged(): void {
    for (const participant of this.known.values()) {
      participant.mode = 'conference';
      if (participant.phase === 'held') participant.phase = 'connected';
    }
  }

  /** A participant's hold changed by this softphone's command; resolves to its event, if it is news. */
  setHeld(participantId: ParticipantId, held: boolean, at: number): CallEvent[] {
    const participant = this.known.get(participantId);
    if (!participant || (participant.phase === 'held') === held) return [];
    participant.phase = held ? 'held' : 'connected';
    return [{ type: held ? 'participant-held' : 'participant-resumed', callId: this.callId, at, participantId }];
  }

  /** This softphone removes a participant: their leave is reported with reason `removed`, once. */
  remove(participantId: ParticipantId, at: number): CallEvent[] {
    this.removed.add(participantId);
    return this.left(participantId, 'removed', at);
  }

  /** The events that bring what was reported up to `view`. */
  update(view: ConferenceView, at: number): CallEvent[] {
    const events: CallEvent[] = [];
    const seen = new Set<ParticipantId>();
    for (const party of view.parties) {
      if (party.role === 'customer' || (party.role === 'agent' && party.identity === this.identity)) continue;
      if (this.removed.has(party.callSid)) continue;
      seen.add(party.callSid);
      let participant = this.known.get(party.callSid);
      if (!participant) {
        const who = describe(party);
        participant = { ...who, mode: 'conference', phase: 'dialing', ...(party.role === 'supervisor' ? { supervisorMode: supervisorModeOf(party) } : {}) };
        this.known.set(party.callSid, participant);
        events.push({ type: 'participant-added', callId: this.callId, at, participantId: party.callSid, role: who.role, mode: 'conference', ...(who.number ? { number: who.number } : {}), ...(participant.supervisorMode ? { supervisorMode: participant.supervisorMode } : {}) });
      }
      events.push(...this.progress(party, participant, at));
    }
    for (const participantId of [...this.known.keys()]) {
      if (seen.has(participantId)) continue;
      const participant = this.known.get(participantId);
      events.push(...this.left(participantId, participant?.phase === 'dialing' || participant?.phase === 'ringing' ? 'no-answer' : 'hangup', at));
    }
    return events;
  }

  private progress(party: ConferenceParty, participant: Known, at: number): CallEvent[] {
    const events: CallEvent[] = [];
    const participantId = party.callSid;
    if (participant.phase === 'dialing' && (party.status === 'ringing' || party.status === 'connected')) {
      participant.phase = 'ringing';
      events.push({ type: 'participant-ringing', callId: this.callId, at, participantId });
    }
    if (participant.phase === 'ringing' && party.status === 'connected') {
      participant.phase = 'connected';
      events.push({ type: 'participant-connected', callId: this.callId, at, participantId });
    }
    if (participant.phase === 'connected' || participant.phase === 'held') events.push(...this.setHeld(participantId, party.hold, at));
    if (participant.role === 'supervisor') {
      const mode = supervisorModeOf(party);
      if (mode !== participant.supervisorMode) {
        participant.supervisorMode = mode;
        events.push({ type: 'supervisor-mode', callId: this.callId, at, participantId, mode });
      }
    }
    return events;
  }

  private left(participantId: ParticipantId, reason: ParticipantLeftReason, at: number): CallEvent[] {
    if (!this.known.delete(participantId)) return [];
    return [{ type: 'participant-left', callId: this.callId, at, participantId, reason }];
  }
}
