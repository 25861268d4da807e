import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { activeCalls, type CallState, type Command, type Connector, type ConnectorState } from '../core/index.js';
import { CallCard } from './call-card.js';
import { useCardKeys } from './card-keys.js';
import { Softphone, useSoftphone, type SoftphoneContext } from './context.js';
import { Diagnostics } from './diagnostics.js';
import { Dialler } from './dialler.js';
import { partyName } from './format.js';
import { Header } from './header.js';
import { useConnectorSelect, useConnectorState } from './hooks.js';

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

/** What the frame of the softphone shows: calls come and go without re-rendering it. */
const frameState = (state: ConnectorState) => ({ health: state.health, healthMessage: state.healthMessage, agentStatus: state.agentStatus });

/** The whole softphone. */
export function SoftphoneApp({ connector, options }: { connector: Connector; options: SoftphoneUiOptions }) {
  const { health, healthMessage, agentStatus } = useConnectorSelect(connector, frameState);
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

  return (
    <Softphone.Provider value={context}>
      <div class="sp-root">
        <Header health={health} healthMessage={healthMessage} agentStatus={agentStatus} />
        {error ? (
          <div class="slds-notify slds-notify_alert slds-alert_error sp-error" role="alert">
            <span class="sp-error-text">{error}</span>
            <button type="button" class="slds-button slds-button_icon slds-button_icon-inverse" title="Dismiss" onClick={() => setError(undefined)}>✕<span class="slds-assistive-text">Dismiss</span></button>
          </div>
        ) : null}
        <Calls />
        <Diagnostics />
      </div>
    </Softphone.Provider>
  );
}

/** The calls (or the dialler when there is none) and what the live region says about them. */
function Calls() {
  const { connector } = useSoftphone();
  const state = useConnectorState(connector, { urgentPhases: true });
  const calls = activeCalls(state);
  // Live calls first, then ended calls whose log is still being saved.
  const cards = [...calls.filter((call) => call.phase !== 'ended' || call.log.error), ...calls.filter((call) => call.phase === 'ended' && !call.log.error)];
  const keys = useCardKeys(cards.map((call) => call.id));
  const latest = calls.at(-1);
  const message = latest ? announcement(latest) : '';
  const showDialler = !calls.some((call) => call.phase === 'ringing' || call.phase === 'dialing' || call.phase === 'connected');
  return (
    <>
      <div class="slds-assistive-text" aria-live="polite" role="status">{message}</div>
      <main class="sp-main">
        {/* One list, so a new call's card and the standby card it takes over are matched by key. */}
        {[...cards.map((call) => <CallCard key={keys.keyOf(call.id)} call={call} />), ...(keys.standby === undefined ? [] : [<CallCard key={keys.standby} />])]}
        {/* Hidden, not removed, during calls (it keeps what the agent typed), and by its wrapper: a
            ringing call then costs the UI one card, and the dialler is not even re-rendered. */}
        <div class="sp-dialler-slot" hidden={!showDialler}>
          <Dialler ready={state.health === 'ready'} recent={state.recent} />
        </div>
      </main>
    </>
  );
}
