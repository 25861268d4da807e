import { useEffect, useRef } from 'preact/hooks';
import type { CallState, ConnectorState, Monitoring, ParticipantLeftReason, PopResult, SupervisorMode } from '../core/index.js';
import { useSoftphone } from './context.js';
import { MODE_LABELS, participantName } from './format.js';
import { memo } from './memo.js';

/** The caller's name if one is known yet (from the network or the matched record). */
const knownName = (call: CallState): string | undefined => call.remote.displayName?.trim() || call.who?.name || undefined;

/** Who the call is with, in words: the name, else the number. */
const party = (call: CallState): string => knownName(call) ?? (call.remote.display || 'an unknown number');

/** What the search for the caller found, in words. */
function popWords(pop: PopResult): string {
  if (pop.kind === 'none') return 'No matching record';
  if (pop.kind === 'many') return `${pop.records.length} matching records`;
  return `Matched ${pop.record.objectType}: ${pop.record.name ?? pop.record.id}`;
}

const LIVE = new Set<CallState['phase']>(['ringing', 'dialing', 'connected']);

/** What a supervisor on the agent's call does, in words. */
const SUPERVISOR_WORDS: Readonly<Record<SupervisorMode, string>> = { listen: 'is listening', whisper: 'is whispering to you', barge: 'joined the conversation' };

/** Why a participant went, in words. */
const LEFT_WORDS: Readonly<Record<ParticipantLeftReason, string>> = { hangup: 'left the call', removed: 'was removed from the call', 'no-answer': 'did not answer', failed: 'could not be reached' };

/** Whose call a supervisor monitors. */
const whose = (monitoring: Monitoring): string => (monitoring.agent ? `${monitoring.agent}'s call` : 'a team call');

/**
 * What changed among the other parties of a call: someone joined or left, a supervisor started
 * listening or changed mode, the call became a conference. Each is said once: a participant's leg
 * connects once and leaves once, and a mode is said when it changes.
 */
function participantAnnouncements(before: CallState, after: CallState): string[] {
  const said: string[] = [];
  if (after.participants !== before.participants) {
    for (const participant of after.participants ?? []) {
      const was = before.participants?.find((candidate) => candidate.id === participant.id);
      if (was === participant) continue;
      const supervisor = participant.role === 'supervisor';
      const known = participant.displayName?.trim() || participant.number;
      const who = !supervisor ? participantName(participant) : known ? `Supervisor ${known}` : 'Your supervisor';
      if (participant.phase === 'left') {
        if (was?.phase !== 'left') said.push(`${who} ${LEFT_WORDS[participant.leftReason ?? 'hangup']}`);
      } else if (supervisor) {
        if (participant.supervisorMode && participant.supervisorMode !== was?.supervisorMode) said.push(`${who} ${SUPERVISOR_WORDS[participant.supervisorMode]}`);
      } else if (participant.connectedAt !== undefined && was?.connectedAt === undefined) {
        said.push(`${who} joined the call`);
      }
    }
  }
  if (after.conferenced && !before.conferenced) said.push('Conference: everyone on the call hears each other');
  return said;
}

/** What the supervisor hears about their own monitoring leg: joined, in which mode, and each change of mode. */
function monitoringAnnouncements(before: CallState | undefined, after: CallState, monitoring: Monitoring): string[] {
  if (!LIVE.has(after.phase)) return [];
  if (!before?.monitoring) return [`Monitoring ${whose(monitoring)}: ${MODE_LABELS[monitoring.mode]}`];
  return before.monitoring.mode === monitoring.mode ? [] : [`Mode: ${MODE_LABELS[monitoring.mode]}`];
}

/** What changed in one call between two states, in words (nothing for a call that did not change). */
function callAnnouncements(before: CallState | undefined, after: CallState): string[] {
  if (after.monitoring) return monitoringAnnouncements(before, after, after.monitoring);
  const said: string[] = [];
  if (!before) {
    if (after.phase === 'ringing') {
      const name = knownName(after);
      said.push(name ? `Incoming call from ${name}, ${after.remote.display}` : `Incoming call from ${party(after)}`);
    } else if (after.phase === 'dialing') {
      said.push(`Calling ${party(after)}`);
    }
  }
  if (after.pop && !before?.pop && after.phase !== 'ended') said.push(popWords(after.pop));
  if (after.phase === 'connected' && before?.phase !== 'connected') said.push(`Connected to ${party(after)}`);
  // A merge takes the customer off hold: "Conference" says it.
  if (after.phase === 'connected' && before?.phase === 'connected' && after.held !== before.held && (before.conferenced || !after.conferenced)) said.push(after.held ? 'Call on hold' : 'Call resumed');
  if (before) said.push(...participantAnnouncements(before, after));
  if (before && LIVE.has(before.phase) && !LIVE.has(after.phase)) {
    said.push(after.phase === 'wrap-up' ? `Call with ${party(after)} ended. Add your notes` : `Call with ${party(after)} ended`);
  }
  return said;
}

/**
 * What the live region says about the change from `before` to `after`: a call ringing (once, when
 * it appears), the record its caller matched, connected, held and resumed, ended, and its log saved;
 * on a multi-party call, who joined or left, a supervisor's mode, the conference; for a supervisor,
 * their monitoring leg's mode and leaving it.
 * Derived from the change, not from the state, so a re-render or an unrelated update says nothing.
 */
export function announcements(before: ConnectorState, after: ConnectorState): string[] {
  if (before.calls === after.calls) return [];
  const said: string[] = [];
  for (const id of after.order) {
    const call = after.calls[id];
    if (call && call !== before.calls[id]) said.push(...callAnnouncements(before.calls[id], call));
  }
  for (const id of before.order) {
    const gone = before.calls[id];
    if (!gone || after.calls[id]) continue;
    if (gone.monitoring) {
      said.push(`Left ${whose(gone.monitoring)}`);
      continue;
    }
    if (LIVE.has(gone.phase)) said.push(`Call with ${party(gone)} ended`);
    if (after.recent.some((recent) => recent.id === id)) said.push('Call log saved');
  }
  return said;
}

/**
 * The polite live region: it says what {@link announcements} finds in each state change. It is
 * written directly rather than re-rendered, so speaking costs the ring no extra render, and Preact
 * never draws it again (it has no props).
 */
export const LiveRegion = memo(function LiveRegion() {
  const { connector } = useSoftphone();
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let previous = connector.getState();
    return connector.subscribe((next) => {
      const said = announcements(previous, next);
      previous = next;
      if (said.length > 0 && region.current) region.current.textContent = said.join('. ');
    });
  }, [connector]);
  return <div ref={region} class="slds-assistive-text" aria-live="polite" aria-atomic="true" role="status" data-testid="sp-announcer" />;
});
