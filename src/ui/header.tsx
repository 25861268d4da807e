import type { AgentStatus, ConnectorState } from '../core/index.js';
import { memo } from './memo.js';
import { useSoftphone } from './context.js';

const HEALTH: Readonly<Record<ConnectorState['health'], { label: string; theme: string }>> = {
  connecting: { label: 'Connecting', theme: 'sp-badge_warning' },
  ready: { label: 'Connected', theme: 'sp-badge_success' },
  reconnecting: { label: 'Reconnecting', theme: 'sp-badge_warning' },
  failed: { label: 'Disconnected', theme: 'sp-badge_error' },
  disconnected: { label: 'Offline', theme: 'sp-badge_error' },
};

const STATUSES: ReadonlyArray<readonly [AgentStatus, string]> = [
  ['available', 'Available'],
  ['busy', 'Busy'],
  ['offline', 'Offline'],
];

/** What the header shows: it re-renders only when one of these changes. */
export interface HeaderProps {
  readonly health: ConnectorState['health'];
  readonly healthMessage?: string;
  readonly agentStatus: AgentStatus;
}

/** Title, connection health and the agent's status picker. */
export const Header = memo(function Header(state: HeaderProps) {
  const { run } = useSoftphone();
  const health = HEALTH[state.health];
  return (
    <header class="sp-header">
      <div class="sp-header-row">
      <div class="slds-form-element sp-status">
        <label class="slds-form-element__label" for="sp-status">Status</label>
        <div class="slds-form-element__control">
          <div class="slds-select_container">
            <select id="sp-status" class={`slds-select sp-status-${state.agentStatus}`} value={state.agentStatus} disabled={state.health !== 'ready'}
              onChange={(event) => run({ type: 'set-presence', status: (event.target as HTMLSelectElement).value as AgentStatus })}>
              {STATUSES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            </select>
          </div>
        </div>
      </div>
        <span class={`slds-badge sp-badge ${health.theme}`} title={state.healthMessage ?? health.label} data-health={state.health}>{health.label}</span>
      </div>
      {state.healthMessage && state.health !== 'ready' ? <p class="sp-health-message slds-text-body_small" role="status">{state.healthMessage}</p> : null}
    </header>
  );
});
