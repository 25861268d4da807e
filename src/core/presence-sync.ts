/**
 * Presence sync between a routing system that owns the agent's status in Salesforce (Omni-Channel)
 * and the telephony provider's presence, host-neutral and without I/O: each input returns the
 * changes to make, as data; a host adapter (Open CTI over Lightning Message Service, or the
 * Salesforce Voice connector) carries them out.
 *
 * The rules (the pitfalls every CTI adapter meets, see the docs):
 * - no echo: a change this sync asked for comes back as an event and is not sent back;
 * - calls: a change on either side while the agent has a call (wrap-up included) waits until the
 *   last call ends; only the optional `onCall` status is set while on a call, and undone after;
 * - start-up: nothing is written until both sides are known; then Omni's status wins where it
 *   maps to a presence, and an unknown or logged-out Omni leaves the provider alone, so a page
 *   reload never flaps the agent offline and back;
 * - logout: Omni logging out sets the provider offline only when the mapping says so.
 */
import type { AgentStatus } from './events.js';
import { ConfigError } from './provider-config.js';

/** The agent's presences a provider knows, in the order mappings are listed. */
export const AGENT_STATUSES: readonly AgentStatus[] = ['available', 'busy', 'offline'];

/** How Omni-Channel statuses (by API name, i.e. DeveloperName) and provider presence map, both ways. */
export interface PresenceMapping {
  /** Omni status API name → the provider presence it sets. Omni statuses not listed leave the provider as it is. */
  readonly statuses: Readonly<Record<string, AgentStatus>>;
  /** Provider presence → the Omni status it sets; a presence not listed leaves Omni as it is. */
  readonly toOmni: Readonly<Partial<Record<AgentStatus, string>>>;
  /** Omni status to show while the agent has a call (and its wrap-up); absent, Omni is left alone during calls. */
  readonly onCall?: string;
  /** Omni logged out: set the provider offline, or keep its presence (default). */
  readonly onOmniLogout: 'offline' | 'keep';
  /** The provider went offline: log Omni out (the toolkit's `logout`), or leave it (default). */
  readonly offlineLogsOutOmni: boolean;
}

/** A change the sync asks for. */
export type PresenceSyncAction =
  | { readonly type: 'set-omni'; readonly status: string }
  | { readonly type: 'omni-logout' }
  | { readonly type: 'set-presence'; readonly status: AgentStatus };

/** The sync's memory: what each side shows and what it is waiting for. */
interface SyncState {
  /** Omni's status API name; `null` logged out; absent not known yet. */
  omni?: string | null;
  /** The provider's presence; absent until the provider is ready. */
  phone?: AgentStatus;
  started: boolean;
  onCall: boolean;
  /** What this sync last asked of each side and has not yet seen come back. */
  wroteOmni?: string | null;
  wrotePhone?: AgentStatus;
  /** Omni's status before the `onCall` status replaced it. */
  beforeCall?: string | null;
  /** A change on one side during a call, to carry to the other once the call ends. */
  pending?: { readonly from: 'omni'; readonly status: string | null } | { readonly from: 'phone'; readonly status: AgentStatus };
}

/** The presence sync of one agent. */
export class PresenceSync {
  private readonly s: SyncState = { started: false, onCall: false };

  constructor(private readonly mapping: PresenceMapping) {}

  /** What the sync knows, for display and tests. */
  get snapshot(): Readonly<{ omni?: string | null; phone?: AgentStatus; started: boolean; onCall: boolean }> {
    return { ...(this.s.omni !== undefined ? { omni: this.s.omni } : {}), ...(this.s.phone ? { phone: this.s.phone } : {}), started: this.s.started, onCall: this.s.onCall };
  }

  /**
   * Omni's status changed, or was reported on request; `null` when logged out. Echoes are told by
   * value (what this sync last wrote), not by Omni's `reason`: a toolkit change by another
   * component is the agent's as much as a manual one.
   */
  omniChanged(status: string | null): PresenceSyncAction[] {
    const s = this.s;
    s.omni = status;
    if (s.wroteOmni !== undefined && s.wroteOmni === status) {
      // Our own change coming back.
      s.wroteOmni = undefined;
      return [];
    }
    // Omni moved on without our change coming back: it is no longer awaited.
    s.wroteOmni = undefined;
    if (!s.started) return this.reconcile();
    if (s.onCall) {
      // The agent chose a status during the call: it is theirs to keep, carried to the phone after the call.
      s.pending = { from: 'omni', status };
      s.beforeCall = undefined;
      return [];
    }
    return this.toPhone(status);
  }

  /** The provider's presence changed, or the provider became ready with it. */
  phoneChanged(status: AgentStatus): PresenceSyncAction[] {
    const s = this.s;
    s.phone = status;
    if (s.wrotePhone !== undefined && s.wrotePhone === status) {
      s.wrotePhone = undefined;
      return [];
    }
    s.wrotePhone = undefined;
    if (!s.started) return this.reconcile();
    if (s.onCall) {
      s.pending = { from: 'phone', status };
      return [];
    }
    return this.toOmni(status);
  }

  /** The agent has a call (`true`: from the first call's start; `false`: when the last call and its wrap-up ended). */
  callsChanged(onCall: boolean): PresenceSyncAction[] {
    const s = this.s;
    if (onCall === s.onCall) return [];
    s.onCall = onCall;
    if (onCall) {
      if (!s.started || !this.mapping.onCall || s.omni === null || s.omni === this.mapping.onCall) return [];
      s.beforeCall = s.omni;
      return this.writeOmni(this.mapping.onCall);
    }
    const pending = s.pending;
    const beforeCall = s.beforeCall;
    s.pending = undefined;
    s.beforeCall = undefined;
    if (!s.started) return this.reconcile();
    if (pending?.from === 'omni') return this.toPhone(pending.status);
    if (pending?.from === 'phone') return this.toOmni(pending.status);
    if (beforeCall !== undefined && beforeCall !== null && s.omni === this.mapping.onCall) return this.writeOmni(beforeCall);
    return [];
  }

  /** Once both sides are known: Omni's mapped status wins; otherwise nothing is written. */
  private reconcile(): PresenceSyncAction[] {
    const s = this.s;
    if (s.started || s.omni === undefined || s.phone === undefined) return [];
    s.started = true;
    if (s.onCall) {
      // A call survived a reload: whatever Omni says is applied after it.
      if (s.omni !== this.mapping.onCall) s.pending = { from: 'omni', status: s.omni };
      return [];
    }
    if (s.omni === null) return [];
    return this.toPhone(s.omni);
  }

  private toPhone(status: string | null): PresenceSyncAction[] {
    const s = this.s;
    const target = status === null ? (this.mapping.onOmniLogout === 'offline' ? 'offline' : undefined) : this.mapping.statuses[status];
    if (!target || target === s.phone) return [];
    s.wrotePhone = target;
    return [{ type: 'set-presence', status: target }];
  }

  private toOmni(status: AgentStatus): PresenceSyncAction[] {
    const s = this.s;
    // Omni already shows a status that means this presence: keep the agent's choice.
    if (s.omni && this.mapping.statuses[s.omni] === status) return [];
    const target = this.mapping.toOmni[status];
    if (target) return this.writeOmni(target);
    if (status === 'offline' && this.mapping.offlineLogsOutOmni && s.omni !== null) {
      s.wroteOmni = null;
      return [{ type: 'omni-logout' }];
    }
    return [];
  }

  private writeOmni(status: string): PresenceSyncAction[] {
    if (this.s.omni === status) return [];
    this.s.wroteOmni = status;
    return [{ type: 'set-omni', status }];
  }
}

/** What a user writes for the mapping (`omni` in `softphone.config.ts`). */
export interface PresenceMappingInput {
  /** Omni status API name → provider presence, e.g. `{ Available_Voice: 'available', Break: 'busy' }`. */
  readonly statuses: Readonly<Record<string, AgentStatus>>;
  /** Provider presence → Omni status API name; default: the first status of `statuses` with that presence. */
  readonly toOmni?: Readonly<Partial<Record<AgentStatus, string>>>;
  /** Omni status while the agent has a call; absent, Omni is left alone during calls. */
  readonly onCall?: string;
  /** Omni logged out → provider `offline`, or `keep` (default). */
  readonly onOmniLogout?: 'offline' | 'keep';
  /** Provider offline → log Omni out (default false). */
  readonly offlineLogsOutOmni?: boolean;
}

const STATUS_API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;

function statusName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length > 80 || !STATUS_API_NAME.test(value) || value.endsWith('_')) {
    throw new ConfigError(field, "an Omni-Channel presence status's API name (DeveloperName), e.g. Available_Voice", value);
  }
  return value;
}

/** Validates an Omni mapping at load time; errors name the dotted field (`omni.statuses.Break`). */
export function validatePresenceMapping(value: unknown, field = 'omni'): PresenceMapping {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(field, 'an object like { statuses: { Available_Voice: "available" } }', value);
  const input = value as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(input)) {
    if (!['statuses', 'toOmni', 'onCall', 'onOmniLogout', 'offlineLogsOutOmni'].includes(key)) throw new ConfigError(`${field}.${key}`, 'one of the known options (statuses, toOmni, onCall, onOmniLogout, offlineLogsOutOmni)', 'an unknown option');
  }
  const statuses = input.statuses;
  if (typeof statuses !== 'object' || statuses === null || Array.isArray(statuses) || Object.keys(statuses).length === 0) {
    throw new ConfigError(`${field}.statuses`, 'at least one Omni status API name → "available", "busy" or "offline"', statuses);
  }
  const fromOmni: Record<string, AgentStatus> = {};
  for (const [name, presence] of Object.entries(statuses)) {
    statusName(name, `${field}.statuses.${name}`);
    if (typeof presence !== 'string' || !(AGENT_STATUSES as readonly string[]).includes(presence)) throw new ConfigError(`${field}.statuses.${name}`, '"available", "busy" or "offline"', presence);
    fromOmni[name] = presence as AgentStatus;
  }
  const toOmni: Partial<Record<AgentStatus, string>> = {};
  for (const presence of AGENT_STATUSES) {
    const first = Object.keys(fromOmni).find((name) => fromOmni[name] === presence);
    if (first) toOmni[presence] = first;
  }
  if (input.toOmni !== undefined) {
    if (typeof input.toOmni !== 'object' || input.toOmni === null || Array.isArray(input.toOmni)) throw new ConfigError(`${field}.toOmni`, 'an object of presence → Omni status API name', input.toOmni);
    for (const [presence, name] of Object.entries(input.toOmni)) {
      if (!(AGENT_STATUSES as readonly string[]).includes(presence)) throw new ConfigError(`${field}.toOmni.${presence}`, 'a presence: available, busy or offline', presence);
      const status = statusName(name, `${field}.toOmni.${presence}`);
      // A status that means another presence would bounce back and forth.
      if (fromOmni[status] !== undefined && fromOmni[status] !== presence) throw new ConfigError(`${field}.toOmni.${presence}`, `a status that statuses does not map to another presence (${status} is "${fromOmni[status]}")`, status);
      toOmni[presence as AgentStatus] = status;
    }
  }
  const onCall = input.onCall === undefined ? undefined : statusName(input.onCall, `${field}.onCall`);
  if (onCall && fromOmni[onCall] !== undefined) throw new ConfigError(`${field}.onCall`, 'a status not in statuses (the on-call status must not change the provider)', onCall);
  const logout = input.onOmniLogout ?? 'keep';
  if (logout !== 'offline' && logout !== 'keep') throw new ConfigError(`${field}.onOmniLogout`, '"offline" or "keep"', logout);
  if (input.offlineLogsOutOmni !== undefined && typeof input.offlineLogsOutOmni !== 'boolean') throw new ConfigError(`${field}.offlineLogsOutOmni`, 'true or false', input.offlineLogsOutOmni);
  return { statuses: fromOmni, toOmni, ...(onCall ? { onCall } : {}), onOmniLogout: logout, offlineLogsOutOmni: input.offlineLogsOutOmni === true };
}
