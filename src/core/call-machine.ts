/**
 * The life of one call as pure transitions: the single place that decides what a provider event
 * does to a call, whichever host shows it. The reducer (Open CTI host, softphone UI) and the
 * Salesforce Voice host both move their calls through these functions, so the two cannot
 * disagree: events that make no sense in a call's phase (a `connected` after `ended`, `held` on a
 * ringing call, duplicates) return the very same call object.
 */
import type {
  AlertingEvent,
  CallId,
  RecordingEvent,
  CallToggleEvent,
  CallWarningEvent,
  ConnectedEvent,
  DialingEvent,
  EndReason,
  EndedEvent,
  MonitoringEvent,
  ParticipantEvent,
  RingingEvent,
  TransferredEvent,
} from './events.js';
import { applyParticipantEvent } from './participants.js';
import { normalizePhoneNumber, type PhoneMetadata, type Region } from './phone.js';
import { EARLY_EVENTS_KEPT, type CallState, type EarlyCallEvent } from './state.js';

/** Events that announce a new call: an inbound ring, an outbound call, a supervisor's monitoring leg. */
export type CallStartEvent = RingingEvent | DialingEvent | MonitoringEvent;

/** Events that move a known call along (a `monitoring` on a known call changes its mode). */
export type CallProgressEvent = AlertingEvent | RecordingEvent | ConnectedEvent | CallToggleEvent | EndedEvent | TransferredEvent | CallWarningEvent | ParticipantEvent | MonitoringEvent;

/** Whether an event only concerns a call that exists already, so it may wait for that call to appear. */
export function isEarlyCapable<Event extends { readonly type: string }>(event: Event): event is Extract<Event, EarlyCallEvent> {
  return event.type === 'connected' || event.type === 'ended' || event.type === 'conferenced' || event.type === 'supervisor-mode' || event.type.startsWith('participant-');
}

/** What the call machine needs to know of its host's settings. */
export interface CallMachineOptions {
  /** Region for numbers without a country code. */
  readonly defaultRegion: Region;
  /**
   * Numbering plans for national numbers (at least `defaultRegion`'s). Absent, only numbers in
   * international form (`+…`) get an E.164 form. Deliberately no default: a default would put every
   * country's plan into the browser bundle.
   */
  readonly phoneMetadata?: PhoneMetadata;
  /** Whether a connected call goes through after-call work (`wrap-up`) before it is over. */
  readonly wrapUp: boolean;
}

/** Phases in which the far end may still be on the line. */
export function isLive(call: Pick<CallState, 'phase'>): boolean {
  return call.phase === 'ringing' || call.phase === 'dialing' || call.phase === 'connected';
}

/** A call as its first event announces it. */
export function startCall(event: CallStartEvent, options: CallMachineOptions, displayName?: string): CallState {
  if (event.type === 'monitoring') return startMonitoring(event, options);
  const inbound = event.type === 'ringing';
  const number = inbound ? event.from : event.to;
  return {
    id: event.callId,
    direction: inbound ? 'inbound' : 'outbound',
    phase: event.type,
    remote: { ...normalizePhoneNumber(number, options.defaultRegion, options.phoneMetadata), displayName: event.displayName ?? displayName },
    ...(inbound ? { queue: event.queue, data: event.data, ...(event.to ? { dialled: event.to } : {}) } : {}),
    startedAt: event.at,
    held: false,
    muted: false,
    log: { revision: 0, savedRevision: 0, ...(event.replayed ? { mayExist: true } : {}) },
  };
}

/** A supervisor's leg on a team call: on the line at once, never logged. */
function startMonitoring(event: MonitoringEvent, options: CallMachineOptions): CallState {
  return {
    id: event.callId,
    direction: 'outbound',
    phase: 'connected',
    remote: { ...normalizePhoneNumber(event.remote ?? '', options.defaultRegion, options.phoneMetadata), displayName: event.displayName },
    startedAt: event.at,
    connectedAt: event.at,
    held: false,
    muted: event.mode === 'listen',
    log: { revision: 0, savedRevision: 0 },
    monitoring: { teamCallId: event.teamCallId, mode: event.mode, ...(event.agent !== undefined ? { agent: event.agent } : {}) },
  };
}

/**
 * The call after one of its events. Returns `call` itself when the event changes nothing: a
 * duplicate, or an event its phase does not allow. Nothing changes a call once it is over except
 * what only concerns its log.
 */
export function advanceCall(call: CallState, event: CallProgressEvent, options: CallMachineOptions): CallState {
  switch (event.type) {
    case 'alerting': {
      // Early media once heard stays: a later plain 180 does not take it back.
      const alerting = event.earlyMedia || call.alerting === 'early-media' ? 'early-media' : 'ringing';
      return call.phase === 'dialing' && call.alerting !== alerting ? { ...call, alerting } : call;
    }
    case 'recording': {
      // A recording outlives a stop: its location stays on the log.
      const location = event.location ?? call.recording?.location;
      if (call.phase !== 'connected' || (call.recording?.active === event.active && call.recording?.location === location)) return call;
      return { ...call, recording: { active: event.active, ...(location === undefined ? {} : { location }) } };
    }
    case 'connected': {
      if (call.phase !== 'ringing' && call.phase !== 'dialing') return call;
      const { alerting: _alerting, ...rest } = call;
      return { ...rest, phase: 'connected', connectedAt: Math.max(event.at, call.startedAt) };
    }
    case 'held':
    case 'resumed': {
      const held = event.type === 'held';
      return call.phase === 'connected' && call.held !== held ? { ...call, held } : call;
    }
    case 'muted':
    case 'unmuted': {
      const muted = event.type === 'muted';
      return call.phase === 'connected' && call.muted !== muted ? { ...call, muted } : call;
    }
    case 'warning':
      return warned(call, event);
    case 'transferred':
      return call.phase === 'connected' && call.transferredTo !== event.to ? { ...call, transferredTo: event.to } : call;
    case 'ended':
      return endCall(call, event.reason, event.at, event.message, options);
    case 'monitoring':
      if (!call.monitoring || !isLive(call) || call.monitoring.mode === event.mode) return call;
      return { ...call, monitoring: { ...call.monitoring, mode: event.mode } };
    default:
      return isLive(call) && !call.monitoring ? applyParticipantEvent(call, event) : call;
  }
}

/** Ends a live call (wrap-up if it was connected and wrap-up is on); calls already over stay as they are. */
export function endCall(call: CallState, reason: EndReason, at: number, message: string | undefined, options: Pick<CallMachineOptions, 'wrapUp'>): CallState {
  if (!isLive(call)) return call;
  // A supervisor's monitoring leg is over at once and has no log of its own: the agent's call logs it.
  if (call.monitoring) return { ...call, phase: 'ended', endedAt: Math.max(at, call.startedAt), endReason: reason, held: false, warnings: undefined };
  const wasConnected = call.connectedAt !== undefined;
  return {
    ...call,
    phase: wasConnected && options.wrapUp ? 'wrap-up' : 'ended',
    endedAt: Math.max(at, call.connectedAt ?? call.startedAt),
    endReason: wasConnected ? reason : unansweredReason(call, reason),
    endMessage: message,
    held: false,
    warnings: undefined,
    log: { ...call.log, revision: call.log.revision + 1 },
  };
}

/** Ends a live call that the phone system no longer lists after a reconnect. */
export function endMissingCall(call: CallState, at: number, options: Pick<CallMachineOptions, 'wrapUp'>): CallState {
  const reason: EndReason = call.connectedAt !== undefined ? 'hangup-remote' : call.direction === 'inbound' ? 'missed' : 'failed';
  return endCall(call, reason, at, 'The call ended while the softphone was disconnected.', options);
}

/** An inbound call the caller abandoned while ringing was missed; one the agent hung up was declined. */
export function unansweredReason(call: Pick<CallState, 'direction'>, reason: EndReason): EndReason {
  if (call.direction !== 'inbound') return reason;
  if (reason === 'hangup-remote') return 'missed';
  if (reason === 'hangup-local') return 'rejected';
  return reason;
}

/** Keeps an event that outran the event announcing its call, dropping the oldest beyond the limit. */
export function holdEarly(early: readonly EarlyCallEvent[] | undefined, event: EarlyCallEvent): readonly EarlyCallEvent[] {
  return [...(early ?? []), event].slice(-EARLY_EVENTS_KEPT);
}

/**
 * Takes the early events of a call that just appeared, in the order to apply them (connect before
 * end, then by time), and what stays waiting for other calls.
 */
export function takeEarly(early: readonly EarlyCallEvent[] | undefined, callId: CallId): { readonly mine: readonly EarlyCallEvent[]; readonly rest?: readonly EarlyCallEvent[] } {
  const mine = (early ?? []).filter((event) => event.callId === callId);
  const rest = (early ?? []).filter((event) => event.callId !== callId);
  const order = (event: EarlyCallEvent): number => (event.type === 'connected' ? 0 : event.type === 'ended' ? 2 : 1);
  return { mine: [...mine].sort((a, b) => order(a) - order(b) || a.at - b.at), ...(rest.length > 0 ? { rest } : {}) };
}

const WARNING_TEXT: Record<CallWarningEvent['kind'], string> = {
  latency: 'Network delay is high: the caller may hear you late.',
  'packet-loss': 'Audio is being lost on the network: the call may sound choppy.',
  jitter: 'The network is unsteady: the call may sound choppy.',
  'audio-input': 'Your microphone sends no sound: check it is plugged in and not muted.',
  'audio-output': 'No sound arrives from the caller.',
  network: 'The network connection is unstable.',
  quality: 'Call quality is poor.',
};

/** Adds or clears a quality warning on a live call; calls that are over keep none. */
function warned(call: CallState, event: CallWarningEvent): CallState {
  if (!isLive(call)) return call;
  const others = (call.warnings ?? []).filter((warning) => warning.kind !== event.kind);
  if (!event.active) return others.length === (call.warnings?.length ?? 0) ? call : { ...call, warnings: others };
  return { ...call, warnings: [...others, { kind: event.kind, message: event.message ?? WARNING_TEXT[event.kind] }] };
}
