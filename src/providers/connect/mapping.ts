/**
 * Amazon Connect Streams → the core's call model: presence of agent states, contacts as events,
 * transfer targets and added parties, supervisors' monitoring modes, CCP options.
 */
import { ProviderError, type AgentStatus, type MonitoringEvent, type ParticipantRole, type RingingEvent, type SupervisorMode } from '../../core/index.js';
import { streamsCall } from './errors.js';
import type { ConnectConfigOptions } from './config.js';
import type {
  AgentStateTypeValue,
  ConnectAgentLike,
  ConnectConnectionLike,
  ConnectContactLike,
  ConnectStreamsLike,
  ConnectionStateValue,
  ConnectionTypeValue,
  EndpointTypeValue,
  MonitoringModeValue,
} from './sdk.js';

/** Ends a subscription; calling it twice is harmless. */
export type Unsubscribe = () => void;

/** A Streams subscription as a function. */
export function sub(subscription: connect.Subscription): Unsubscribe {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    subscription.unsubscribe();
  };
}

/** Agent state types → presence; system and error states have none. */
export function presenceOf(type: AgentStateTypeValue): AgentStatus | undefined {
  return type === 'routable' ? 'available' : type === 'not_routable' ? 'busy' : type === 'offline' ? 'offline' : undefined;
}

/** Connect reports some addresses as `sip:+14155550142@host`. */
export function addressOf(address: string): string {
  return address.replace(/^sip:/, '').replace(/@.*$/, '');
}

/** An inbound contact as a `ringing` event: the customer's number, the queue, attributes as data. */
export function ringingEvent(contact: ConnectContactLike, at: number): RingingEvent {
  const attributes = Object.fromEntries(
    Object.entries(contact.getAttributes()).flatMap(([key, attribute]) => (attribute ? [[key, attribute.value] as const] : [])),
  );
  const queue = contact.getQueue()?.name;
  return {
    type: 'ringing',
    callId: contact.getContactId(),
    at,
    from: addressOf(contact.getInitialConnection().getEndpoint().phoneNumber),
    ...(queue ? { queue } : {}),
    ...(Object.keys(attributes).length ? { data: attributes } : {}),
  };
}

const PHONE = /^\+?[\d\s().-]{3,32}$/;

/** A transfer target: a quick connect by name (from every queue the agent serves), otherwise a number. */
export async function transferTarget(agent: ConnectAgentLike, streams: ConnectStreamsLike, target: string): Promise<connect.Endpoint> {
  const result = await streamsCall<connect.GetEndpointsResult>('list quick connects', (callbacks) =>
    agent.getEndpoints(agent.getAllQueueARNs(), { success: (data) => callbacks.success(data), failure: callbacks.failure }),
  );
  const named = result?.endpoints.find((endpoint) => endpoint.name.toLowerCase() === target.toLowerCase());
  if (named) return named;
  if (PHONE.test(target)) return streams.Endpoint.byPhoneNumber(target.replace(/[\s().-]/g, ''));
  throw new ProviderError('invalid-argument', `No quick connect is named "${target}"; pick one of: ${result?.endpoints.map((endpoint) => endpoint.name).join(', ') || 'none configured'}.`);
}

/** Who an endpoint reaches, as a participant: its number, its quick-connect name, and whether a colleague answers. */
export interface PartyDescription {
  readonly number?: string;
  readonly displayName?: string;
  readonly role: Exclude<ParticipantRole, 'supervisor'>;
}

/**
 * A quick connect or a number as a participant. Streams leaves `name` and `phoneNumber` null where
 * they do not apply (a number has no name, an agent's quick connect no number), whatever the types say.
 */
export function describeEndpoint(endpoint: connect.Endpoint): PartyDescription {
  const number = endpoint.phoneNumber ? addressOf(endpoint.phoneNumber) : undefined;
  const displayName = endpoint.name && endpoint.name !== endpoint.phoneNumber ? endpoint.name : undefined;
  const type: EndpointTypeValue | null = endpoint.type;
  // An agent's or a queue's quick connect is answered by a colleague.
  const role = type === 'agent' || type === 'queue' ? 'agent' : 'external';
  return { role, ...(number ? { number } : {}), ...(displayName ? { displayName } : {}) };
}

/** A third-party connection seen on a contact, described from what Streams says of it. */
export function describeConnection(connection: ConnectConnectionLike): PartyDescription {
  const described = describeEndpoint(connection.getEndpoint());
  const quickConnect = connection.getQuickConnectName?.();
  return quickConnect ? { ...described, displayName: quickConnect } : described;
}

/**
 * A supervisor's mode on a connection, or undefined for anyone else. Streams reports it as the
 * connection's monitor status (`SILENT_MONITOR`, `BARGE`) and as its state (`silent_monitor`,
 * `barge`); a connection of type `monitoring` is a supervisor's even before either is known.
 */
export function supervisorModeOf(connection: ConnectConnectionLike): SupervisorMode | undefined {
  const status: MonitoringModeValue | null = connection.getMonitorStatus?.() ?? null;
  const state: ConnectionStateValue = connection.getStatus().type;
  const type: ConnectionTypeValue = connection.getType();
  if (status) return status === 'BARGE' ? 'barge' : 'listen';
  if (state === 'barge') return 'barge';
  return state === 'silent_monitor' || type === 'monitoring' ? 'listen' : undefined;
}

/** A contact is a supervisor's monitoring leg when its agent connection is of type `monitoring`. */
export function isMonitoringContact(contact: ConnectContactLike): boolean {
  const type: ConnectionTypeValue = contact.getAgentConnection().getType();
  return type === 'monitoring';
}

/**
 * A supervisor's monitoring contact as a `monitoring` event. Streams gives the supervisor no other
 * id for the monitored call, so the contact's id names both the supervisor's leg and the team call.
 */
export function monitoringEvent(contact: ConnectContactLike, mode: SupervisorMode, at: number): MonitoringEvent {
  const info = contact.getAgentConnection().getMonitorInfo();
  const remote = addressOf(contact.getInitialConnection().getEndpoint().phoneNumber || '');
  return {
    type: 'monitoring',
    callId: contact.getContactId(),
    at,
    teamCallId: contact.getContactId(),
    mode,
    ...(info?.agentName ? { agent: info.agentName } : {}),
    ...(remote ? { remote } : {}),
    ...(info?.customerName ? { displayName: info.customerName } : {}),
  };
}

/** `initCCP` options for a configuration. */
export function ccpOptions(options: ConnectConfigOptions): connect.InitCCPOptions {
  return {
    ccpUrl: options.ccpUrl,
    region: options.region,
    loginPopup: options.loginPopup ?? true,
    loginPopupAutoClose: true,
    ...(options.loginUrl ? { loginUrl: options.loginUrl } : {}),
    // Stored params need localStorage, which browsers deny a cross-site frame such as a softphone in Salesforce.
    softphone: { allowFramedSoftphone: true, disableStoringParamsInLocalStorage: true },
  };
}

/** The agent state for a presence: the configured busy status, else the first state of the matching type. */
export function agentStateFor(states: readonly connect.AgentStateDefinition[], status: AgentStatus, busyStatus?: string): connect.AgentStateDefinition {
  const wanted: AgentStateTypeValue = status === 'available' ? 'routable' : status === 'busy' ? 'not_routable' : 'offline';
  const state = (status === 'busy' && busyStatus ? states.find((candidate) => candidate.name === busyStatus) : undefined) ?? states.find((candidate) => candidate.type === wanted);
  if (!state) throw new ProviderError('invalid-argument', `No Amazon Connect agent status is of type ${wanted}: add one in the instance's agent statuses.`);
  return state;
}
