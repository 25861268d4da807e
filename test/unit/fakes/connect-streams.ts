/// <reference types="amazon-connect-streams" />
// A fake of Amazon Connect Streams. Every class implements the provider's `…Like` types, which are
// built from Streams' own published definitions (`connect.Agent`, `connect.Contact`, …), so a
// change of the library's shape fails the typecheck. Streams' string enums are used by value
// (`'voice' as connect.ContactType`) because the runtime enum objects exist only in a page.
import { randomUUID } from 'node:crypto';
import type { ConnectAgentLike, ConnectConnectionLike, ConnectContactLike, ConnectStreamsLike } from '../../../src/providers/connect/index.js';

type Callback<T> = (value: T) => void;

/** Listener lists that count what is subscribed. */
class Listeners {
  private readonly lists = new Map<string, Set<Callback<never>>>();
  add<T>(name: string, callback: Callback<T>): connect.Subscription {
    const list = this.lists.get(name) ?? new Set();
    this.lists.set(name, list);
    list.add(callback as Callback<never>);
    return { unsubscribe: () => list.delete(callback as Callback<never>) };
  }
  fire<T>(name: string, value: T): void {
    for (const callback of [...(this.lists.get(name) ?? [])]) (callback as Callback<T>)(value);
  }
  count(): number {
    return [...this.lists.values()].reduce((sum, list) => sum + list.size, 0);
  }
  clear(): void {
    this.lists.clear();
  }
}

export function endpoint(phoneNumber: string, name = phoneNumber): connect.Endpoint {
  return { endpointARN: `arn:aws:connect:::endpoint/${name}`, endpointId: name, type: 'phone_number' as connect.EndpointType, name, phoneNumber, agentLogin: '', queue: '' };
}

class FakeConnection implements ConnectConnectionLike {
  digits = '';
  onHold = false;
  constructor(
    private readonly address: connect.Endpoint,
    private readonly onChange: (what: 'destroy' | 'hold' | 'resume') => void,
  ) {}
  getEndpoint(): connect.Endpoint {
    return this.address;
  }
  destroy(callbacks?: connect.SuccessFailOptions): void {
    callbacks?.success?.();
    this.onChange('destroy');
  }
  sendDigits(digits: string, callbacks?: connect.SuccessFailOptions): void {
    this.digits += digits;
    callbacks?.success?.();
  }
  hold(callbacks?: connect.SuccessFailOptions): void {
    this.onHold = true;
    callbacks?.success?.();
    this.onChange('hold');
  }
  resume(callbacks?: connect.SuccessFailOptions): void {
    this.onHold = false;
    callbacks?.success?.();
    this.onChange('resume');
  }
  isOnHold(): boolean {
    return this.onHold;
  }
}

export class FakeContact implements ConnectContactLike {
  readonly id = randomUUID();
  readonly listeners = new Listeners();
  readonly customer: FakeConnection;
  readonly agentLeg: FakeConnection;
  readonly added: connect.Endpoint[] = [];
  state: `${connect.ContactStateType}`;
  cleared = false;

  constructor(
    private readonly inbound: boolean,
    remote: string,
    private readonly attributes: Record<string, string> = {},
    private readonly queueName = 'Support',
  ) {
    this.state = inbound ? 'connecting' : 'connecting';
    const changed = (what: 'destroy' | 'hold' | 'resume'): void => (what === 'destroy' ? this.finish() : this.fire('refresh'));
    this.customer = new FakeConnection(endpoint(remote), changed);
    this.agentLeg = new FakeConnection(endpoint('agent'), changed);
  }

  getContactId(): string {
    return this.id;
  }
  getType(): connect.ContactType {
    return 'voice' as connect.ContactType;
  }
  getStatus(): connect.ContactState {
    return { type: this.state as connect.ContactStateType, timestamp: new Date() };
  }
  isInbound(): boolean {
    return this.inbound;
  }
  getQueue(): connect.Queue {
    return { name: this.queueName, queueARN: `arn:aws:connect:::queue/${this.queueName}`, queueId: this.queueName };
  }
  getAttributes(): connect.AttributeDictionary {
    return Object.fromEntries(Object.entries(this.attributes).map(([name, value]) => [name, { name, value }]));
  }
  getInitialConnection(): FakeConnection {
    return this.customer;
  }
  getAgentConnection(): FakeConnection {
    return this.agentLeg;
  }
  accept(callbacks?: connect.SuccessFailOptions): void {
    callbacks?.success?.();
    queueMicrotask(() => this.connectNow());
  }
  reject(callbacks?: connect.SuccessFailOptions): void {
    callbacks?.success?.();
    this.state = 'rejected';
    this.fire('destroy');
  }
  clear(callbacks: connect.SuccessFailOptions): void {
    this.cleared = true;
    callbacks.success?.();
    this.fire('destroy');
  }
  addConnection(target: connect.Endpoint, callbacks?: connect.SuccessFailOptions): void {
    this.added.push(target);
    callbacks?.success?.();
  }
  onIncoming = (callback: Callback<ConnectContactLike>) => this.listeners.add('incoming', callback);
  onConnecting = (callback: Callback<ConnectContactLike>) => this.listeners.add('connecting', callback);
  onConnected = (callback: Callback<ConnectContactLike>) => this.listeners.add('connected', callback);
  onMissed = (callback: Callback<ConnectContactLike>) => this.listeners.add('missed', callback);
  onEnded = (callback: Callback<ConnectContactLike>) => this.listeners.add('ended', callback);
  onACW = (callback: Callback<ConnectContactLike>) => this.listeners.add('acw', callback);
  onDestroy = (callback: Callback<ConnectContactLike>) => this.listeners.add('destroy', callback);
  onRefresh = (callback: Callback<ConnectContactLike>) => this.listeners.add('refresh', callback);
  onError = (callback: Callback<ConnectContactLike>) => this.listeners.add('error', callback);

  /** The far end: the call is up. */
  connectNow(): void {
    this.state = 'connected';
    this.fire('connected');
  }
  /** The far end hung up (a connected call goes to after-call work) or abandoned a ringing one. */
  finish(): void {
    if (this.state === 'ended' || this.state === 'missed') return;
    const wasConnected = this.state === 'connected';
    this.state = 'ended';
    this.fire('ended');
    if (wasConnected) this.fire('acw');
    else this.fire('destroy');
  }
  /** Nobody answered in time. */
  miss(): void {
    this.state = 'missed';
    this.fire('missed');
    this.fire('destroy');
  }
  /** The contact failed (e.g. FailedConnectCustomer). */
  fail(): void {
    this.state = 'error';
    this.fire('error');
  }
  private fire(name: string): void {
    this.listeners.fire<ConnectContactLike>(name, this);
  }
}

const STATES: connect.AgentStateDefinition[] = [
  { name: 'Available', type: 'routable' as connect.AgentStateType, agentStateARN: 'arn:state/available' },
  { name: 'Break', type: 'not_routable' as connect.AgentStateType, agentStateARN: 'arn:state/break' },
  { name: 'Lunch', type: 'not_routable' as connect.AgentStateType, agentStateARN: 'arn:state/lunch' },
  { name: 'Offline', type: 'offline' as connect.AgentStateType, agentStateARN: 'arn:state/offline' },
];

export class FakeAgent implements ConnectAgentLike {
  readonly listeners = new Listeners();
  state: connect.AgentStateDefinition = STATES[0]!;
  muted = false;
  quickConnects = [endpoint('+14155550123', 'Billing desk')];
  constructor(private readonly placeCall: (to: connect.Endpoint) => void) {}

  getAgentStates(): connect.AgentStateDefinition[] {
    return STATES;
  }
  getState(): connect.AgentState {
    return { ...this.state, startTimestamp: new Date() };
  }
  setState(state: connect.AgentStateDefinition, callbacks?: connect.SuccessFailOptions): void {
    const oldState = this.state.name;
    this.state = state;
    callbacks?.success?.();
    this.listeners.fire('state', { oldState, newState: state.name });
  }
  mute(): void {
    this.muted = true;
    this.listeners.fire<connect.AgentMutedStatus>('mute', { muted: true });
  }
  unmute(): void {
    this.muted = false;
    this.listeners.fire<connect.AgentMutedStatus>('mute', { muted: false });
  }
  connect(target: connect.Endpoint, options?: connect.ConnectOptions): void {
    options?.success?.();
    this.placeCall(target);
  }
  getEndpoints(_queueARNs: string | string[], callbacks: connect.GetEndpointsCallbacks): void {
    callbacks.success({ endpoints: this.quickConnects, addresses: [] });
  }
  getAllQueueARNs(): string[] {
    return ['arn:aws:connect:::queue/Support'];
  }
  onMuteToggle(callback: Callback<connect.AgentMutedStatus>): connect.Subscription {
    return this.listeners.add('mute', callback);
  }
  onStateChange(callback: Callback<{ oldState: string; newState: string }>): connect.Subscription {
    return this.listeners.add('state', callback);
  }
  onWebSocketConnectionLost(callback: Callback<unknown>): void {
    this.listeners.add('ws-lost', callback);
  }
  onWebSocketConnectionGained(callback: Callback<unknown>): void {
    this.listeners.add('ws-gained', callback);
  }
}

export class FakeStreams implements ConnectStreamsLike {
  readonly listeners = new Listeners();
  readonly contacts: FakeContact[] = [];
  readonly agentObject = new FakeAgent((target) => this.outbound(target));
  initOptions?: connect.InitCCPOptions;
  container?: HTMLElement;
  terminated = 0;
  /** Streams reports the agent once the CCP is loaded and the agent signed in. */
  signedIn = true;

  readonly core = {
    initCCP: (container: HTMLElement, options: connect.InitCCPOptions): void => {
      this.container = container;
      this.initOptions = options;
      if (this.signedIn) queueMicrotask(() => this.listeners.fire('agent', this.agentObject));
    },
    terminate: (): void => {
      this.terminated++;
      // Streams' terminate removes every subscription, including the agent's.
      this.listeners.clear();
      this.agentObject.listeners.clear();
    },
    onAuthFail: (callback: Callback<never>): connect.Subscription => this.listeners.add('auth-fail', callback),
    onAccessDenied: (callback: Callback<never>): connect.Subscription => this.listeners.add('access-denied', callback),
    onIframeRetriesExhausted: (callback: Callback<never>): connect.Subscription => this.listeners.add('iframe-exhausted', callback),
  };
  readonly Endpoint = { byPhoneNumber: (phoneNumber: string): connect.Endpoint => endpoint(phoneNumber) };

  agent(callback: Callback<ConnectAgentLike>): connect.Subscription {
    return this.listeners.add('agent', callback);
  }
  contact(callback: Callback<ConnectContactLike>): connect.Subscription {
    return this.listeners.add('contact', callback);
  }

  /** A customer calls; Connect routes the contact to this agent. */
  ring(from: string, attributes: Record<string, string> = {}): FakeContact {
    const contact = new FakeContact(true, from, attributes);
    this.contacts.push(contact);
    this.listeners.fire<ConnectContactLike>('contact', contact);
    return contact;
  }
  find(id: string): FakeContact {
    const contact = this.contacts.find((candidate) => candidate.id === id);
    if (!contact) throw new Error(`no fake contact ${id}`);
    return contact;
  }
  /** Everything still subscribed, on Streams, the agent and every contact. */
  openListeners(): number {
    return this.listeners.count() + this.agentObject.listeners.count() + this.contacts.reduce((sum, contact) => sum + contact.listeners.count(), 0);
  }
  private outbound(target: connect.Endpoint): void {
    const contact = new FakeContact(false, target.phoneNumber);
    this.contacts.push(contact);
    queueMicrotask(() => this.listeners.fire<ConnectContactLike>('contact', contact));
  }
}
