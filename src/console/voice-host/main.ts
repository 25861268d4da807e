/**
 * The local Salesforce Voice console: frames the connector page like Salesforce's Omni-Channel
 * softphone does, offers the agent's actions as buttons, lists every event the connector
 * publishes and the VoiceCalls the Telephony Integration API stand-in holds.
 */
import { VoiceHost, type VoiceHostCommand, type VoiceHostEntry, type VoicePhoneCall } from './voice-host.js';

interface VoiceConsoleConfig {
  readonly connectorPath: string;
  readonly callCenter: Record<string, unknown>;
}

const config = JSON.parse(document.getElementById('voice-console-config')?.textContent ?? '{}') as VoiceConsoleConfig;
const host = new VoiceHost();
(window as unknown as { voiceHost: VoiceHost }).voiceHost = host;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

const root = document.getElementById('voice-console-root')!;
const status = element('p', { class: 'slds-text-body_small', 'data-testid': 'voice-status' }, 'Connecting to the connector…');
const current = element('p', { class: 'slds-text-heading_small', 'data-testid': 'voice-current-call' }, 'No call');
const number = element('input', { class: 'slds-input', placeholder: '+14155550111', 'aria-label': 'Number', 'data-testid': 'voice-number' });
const digits = element('input', { class: 'slds-input', placeholder: '1#', 'aria-label': 'Digits', 'data-testid': 'voice-digits' });
const actions = element('div', { class: 'slds-button-group', role: 'group' });
const events = element('tbody', { 'data-testid': 'voice-events' });
const voiceCalls = element('tbody', { 'data-testid': 'voice-calls' });
const frame = element('iframe', { src: config.connectorPath, title: 'Salesforce Voice connector', class: 'voice-connector-frame', allow: 'microphone' });

function currentCall(): VoicePhoneCall | undefined {
  return [...host.calls().values()].at(-1);
}

const buttons: [string, () => VoiceHostCommand | undefined][] = [
  ['Accept', () => withCall((call) => ({ type: 'ACCEPT_CALL', call }))],
  ['Decline', () => withCall((call) => ({ type: 'DECLINE_CALL', call }))],
  ['Hold', () => withCall((call) => ({ type: 'HOLD', call }))],
  ['Resume', () => withCall((call) => ({ type: 'RESUME', call }))],
  ['Mute', () => ({ type: 'MUTE' })],
  ['Unmute', () => ({ type: 'UNMUTE' })],
  ['Blind transfer', () => withCall((call) => ({ type: 'ADD_PARTICIPANT', call, contact: { phoneNumber: number.value }, isBlindTransfer: true }))],
  ['Send digits', () => ({ type: 'SEND_DIGITS', digits: digits.value })],
  ['End', () => withCall((call) => ({ type: 'END_CALL', call }))],
  ['Wrap up', () => {
    const call = host.afterCallWork();
    return call ? { type: 'WRAP_UP_CALL', call } : undefined;
  }],
  ['Dial', () => ({ type: 'DIAL', contact: { phoneNumber: number.value } })],
  ['Online', () => ({ type: 'SET_AGENT_STATUS', agentStatus: 'Online' })],
  ['Offline', () => ({ type: 'SET_AGENT_STATUS', agentStatus: 'Offline' })],
];

function withCall(make: (call: VoicePhoneCall) => VoiceHostCommand): VoiceHostCommand | undefined {
  const call = currentCall();
  return call ? make(call) : undefined;
}

for (const [label, make] of buttons) {
  const button = element('button', { class: 'slds-button slds-button_neutral', 'data-testid': `voice-${label.toLowerCase().replace(/ /g, '-')}` }, label);
  button.addEventListener('click', () => {
    const command = make();
    if (command) host.send(command);
  });
  actions.append(button);
}

function render(entry: VoiceHostEntry): void {
  if (entry.kind === 'log') return;
  const row = element('tr');
  const type = entry.kind === 'ready' ? 'CONNECTOR_READY' : entry.type;
  row.append(element('td', { 'data-label': 'Event' }, type), element('td', { 'data-label': 'Payload' }, JSON.stringify(entry.payload)));
  events.prepend(row);
  if (entry.kind === 'ready') status.textContent = 'Connector ready';
  const call = currentCall();
  current.textContent = call ? `${call.callType ?? ''} ${call.phoneNumber ?? ''} · ${call.state ?? ''}${call.callInfo?.isOnHold ? ' · on hold' : ''}` : 'No call';
}
host.listen(render);

async function refreshVoiceCalls(): Promise<void> {
  const response = await fetch('/api/voice/stand-in');
  if (!response.ok) return;
  const state = (await response.json()) as { voiceCalls: { voiceCallId: string; vendorCallKey: string; updates: unknown[] }[] };
  voiceCalls.replaceChildren(
    ...state.voiceCalls.map((call) => {
      const row = element('tr');
      row.append(element('td', {}, call.voiceCallId), element('td', {}, call.vendorCallKey), element('td', {}, JSON.stringify(call.updates.at(-1) ?? {})));
      return row;
    }),
  );
}
setInterval(() => void refreshVoiceCalls().catch(() => undefined), 1000);

const table = (caption: string, headings: string[], body: HTMLElement) => {
  const wrapper = element('div', { class: 'slds-box slds-m-top_small' });
  const tableNode = element('table', { class: 'slds-table slds-table_bordered slds-table_cell-buffer' });
  const head = element('tr');
  for (const heading of headings) head.append(element('th', { scope: 'col' }, heading));
  tableNode.append(element('thead'), body);
  tableNode.tHead!.append(head);
  wrapper.append(element('h2', { class: 'slds-text-heading_small' }, caption), tableNode);
  return wrapper;
};

const panel = element('div', { class: 'slds-p-around_medium' });
panel.append(element('h1', { class: 'slds-text-heading_medium' }, 'Salesforce Voice (local host)'), status, current, number, digits, actions, table('Published events', ['Event', 'Payload'], events), table('VoiceCalls (Telephony Integration API stand-in)', ['VoiceCall', 'Vendor call key', 'Last update'], voiceCalls), frame);
root.append(panel);
frame.addEventListener('load', () => host.setUp(frame, config.callCenter));
