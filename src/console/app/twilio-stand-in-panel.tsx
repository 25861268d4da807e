/**
 * The simulator panel's controls of the local Twilio stand-in (shown only while `dev --provider
 * twilio` runs it): a customer calls the queue, and TaskRouter routes the call to an available
 * agent, or calls the agent's direct number; each customer call can be hung up.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.js';

interface CustomerCall {
  readonly callSid: string;
  readonly from: string;
  readonly to: string;
  readonly status: string;
  readonly place: string;
}
interface StandInCalls {
  readonly queueNumber: string;
  readonly directNumber: string;
  readonly calls: readonly CustomerCall[];
}

async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  const payload = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) throw new ApiError(response.status, payload.message ?? `${method} ${path} failed with HTTP ${response.status}`, []);
  return payload as T;
}

/** The stand-in's customer calls, polled every second; undefined when no stand-in runs. */
function useStandInCalls(): StandInCalls | undefined {
  const [calls, setCalls] = useState<StandInCalls | undefined>();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const poll = (): void => {
      fetch('/api/twilio/stand-in/calls')
        .then(async (response) => {
          if (response.status === 404) return false;
          if (response.ok) setCalls((await response.json()) as StandInCalls);
          return true;
        })
        .catch(() => true)
        .then((again) => {
          if (again && !stopped) timer = setTimeout(poll, 1000);
        });
    };
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return calls;
}

const PLACE: Readonly<Record<string, string>> = { queue: 'waiting in the queue', conference: 'with an agent', none: 'ringing' };

/** "Call the queue" and the customers' calls on the local Twilio stand-in. */
export function TwilioStandInPanel({ run }: { run: (action: Promise<unknown>) => void }) {
  const standIn = useStandInCalls();
  const [from, setFrom] = useState('+14155550142');
  const [name, setName] = useState('');
  const [digits, setDigits] = useState('');
  if (!standIn) return null;
  const live = standIn.calls.filter((call) => call.status === 'ringing' || call.status === 'in-progress' || call.status === 'queued');
  const place = (queue: boolean) => run(send('POST', '/api/twilio/stand-in/calls', { from: from.trim(), queue, ...(name.trim() ? { callerName: name.trim() } : {}), ...(digits.trim() ? { digits: digits.trim() } : {}) }));
  return (
    <section class="slds-m-bottom_small" data-testid="twilio-stand-in">
      <h3 class="slds-text-heading_small">Twilio (local stand-in)</h3>
      <form onSubmit={(event) => { event.preventDefault(); place(true); }}>
        <div class="slds-form-element slds-m-bottom_x-small">
          <label class="slds-form-element__label" for="twilio-from">Customer number (E.164)</label>
          <input class="slds-input" id="twilio-from" value={from} required onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
        </div>
        <div class="slds-form-element slds-m-bottom_x-small">
          <label class="slds-form-element__label" for="twilio-name">Caller name (optional)</label>
          <input class="slds-input" id="twilio-name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </div>
        <div class="slds-form-element slds-m-bottom_x-small">
          <label class="slds-form-element__label" for="twilio-digits">Account number keyed in the IVR (optional)</label>
          <input class="slds-input" id="twilio-digits" value={digits} inputMode="numeric" onInput={(e) => setDigits((e.target as HTMLInputElement).value)} />
        </div>
        <div class="slds-button-group" role="group">
          <button class="slds-button slds-button_brand" type="submit">Call the queue ({standIn.queueNumber})</button>
          <button class="slds-button slds-button_neutral" type="button" onClick={() => place(false)}>Call the agent ({standIn.directNumber})</button>
        </div>
      </form>
      {live.length === 0 ? <p class="slds-text-color_weak slds-m-top_x-small">No customer calls.</p> : null}
      <ul class="slds-has-dividers_bottom-space">
        {live.map((call) => (
          <li class="slds-item" key={call.callSid} data-twilio-call={call.callSid}>
            <div class="slds-text-title">From {call.from} · {PLACE[call.place] ?? call.place}</div>
            <button class="slds-button slds-button_destructive slds-m-top_xx-small" onClick={() => run(send('POST', `/api/twilio/stand-in/calls/${encodeURIComponent(call.callSid)}/hangup`))}>Customer hangs up</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
