/**
 * The Omni-Channel mapping on the Salesforce Voice host. There Omni owns presence and talks to the
 * connector directly: Omni → provider through the connector's `setAgentStatus(agentStatus,
 * {statusId, statusApiName, statusName})`, provider → Omni by publishing `SET_AGENT_STATUS` with the
 * status id. The rules are the core's {@link PresenceSync}, as on the Open CTI host.
 */
import { PresenceSync, errorMessage, type AgentStatus, type PresenceMapping, type PresenceSyncAction } from '../../core/index.js';

/** What the Voice presence sync drives. */
export interface VoiceOmniPresenceDeps {
  /** Sets the provider's presence. */
  setPresence(status: AgentStatus): Promise<void>;
  /** Publishes `SET_AGENT_STATUS` for an Omni status id. */
  publishStatus(statusId: string): void;
  /** A change that could not be carried out. */
  onError(message: string): void;
}

/**
 * Omni ⇄ provider presence for the Voice connector. Salesforce names a status's id only when it
 * sets it (`setAgentStatus`'s `statusInfo`); `init`'s `userPresenceStatuses` has ids and labels but
 * no API names. So a provider → Omni change can target a status once Omni has used it in the session;
 * until then it is reported through `onError` and Omni keeps its status.
 */
export class VoiceOmniPresence {
  readonly sync: PresenceSync;
  private readonly ids = new Map<string, string>();
  private onCall = false;

  constructor(
    mapping: PresenceMapping,
    private readonly deps: VoiceOmniPresenceDeps,
  ) {
    this.sync = new PresenceSync(mapping);
  }

  /** Salesforce's `setAgentStatus`: `offline` when `agentStatus` is the library's Offline. */
  fromSalesforce(offline: boolean, info: { readonly statusId?: unknown; readonly statusApiName?: unknown } | undefined): void {
    const name = typeof info?.statusApiName === 'string' && info.statusApiName !== '' ? info.statusApiName : undefined;
    if (name && typeof info?.statusId === 'string' && info.statusId !== '') this.ids.set(name, info.statusId);
    this.run(this.sync.omniChanged(offline ? null : name ?? null));
  }

  /** The provider's presence changed. */
  phoneChanged(status: AgentStatus): void {
    this.run(this.sync.phoneChanged(status));
  }

  /** Whether the agent has a live call now (checked after every provider event). */
  callsChanged(onCall: boolean): void {
    if (onCall === this.onCall) return;
    this.onCall = onCall;
    this.run(this.sync.callsChanged(onCall));
  }

  private run(actions: readonly PresenceSyncAction[]): void {
    for (const action of actions) {
      if (action.type === 'set-presence') {
        this.deps.setPresence(action.status).catch((error: unknown) => this.deps.onError(`Omni-Channel sync: setting the provider ${action.status} failed: ${errorMessage(error)}`));
      } else if (action.type === 'set-omni') {
        const id = this.ids.get(action.status);
        if (id) this.deps.publishStatus(id);
        else this.deps.onError(`Omni-Channel sync: the id of the Omni status ${action.status} is not known yet (Salesforce names it once Omni has set it); Omni keeps its status.`);
      } else {
        // The connector has no documented way to log the agent out of Omni.
        this.deps.onError('Omni-Channel sync: logging Omni out is not possible from a Salesforce Voice connector; Omni keeps its status.');
      }
    }
  }
}
