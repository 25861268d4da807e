/**
 * Pure mappings of the contact-centre mode: a TaskRouter task's attributes (or a colleague's leg's
 * custom parameters) to the ringing call's caller and screen-pop data, a dialled address to the server's transfer target, and a worker's
 * activity to the softphone's presence.
 */
import { ProviderError, type AgentStatus, type CallData, type RingingEvent } from '../../core/index.js';
import type { ContactCentreTarget } from './contact-centre-api.js';
import type { TaskRouterActivityLike } from './taskrouter-sdk.js';
import { stripClient } from './mapping.js';

/** Attributes that say who calls, or are TaskRouter's and the server's own bookkeeping: not call data. */
const NOT_DATA = new Set(['from', 'to', 'caller_name', 'call_sid', 'conference', 'transfer', 'account_sid', 'api_version', 'direction']);

/** What a task's attributes say about its call: the caller, the number dialled, the name, and the rest as call data. */
export function ringingFromTask(attributes: Readonly<Record<string, unknown>>, queue?: string): Pick<RingingEvent, 'from' | 'to' | 'displayName' | 'queue' | 'data'> {
  const text = (key: string): string | undefined => {
    const value = attributes[key];
    return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
  };
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (NOT_DATA.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') data[key] = String(value);
  }
  const to = text('to');
  const name = text('caller_name') ?? text('name');
  return {
    from: stripClient(text('from') ?? text('caller') ?? ''),
    ...(to ? { to: stripClient(to) } : {}),
    ...(name ? { displayName: name } : {}),
    ...(queue ? { queue } : {}),
    ...(Object.keys(data).length ? { data: data as CallData } : {}),
  };
}

/**
 * What a leg rung straight to this agent says about its call, from its custom parameters: a
 * colleague's consult or transfer carries the conference (`conferenceSid`) and the customer
 * (`from`, `callerName`, the task's call data), so the call is about the customer and its commands
 * reach the conference; any other leg names only its caller (`From`).
 */
export function ringingFromLeg(custom: Readonly<Record<string, string>>, legFrom: string): { readonly conferenceSid?: string; readonly ringing: Pick<RingingEvent, 'from' | 'displayName' | 'data'> } {
  const { callerName, conferenceSid, from, ...data } = custom;
  const conference = conferenceSid && /^CF\w+$/.test(conferenceSid) ? conferenceSid : undefined;
  return {
    ...(conference ? { conferenceSid: conference } : {}),
    ringing: {
      from: stripClient((conference && from) || legFrom),
      ...(callerName ? { displayName: callerName } : {}),
      ...(Object.keys(data).length ? { data: data as CallData } : {}),
    },
  };
}

/**
 * Where a transfer or participant goes, from what the agent typed: `queue` or `queue:WQ…` is the
 * queue, `agent:<identity>` or `client:<identity>` an agent, a phone number a number (the server
 * checks it against its dial policy), and any other word an agent's identity.
 */
export function targetOf(to: string, role?: 'agent' | 'external'): ContactCentreTarget {
  const value = to.trim();
  if (value === '') throw new ProviderError('invalid-argument', 'Say whom to call: a phone number, an agent or "queue".');
  const queue = /^queue(?::(WQ\w+))?$/i.exec(value);
  if (queue) return { kind: 'queue', ...(queue[1] ? { queueSid: queue[1] } : {}) };
  const agent = /^(?:agent|client):(.+)$/.exec(value);
  if (agent?.[1]) return { kind: 'agent', identity: agent[1] };
  if (role === 'agent') return { kind: 'agent', identity: value };
  if (/^\+?[\d\s().-]{3,}$/.test(value)) return { kind: 'number', number: value };
  return { kind: 'agent', identity: value };
}

/** A target as the agent reads it (for `transferred.to`). */
export function describeTarget(target: ContactCentreTarget): string {
  return target.kind === 'agent' ? target.identity : target.kind === 'number' ? target.number : 'queue';
}

/** The softphone's presence for a worker's activity: available ones route calls; `offline` by name. */
export function presenceOf(activity: Pick<TaskRouterActivityLike, 'name' | 'available'>, offlineName = 'Offline'): AgentStatus {
  if (activity.available) return 'available';
  return activity.name.toLowerCase() === offlineName.toLowerCase() ? 'offline' : 'busy';
}
