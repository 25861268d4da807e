/**
 * The other parties of a call as pure transitions, part of the call machine. Participant events may
 * arrive twice or out of order (a `participant-connected` before its `participant-added`), so each
 * event only adds what it knows: a leg's phase only moves forward (dialing → ringing → connected ⇄
 * held → left), `left` is final, and a late `participant-added` fills in who the participant is
 * without moving their phase back.
 */
import type { ParticipantEvent, ParticipantId } from './events.js';
import type { CallState, Participant, ParticipantPhase } from './state.js';

const RANK: Record<ParticipantPhase, number> = { dialing: 0, ringing: 1, connected: 2, held: 2, left: 3 };

/** Participants still on the line (not `left`). */
export function presentParticipants(call: Pick<CallState, 'participants'>): Participant[] {
  return (call.participants ?? []).filter((participant) => participant.phase !== 'left');
}

/** The call after one of its participant events; `call` itself when nothing changes. */
export function applyParticipantEvent(call: CallState, event: ParticipantEvent): CallState {
  if (event.type === 'conferenced') return conferenced(call);
  const existing = call.participants?.find((participant) => participant.id === event.participantId);
  // Until their `participant-added` comes, the earliest event seen stands in for when they were added.
  const participant = !existing ? placeholder(event.participantId, event.at) : existing.unannounced && event.at < existing.addedAt ? { ...existing, addedAt: event.at } : existing;
  const next = changed(participant, event);
  if (next === existing) return call;
  if (!existing) return { ...call, participants: [...(call.participants ?? []), next] };
  return { ...call, participants: (call.participants ?? []).map((p) => (p === existing ? next : p)) };
}

/** A participant seen first through a later event: who they are comes with their `participant-added`. */
function placeholder(id: ParticipantId, at: number): Participant {
  return { id, role: 'external', phase: 'dialing', mode: 'conference', addedAt: at, unannounced: true };
}

function changed(participant: Participant, event: Exclude<ParticipantEvent, { type: 'conferenced' }>): Participant {
  switch (event.type) {
    case 'participant-added': {
      if (!participant.unannounced) return participant;
      const { unannounced: _placeholder, ...known } = participant;
      return {
        ...known,
        role: event.role,
        mode: event.mode,
        addedAt: Math.min(event.at, participant.addedAt),
        ...(event.number !== undefined ? { number: event.number } : {}),
        ...(event.displayName !== undefined ? { displayName: event.displayName } : {}),
        ...(event.role === 'supervisor' && event.supervisorMode ? { supervisorMode: participant.supervisorMode ?? event.supervisorMode } : {}),
      };
    }
    case 'participant-ringing':
      return RANK[participant.phase] < RANK.ringing ? { ...participant, phase: 'ringing' } : participant;
    case 'participant-connected':
      // A connect that arrives after the leave still tells that they answered.
      if (participant.phase === 'left' && participant.connectedAt === undefined) return { ...participant, connectedAt: Math.max(participant.addedAt, Math.min(event.at, participant.leftAt ?? event.at)) };
      if (RANK[participant.phase] >= RANK.connected) return participant;
      return { ...participant, phase: 'connected', connectedAt: Math.max(event.at, participant.addedAt) };
    case 'participant-held':
      return participant.phase === 'connected' ? { ...participant, phase: 'held' } : participant;
    case 'participant-resumed':
      return participant.phase === 'held' ? { ...participant, phase: 'connected' } : participant;
    case 'participant-left':
      if (participant.phase === 'left') return participant;
      return { ...participant, phase: 'left', leftAt: Math.max(event.at, participant.connectedAt ?? participant.addedAt), leftReason: event.reason };
    case 'supervisor-mode':
      if (participant.phase === 'left' || participant.supervisorMode === event.mode) return participant;
      return { ...participant, role: 'supervisor', supervisorMode: event.mode };
  }
}

/** Everyone still on the line joins the conference; the customer comes off hold. */
function conferenced(call: CallState): CallState {
  const participants = call.participants?.map((participant) => {
    if (participant.phase === 'left' || (participant.mode === 'conference' && participant.phase !== 'held')) return participant;
    return { ...participant, mode: 'conference' as const, phase: participant.phase === 'held' ? ('connected' as const) : participant.phase };
  });
  const same = call.conferenced && !call.held && (participants ?? []).every((participant, index) => participant === call.participants?.[index]);
  if (same) return call;
  return { ...call, held: false, conferenced: true, ...(participants ? { participants } : {}) };
}
