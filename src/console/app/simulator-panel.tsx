import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../core/errors.js';
import type { SimCallSnapshot, SimTeamCall } from '../../providers/simulator/protocol.js';
import type { SimParticipantInfo } from '../../server/simulator-views.js';
import { api } from './api.js';
import type { ConsoleController } from './controller.js';
import { TwilioStandInPanel } from './twilio-stand-in-panel.js';

interface Snapshot {
  readonly calls: readonly SimCallSnapshot[];
  readonly agents: ReadonlyArray<{ agentId: string; presence: string; supervisor?: boolean }>;
  /** Everyone on a live call besides the agent who has the customer (a simulator of an older version sends none). */
  readonly participants?: readonly SimParticipantInfo[];
  /** The live calls by agent. */
  readonly team?: readonly SimTeamCall[];
}

/** Live view of the telephony simulator, over its monitor WebSocket. */
function useSimulator(): Snapshot | undefined {
  const [snapshot, setSnapshot] = useState<Snapshot | undefined>();
  useEffect(() => {
    let socket: WebSocket | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = (): void => {
      socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/sim/monitor`);
      socket.onmessage = (event) => setSnapshot(JSON.parse(String(event.data)) as Snapshot);
      socket.onclose = () => {
        if (!stopped) timer = setTimeout(open, 1000);
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, []);
  return snapshot;
}

/** The far end of the phone line: ring the agent, answer or reject their calls, hang up. */
export function SimulatorPanel({ controller }: { controller: ConsoleController }) {
  const snapshot = useSimulator();
  const [from, setFrom] = useState('(415) 555-0142');
  const [name, setName] = useState('');
  const run = (action: Promise<unknown>): void => {
    action.catch((error: unknown) => controller.toast('error', errorMessage(error)));
  };
  const live = snapshot?.calls.filter((call) => call.state !== 'ended' && !call.monitoring) ?? [];
  const agents = snapshot?.agents ?? [];
  const participants = snapshot?.participants ?? [];
  const team = snapshot?.team ?? [];
  return (
    <div class="slds-p-around_small console-simulator">
      <TwilioStandInPanel run={run} />
      <form onSubmit={(event) => { event.preventDefault(); run(api.placeCall(from, name.trim() || undefined)); }}>
        <div class="slds-form-element slds-m-bottom_x-small">
          <label class="slds-form-element__label" for="sim-from">Caller number</label>
          <input class="slds-input" id="sim-from" value={from} required onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
        </div>
        <div class="slds-form-element slds-m-bottom_x-small">
          <label class="slds-form-element__label" for="sim-name">Caller name (optional)</label>
          <input class="slds-input" id="sim-name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </div>
        <button class="slds-button slds-button_brand slds-button_stretch" type="submit">Place inbound call</button>
      </form>
      <p class="slds-text-body_small slds-m-top_x-small slds-text-color_weak">
        {agents.length === 0 ? 'No softphone connected.' : agents.map((agent) => `${agent.agentId}${agent.supervisor ? ' (supervisor)' : ''}: ${agent.presence}`).join(', ')}
      </p>
      <h3 class="slds-text-heading_small slds-m-top_small">Calls</h3>
      {live.length === 0 ? <p class="slds-text-color_weak">No active calls.</p> : null}
      <ul class="slds-has-dividers_bottom-space">
        {live.map((call) => (
          <li class="slds-item" key={call.callId} data-call-id={call.callId}>
            <div class="slds-text-title">{call.direction === 'inbound' ? `From ${call.from}` : `To ${call.to}`} · {call.state}{call.held ? ' · on hold' : ''}{call.muted ? ' · muted' : ''}</div>
            {call.digits ? <div class="slds-text-body_small">Digits received: {call.digits}</div> : null}
            <div class="slds-button-group slds-m-top_xx-small" role="group">
              {call.direction === 'outbound' && call.state === 'dialing' ? (
                <>
                  <button class="slds-button slds-button_neutral" onClick={() => run(api.farEnd(call.callId, 'answer'))}>Far end answers</button>
                  <button class="slds-button slds-button_neutral" onClick={() => run(api.farEnd(call.callId, 'reject'))}>Busy</button>
                </>
              ) : null}
              <button class="slds-button slds-button_destructive" onClick={() => run(api.farEnd(call.callId, 'hangup'))}>Caller hangs up</button>
            </div>
          </li>
        ))}
      </ul>
      {participants.length > 0 ? <ParticipantList participants={participants} run={run} /> : null}
      {team.length > 0 ? <TeamCalls team={team} participants={participants} /> : null}
    </div>
  );
}

/** Participants of live calls: the far ends of external numbers are played here; agents and supervisors on their own softphones. */
function ParticipantList({ participants, run }: { participants: readonly SimParticipantInfo[]; run: (action: Promise<unknown>) => void }) {
  return (
    <>
      <h3 class="slds-text-heading_small slds-m-top_small">Participants</h3>
      <ul class="slds-has-dividers_bottom-space">
        {participants.map((participant) => (
          <li class="slds-item" key={participant.participantId} data-participant-id={participant.participantId}>
            <div class="slds-text-title">
              {participant.role === 'external' ? participant.number : `${participant.role === 'supervisor' ? 'Supervisor' : 'Agent'} ${participant.number}`} · {participant.supervisorMode ?? participant.mode} · {participant.state} · with {participant.customer}
            </div>
            {participant.role === 'external' ? (
              <div class="slds-button-group slds-m-top_xx-small" role="group">
                {participant.state === 'ringing' || participant.state === 'dialing' ? (
                  <>
                    <button class="slds-button slds-button_neutral" onClick={() => run(api.participantFarEnd(participant.participantId, 'answer'))}>Answers</button>
                    <button class="slds-button slds-button_neutral" onClick={() => run(api.participantFarEnd(participant.participantId, 'reject'))}>Busy</button>
                  </>
                ) : null}
                <button class="slds-button slds-button_destructive" onClick={() => run(api.participantFarEnd(participant.participantId, 'hangup'))}>Hangs up</button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

/** What a supervisor's softphone lists: each agent's live call, and who monitors it. */
function TeamCalls({ team, participants }: { team: readonly SimTeamCall[]; participants: readonly SimParticipantInfo[] }) {
  const supervisors = (remote: string): string =>
    participants
      .filter((participant) => participant.role === 'supervisor' && participant.customer === remote)
      .map((participant) => `${participant.number} (${participant.supervisorMode ?? 'listen'})`)
      .join(', ');
  return (
    <>
      <h3 class="slds-text-heading_small slds-m-top_small">Team calls</h3>
      <ul class="slds-has-dividers_bottom-space" data-testid="sim-team-calls">
        {team.map((call) => (
          <li class="slds-item slds-text-body_small" key={call.callId} data-call-id={call.callId}>
            {call.agent} · {call.displayName ?? call.remote} · {call.connectedAt === undefined ? 'ringing' : `since ${new Date(call.connectedAt).toLocaleTimeString()}`}
            {supervisors(call.remote) ? ` · monitored by ${supervisors(call.remote)}` : ''}
          </li>
        ))}
      </ul>
    </>
  );
}
