import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { activeCalls, type CallState, type Command, type Connector } from '../core/index.js';
import { CallCard } from './call-card.js';
import { Softphone, type SoftphoneContext } from './context.js';
import { Diagnostics } from './diagnostics.js';
import { Dialler } from './dialler.js';
import { partyName } from './format.js';
import { Header } from './header.js';
import { useConnectorState } from './hooks.js';

/** Options of the softphone UI. */
export interface SoftphoneUiOptions {
  /** Wrap-up dispositions offered to the agent. */
  readonly dispositions?: readonly string[];
  readonly now?: () => number;
}

/** Default wrap-up dispositions. */
export const DEFAULT_DISPOSITIONS = ['Resolved', 'Follow-up required', 'Left voicemail', 'Wrong number', 'Not interested'];

/** What the live region says when a call changes phase. */
function announcement(call: CallState): string {
  switch (call.phase) {
    case 'ringing': return `Incoming call from ${partyName(call)}, ${call.remote.display}`;
    case 'dialing': return `Calling ${partyName(call)}`;
    case 'connected': return call.held ? 'Call on hold' : `Connected to ${partyName(call)}`;
    case 'wrap-up': return 'Call ended. Add your notes.';
    case 'ended': return 'Call ended.';
  }
}

/** The whole softphone. */
export function SoftphoneApp({ connector, options }: { connector: Connector; options: SoftphoneUiOptions }) {
  const state = useConnectorState(connector);
  const [error, setError] = useState<string | undefined>();
  const errorTimer = useRef<ReturnType<typeof setTimeout>>();
  const context = useMemo<SoftphoneContext>(() => ({
    connector,
    dispositions: options.dispositions ?? DEFAULT_DISPOSITIONS,
    now: options.now ?? Date.now,
    run: (command: Command) => {
      connector.execute(command).catch((failure: unknown) => {
        setError(failure instanceof Error ? failure.message : String(failure));
        clearTimeout(errorTimer.current);
        errorTimer.current = setTimeout(() => setError(undefined), 8000);
      });
    },
  }), [connector, options]);
  useEffect(() => () => clearTimeout(errorTimer.current), []);

  const calls = activeCalls(state);
  const live = calls.filter((call) => call.phase !== 'ended' || call.log.error);
  const message = calls.map(announcement).at(-1) ?? '';
  const showDialler = !calls.some((call) => call.phase === 'ringing' || call.phase === 'dialing' || call.phase === 'connected');
  return (
    <Softphone.Provider value={context}>
      <div class="sp-root">
        <Header health={state.health} healthMessage={state.healthMessage} agentStatus={state.agentStatus} />
        <div class="slds-assistive-text" aria-live="polite" role="status">{message}</div>
        {error ? (
          <div class="slds-notify slds-notify_alert slds-alert_error sp-error" role="alert">
            <span class="sp-error-text">{error}</span>
            <button type="button" class="slds-button slds-button_icon slds-button_icon-inverse" title="Dismiss" onClick={() => setError(undefined)}>✕<span class="slds-assistive-text">Dismiss</span></button>
          </div>
        ) : null}
        <main class="sp-main">
          {live.map((call) => <CallCard key={call.id} call={call} />)}
          {calls.filter((call) => call.phase === 'ended' && !call.log.error).map((call) => <CallCard key={call.id} call={call} />)}
          {/* Hidden, not removed, during calls: a ringing call then costs the UI one card, not a rebuilt dialler. */}
          <Dialler ready={state.health === 'ready'} recent={state.recent} hidden={!showDialler} />
        </main>
        <Diagnostics state={state} />
      </div>
    </Softphone.Provider>
  );
}
