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

export function endpoint(phoneNumber: string, name = phoneNumber, type: `${connect.EndpointType}` = 'phone_number'): connect.Endpoint {
  return { endpointARN: `arn:aws:connect:::endpoint/${name}`, endpointId: name, type: type as connect.EndpointType, name, phoneNumber, agentLogin: '', queue: '' };
}

type ConnectionState = `${connect.ConnectionStateType}`;
type ConnectionKind = `${connect.ConnectionType}`;
/** Streams' `CONNECTION_ACTIVE_STATES`. */
const ACTIVE: readonly ConnectionState[] = ['connecting', 'connected', 'hold', 'silent_monitor', 'barge'];
const MONITORING_MODES: readonly string[] = ['SILENT_MONITOR', 'BARGE'];

/** Streams reports failures as JSON strings. */
function failure(callbacks: connect.SuccessFailOptions | undefined, type: string, message: string): void {
  callbacks?.failure?.(JSON.stringify({ type, message }));
}

/** One leg of a fake contact; its commands go through the contact, as Streams' go through the CCP. */
export class FakeConnection implements ConnectConnectionLike {
  readonly connectionId = randomUUID();
  digits = '';
  monitorStatus: connect.MonitoringMode | null = null;
  monitorCapabilities?: connect.MonitoringMode[];
  monitorInfo: connect.MonitorInfo | null = null;
  constructor(
    private readonly contact: FakeContact,
    readonly kind: ConnectionKind,
    readonly initial: boolean,
    private readonly address: connect.Endpoint,
    public state: ConnectionState,
    private readonly quickConnect: string | null = null,
  ) {}
  getConnectionId(): string {
    return this.connectionId;
  }
  getEndpoint(): connect.Endpoint {
    return this.address;
  }
  getStatus(): connect.ConnectionState {
    return { type: this.state as connect.ConnectionStateType, timestamp: new Date() };
  }
  getType(): connect.ConnectionType {
    return this.kind as connect.ConnectionType;
  }
  isActive(): boolean {
    return ACTIVE.includes(this.state);
  }
  isOnHold(): boolean {
    return this.state === 'hold';
  }
  getMonitorInfo(): connect.MonitorInfo | null {
    return this.monitorInfo;
  }
  getQuickConnectName(): string | null {
    return this.quickConnect;
  }
  getMonitorStatus(): connect.MonitoringMode | null {
    return this.monitorStatus;
  }
  getMonitorCapabilities(): connect.MonitoringMode[] | undefined {
    return this.monitorCapabilities;
  }
  destroy(callbacks?: connect.SuccessFailOptions): void {
    this.contact.destroyConnection(this, callbacks);
  }
  sendDigits(digits: string, callbacks?: connect.SuccessFailOptions): void {
    this.digits += digits;
    callbacks?.success?.();
  }
  hold(callbacks?: connect.SuccessFailOptions): void {
    this.contact.holdConnection(this, true, callbacks);
  }
  resume(callbacks?: connect.SuccessFailOptions): void {
    this.contact.holdConnection(this, false, callbacks);
  }
}

/** What makes a contact a supervisor's monitoring leg. */
interface MonitoringSpec {
  readonly agentName: string;
  readonly mode: `${connect.MonitoringMode}`;
  readonly allowed?: readonly `${connect.MonitoringMode}`[];
}

/**
 * A voice contact as the agent's Streams sees it: the agent's connection, the customer's (initial)
 * connection, and third parties added with `addConnection`, each with Streams' connection states.
 */
export class FakeContact implements ConnectContactLike {
  readonly id = randomUUID();
  readonly listeners = new Listeners();
  readonly connections: FakeConnection[] = [];
  readonly customer: FakeConnection;
  readonly agentLeg: FakeConnection;
  readonly added: connect.Endpoint[] = [];
  state: `${connect.ContactStateType}`;
  cleared = false;
  /** Third parties answer on their own, a moment after they are added (default true). */
  autoAnswer = true;
  /** Deliver Streams' refresh a macrotask after a command's success callback instead of at once. */
  lateSnapshots = false;

  constructor(
    private readonly inbound: boolean,
    remote: string,
    private readonly attributes: Record<string, string> = {},
    private readonly queueName = 'Support',
    monitoring?: MonitoringSpec,
  ) {
    this.state = 'connecting';
    this.customer = new FakeConnection(this, inbound ? 'inbound' : 'outbound', true, endpoint(remote), 'connecting');
    this.agentLeg = new FakeConnection(this, monitoring ? 'monitoring' : 'agent', false, endpoint('agent'), 'connecting');
    if (monitoring) {
      this.agentLeg.state = monitoring.mode === 'BARGE' ? 'barge' : 'silent_monitor';
      this.agentLeg.monitorStatus = monitoring.mode as connect.MonitoringMode;
      this.agentLeg.monitorCapabilities = (monitoring.allowed ?? ['SILENT_MONITOR', 'BARGE']).map((allowed) => allowed as connect.MonitoringMode);
      this.agentLeg.monitorInfo = { agentName: monitoring.agentName, customerName: '', joinTime: new Date() };
      this.state = 'connected';
      this.customer.state = 'connected';
    }
    this.connections.push(this.agentLeg, this.customer);
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
  /** As Streams: every connection but the initial one and the agent's (a supervisor's stays in). */
  getThirdPartyConnections(): FakeConnection[] {
    return this.connections.filter((connection) => !connection.initial && connection.kind !== 'agent');
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
  /** A new outbound third-party connection, connecting; it answers by itself unless `autoAnswer` is off. */
  addConnection(target: connect.Endpoint, callbacks?: connect.SuccessFailOptions): void {
    if (this.state !== 'connected') return failure(callbacks, 'InvalidStateException', 'The contact is not connected.');
    this.added.push(target);
    const quickConnect = target.name && target.name !== target.phoneNumber ? target.name : null;
    const party = new FakeConnection(this, 'outbound', false, target, 'connecting', quickConnect);
    this.connections.push(party);
    this.done(callbacks);
    if (this.autoAnswer) queueMicrotask(() => this.answer(party));
  }
  /** Rotates the connected and held legs (Streams: valid with a third party and the customer still on). */
  toggleActiveConnections(callbacks?: connect.SuccessFailOptions): void {
    const legs = this.talkingLegs();
    if (!legs || !legs.some((leg) => leg.state === 'hold')) return failure(callbacks, 'InvalidStateException', 'Nothing to toggle.');
    for (const leg of legs) leg.state = leg.state === 'hold' ? 'connected' : 'hold';
    this.done(callbacks);
  }
  /** Everyone held joins the conversation. */
  conferenceConnections(callbacks?: connect.SuccessFailOptions): void {
    const legs = this.talkingLegs();
    if (!legs) return failure(callbacks, 'InvalidStateException', 'Nothing to conference.');
    for (const leg of legs) if (leg.state === 'hold') leg.state = 'connected';
    this.done(callbacks);
  }
  /** A supervisor's monitoring leg changes mode, if their security profile allows it. */
  updateMonitorParticipantState(targetState: connect.MonitoringMode, callbacks?: connect.SuccessFailOptions): void {
    const target: string = targetState;
    if (!MONITORING_MODES.includes(target.toUpperCase())) return void callbacks?.failure?.('invalid_target_state');
    const leg = this.agentLeg;
    if (leg.kind !== 'monitoring' || !leg.monitorCapabilities?.includes(targetState)) return failure(callbacks, 'AccessDeniedException', 'Not allowed.');
    leg.monitorStatus = targetState;
    leg.state = target === 'BARGE' ? 'barge' : 'silent_monitor';
    this.done(callbacks);
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

  /**
   * `connection.destroy()`: the agent leaving with third parties still on leaves them bridged with
   * the customer (the contact ends for the agent); the customer leaving them keeps the contact up.
   */
  destroyConnection(connection: FakeConnection, callbacks?: connect.SuccessFailOptions): void {
    const othersOn = this.getThirdPartyConnections().some((party) => party !== connection && party.kind !== 'monitoring' && party.isActive());
    if ((connection === this.agentLeg || connection === this.customer) && !othersOn) {
      callbacks?.success?.();
      return this.finish();
    }
    connection.state = 'disconnected';
    if (connection === this.agentLeg) {
      callbacks?.success?.();
      for (const party of this.connections) if (party.state === 'hold') party.state = 'connected';
      return this.finish();
    }
    this.done(callbacks);
  }
  /** `connection.hold()` / `resume()`. */
  holdConnection(connection: FakeConnection, hold: boolean, callbacks?: connect.SuccessFailOptions): void {
    if (connection.state !== 'connected' && connection.state !== 'hold') return failure(callbacks, 'InvalidStateException', 'The connection is not connected.');
    connection.state = hold ? 'hold' : 'connected';
    this.done(callbacks);
  }

  /** The far end: the call is up. */
  connectNow(): void {
    this.state = 'connected';
    this.customer.state = 'connected';
    this.agentLeg.state = 'connected';
    this.fire('connected');
  }
  /** A third party picks up. */
  answer(party: FakeConnection): void {
    if (party.state !== 'connecting') return;
    party.state = 'connected';
    this.fire('refresh');
  }
  /** A third party hangs up, or declines while ringing. */
  partyHangsUp(party: FakeConnection): void {
    party.state = 'disconnected';
    this.fire('refresh');
  }
  /** A supervisor barges into this agent's contact: their connection appears. */
  bargeIn(name: string): FakeConnection {
    const supervisor = new FakeConnection(this, 'monitoring', false, endpoint('', name, 'agent'), 'barge');
    supervisor.monitorStatus = 'BARGE' as connect.MonitoringMode;
    this.connections.push(supervisor);
    this.fire('refresh');
    return supervisor;
  }
  /** A supervisor goes back to silent monitoring (or leaves): the agent no longer sees them. */
  supervisorSilent(supervisor: FakeConnection): void {
    this.connections.splice(this.connections.indexOf(supervisor), 1);
    this.fire('refresh');
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
  /** The customer and the third parties, while the customer is still on: what toggle and conference act on. */
  private talkingLegs(): FakeConnection[] | undefined {
    const parties = this.getThirdPartyConnections().filter((party) => party.kind !== 'monitoring' && (party.state === 'connected' || party.state === 'hold'));
    if (this.state !== 'connected' || !this.customer.isActive() || !parties.length) return undefined;
    return [this.customer, ...parties];
  }
  /** A command succeeded: its callback, then Streams' refresh (at once, or a macrotask later). */
  private done(callbacks?: connect.SuccessFailOptions): void {
    callbacks?.success?.();
    if (this.lateSnapshots) setImmediate(() => this.fire('refresh'));
    else this.fire('refresh');
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
  quickConnects = [endpoint('+14155550123', 'Billing desk'), endpoint('', 'Sam Lee', 'agent')];
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
  // Streams' `byPhoneNumber` leaves the name null; the type says string, so the fake says ''.
  readonly Endpoint = { byPhoneNumber: (phoneNumber: string): connect.Endpoint => endpoint(phoneNumber, '') };
  readonly MonitoringMode = { SILENT_MONITOR: 'SILENT_MONITOR' as connect.MonitoringMode.SILENT_MONITOR, BARGE: 'BARGE' as connect.MonitoringMode.BARGE };

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
  /**
   * A supervisor starts monitoring an agent's contact from Connect's real-time metrics: the
   * supervisor's Streams gets that contact, already connected, with a `monitoring` agent connection.
   */
  monitor(agentName: string, customer: string, options: { mode?: `${connect.MonitoringMode}`; allowed?: readonly `${connect.MonitoringMode}`[] } = {}): FakeContact {
    const contact = new FakeContact(true, customer, {}, 'Support', { agentName, mode: options.mode ?? 'SILENT_MONITOR', ...(options.allowed ? { allowed: options.allowed } : {}) });
    this.contacts.push(contact);
    this.listeners.fire<ConnectContactLike>('contact', contact);
    contact.listeners.fire<ConnectContactLike>('connected', contact);
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
