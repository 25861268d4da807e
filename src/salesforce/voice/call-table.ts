import type { CallData, CallDirection, CallEvent, CallId, EndReason, ProviderCapabilities } from '../../core/index.js';
import { scv } from './library.js';

type PhoneCall = InstanceType<typeof scv.PhoneCall>;

/** What the Voice host knows about one call, built from provider events only. */
export interface VoiceCallEntry {
  readonly callId: CallId;
  readonly direction: CallDirection;
  /** The far end's number. */
  readonly remote: string;
  readonly dialled?: string;
  readonly displayName?: string;
  readonly queue?: string;
  readonly data?: CallData;
  state: 'ringing' | 'dialing' | 'connected' | 'ended';
  held: boolean;
  muted: boolean;
  startedAt: number;
  connectedAt?: number;
  endedAt?: number;
  endReason?: EndReason;
  /** Salesforce's VoiceCall id once the server created it. */
  voiceCallId?: string;
  holdStartedAt?: number;
  holdMs: number;
  holds: number;
  stateAt: number;
}

/** Live calls by provider call id; updated by {@link CallTable.apply}. */
export class CallTable {
  private readonly calls = new Map<CallId, VoiceCallEntry>();

  get(callId: CallId): VoiceCallEntry | undefined {
    return this.calls.get(callId);
  }

  /** Calls that are not over, oldest first. */
  live(): VoiceCallEntry[] {
    return [...this.calls.values()].filter((call) => call.state !== 'ended');
  }

  /** The call the agent is talking on (connected, else the newest live one). */
  current(): VoiceCallEntry | undefined {
    const live = this.live();
    return live.find((call) => call.state === 'connected' && !call.held) ?? live.find((call) => call.state === 'connected') ?? live.at(-1);
  }

  /** Applies a call event; returns the entry it concerns, or undefined for unknown calls. */
  apply(event: CallEvent): VoiceCallEntry | undefined {
    // Connection-wide events. Calls a `calls-synced` reports missing are not ended here (the Open CTI reducer ends them).
    if (event.type === 'provider-state' || event.type === 'presence-changed' || event.type === 'calls-synced') return undefined;
    let call = this.calls.get(event.callId);
    if (event.type === 'ringing' || event.type === 'dialing') {
      if (call && call.state !== 'ended') return call;
      call = {
        callId: event.callId,
        direction: event.type === 'ringing' ? 'inbound' : 'outbound',
        remote: event.type === 'ringing' ? event.from : event.to,
        ...(event.type === 'ringing' ? { dialled: event.to, queue: event.queue, data: event.data } : {}),
        displayName: event.displayName,
        state: event.type,
        held: false,
        muted: false,
        startedAt: event.at,
        holdMs: 0,
        holds: 0,
        stateAt: event.at,
      };
      this.calls.set(event.callId, call);
      this.prune();
      return call;
    }
    if (!call) return undefined;
    switch (event.type) {
      case 'connected':
        call.state = 'connected';
        call.connectedAt ??= event.at;
        call.stateAt = event.at;
        break;
      case 'held':
        if (!call.held) {
          call.held = true;
          call.holds += 1;
          call.holdStartedAt = event.at;
        }
        break;
      case 'resumed':
        if (call.held) {
          call.held = false;
          call.holdMs += event.at - (call.holdStartedAt ?? event.at);
          call.holdStartedAt = undefined;
        }
        break;
      case 'muted':
      case 'unmuted':
        call.muted = event.type === 'muted';
        break;
      case 'ended':
        if (call.held) call.holdMs += event.at - (call.holdStartedAt ?? event.at);
        call.held = false;
        call.state = 'ended';
        call.endedAt = event.at;
        call.endReason = event.reason;
        call.stateAt = event.at;
        break;
      case 'transferred':
        break;
    }
    return call;
  }

  /** Keeps ended calls for a while (late commands still find them) but never grows without bound. */
  private prune(): void {
    const ended = [...this.calls.values()].filter((call) => call.state === 'ended');
    for (const call of ended.slice(0, Math.max(0, ended.length - 20))) this.calls.delete(call.callId);
  }
}

/** Renders a call as the library's `PhoneCall`, with buttons shown per the provider's capabilities. */
export function toPhoneCall(call: VoiceCallEntry, capabilities: ProviderCapabilities): PhoneCall {
  const { Constants, PhoneCall, Contact, CallInfo, PhoneCallAttributes } = scv;
  const state = call.state === 'connected' ? Constants.CALL_STATE.CONNECTED : call.state === 'ended' ? Constants.CALL_STATE.ENDED : Constants.CALL_STATE.RINGING;
  return new PhoneCall({
    callId: call.callId,
    callType: call.direction === 'inbound' ? Constants.CALL_TYPE.INBOUND : Constants.CALL_TYPE.OUTBOUND,
    phoneNumber: call.remote,
    state,
    contact: new Contact({ phoneNumber: call.remote, ...(call.displayName ? { name: call.displayName } : {}) }),
    callInfo: new CallInfo({
      callStateTimestamp: new Date(call.stateAt),
      isOnHold: call.held,
      isMuted: call.muted,
      isRecordingPaused: false,
      ...(call.queue ? { queueName: call.queue } : {}),
      isSoftphoneCall: true,
      acceptEnabled: call.direction === 'inbound',
      declineEnabled: call.direction === 'inbound',
      muteEnabled: capabilities.mute,
      holdEnabled: capabilities.hold,
      swapEnabled: false,
      conferenceEnabled: false,
      recordEnabled: false,
      addCallerEnabled: false,
      extensionEnabled: capabilities.dtmf,
      isReplayable: true,
      showMuteButton: capabilities.mute,
      showRecordButton: false,
      showAddCallerButton: false,
      showAddBlindTransferButton: capabilities.transfer.blind,
      showMergeButton: false,
      showSwapButton: false,
    }),
    callAttributes: new PhoneCallAttributes({
      participantType: Constants.PARTICIPANT_TYPE.INITIAL_CALLER,
      isOnHold: call.held,
      ...(call.voiceCallId ? { voiceCallId: call.voiceCallId } : {}),
    }),
    ...(call.endReason ? { reason: call.endReason } : {}),
  });
}
