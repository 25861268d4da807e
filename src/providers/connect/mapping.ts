/** Amazon Connect Streams → the core's call model: presence of agent states, contacts as events, transfer targets, CCP options. */
import { ProviderError, type AgentStatus, type RingingEvent } from '../../core/index.js';
import { streamsCall } from './errors.js';
import type { ConnectConfigOptions } from './config.js';
import type { AgentStateTypeValue, ConnectAgentLike, ConnectContactLike, ConnectStreamsLike } from './sdk.js';

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
