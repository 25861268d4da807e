import { useState } from 'preact/hooks';
import type { RecentCall } from '../core/index.js';
import { useSoftphone } from './context.js';
import { DialPad } from './dial-pad.js';
import { formatTimer } from './format.js';
import { Icon } from './icon.js';
import { memo } from './memo.js';

/** What the dialler shows: it re-renders only when one of these changes. */
export interface DiallerProps {
  /** The provider is connected: calls can be placed. */
  readonly ready: boolean;
  readonly recent: readonly RecentCall[];
}

/** Number entry, keypad and recent calls, shown when no call is in progress. */
export const Dialler = memo(function Dialler({ ready, recent }: DiallerProps) {
  const { run } = useSoftphone();
  const [number, setNumber] = useState('');
  const dial = (to: string): void => {
    if (to.trim() === '' || !ready) return;
    run({ type: 'dial', to: to.trim() });
    setNumber('');
  };
  return (
    <section class="sp-dialler" aria-label="Dialler">
      <form onSubmit={(event) => { event.preventDefault(); dial(number); }}>
        <div class="slds-form-element">
          <label class="slds-form-element__label" for="sp-number">Phone number</label>
          <div class="slds-form-element__control sp-number-row">
            <input id="sp-number" class="slds-input" data-autofocus type="tel" inputMode="tel" autoComplete="off" maxLength={40} value={number}
              onInput={(event) => setNumber((event.target as HTMLInputElement).value)} />
            <button type="submit" class="slds-button slds-button_success sp-call-button" disabled={!ready || number.trim() === ''}>
              <Icon name="call" size="small" position="left" />Call
            </button>
          </div>
        </div>
      </form>
      <DialPad label="Dial pad" onKey={(digit) => setNumber((current) => `${current}${digit}`)} />
      <RecentCalls recent={recent} ready={ready} onCall={dial} />
    </section>
  );
});

function RecentCalls({ recent, ready, onCall }: { recent: readonly RecentCall[]; ready: boolean; onCall: (number: string) => void }) {
  if (recent.length === 0) return null;
  return (
    <section class="sp-recent" aria-label="Recent calls">
      <h2 class="slds-text-title_caps sp-section-title">Recent calls</h2>
      <ul class="slds-has-dividers_bottom">
        {recent.slice(0, 8).map((call) => (
          <li class="slds-item sp-recent-item" key={call.id}>
            <span class={`sp-direction sp-direction_${call.direction}`} title={call.direction === 'inbound' ? 'Inbound' : 'Outbound'}>
              <Icon name={call.direction === 'inbound' ? 'incoming_call' : 'outbound_call'} />
            </span>
            <span class="sp-recent-text">
              <span class="sp-recent-name">{call.remote.displayName || call.who?.name || call.remote.display}</span>
              <span class="slds-text-body_small sp-muted">{call.outcome}{call.durationSeconds > 0 ? ` · ${formatTimer(call.durationSeconds * 1000)}` : ''}</span>
            </span>
            <button type="button" class="slds-button slds-button_icon slds-button_icon-border-filled" title={`Call ${call.remote.display}`}
              onClick={() => onCall(call.remote.e164 ?? call.remote.raw)} disabled={!ready}>
              <Icon name="call" /><span class="slds-assistive-text">Call {call.remote.display}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
