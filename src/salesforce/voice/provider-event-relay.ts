import { presentParticipants, type AgentStatus, type CallEvent, type CallId, type Participant, type ProviderCapabilities } from '../../core/index.js';
import { rememberCall, type CallMemoryStorage } from './call-memory.js';
import { participantPhoneCall, toPhoneCall, type CallChange, type CallTable, type VoiceCallEntry } from './call-table.js';
import type { CommandWaiters } from './command-waiters.js';
import { scv, type Lib } from './library.js';
import type { VoicePublisher } from './publisher.js';
import type { VoiceCallSync } from './voice-call-sync.js';

const STATUS_NAMES: Record<AgentStatus, string> = { available: 'Available', busy: 'Busy', offline: 'Offline' };

/** An agent status as the library's `AgentVendorStatusInfo`. */
export function statusInfo(status: AgentStatus): Lib<'AgentVendorStatusInfo'> {
  return new scv.AgentVendorStatusInfo({ statusId: status, statusType: status, statusName: STATUS_NAMES[status] });
}

/** A call's hold state, with its participants' legs, as the library's `HoldToggleResult`. */
export function holdResult(entry: VoiceCallEntry, capabilities: ProviderCapabilities): Lib<'HoldToggleResult'> {
  const others = presentParticipants(entry.call).filter((participant) => !hiddenSupervisor(participant));
  return new scv.HoldToggleResult({
    isThirdPartyOnHold: others.some((participant) => participant.phase === 'held'),
    isCustomerOnHold: entry.call.held,
    calls: [toPhoneCall(entry, capabilities), ...others.map((participant) => participantPhoneCall(entry, participant, capabilities))],
  });
}

/** A participant's leg as the library's `ParticipantResult` (what PARTICIPANT_ADDED/CONNECTED carry). */
export function participantResult(entry: VoiceCallEntry, participant: Participant, capabilities: ProviderCapabilities): Lib<'ParticipantResult'> {
  const call = participantPhoneCall(entry, participant, capabilities);
  return new scv.ParticipantResult({ initialCallHasEnded: false, callInfo: call.callInfo, phoneNumber: participant.number ?? '', callId: participant.id });
}

/**
 * A supervisor who listens or whispers is not shown in Salesforce's softphone as a party to the call
 * (the customer never hears them); one who barges in is.
 */
export function hiddenSupervisor(participant: Participant): boolean {
  return participant.role === 'supervisor' && participant.supervisorMode !== 'barge';
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

  /**
   * Takes one provider event: the call table applies it (with any event that waited for its call),
   * a command it confirms consumes it, and every other change is published.
   */
  onProviderEvent(event: CallEvent): void {
    const changes = this.deps.calls.apply(event);
    for (const change of changes) this.remember(change);
    if (event.type === 'dialing' && this.pendingDials > 0) this.dialled.add(event.callId);
    let toPublish = changes;
    if (this.deps.waiters.consume(event)) {
      const own = changes.find((change) => change.event === event);
      if (own) this.followUp(own, true);
      toPublish = changes.filter((change) => change !== own);
    } else if (event.type === 'provider-state' || event.type === 'presence-changed') {
      this.enqueue(() => this.publishConnection(event), event.type);
      return;
    }
    for (const change of toPublish) this.enqueue(() => this.publish(change), change.event.type);
  }

  /** One chain, so Salesforce sees events in the order the provider reported them. */
  private enqueue(work: () => void | Promise<void>, what: string): void {
    this.publishing = this.publishing.then(work).catch((error: unknown) => this.fail(error, `publish ${what}`));
  }

  private publishConnection(event: Extract<CallEvent, { type: 'provider-state' | 'presence-changed' }>): void {
    const { publisher } = this.deps;
    if (event.type === 'provider-state') {
      if (event.health === 'failed') publisher.error('SOFTPHONE_ERROR', { type: scv.Constants.ERROR_TYPE.GENERIC_ERROR, message: event.message ?? 'The phone system connection failed.' });
      return;
    }
    const old = this.status;
    this.status = event.status;
    if (old !== event.status && !this.initializing) publisher.event('STATE_CHANGE', new scv.StateChangeResult({ newVendorStateInfo: statusInfo(event.status), oldVendorStateInfo: statusInfo(old) }));
  }

  private async publish(change: CallChange): Promise<void> {
    const { publisher } = this.deps;
    const { entry, event } = change;
    if (this.initializing && event.type !== 'ringing' && event.type !== 'dialing') return;
    const call = () => toPhoneCall(entry, this.deps.capabilities());
    switch (event.type) {
      case 'ringing':
      case 'dialing':
        if (this.dialled.has(entry.call.id)) return;
        await this.startVoiceCall(entry);
        // Also for a call whose end outran it: Salesforce sees it start before it sees it end.
        if (!this.initializing) publisher.event(entry.call.queue ? 'QUEUED_CALL_STARTED' : 'CALL_STARTED', new scv.CallResult({ call: call() }));
        return;
      case 'connected':
        publisher.event('CALL_CONNECTED', new scv.CallResult({ call: call() }));
        break;
      case 'held':
      case 'resumed':
        publisher.event('HOLD_TOGGLE', holdResult(entry, this.deps.capabilities()));
        return;
      case 'muted':
      case 'unmuted':
        publisher.event('MUTE_TOGGLE', new scv.MuteToggleResult({ isMuted: event.type === 'muted' }));
        return;
      case 'participant-added':
      case 'participant-connected':
      case 'supervisor-mode': {
        const participant = entry.call.participants?.find((p) => p.id === event.participantId);
        if (!participant || hiddenSupervisor(participant)) return;
        const connected = participant.phase === 'connected' || participant.phase === 'held';
        if (event.type === 'participant-added' && connected) return;
        publisher.event(event.type === 'participant-added' ? 'PARTICIPANT_ADDED' : 'PARTICIPANT_CONNECTED', participantResult(entry, participant, this.deps.capabilities()));
        return;
      }
      case 'participant-left': {
        const participant = entry.call.participants?.find((p) => p.id === event.participantId);
        if (!participant || hiddenSupervisor(participant)) return;
        publisher.event('PARTICIPANT_REMOVED', new scv.CallResult({ call: participantPhoneCall(entry, participant, this.deps.capabilities()) }));
        return;
      }
      case 'participant-held':
      case 'participant-resumed':
        publisher.event('HOLD_TOGGLE', holdResult(entry, this.deps.capabilities()));
        return;
      case 'conferenced':
        publisher.event('PARTICIPANTS_CONFERENCED', holdResult(entry, this.deps.capabilities()));
        return;
      case 'ended':
        if (entry.call.monitoring) {
          // The supervisor's leg ended without Salesforce asking (the agent's call ended).
          publisher.event('SUPERVISOR_HANGUP', new scv.SupervisorHangupResult({ calls: [call()] }));
          return;
        }
        if (entry.call.endReason === 'failed' && entry.call.direction === 'outbound' && entry.call.connectedAt === undefined) {
          publisher.error('CALL_STARTED', { type: scv.Constants.ERROR_TYPE.GENERIC_ERROR, message: event.message ?? 'The call could not be placed.' });
        }
        publisher.event('HANGUP', new scv.HangupResult({ calls: [call()] }));
        break;
      default:
        return;
    }
    this.followUp(change, false);
  }

  /** What follows a connect or an end, whoever asked for it: the VoiceCall update and after-call work. */
  private followUp({ entry, event }: CallChange, byCommand: boolean): void {
    const iso = (at: number) => new Date(at).toISOString();
    const { call } = entry;
    // A supervisor's leg has no VoiceCall of its own: Salesforce keeps the supervised call's.
    if (call.monitoring) return;
    if (event.type === 'connected') {
      this.deps.sync.connected(call.id, iso(call.connectedAt ?? event.at)).catch((error: unknown) => this.fail(error, 'VoiceCall update on connect'));
    }
    if (event.type === 'ended') {
      this.dialled.delete(call.id);
      this.deps.sync
        .ended({
          vendorCallKey: call.id,
          startTime: iso(call.startedAt),
          ...(call.connectedAt !== undefined ? { acceptTime: iso(call.connectedAt) } : {}),
          endTime: iso(call.endedAt ?? event.at),
          reason: call.endReason ?? event.reason,
          totalHoldDurationSeconds: Math.round(entry.holdMs / 1000),
          numberOfHolds: entry.holds,
        })
        .catch((error: unknown) => this.fail(error, 'VoiceCall update on end'));
      if ((this.deps.options.afterCallWork ?? true) && call.connectedAt !== undefined) {
        const publish = () => this.deps.publisher.event('AFTER_CALL_WORK_STARTED', { callId: call.id });
        // After a command, the library publishes HANGUP once the command's promise settles; after-call work follows it.
        if (byCommand) this.deps.waiters.defer(publish);
        else publish();
      }
    }
  }

  /** Restores a re-reported call's history after a reload, and keeps it current. */
  private remember({ entry, event }: CallChange): void {
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
    const { call } = entry;
    const agentSide = call.direction === 'inbound' ? entry.dialled ?? '' : '';
    const result = await this.deps.sync.started({
      vendorCallKey: call.id,
      direction: call.direction,
      from: call.direction === 'inbound' ? call.remote.raw : agentSide,
      to: call.direction === 'inbound' ? agentSide : call.remote.raw,
      startTime: new Date(call.startedAt).toISOString(),
      ...(call.data ? { data: call.data } : {}),
    });
    if (result.voiceCallId) entry.voiceCallId = result.voiceCallId;
  }

  private fail(error: unknown, context: string): void {
    (this.deps.options.onError ?? ((e: unknown, c: string) => console.error(`voice connector: ${c}:`, e)))(error, context);
  }
}
