import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { STAGES, presentParticipants, type CallState } from '../core/index.js';
import { useSoftphone } from './context.js';
import { DialPad } from './dial-pad.js';
import { formatTimer, partyName, popSummary } from './format.js';
import { useNow } from './hooks.js';
import { Icon } from './icon.js';
import { Participants } from './participants.js';
import { SHORTCUTS, shortcut } from './shortcuts.js';
import { MonitoringCall } from './supervisor.js';
import { WrapUpForm } from './wrap-up-form.js';

/** Who the call is with: name, number, related records. */
function Party({ call, status }: { call: CallState; status: string }) {
  const pop = popSummary(call.pop);
  return (
    <div class="sp-party">
      <p class="sp-call-status slds-text-title_caps">{status}</p>
      <p class="sp-party-name" title={partyName(call)}>{partyName(call)}</p>
      <p class="sp-party-number">{call.remote.display}</p>
      {call.queue ? <p class="slds-text-body_small sp-muted">Queue: {call.queue}</p> : null}
      {call.who || call.what ? (
        <p class="slds-text-body_small sp-related">{[call.who, call.what].filter(Boolean).map((record) => `${record?.objectType}: ${record?.name ?? record?.id}`).join(' · ')}</p>
      ) : pop ? <p class="slds-text-body_small sp-muted">{pop}</p> : null}
      {call.data && Object.keys(call.data).length > 0 ? (
        <dl class="sp-call-data slds-text-body_small">
          {Object.entries(call.data).slice(0, 6).map(([key, value]) => (
            <div key={key}><dt>{key}</dt><dd>{value}</dd></div>
          ))}
        </dl>
      ) : null}
    </div>
  );
}

function Ringing({ call }: { call: CallState }) {
  const { run } = useSoftphone();
  return (
    <>
      <Party call={call} status="Incoming call" />
      <div class="sp-actions">
        <button type="button" class="slds-button slds-button_success sp-big" data-autofocus {...shortcut(SHORTCUTS.answer)} onClick={() => run({ type: 'answer', callId: call.id })}>
          <Icon name="call" size="small" position="left" />Accept
        </button>
        <button type="button" class="slds-button slds-button_destructive sp-big" {...shortcut(SHORTCUTS.decline)} onClick={() => run({ type: 'decline', callId: call.id })}>
          <Icon name="end_call" size="small" position="left" />Decline
        </button>
      </div>
    </>
  );
}

function Dialing({ call }: { call: CallState }) {
  const { run } = useSoftphone();
  return (
    <>
      <Party call={call} status={call.alerting === 'early-media' ? 'Ringing (early audio)…' : call.alerting === 'ringing' ? 'Ringing…' : 'Calling…'} />
      <div class="sp-actions">
        <button type="button" class="slds-button slds-button_destructive sp-big" data-autofocus {...shortcut(SHORTCUTS.hangUp)} onClick={() => run({ type: 'hangup', callId: call.id })}>
          <Icon name="end_call" size="small" position="left" />Hang up
        </button>
      </div>
    </>
  );
}

/** Blind transfer: the far end is sent to another number or extension and this call ends. */
function TransferForm({ call, onDone, onCancel }: { call: CallState; onDone: () => void; onCancel: () => void }) {
  const { run } = useSoftphone();
  const [target, setTarget] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const id = `sp-transfer-${call.id}`;
  // The agent opened the form to type a number: the field takes the focus.
  useLayoutEffect(() => input.current?.focus(), []);
  return (
    <form class="sp-transfer slds-form-element" onSubmit={(event) => {
      event.preventDefault();
      if (target.trim() === '') return;
      run({ type: 'transfer', callId: call.id, to: target.trim(), mode: 'blind' });
      onDone();
    }} onKeyDown={(event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onCancel();
      }
    }}>
      <label class="slds-form-element__label" for={id}>Transfer to</label>
      <div class="slds-form-element__control sp-transfer-row">
        <input ref={input} id={id} class="slds-input" type="text" inputMode="tel" autoComplete="off" maxLength={64} value={target}
          onInput={(event) => setTarget((event.target as HTMLInputElement).value)} />
        <button type="submit" class="slds-button slds-button_brand" disabled={target.trim() === ''}>Transfer</button>
      </div>
    </form>
  );
}

/**
 * Closing a panel (keypad, transfer form) that has the focus, by its shortcut, gives the focus to
 * its toggle: the control the agent was on disappears, and the focus must not fall to the page's start.
 */
function keepFocus(toggle: HTMLElement, panel: string): void {
  if (toggle.closest('.sp-call')?.querySelector(panel)?.contains(toggle.ownerDocument.activeElement)) toggle.focus();
}

function Connected({ call }: { call: CallState }) {
  const { run, now, connector } = useSoftphone();
  const time = useNow(now, true);
  const [keypad, setKeypad] = useState(false);
  const [transfer, setTransfer] = useState(false);
  const transferToggle = useRef<HTMLButtonElement>(null);
  const canTransfer = connector.provider.capabilities.transfer.blind;
  const canRecord = connector.provider.capabilities.recording;
  const recording = call.recording?.active ?? false;
  const toggle = (name: string, icon: string, keys: string, pressed: boolean, onClick: (button: HTMLButtonElement) => void, extra: { readonly ref?: typeof transferToggle; readonly 'data-autofocus'?: true } = {}) => (
    <button type="button" class={`slds-button slds-button_neutral sp-toggle${pressed ? ' sp-toggle_on' : ''}`} aria-pressed={pressed} {...shortcut(keys)} {...extra}
      onClick={(event) => onClick(event.currentTarget)}>
      <Icon name={icon} size="small" />
      <span class="sp-toggle-label">{name}</span>
    </button>
  );
  return (
    <>
      <Party call={call} status={call.held ? 'On hold' : call.conferenced && presentParticipants(call).length > 0 ? 'Conference' : 'Connected'} />
      <p class="sp-timer" role="timer" aria-label="Call duration">{formatTimer(time - (call.connectedAt ?? time))}</p>
      <div class="sp-toggles">
        {toggle('Mute', 'muted', SHORTCUTS.mute, call.muted, () => run({ type: call.muted ? 'unmute' : 'mute', callId: call.id }), { 'data-autofocus': true })}
        {toggle('Hold', 'pause', SHORTCUTS.hold, call.held, () => run({ type: call.held ? 'resume' : 'hold', callId: call.id }))}
        {toggle('Keypad', 'keypad', SHORTCUTS.keypad, keypad, (button) => {
          if (keypad) keepFocus(button, '.sp-dialpad');
          setKeypad(!keypad);
        })}
        {canTransfer ? toggle('Transfer', 'forward', SHORTCUTS.transfer, transfer, (button) => {
          if (transfer) keepFocus(button, '.sp-transfer');
          setTransfer(!transfer);
        }, { ref: transferToggle }) : null}
        {canRecord ? toggle(recording ? 'Recording' : 'Record', 'record', SHORTCUTS.record, recording, () => run({ type: 'record', callId: call.id, on: !recording })) : null}
      </div>
      {call.warnings?.length ? (
        <div class="slds-notify slds-notify_alert slds-alert_warning sp-quality-warning" role="status">
          {call.warnings.map((warning) => (
            <span key={warning.kind}>{warning.message}</span>
          ))}
        </div>
      ) : null}
      {keypad ? <DialPad label="Keypad" onKey={(digits) => run({ type: 'dtmf', callId: call.id, digits })} /> : null}
      {transfer ? <TransferForm call={call} onDone={() => setTransfer(false)} onCancel={() => {
        setTransfer(false);
        transferToggle.current?.focus();
      }} /> : null}
      <Participants call={call} />
      <div class="sp-actions">
        <button type="button" class="slds-button slds-button_destructive sp-big" {...shortcut(SHORTCUTS.hangUp)} onClick={() => run({ type: 'hangup', callId: call.id })}>
          <Icon name="end_call" size="small" position="left" />Hang up
        </button>
      </div>
    </>
  );
}

function Saving({ call }: { call: CallState }) {
  const { connector } = useSoftphone();
  return (
    <>
      <Party call={call} status="Call ended" />
      {call.log.error ? (
        <div class="slds-notify slds-notify_alert slds-alert_warning sp-log-warning" role="alert">
          <span>Call log not saved yet: {call.log.error}. Retrying automatically.</span>
          <button type="button" class="slds-button slds-button_neutral slds-m-left_x-small" data-autofocus onClick={() => connector.retryLog(call.id)}>Retry now</button>
        </div>
      ) : (
        <p class="slds-text-body_small sp-muted" role="status">Saving call log…</p>
      )}
    </>
  );
}

/** What the standby card holds: an incoming call with nothing filled in yet. */
const STANDBY: CallState = { id: '', direction: 'inbound', phase: 'ringing', remote: { raw: '', display: '' }, startedAt: 0, held: false, muted: false, log: { revision: 0, savedRevision: 0 } };

/**
 * One call, in whatever phase it is. Without a call it is the standby card: built, hidden, and
 * filled in by the next call (see `useCardKeys`). It already has the ringing card's class, so a ring
 * changes no class, the one attribute change that costs the browser a style check of the card.
 */
export function CallCard({ call = STANDBY }: { call?: CallState }) {
  const { connector } = useSoftphone();
  const standby = call === STANDBY;
  // Layout effects run once the DOM holds the new phase: the moment the agent can see it.
  useLayoutEffect(() => {
    if (!standby) connector.timeline.mark(call.id, call.phase + STAGES.shown);
  }, [connector, call.id, call.phase, standby]);
  return (
    <article class={`slds-card sp-call sp-call_${call.phase}`} hidden={standby} data-call-id={standby ? undefined : call.id}
      data-phase={standby ? undefined : call.phase} aria-label={call.monitoring ? `Monitoring ${call.monitoring.agent ?? 'a call'}` : `Call with ${partyName(call)}`}>
      <div class="slds-card__body slds-card__body_inner">
        {call.phase === 'ringing' ? <Ringing call={call} /> : null}
        {call.phase === 'dialing' ? <Dialing call={call} /> : null}
        {call.phase === 'connected' ? (call.monitoring ? <MonitoringCall key={call.id} call={call} monitoring={call.monitoring} /> : <Connected key={call.id} call={call} />) : null}
        {call.phase === 'wrap-up' ? (
          <>
            <Party call={call} status="Wrap-up" />
            {call.log.error ? <Saving call={call} /> : null}
            <WrapUpForm key={call.id} call={call} />
          </>
        ) : null}
        {call.phase === 'ended' ? <Saving call={call} /> : null}
      </div>
    </article>
  );
}
