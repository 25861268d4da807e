import {
  advanceCall,
  endMissingCall,
  holdEarly,
  isEarlyCapable,
  isLive,
  startCall,
  takeEarly,
  type CallEvent,
  type CallId,
  type CallMachineOptions,
  type CallProgressEvent,
  type CallState,
  type EarlyCallEvent,
  type Participant,
  type ProviderCapabilities,
} from '../../core/index.js';
import { scv } from './library.js';

type PhoneCall = InstanceType<typeof scv.PhoneCall>;

/**
 * What the Voice host knows about one call: the call itself, moved only by core's call machine
 * (the same transitions as the Open CTI host's reducer), and the Voice host's own counters.
 */
export interface VoiceCallEntry {
  /** The call as core's call machine keeps it. */
  call: CallState;
  /** The number the caller dialled (inbound). */
  readonly dialled?: string;
  /** Salesforce's VoiceCall id once the server created it. */
  voiceCallId?: string;
  holdStartedAt?: number;
  holdMs: number;
  holds: number;
  /** When the call last changed phase, for the library's `callStateTimestamp`. */
  stateAt: number;
}

/** One event that changed a call, as {@link CallTable.apply} reports it. */
export interface CallChange {
  readonly entry: VoiceCallEntry;
  /** The event as applied: the one given, or one that had waited for its call to appear. */
  readonly event: CallEvent;
}

/** How many calls that are over stay known, so late events and commands still find them. */
const CALLS_OVER_KEPT = 20;

/**
 * The Voice host's calls by provider call id. Every change of a call goes through core's call
 * machine, so duplicates, events out of order and events after the end change nothing here either.
 */
export class CallTable {
  private readonly calls = new Map<CallId, VoiceCallEntry>();
  private early?: readonly EarlyCallEvent[];

  constructor(private readonly options: CallMachineOptions) {}

  get(callId: CallId): VoiceCallEntry | undefined {
    return this.calls.get(callId);
  }

  /** Calls that are not over, oldest first. */
  live(): VoiceCallEntry[] {
    return [...this.calls.values()].filter((entry) => isLive(entry.call));
  }

  /** The call the agent is talking on (connected, else the newest live one). */
  current(): VoiceCallEntry | undefined {
    const live = this.live();
    const connected = live.filter((entry) => entry.call.phase === 'connected');
    return connected.find((entry) => !entry.call.held) ?? connected[0] ?? live.at(-1);
  }

  /** The call a participant's leg belongs to, by the participant's id. */
  findParticipant(participantId: string): { readonly entry: VoiceCallEntry; readonly participant: Participant } | undefined {
    for (const entry of this.live()) {
      const participant = entry.call.participants?.find((p) => p.id === participantId);
      if (participant) return { entry, participant };
    }
    return undefined;
  }

  /** The supervisor's live leg on a team call (by the team call's id), else on any. */
  monitoring(teamCallId?: CallId): VoiceCallEntry | undefined {
    return this.live().find((entry) => entry.call.monitoring && (teamCallId === undefined || entry.call.monitoring.teamCallId === teamCallId));
  }

  /**
   * Applies a provider event; returns the changes it made, in order (none for duplicates, events the
   * call's phase does not allow, and unknown calls). An event that outruns its call's `ringing` or
   * `dialing` waits, and is applied right after it; calls a `calls-synced` no longer lists end.
   */
  apply(event: CallEvent): CallChange[] {
    switch (event.type) {
      case 'provider-state':
      case 'presence-changed':
      case 'team-calls':
        return [];
      case 'calls-synced':
        return this.synced(event.callIds, event.at);
      case 'ringing':
      case 'dialing':
      case 'monitoring': {
        if (this.calls.has(event.callId)) return event.type === 'monitoring' ? this.advance(this.calls.get(event.callId)!, event) : [];
        const entry: VoiceCallEntry = {
          call: startCall(event, this.options),
          ...(event.type === 'ringing' && event.to !== undefined ? { dialled: event.to } : {}),
          holdMs: 0,
          holds: 0,
          stateAt: event.at,
        };
        this.calls.set(event.callId, entry);
        this.prune();
        const { mine, rest } = takeEarly(this.early, event.callId);
        this.early = rest;
        return [{ entry, event }, ...mine.flatMap((early) => this.advance(entry, early))];
      }
      default: {
        const entry = this.calls.get(event.callId);
        if (entry) return this.advance(entry, event);
        if (isEarlyCapable(event)) this.early = holdEarly(this.early, event);
        return [];
      }
    }
  }

  /** Moves a call through the call machine and keeps the host's counters in step with it. */
  private advance(entry: VoiceCallEntry, event: CallProgressEvent): CallChange[] {
    const before = entry.call;
    const after = advanceCall(before, event, this.options);
    if (after === before) return [];
    this.changed(entry, after, event.at);
    return [{ entry, event }];
  }

  private synced(callIds: readonly CallId[], at: number): CallChange[] {
    const listed = new Set(callIds);
    const changes: CallChange[] = [];
    for (const entry of this.live()) {
      if (listed.has(entry.call.id)) continue;
      const after = endMissingCall(entry.call, at, this.options);
      this.changed(entry, after, at);
      changes.push({ entry, event: { type: 'ended', callId: after.id, at, reason: after.endReason ?? 'hangup-remote', ...(after.endMessage ? { message: after.endMessage } : {}) } });
    }
    return changes;
  }

  /** Hold time counts while the call machine says the call is held. */
  private changed(entry: VoiceCallEntry, after: CallState, at: number): void {
    const before = entry.call;
    if (!before.held && after.held) {
      entry.holds += 1;
      entry.holdStartedAt = at;
    }
    if (before.held && !after.held) {
      entry.holdMs += Math.max(0, at - (entry.holdStartedAt ?? at));
      entry.holdStartedAt = undefined;
    }
    if (before.phase !== after.phase) entry.stateAt = at;
    entry.call = after;
  }

  /** Keeps calls that are over for a while (late commands still find them) but never grows without bound. */
  private prune(): void {
    const over = [...this.calls.values()].filter((entry) => !isLive(entry.call));
    for (const entry of over.slice(0, Math.max(0, over.length - CALLS_OVER_KEPT))) this.calls.delete(entry.call.id);
  }
}

/** Renders a call as the library's `PhoneCall`, with buttons shown per the provider's capabilities. */
export function toPhoneCall(entry: VoiceCallEntry, capabilities: ProviderCapabilities): PhoneCall {
  const { Constants, PhoneCall, Contact, PhoneCallAttributes } = scv;
  const { call } = entry;
  const state = call.phase === 'connected' ? Constants.CALL_STATE.CONNECTED : isLive(call) ? Constants.CALL_STATE.RINGING : Constants.CALL_STATE.ENDED;
  const phoneNumber = call.remote.raw;
  const displayName = call.remote.displayName;
  const supervising = call.monitoring !== undefined;
  return new PhoneCall({
    callId: call.id,
    callType: call.direction === 'inbound' ? Constants.CALL_TYPE.INBOUND : Constants.CALL_TYPE.OUTBOUND,
    phoneNumber,
    state,
    contact: new Contact({ phoneNumber, ...(displayName ? { name: displayName } : {}) }),
    callInfo: callInfo(entry, capabilities, call.held, !supervising && call.direction === 'inbound'),
    callAttributes: new PhoneCallAttributes({
      participantType: supervising ? Constants.PARTICIPANT_TYPE.SUPERVISOR : Constants.PARTICIPANT_TYPE.INITIAL_CALLER,
      isOnHold: call.held,
      ...(entry.voiceCallId ? { voiceCallId: entry.voiceCallId } : {}),
      ...(call.monitoring ? { parentId: call.monitoring.teamCallId, hasSupervisorBargedIn: call.monitoring.mode === 'barge' } : {}),
    }),
    ...(call.endReason ? { reason: call.endReason } : {}),
  });
}

/**
 * Renders a participant's leg as the library's `PhoneCall` of type `AddParticipant`: transferring
 * while it rings, transferred once connected (the states the library replays after a reload).
 */
export function participantPhoneCall(entry: VoiceCallEntry, participant: Participant, capabilities: ProviderCapabilities): PhoneCall {
  const { Constants, PhoneCall, Contact, PhoneCallAttributes } = scv;
  const state =
    participant.phase === 'left' ? Constants.CALL_STATE.ENDED : participant.phase === 'connected' || participant.phase === 'held' ? Constants.CALL_STATE.TRANSFERRED : Constants.CALL_STATE.TRANSFERRING;
  const phoneNumber = participant.number ?? '';
  return new PhoneCall({
    callId: participant.id,
    callType: Constants.CALL_TYPE.ADD_PARTICIPANT,
    phoneNumber,
    state,
    contact: new Contact({ phoneNumber, ...(participant.displayName ? { name: participant.displayName } : {}) }),
    callInfo: callInfo(entry, capabilities, participant.phase === 'held', false),
    callAttributes: new PhoneCallAttributes({
      participantType: participant.role === 'supervisor' ? Constants.PARTICIPANT_TYPE.SUPERVISOR : participant.role === 'agent' ? Constants.PARTICIPANT_TYPE.AGENT : Constants.PARTICIPANT_TYPE.THIRD_PARTY,
      parentId: entry.call.id,
      isOnHold: participant.phase === 'held',
    }),
    ...(participant.leftReason ? { reason: participant.leftReason } : {}),
  });
}

/** The buttons Salesforce shows for a call: only what the provider can carry out. */
function callInfo(entry: VoiceCallEntry, capabilities: ProviderCapabilities, isOnHold: boolean, answerable: boolean): InstanceType<typeof scv.CallInfo> {
  const { call } = entry;
  const consult = capabilities.transfer.consult && !call.monitoring;
  const conference = capabilities.conference && !call.monitoring;
  return new scv.CallInfo({
    callStateTimestamp: new Date(entry.stateAt),
    isOnHold,
    isMuted: call.muted,
    isRecordingPaused: false,
    ...(call.queue ? { queueName: call.queue } : {}),
    isSoftphoneCall: true,
    acceptEnabled: answerable,
    declineEnabled: answerable,
    muteEnabled: capabilities.mute,
    holdEnabled: capabilities.hold,
    swapEnabled: consult,
    conferenceEnabled: conference,
    recordEnabled: false,
    addCallerEnabled: consult || conference,
    extensionEnabled: capabilities.dtmf,
    isReplayable: true,
    showMuteButton: capabilities.mute,
    showRecordButton: false,
    showAddCallerButton: consult || conference,
    showAddBlindTransferButton: capabilities.transfer.blind,
    showMergeButton: conference,
    showSwapButton: consult,
  });
}
