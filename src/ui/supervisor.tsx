import { canRun, type CallState, type ConnectorState, type Monitoring, type SupervisorMode } from '../core/index.js';
import { useSoftphone } from './context.js';
import { MODE_LABELS, MODES, formatTimer, partyName } from './format.js';
import { useConnectorSelect, useNow } from './hooks.js';
import { Icon } from './icon.js';
import { memo } from './memo.js';
import { SHORTCUTS, shortcut } from './shortcuts.js';

/** What a monitor button's name adds to its text: whose call it joins. */
const JOINS: Readonly<Record<SupervisorMode, string>> = { listen: ' to', whisper: ' to', barge: ' in on' };

/** The team's live calls are all the supervisor view shows: calls and participants come and go without re-rendering it. */
const teamOf = (state: ConnectorState) => ({ team: state.team });

/**
 * The supervisor's view: the team's live calls (agent, caller, duration), each with Listen, Whisper
 * and Barge as the provider offers them. Shown only to supervisors (the provider lists their team);
 * it re-renders when the list changes and, while calls are listed, each second for the durations.
 */
export const TeamCalls = memo(function TeamCalls() {
  const { connector, now, run } = useSoftphone();
  const { team } = useConnectorSelect(connector, teamOf);
  const time = useNow(now, (team?.length ?? 0) > 0);
  if (!team) return null;
  const capabilities = connector.provider.capabilities;
  return (
    <section class="sp-team" aria-labelledby="sp-team-title">
      <h2 id="sp-team-title" class="slds-text-title_caps sp-section-title">Team calls</h2>
      {team.length === 0 ? <p class="slds-text-body_small sp-muted">No live calls in your team.</p> : (
        <ul class="slds-has-dividers_bottom">
          {team.map((call) => (
            <li class="slds-item sp-team-call" key={call.callId} data-team-call-id={call.callId}>
              <span class="sp-recent-text">
                <span class="sp-recent-name">{call.agent}</span>
                <span class="slds-text-body_small sp-muted">
                  {[call.displayName || call.remote, call.queue, formatTimer(time - (call.connectedAt ?? call.startedAt))].filter(Boolean).join(' · ')}
                </span>
              </span>
              {/* The call the supervisor is on already: its mode changes on the monitoring card. */}
              {call.monitoredBy ? <span class="slds-badge">{MODE_LABELS[call.monitoredBy]}</span> : (
                <span class="sp-participant-actions">
                  {MODES.map(([mode, text]) => canRun(capabilities, { type: 'monitor', teamCallId: call.callId, mode }) ? (
                    <button type="button" key={mode} class="slds-button slds-button_neutral sp-small" onClick={() => run({ type: 'monitor', teamCallId: call.callId, mode })}>
                      {text}<span class="slds-assistive-text">{JOINS[mode]} {call.agent}</span>
                    </button>
                  ) : null)}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});

/** The supervisor's own leg on a team call: whose call, the mode and the buttons to change it, and Leave. */
export function MonitoringCall({ call, monitoring }: { call: CallState; monitoring: Monitoring }) {
  const { connector, now, run } = useSoftphone();
  const time = useNow(now, true);
  const capabilities = connector.provider.capabilities;
  const offered = MODES.filter(([mode]) => canRun(capabilities, { type: 'set-monitor-mode', callId: call.id, mode }));
  return (
    <>
      <div class="sp-party">
        <p class="sp-call-status slds-text-title_caps">Monitoring · {MODE_LABELS[monitoring.mode]}</p>
        <p class="sp-party-name">{monitoring.agent ?? 'Agent'}</p>
        <p class="sp-party-number">with {partyName(call)}{call.remote.display ? `, ${call.remote.display}` : ''}</p>
      </div>
      <p class="sp-timer" role="timer" aria-label="Monitoring duration">{formatTimer(time - (call.connectedAt ?? time))}</p>
      {offered.length > 0 ? (
        <div class="sp-toggles" role="group" aria-label="Monitoring mode">
          {offered.map(([mode, text], index) => {
            const on = monitoring.mode === mode;
            return (
              <button type="button" key={mode} class={`slds-button slds-button_neutral sp-small${on ? ' sp-toggle_on' : ''}`} aria-pressed={on} data-autofocus={index === 0 ? true : undefined}
                onClick={() => on || run({ type: 'set-monitor-mode', callId: call.id, mode })}>{text}</button>
            );
          })}
        </div>
      ) : null}
      <div class="sp-actions">
        <button type="button" class="slds-button slds-button_destructive sp-big" {...shortcut(SHORTCUTS.hangUp)} onClick={() => run({ type: 'hangup', callId: call.id })}>
          <Icon name="end_call" size="small" position="left" />Leave
        </button>
      </div>
    </>
  );
}
