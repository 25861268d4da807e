import { useEffect, useRef } from 'preact/hooks';
import type { CallState, ConnectorState, PopResult } from '../core/index.js';
import { useSoftphone } from './context.js';
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

/** What changed in one call between two states, in words (nothing for a call that did not change). */
function callAnnouncements(before: CallState | undefined, after: CallState): string[] {
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
  if (after.phase === 'connected' && before?.phase === 'connected' && after.held !== before.held) said.push(after.held ? 'Call on hold' : 'Call resumed');
  if (before && LIVE.has(before.phase) && !LIVE.has(after.phase)) {
    said.push(after.phase === 'wrap-up' ? `Call with ${party(after)} ended. Add your notes` : `Call with ${party(after)} ended`);
  }
  return said;
}

/**
 * What the live region says about the change from `before` to `after`: a call ringing (once, when
 * it appears), the record its caller matched, connected, held and resumed, ended, and its log saved.
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
