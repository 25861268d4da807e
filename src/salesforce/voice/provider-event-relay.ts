import type { AgentStatus, CallEvent, CallId, ProviderCapabilities } from '../../core/index.js';
import { rememberCall, type CallMemoryStorage } from './call-memory.js';
import { toPhoneCall, type CallTable, type VoiceCallEntry } from './call-table.js';
import type { CommandWaiters } from './command-waiters.js';
import { scv, type Lib } from './library.js';
import type { VoicePublisher } from './publisher.js';
import type { VoiceCallSync } from './voice-call-sync.js';

const STATUS_NAMES: Record<AgentStatus, string> = { available: 'Available', busy: 'Busy', offline: 'Offline' };

/** An agent status as the library's `AgentVendorStatusInfo`. */
export function statusInfo(status: AgentStatus): Lib<'AgentVendorStatusInfo'> {
  return new scv.AgentVendorStatusInfo({ statusId: status, statusType: status, statusName: STATUS_NAMES[status] });
}

/** A call's hold state as the library's `HoldToggleResult`. */
export function holdResult(entry: VoiceCallEntry, capabilities: ProviderCapabilities): Lib<'HoldToggleResult'> {
  return new scv.HoldToggleResult({ isThirdPartyOnHold: false, isCustomerOnHold: entry.held, calls: [toPhoneCall(entry, capabilities)] });
}

/** What the relay works with, shared with the connector. */
export interface RelayDependencies {
  readonly calls: CallTable;
  readonly waiters: CommandWaiters;
  readonly publisher: VoicePublisher;
  readonly sync: VoiceCallSync;
  readonly capabilities: () => ProviderCapabilities;
  readonly options: { readonly afterCallWork?: boolean; readonly memory?: CallMemoryStorage; readonly onError?: (error: unknown, context: string) => void };
}

/**
 * Provider events on their way to Salesforce: events that confirm a Salesforce command are
 * consumed by it; the others are published, in order, as the library's events; connects and ends
 * are reported to the vendor server (VoiceCall) and start after-call work.
 */
export class ProviderEventRelay {
  /** Calls placed through `dial`: their `dialing` is the command's result, not an event. */
  readonly dialled = new Set<CallId>();
  pendingDials = 0;
  status: AgentStatus = 'offline';
  /** While `init` connects, live calls the provider re-reports are not published: CONNECTOR_READY carries them. */
  initializing = false;
  private publishing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: RelayDependencies) {}

  /** Resolves once every event so far has been published. */
  settled(): Promise<void> {
    return this.publishing;
  }

  /** Takes one provider event: updates the call table, confirms a command or publishes it. */
  onProviderEvent(event: CallEvent): void {
    const entry = this.deps.calls.apply(event);
    if (entry) this.remember(entry, event);
    if (event.type === 'dialing' && this.pendingDials > 0) this.dialled.add(event.callId);
    if (this.deps.waiters.consume(event)) {
      if (entry) this.followUp(entry, event, true);
      return;
    }
    // One chain, so Salesforce sees events in the order the provider reported them.
    this.publishing = this.publishing.then(() => this.publish(event, entry)).catch((error: unknown) => this.fail(error, `publish ${event.type}`));
  }

  private async publish(event: CallEvent, entry: VoiceCallEntry | undefined): Promise<void> {
    const { publisher } = this.deps;
    if (event.type === 'provider-state') {
      if (event.health === 'failed') publisher.error('SOFTPHONE_ERROR', { type: scv.Constants.ERROR_TYPE.GENERIC_ERROR, message: event.message ?? 'The phone system connection failed.' });
      return;
    }
    if (event.type === 'presence-changed') {
            const old = this.status;
      this.status = event.status;
      if (old !== event.status && !this.initializing) publisher.event('STATE_CHANGE', new scv.StateChangeResult({ newVendorStateInfo: statusInfo(event.status), oldVendorStateInfo: statusInfo(old) }));
      return;
    }
    if (!entry) return;
    if (this.initializing && event.type !== 'ringing' && event.type !== 'dialing') return;
    switch (event.type) {
      case 'ringing':
      case 'dialing':
        if (this.dialled.has(entry.callId)) return;
        await this.startVoiceCall(entry);
        if (entry.state !== 'ended' && !this.initializing) publisher.event(entry.queue ? 'QUEUED_CALL_STARTED' : 'CALL_STARTED', new scv.CallResult({ call: toPhoneCall(entry, this.deps.capabilities()) }));
        return;
      case 'connected':
        publisher.event('CALL_CONNECTED', new scv.CallResult({ call: toPhoneCall(entry, this.deps.capabilities()) }));
        break;
      case 'held':
      case 'resumed':
        publisher.event('HOLD_TOGGLE', holdResult(entry, this.deps.capabilities()));
        return;
      case 'muted':
      case 'unmuted':
        publisher.event('MUTE_TOGGLE', new scv.MuteToggleResult({ isMuted: event.type === 'muted' }));
        return;
      case 'transferred':
        return;
      case 'ended':
        if (event.reason === 'failed' && entry.direction === 'outbound' && !entry.connectedAt) {
          publisher.error('CALL_STARTED', { type: scv.Constants.ERROR_TYPE.GENERIC_ERROR, message: event.message ?? 'The call could not be placed.' });
        }
        publisher.event('HANGUP', new scv.HangupResult({ calls: [toPhoneCall(entry, this.deps.capabilities())] }));
        break;
    }
    this.followUp(entry, event, false);
  }

  /** What follows a connect or an end, whoever asked for it: the VoiceCall update and after-call work. */
  private followUp(entry: VoiceCallEntry, event: CallEvent, byCommand: boolean): void {
    const iso = (at: number) => new Date(at).toISOString();
    if (event.type === 'connected') {
      this.deps.sync.connected(entry.callId, iso(event.at)).catch((error: unknown) => this.fail(error, 'VoiceCall update on connect'));
    }
    if (event.type === 'ended') {
      this.dialled.delete(entry.callId);
      this.deps.sync
        .ended({
          vendorCallKey: entry.callId,
          startTime: iso(entry.startedAt),
          ...(entry.connectedAt ? { acceptTime: iso(entry.connectedAt) } : {}),
          endTime: iso(event.at),
          reason: event.reason,
          totalHoldDurationSeconds: Math.round(entry.holdMs / 1000),
          numberOfHolds: entry.holds,
        })
        .catch((error: unknown) => this.fail(error, 'VoiceCall update on end'));
      if ((this.deps.options.afterCallWork ?? true) && entry.connectedAt) {
        const publish = () => this.deps.publisher.event('AFTER_CALL_WORK_STARTED', { callId: entry.callId });
        // After a command, the library publishes HANGUP once the command's promise settles; after-call work follows it.
        if (byCommand) this.deps.waiters.defer(publish);
        else publish();
      }
    }
  }

  /** Restores a re-reported call's history after a reload, and keeps it current. */
  private remember(entry: VoiceCallEntry, event: CallEvent): void {
    if (!this.deps.options.memory) return;
    try {
      rememberCall(this.deps.options.memory, entry, event);
    } catch (error) {
      this.fail(error, 'remember call');
    }
  }

  /** Has the server create the call's VoiceCall (idempotent) and keeps its id. */
  async startVoiceCall(entry: VoiceCallEntry): Promise<void> {
    if (entry.voiceCallId) return;
    const agentSide = entry.direction === 'inbound' ? entry.dialled ?? '' : '';
    const result = await this.deps.sync.started({
      vendorCallKey: entry.callId,
      direction: entry.direction,
      from: entry.direction === 'inbound' ? entry.remote : agentSide,
      to: entry.direction === 'inbound' ? agentSide : entry.remote,
      startTime: new Date(entry.startedAt).toISOString(),
      ...(entry.data ? { data: entry.data } : {}),
    });
    if (result.voiceCallId) entry.voiceCallId = result.voiceCallId;
  }

  private fail(error: unknown, context: string): void {
    (this.deps.options.onError ?? ((e: unknown, c: string) => console.error(`voice connector: ${c}:`, e)))(error, context);
  }
}
