import type { CallState, Participant, ParticipantRole, PopResult, SupervisorMode } from '../core/index.js';

/** `m:ss`, or `h:mm:ss` past an hour. */
export function formatTimer(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** The caller's name, or a neutral placeholder. */
export function partyName(call: Pick<CallState, 'remote' | 'who'>): string {
  return call.remote.displayName?.trim() || call.who?.name || 'Unknown caller';
}

/** One line about what the caller search found. */
export function popSummary(pop: PopResult | undefined): string | undefined {
  if (!pop) return undefined;
  if (pop.kind === 'none') return 'No matching record';
  if (pop.kind === 'many') return `${pop.records.length} matching records`;
  return `${pop.record.objectType}: ${pop.record.name ?? pop.record.id}`;
}

/** Who a participant is, in a few words: their name, else their number, else their role. */
export function participantName(participant: Pick<Participant, 'displayName' | 'number' | 'role'>): string {
  return participant.displayName?.trim() || participant.number || ROLE_LABELS[participant.role];
}

/** A participant's role as the card shows it. */
export const ROLE_LABELS: Readonly<Record<ParticipantRole, string>> = { agent: 'Agent', external: 'External', supervisor: 'Supervisor' };

/** A supervisor's mode as a badge shows it. */
export const MODE_LABELS: Readonly<Record<SupervisorMode, string>> = { listen: 'Listening', whisper: 'Whispering', barge: 'Barged in' };

/** The supervisor modes in the order the buttons show them, with the buttons' text. */
export const MODES: ReadonlyArray<readonly [SupervisorMode, string]> = [['listen', 'Listen'], ['whisper', 'Whisper'], ['barge', 'Barge']];
