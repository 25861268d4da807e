/**
 * The lab phone: a second SIP user agent in the browser (our own SIP provider, WebRTC with the page's
 * microphone) that places real calls to the agent through the lab's Kamailio, answers calls, and
 * follows transfers. It runs in the console's "Lab phone" panel, or standalone as another extension
 * (`/lab/phone/?user=agent2&answer=auto`). `window.labPhone` is its scripting interface for tests.
 */
import { errorMessage, type CallEvent, type CallId, type ProviderContext } from '../../core/index.js';
import { createSipProvider, sip, type SipMediaStats, type SipProvider } from '../../providers/sip/index.js';

interface LabPhoneConfig {
  /** Kamailio's WebSocket URL. */
  readonly server: string;
  readonly domain: string;
  /** Who the lab phone calls by default. */
  readonly agent: string;
}

/** What tests and the panel can do with the lab phone. */
export interface LabPhoneApi {
  /** Calls `to` (default: the agent) as `from` (a number, the From user), named `name`. */
  call(options: { from: string; name?: string; to?: string; account?: string }): Promise<CallId>;
  answer(): Promise<void>;
  hangup(): Promise<void>;
  dtmf(digits: string): Promise<void>;
  /** The current call's id and state, if any. */
  current(): { id: CallId; state: string } | undefined;
  events: CallEvent[];
  stats(): Promise<SipMediaStats | undefined>;
}

const config = JSON.parse(document.getElementById('lab-phone-config')?.textContent ?? '{}') as LabPhoneConfig;
const params = new URLSearchParams(location.search);
const audio = document.createElement('audio');
audio.autoplay = true;
document.body.append(audio);

const status = document.getElementById('lab-status') as HTMLElement;
const events: CallEvent[] = [];
let provider: SipProvider | undefined;
let identity = '';
let current: { id: CallId; state: string } | undefined;

function show(text: string): void {
  status.textContent = text;
  document.body.dataset.state = current?.state ?? 'idle';
}

const ctx: ProviderContext = {
  now: Date.now,
  emit: (event) => {
    events.push(event);
    if (event.type === 'provider-state') return show(event.message ?? event.health);
    if (!('callId' in event)) return;
    if (event.type === 'ringing') {
      current = { id: event.callId, state: 'ringing' };
      show(`Incoming call from ${event.displayName ?? event.from}`);
      if (params.get('answer') === 'auto') void api.answer();
      return;
    }
    if (event.type === 'dialing') current = { id: event.callId, state: 'dialing' };
    if (!current || current.id !== event.callId) return;
    if (event.type === 'connected') current = { ...current, state: 'connected' };
    if (event.type === 'held' || event.type === 'resumed') current = { ...current, state: event.type === 'held' ? 'held' : 'connected' };
    if (event.type === 'ended') current = undefined;
    show(event.type === 'ended' ? `Call ended (${event.reason}${event.message ? `: ${event.message}` : ''})` : event.type === 'dialing' ? `Calling ${event.to}…` : event.type === 'connected' ? 'Connected' : event.type);
  },
};

/** (Re)connects as `user`: the From of the next call is the caller's number. */
async function connectAs(user: string, displayName?: string): Promise<SipProvider> {
  const key = `${user}|${displayName ?? ''}`;
  if (provider && identity === key) return provider;
  await provider?.disconnect();
  provider = createSipProvider(sip({ server: config.server, domain: config.domain, user, displayName, headersToScreenPop: ['X-Account-Number'] }), { remoteAudio: () => audio });
  identity = key;
  await provider.connect(ctx);
  return provider;
}

const sipUser = (number: string) => number.replace(/[\s().-]/g, '');

const api: LabPhoneApi = {
  async call({ from, name, to, account }) {
    const phone = await connectAs(sipUser(from), name || undefined);
    return phone.dial(to ?? config.agent, account ? { data: { 'Account-Number': account } } : undefined);
  },
  async answer() {
    if (current?.state === 'ringing') await provider?.answer(current.id);
  },
  async hangup() {
    if (current) await provider?.hangup(current.id);
  },
  async dtmf(digits) {
    if (current) await provider?.sendDtmf(current.id, digits);
  },
  current: () => current,
  events,
  stats: async () => (current ? provider?.mediaStats(current.id) : undefined),
};
(window as unknown as { labPhone: LabPhoneApi }).labPhone = api;

const form = document.getElementById('lab-call-form') as HTMLFormElement | null;
const field = (id: string) => (document.getElementById(id) as HTMLInputElement).value.trim();
form?.addEventListener('submit', (event) => {
  event.preventDefault();
  api.call({ from: field('lab-from'), name: field('lab-name'), account: field('lab-account') }).catch((error: unknown) => show(`Could not call: ${errorMessage(error)}`));
});
document.getElementById('lab-answer')?.addEventListener('click', () => void api.answer().catch((error: unknown) => show(String(error))));
document.getElementById('lab-hangup')?.addEventListener('click', () => void api.hangup().catch((error: unknown) => show(String(error))));

// A standalone extension registers at once so it can be called (and be a transfer target).
const user = params.get('user');
if (user) void connectAs(user, params.get('name') ?? undefined).catch((error: unknown) => show(String(error)));
else show('Ready to call');
