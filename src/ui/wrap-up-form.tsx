import { useState } from 'preact/hooks';
import { callDurationSeconds, outcomeLabel, type CallState } from '../core/index.js';
import { useSoftphone } from './context.js';
import { formatTimer } from './format.js';

/** After-call work: disposition and notes, saved onto the call's log record. */
export function WrapUpForm({ call }: { call: CallState }) {
  const { connector, dispositions } = useSoftphone();
  const [disposition, setDisposition] = useState('');
  const [notes, setNotes] = useState('');
  const id = `sp-wrap-${call.id.replace(/[^A-Za-z0-9_-]/g, '')}`;
  return (
    <form class="sp-wrap-up" onSubmit={(event) => { event.preventDefault(); connector.saveWrapUp(call.id, { disposition, notes }); }}>
      <p class="slds-text-body_small sp-muted">
        {outcomeLabel(call)} · {formatTimer(callDurationSeconds(call) * 1000)}
      </p>
      <div class="slds-form-element">
        <label class="slds-form-element__label" for={`${id}-disposition`}>Disposition</label>
        <div class="slds-form-element__control">
          <div class="slds-select_container">
            <select id={`${id}-disposition`} class="slds-select" data-autofocus value={disposition} onChange={(event) => setDisposition((event.target as HTMLSelectElement).value)}>
              <option value="">--None--</option>
              {dispositions.map((value) => <option key={value} value={value}>{value}</option>)}
            </select>
          </div>
        </div>
      </div>
      <div class="slds-form-element">
        <label class="slds-form-element__label" for={`${id}-notes`}>Notes</label>
        <div class="slds-form-element__control">
          <textarea id={`${id}-notes`} class="slds-textarea" rows={4} maxLength={32000} value={notes} onInput={(event) => setNotes((event.target as HTMLTextAreaElement).value)} />
        </div>
      </div>
      <button type="submit" class="slds-button slds-button_brand slds-button_stretch">Save</button>
    </form>
  );
}
