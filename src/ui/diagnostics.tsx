import { useEffect, useState } from 'preact/hooks';
import type { ConnectorState, Timeline } from '../core/index.js';
import { useSoftphone } from './context.js';
import { useConnectorState, useNow } from './hooks.js';

const CALLS_SHOWN = 5;

/** Milliseconds after the timeline's first mark, to a tenth. */
const offset = (timeline: Timeline, at: number): string => `+${(at - (timeline.marks[0]?.at ?? at)).toFixed(1)} ms`;

function TimelineTable({ timeline, caption }: { timeline: Timeline; caption: string }) {
  return (
    <table class="slds-table slds-table_cell-buffer slds-table_bordered sp-timeline" data-timeline={timeline.id}>
      <caption class="slds-text-title_caps">{caption}</caption>
      <tbody>
        {timeline.marks.map((mark, index) => (
          <tr key={index}>
            <th scope="row">{mark.stage}</th>
            <td>{offset(timeline, mark.at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Label of a call's timeline: the number it was with, or its id. */
function callCaption(state: ConnectorState, callId: string): string {
  const call = state.calls[callId];
  const recent = state.recent.find((candidate) => candidate.id === callId);
  return `Call ${call?.remote.display ?? recent?.remote.display ?? callId}`;
}

/** The open panel: it follows every state change and refreshes every second. */
function DiagnosticsBody() {
  const { connector, now } = useSoftphone();
  const state = useConnectorState(connector);
  useNow(now, true);
  return (
    // It scrolls: keyboard users reach it with Tab and scroll it with the arrow keys.
    <div class="sp-diagnostics-body" role="region" aria-label="Timing details" tabIndex={0}>
      {connector.timeline.recentCalls().slice(0, CALLS_SHOWN).map((timeline) => (
        <TimelineTable key={timeline.id} timeline={timeline} caption={callCaption(state, timeline.id)} />
      ))}
      <TimelineTable timeline={connector.timeline.startup()} caption="Start-up" />
    </div>
  );
}

/**
 * Where the time went: the start-up and the last calls, stage by stage, as the connector noted them.
 * Collapsed by default, and then left alone by calls.
 */
export function Diagnostics() {
  const { connector } = useSoftphone();
  const [open, setOpen] = useState(false);
  const [, setStartupMarks] = useState(0);
  useEffect(() => connector.timeline.onStartupMark(() => setStartupMarks((count) => count + 1)), [connector]);
  const startup = connector.timeline.startup();
  const ready = startup.marks.find((mark) => mark.stage === 'host-ready');
  return (
    <details class="sp-diagnostics" data-testid="sp-diagnostics" onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary class="slds-text-body_small">Timing{ready ? ` · ready in ${Math.round(ready.at - (startup.marks[0]?.at ?? ready.at))} ms` : ''}</summary>
      {open ? <DiagnosticsBody /> : null}
    </details>
  );
}
