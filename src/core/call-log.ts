import type { CallLog, CallLogParticipant } from './bridge.js';
import type { EndReason, RecordRef } from './events.js';
import type { CallState, Participant } from './state.js';

/** Objects a call log names as the person spoken to (`WhoId`); everything else is what it is about. */
const WHO_OBJECTS = new Set(['Contact', 'Lead']);
/** Objects never related to a call log. */
const UNRELATED_OBJECTS = new Set(['Task', 'Event', 'User']);

/** How call logs are written, from a softphone configuration. Every rule is optional. */
export interface CallLogRules {
  /**
   * Subject template. Placeholders: `{direction}` (Inbound/Outbound), `{outcome}` (Completed, Missed…),
   * `{name}` (caller ID name, else the related person's record name, else the number), `{number}`.
   * Absent: the built-in subjects.
   */
  readonly subject?: string;
  /** Objects that become the log's WhoId (default Contact and Lead). */
  readonly whoObjects?: readonly string[];
  /** Objects that become its WhatId (default: any other object except Task, Event and User). */
  readonly whatObjects?: readonly string[];
}

/** Whether a record names the person (`who`), the subject (`what`), or neither. */
export function relationOf(record: RecordRef, rules: CallLogRules = {}): 'who' | 'what' | undefined {
  if (rules.whoObjects ? rules.whoObjects.includes(record.objectType) : WHO_OBJECTS.has(record.objectType)) return 'who';
  if (rules.whatObjects) return rules.whatObjects.includes(record.objectType) ? 'what' : undefined;
  if (UNRELATED_OBJECTS.has(record.objectType) || (rules.whoObjects && WHO_OBJECTS.has(record.objectType))) return undefined;
  return 'what';
}

/** Billable seconds of a call: 0 if never connected, at least 1 if it was; never negative. */
export function callDurationSeconds(call: CallState): number {
  if (call.connectedAt === undefined || call.endedAt === undefined) return 0;
  const ms = call.endedAt - call.connectedAt;
  return Math.max(1, Math.round(Math.max(0, ms) / 1000));
}

/** Short outcome label used as disposition until the agent picks one. */
export function outcomeLabel(call: Pick<CallState, 'direction' | 'connectedAt' | 'endReason' | 'conferenced' | 'monitoring'>): string {
  const reason: EndReason = call.endReason ?? 'hangup-local';
  if (call.monitoring) return 'Monitored';
  if (call.connectedAt !== undefined) return reason === 'transferred' ? 'Transferred' : call.conferenced ? 'Conference' : 'Completed';
  if (reason === 'failed') return 'Failed';
  if (call.direction === 'inbound') return reason === 'rejected' || reason === 'hangup-local' ? 'Declined' : 'Missed';
  if (reason === 'hangup-local') return 'Cancelled';
  return reason === 'rejected' ? 'Busy' : 'No answer';
}

/** `Inbound call from Jane Doe (+1 415 555 0142)`, `Missed call from …`, `Outbound call to …`; or `template` filled in. */
export function callSubject(call: CallState, template?: string): string {
  if (template !== undefined) {
    const values: Readonly<Record<string, string>> = {
      direction: call.direction === 'inbound' ? 'Inbound' : 'Outbound',
      outcome: outcomeLabel(call),
      name: call.remote.displayName || call.who?.name || call.remote.display || 'unknown number',
      number: call.remote.display || 'unknown number',
    };
    return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  }
  const party = call.remote.displayName
    ? `${call.remote.displayName} (${call.remote.display})`
    : call.remote.display || 'unknown number';
  const outcome = outcomeLabel(call);
  if (call.direction === 'inbound') {
    if (outcome === 'Missed') return `Missed call from ${party}`;
    if (outcome === 'Declined') return `Declined call from ${party}`;
    if (outcome === 'Failed') return `Failed call from ${party}`;
    return `Inbound call from ${party}`;
  }
  if (call.connectedAt === undefined) return `Unanswered call to ${party}`;
  return `Outbound call to ${party}`;
}

/** `YYYY-MM-DD` of an instant in the runtime's local time zone. */
export function localDate(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The host-neutral log of a finished call, from its current state. */
export function buildCallLog(call: CallState, rules: CallLogRules = {}): CallLog {
  const endedAt = call.endedAt ?? call.startedAt;
  return {
    callId: call.id,
    direction: call.direction,
    subject: callSubject(call, rules.subject),
    remoteNumber: call.remote.e164 ?? call.remote.raw,
    durationSeconds: callDurationSeconds(call),
    disposition: call.wrapUp?.disposition || outcomeLabel(call),
    ...(call.wrapUp?.notes ? { notes: call.wrapUp.notes } : {}),
    ...(call.who ? { whoId: call.who.id } : {}),
    ...(call.what ? { whatId: call.what.id } : {}),
    activityDate: localDate(call.startedAt),
    endReason: call.endReason ?? 'hangup-local',
    startedAt: call.startedAt,
    endedAt,
    ...(call.participants?.length ? { participants: call.participants.map(logParticipant) } : {}),
    ...(call.transferredTo ? { transferredTo: call.transferredTo } : {}),
    ...(call.conferenced ? { conferenced: true as const } : {}),
    ...(call.recording?.location ? { recordingLocation: call.recording.location } : {}),
  };
}

function logParticipant(participant: Participant): CallLogParticipant {
  return {
    role: participant.role,
    ...(participant.number !== undefined ? { number: participant.number } : {}),
    ...(participant.displayName ? { name: participant.displayName } : {}),
    mode: participant.mode,
    ...(participant.supervisorMode ? { supervisorMode: participant.supervisorMode } : {}),
    answered: participant.connectedAt !== undefined,
    stayed: participant.phase !== 'left',
  };
}

const ROLE_WORDS: Record<CallLogParticipant['role'], string> = { agent: 'Agent', external: 'External', supervisor: 'Supervisor' };

/**
 * Who else took part, one line each, for a log's description: `Transferred to +1 415 555 0111`,
 * `Agent Sam Lee (+14155550111): conference, stayed`, `Supervisor Ana (sup-1): whisper, left`.
 */
export function participantLines(log: Pick<CallLog, 'participants' | 'transferredTo'>): string[] {
  const lines = log.transferredTo ? [`Transferred to ${log.transferredTo}`] : [];
  for (const participant of log.participants ?? []) {
    const who = [participant.name, participant.number && participant.name ? `(${participant.number})` : participant.number].filter(Boolean).join(' ') || 'unknown';
    const how = participant.role === 'supervisor' ? participant.supervisorMode ?? 'listen' : participant.answered ? participant.mode : 'no answer';
    lines.push(`${ROLE_WORDS[participant.role]} ${who}: ${how}, ${participant.stayed ? 'stayed' : 'left'}`);
  }
  return lines;
}
