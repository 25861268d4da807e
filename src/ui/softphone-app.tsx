import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { activeCalls, errorMessage, type Command, type Connector, type ConnectorState } from '../core/index.js';
import { LiveRegion } from './announcer.js';
import { CallCard } from './call-card.js';
import { useCardKeys } from './card-keys.js';
import { Softphone, useSoftphone, type QuickTarget, type SoftphoneContext } from './context.js';
import { Diagnostics } from './diagnostics.js';
import { Dialler } from './dialler.js';
import { useCallFocus, type FocusOnRing } from './focus.js';
import { Header } from './header.js';
import { useConnectorSelect, useConnectorState } from './hooks.js';
import { useShortcuts } from './shortcuts.js';
import { TeamCalls } from './supervisor.js';

/** Options of the softphone UI. */
export interface SoftphoneUiOptions {
  /** Wrap-up dispositions offered to the agent. */
  readonly dispositions?: readonly string[];
  readonly now?: () => number;
  /**
   * When a ringing call's Accept (and an opening wrap-up's first field) takes the keyboard focus:
   * `when-idle` (default) only while the softphone has the focus and the agent is not typing in
   * one of its fields; `always` at once.
   */
  readonly focusOnRing?: FocusOnRing;
  /** Numbers offered by name in the Add participant form, so the agent need not type them. */
  readonly quickTargets?: readonly QuickTarget[];
}

/** Default wrap-up dispositions. */
export const DEFAULT_DISPOSITIONS = ['Resolved', 'Follow-up required', 'Left voicemail', 'Wrong number', 'Not interested'];

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
    focusOnRing: options.focusOnRing ?? 'when-idle',
    quickTargets: options.quickTargets ?? [],
    run: (command: Command) => {
      connector.execute(command).catch((failure: unknown) => {
        setError(errorMessage(failure));
        clearTimeout(errorTimer.current);
        errorTimer.current = setTimeout(() => setError(undefined), 8000);
      });
    },
  }), [connector, options]);
  useEffect(() => () => clearTimeout(errorTimer.current), []);
  const root = useRef<HTMLDivElement>(null);
  useShortcuts(root);

  return (
    <Softphone.Provider value={context}>
      <div class="sp-root" ref={root}>
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

/** The calls (or the dialler when there is none) and the live region that tells what happens to them. */
function Calls() {
  const { connector, focusOnRing } = useSoftphone();
  const state = useConnectorState(connector, { urgentPhases: true });
  const calls = activeCalls(state);
  // Live calls first, then ended calls whose log is still being saved.
  const cards = [...calls.filter((call) => call.phase !== 'ended' || call.log.error), ...calls.filter((call) => call.phase === 'ended' && !call.log.error)];
  const keys = useCardKeys(cards.map((call) => call.id));
  const main = useRef<HTMLElement>(null);
  useCallFocus(main, cards, focusOnRing);
  const showDialler = !calls.some((call) => call.phase === 'ringing' || call.phase === 'dialing' || call.phase === 'connected');
  return (
    <>
      <LiveRegion />
      <main class="sp-main" ref={main}>
        {/* One list, so a new call's card and the standby card it takes over are matched by key. */}
        {[...cards.map((call) => <CallCard key={keys.keyOf(call.id)} call={call} />), ...(keys.standby === undefined ? [] : [<CallCard key={keys.standby} />])]}
        {/* A supervisor's team: it draws itself, only when the team's calls change (and each second for their durations). */}
        <TeamCalls />
        {/* Hidden, not removed, during calls (it keeps what the agent typed), and by its wrapper: a
            ringing call then costs the UI one card, and the dialler is not even re-rendered. */}
        <div class="sp-dialler-slot" hidden={!showDialler}>
          <Dialler ready={state.health === 'ready'} recent={state.recent} />
        </div>
      </main>
    </>
  );
}
