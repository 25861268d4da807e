/**
 * Omni-Channel in the local console: the agent's presence status, a picker for it in the utility
 * bar, and the relay component that `build` generates for an org (`SoftphoneOmniRelay`), speaking
 * the same messages on the same Lightning message channel. The status outlives a page reload, as
 * Omni-Channel's does.
 */
import { useEffect, useState } from 'preact/hooks';
import type { OmniPackage } from '../../salesforce/packaging/types.js';
import type { MessageService } from './lms.js';

const STORAGE_KEY = 'console-omni-status';

/** Omni-Channel's status and its relay, emulated. */
export class OmniChannelEmulator {
  private status: string | null;
  private readonly listeners = new Set<(status: string | null) => void>();
  private readonly channel: string;

  constructor(
    private readonly lms: MessageService,
    readonly config: OmniPackage,
  ) {
    this.channel = `${config.channel}__c`;
    const saved = localStorage.getItem(STORAGE_KEY);
    this.status = saved && config.statuses.includes(saved) ? saved : null;
  }

  /** Listens on the channel and reports the status, as the relay does when it loads. */
  start(): void {
    this.lms.subscribe(this.channel, (message) => this.onMessage(message));
    this.publish('Loaded');
  }

  /** The current status API name; null when logged out (offline). */
  get current(): string | null {
    return this.status;
  }

  /** Follows the status; returns the unsubscribe function. */
  onChange(listener: (status: string | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The agent picks a status in Omni's own picker (null: go offline). */
  choose(status: string | null): void {
    this.set(status, status === null ? 'Logout' : 'OmniManualStatusChange');
  }

  private onMessage(value: unknown): void {
    if (typeof value !== 'object' || value === null) return;
    const message = value as Record<string, unknown>;
    if (message.source !== 'softphone') return;
    if (message.type === 'query') this.publish('Query');
    // The toolkit's setServicePresenceStatus: an unknown status is refused, and nothing is sent.
    else if (message.type === 'set-status' && typeof message.status === 'string' && this.config.statuses.includes(message.status)) this.set(message.status, 'OmniToolkitStatusChange');
    else if (message.type === 'logout') this.set(null, 'Logout');
  }

  private set(status: string | null, reason: string): void {
    if (status === this.status) return;
    this.status = status;
    if (status === null) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, status);
    for (const listener of this.listeners) listener(status);
    this.publish(reason);
  }

  private publish(reason: string): void {
    this.lms.publish(this.channel, { source: 'omni', type: 'status', status: this.status, reason });
  }
}

const label = (name: string): string => name.replace(/_/g, ' ');

/** Omni-Channel's status picker, as an item of the console's utility bar. */
export function OmniStatusPicker({ omni }: { omni: OmniChannelEmulator }) {
  const [status, setStatus] = useState(omni.current);
  useEffect(() => omni.onChange(setStatus), [omni]);
  return (
    <div class="slds-utility-bar__action console-omni" data-testid="omni-status" data-status={status ?? ''}>
      <label class="slds-utility-bar__text slds-m-right_x-small" for="omni-status-select">Omni-Channel</label>
      <select id="omni-status-select" class="slds-select console-omni-select" aria-label="Omni-Channel status" value={status ?? ''}
        onChange={(event) => omni.choose((event.currentTarget as HTMLSelectElement).value || null)}>
        <option value="">Offline</option>
        {omni.config.statuses.map((name) => <option key={name} value={name}>{label(name)}</option>)}
      </select>
    </div>
  );
}
