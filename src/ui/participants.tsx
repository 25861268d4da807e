import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { canRun, type CallState, type Command, type Participant, type ParticipantMode, type SupervisorMode } from '../core/index.js';
import { useSoftphone } from './context.js';
import { MODE_LABELS, ROLE_LABELS, participantName } from './format.js';

/** A participant's leg in words; a leg that ended says why. */
function legWords(participant: Participant): string {
  switch (participant.phase) {
    case 'dialing': return 'Dialing';
    case 'ringing': return 'Ringing';
    case 'connected': return 'Connected';
    case 'held': return 'On hold';
    default: return participant.leftReason === 'no-answer' ? 'No answer' : participant.leftReason === 'failed' ? 'Failed' : participant.leftReason === 'removed' ? 'Removed' : 'Left';
  }
}

/** The badge of each supervisor mode: the more the supervisor is heard, the stronger the tint. */
const MODE_BADGES: Readonly<Record<SupervisorMode, string>> = { listen: 'slds-badge', whisper: 'slds-badge sp-badge_warning', barge: 'slds-badge slds-badge_inverse' };

/** The choices of the Add participant form. */
const ADD_MODES: Readonly<Record<ParticipantMode, string>> = { consult: 'Consult (customer held)', conference: 'Conference' };

/**
 * A button for `command`, offered only when the provider can run it. Its name is its text, then
 * `detail` (whom it acts on) for screen readers, so a list of "Hold" buttons is told apart.
 */
function CommandButton({ command, text, detail }: { command: Command; text: string; detail?: string }) {
  const { connector, run } = useSoftphone();
  if (!canRun(connector.provider.capabilities, command)) return null;
  return (
    <button type="button" class="slds-button slds-button_neutral sp-small" onClick={() => run(command)}>
      {text}{detail ? <span class="slds-assistive-text"> {detail}</span> : null}
    </button>
  );
}

/** One participant: who, their role, their leg's state, a supervisor's mode, and Hold/Resume and Remove. */
function ParticipantRow({ callId, participant }: { callId: string; participant: Participant }) {
  const name = participantName(participant);
  const { phase, role, supervisorMode } = participant;
  const live = phase !== 'left';
  const about = { callId, participantId: participant.id };
  const details = [legWords(participant), ROLE_LABELS[role]];
  if (role !== 'supervisor') details.push(participant.mode === 'consult' ? 'Consult' : 'Conference');
  if (participant.number && participant.number !== name) details.push(participant.number);
  return (
    <li class={`sp-participant${live ? '' : ' sp-participant_left'}`} data-participant-id={participant.id} data-phase={phase}>
      <span class="sp-participant-text">
        <span class="sp-participant-name">{name}</span>
        <span class="slds-text-body_small sp-muted">{details.join(' · ')}</span>
      </span>
      {/* A supervisor is not the agent's to hold or drop: the agent sees their mode. */}
      {role === 'supervisor' ? (live && supervisorMode ? <span class={MODE_BADGES[supervisorMode]}>{MODE_LABELS[supervisorMode]}</span> : null) : live ? (
        <span class="sp-participant-actions">
          {phase === 'connected' ? <CommandButton command={{ type: 'hold-participant', ...about }} text="Hold" detail={name} /> : null}
          {phase === 'held' ? <CommandButton command={{ type: 'resume-participant', ...about }} text="Resume" detail={name} /> : null}
          <CommandButton command={{ type: 'remove-participant', ...about }} text="Remove" detail={name} />
        </span>
      ) : null}
    </li>
  );
}

/** Calls a number into the call, typed or one of the agent's quick targets, in consultation or into the conference. */
function AddParticipantForm({ call, modes, onClose }: { call: CallState; modes: readonly ParticipantMode[]; onClose: () => void }) {
  const { run, quickTargets } = useSoftphone();
  const [to, setTo] = useState('');
  const [mode, setMode] = useState<ParticipantMode>(modes[0] ?? 'consult');
  const input = useRef<HTMLInputElement>(null);
  const id = `sp-add-${call.id.replace(/[^A-Za-z0-9_-]/g, '')}`;
  // The agent opened the form to type a number: the field takes the focus.
  useLayoutEffect(() => input.current?.focus(), []);
  const add = (number: string): void => {
    if (number.trim() === '') return;
    run({ type: 'add-participant', callId: call.id, to: number.trim(), mode });
    onClose();
  };
  return (
    <form class="sp-add" onSubmit={(event) => { event.preventDefault(); add(to); }} onKeyDown={(event) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      onClose();
    }}>
      {modes.length > 1 ? (
        <fieldset class="slds-form-element">
          <legend class="slds-form-element__legend slds-form-element__label">Add as</legend>
          <div class="slds-form-element__control">
            <div class="slds-radio_button-group">
              {modes.map((value) => (
                <span class="slds-button slds-radio_button" key={value}>
                  <input type="radio" name={`${id}-mode`} id={`${id}-${value}`} value={value} checked={mode === value} onChange={() => setMode(value)} />
                  <label class="slds-radio_button__label" for={`${id}-${value}`}><span class="slds-radio_faux">{ADD_MODES[value]}</span></label>
                </span>
              ))}
            </div>
          </div>
        </fieldset>
      ) : <p class="slds-text-body_small sp-muted">Add as: {ADD_MODES[mode]}</p>}
      <label class="slds-form-element__label" for={id}>Number to add</label>
      <div class="slds-form-element__control sp-transfer-row">
        <input ref={input} id={id} class="slds-input" type="text" inputMode="tel" autoComplete="off" maxLength={64} value={to}
          onInput={(event) => setTo((event.target as HTMLInputElement).value)} />
        <button type="submit" class="slds-button slds-button_brand" disabled={to.trim() === ''}>Add</button>
      </div>
      {quickTargets.length > 0 ? (
        <div class="sp-quick" role="group" aria-label="Quick targets">
          {quickTargets.map((target) => (
            <button type="button" key={target.number} class="slds-button slds-button_neutral sp-small" title={target.number} onClick={() => add(target.number)}>
              {target.label}<span class="slds-assistive-text"> ({target.number})</span>
            </button>
          ))}
        </div>
      ) : null}
    </form>
  );
}

/**
 * Everyone else on a connected call, and what the agent can do with them: add someone, swap between
 * the customer and a consulted party, merge into a conference, complete a warm transfer. Each control
 * is offered only when the call is in a state where it means something and the provider can run it.
 */
export function Participants({ call }: { call: CallState }) {
  const { connector } = useSoftphone();
  const [adding, setAdding] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const capabilities = connector.provider.capabilities;
  const everyone = call.participants ?? [];
  // Supervisors are not the agent's to swap with, merge or transfer to.
  const others = everyone.filter((participant) => participant.phase !== 'left' && participant.role !== 'supervisor');
  const modes = (['consult', 'conference'] as const).filter((mode) => canRun(capabilities, { type: 'add-participant', callId: call.id, to: '', mode }));
  if (everyone.length === 0 && modes.length === 0) return null;
  const callId = call.id;
  const on = (phase: Participant['phase']) => others.some((participant) => participant.phase === phase);
  const close = (): void => {
    setAdding(false);
    toggle.current?.focus();
  };
  return (
    <section class="sp-participants">
      {everyone.length > 0 ? (
        <>
          <h2 class="slds-text-title_caps sp-section-title">Participants</h2>
          <ul class="slds-has-dividers_bottom">
            {everyone.map((participant) => <ParticipantRow key={participant.id} callId={callId} participant={participant} />)}
          </ul>
        </>
      ) : null}
      <div class="sp-multiparty">
        {modes.length > 0 ? (
          <button ref={toggle} type="button" class={`slds-button slds-button_neutral sp-small${adding ? ' sp-toggle_on' : ''}`} aria-expanded={adding} onClick={() => setAdding(!adding)}>Add participant</button>
        ) : null}
        {/* Swap: one side (the customer or the consulted party) is held while the agent talks to the other. */}
        {(call.held ? on('connected') : on('held')) ? <CommandButton command={{ type: 'swap', callId }} text="Swap" /> : null}
        {others.some((participant) => participant.mode === 'consult' && (participant.phase === 'connected' || participant.phase === 'held')) ? <CommandButton command={{ type: 'merge', callId }} text="Merge" /> : null}
        {on('connected') ? <CommandButton command={{ type: 'complete-transfer', callId }} text="Complete transfer" /> : null}
      </div>
      {adding ? <AddParticipantForm call={call} modes={modes} onClose={close} /> : null}
    </section>
  );
}
