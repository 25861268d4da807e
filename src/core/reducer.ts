import type { CallLog, PopRequest } from './bridge.js';
import { buildCallLog, callDurationSeconds, outcomeLabel, relationOf } from './call-log.js';
import type { CallId, ConnectorEvent, EndReason, RecordRef } from './events.js';
import { normalizePhoneNumber, type Region } from './phone.js';
import {
  EARLY_EVENTS_KEPT,
  RECENT_CALLS_KEPT,
  activeCalls,
  type CallState,
  type ConnectorState,
  type EarlyCallEvent,
  type RecentCall,
} from './state.js';

/** Work for the host, returned by the reducer as data and carried out by the effects runner. */
export type Effect =
  | { readonly type: 'pop-caller'; readonly request: PopRequest }
  | {
      readonly type: 'save-call-log';
      readonly callId: CallId;
      readonly revision: number;
      readonly log: CallLog;
      /** Present when the log exists already: update it, never create a second one. */
      readonly recordId?: string;
      /** An earlier create may have been saved without its answer: look it up by call id first. */
      readonly mayExist?: true;
    }
  | { readonly type: 'show-softphone' }
  | { readonly type: 'status-label'; readonly label: string };

/** Behaviour switches of the reducer. */
export interface ReducerOptions {
  /** When to search for and pop an inbound caller's record. */
  readonly popOn: 'ringing' | 'answer';
  /** Region for numbers without a country code. */
  readonly defaultRegion: Region;
  /** Whether connected calls go through after-call work before their log is final. */
  readonly wrapUp: boolean;
}

/** Defaults: pop while ringing, US numbering, wrap-up on. */
export const DEFAULT_REDUCER_OPTIONS: ReducerOptions = { popOn: 'ringing', defaultRegion: 'US', wrapUp: true };

/** The reducer's answer: the next state and the work it asks for. */
export interface Transition {
  readonly state: ConnectorState;
  readonly effects: readonly Effect[];
}

/**
 * The connector's whole behaviour as a pure function. Events that make no sense in the current
 * state (duplicates, late or out-of-order events, unknown calls) leave the state unchanged.
 */
export function reduce(
  state: ConnectorState,
  event: ConnectorEvent,
  options: ReducerOptions = DEFAULT_REDUCER_OPTIONS,
): Transition {
  const effects: Effect[] = [];
  const next = apply(state, event, options, effects);
  if (next === state) return { state, effects };
  const label = statusLabel(next);
  if (label !== next.label) {
    effects.push({ type: 'status-label', label });
    return { state: { ...next, label }, effects };
  }
  return { state: next, effects };
}

function apply(state: ConnectorState, event: ConnectorEvent, options: ReducerOptions, effects: Effect[]): ConnectorState {
  if ((event.type === 'connected' || event.type === 'ended') && !isKnown(state, event.callId)) return keepEarly(state, event);
  const next = applyKnown(state, event, options, effects);
  if ((event.type === 'ringing' || event.type === 'dialing') && next !== state && state.early?.some((early) => early.callId === event.callId)) {
    return catchUp(next, event.callId, options, effects);
  }
  return next;
}

/** Keeps an event that outran its call, dropping the oldest beyond the limit. */
function keepEarly(state: ConnectorState, event: EarlyCallEvent): ConnectorState {
  return { ...state, early: [...(state.early ?? []), event].slice(-EARLY_EVENTS_KEPT) };
}

/** Applies, in their own time order, the early events of a call that just appeared. */
function catchUp(state: ConnectorState, callId: CallId, options: ReducerOptions, effects: Effect[]): ConnectorState {
  const mine = (state.early ?? []).filter((early) => early.callId === callId);
  const rest = (state.early ?? []).filter((early) => early.callId !== callId);
  let next: ConnectorState = { ...state, early: rest.length > 0 ? rest : undefined };
  const order = (event: EarlyCallEvent): number => (event.type === 'connected' ? 0 : 1);
  for (const event of [...mine].sort((a, b) => order(a) - order(b) || a.at - b.at)) next = applyKnown(next, event, options, effects);
  return next;
}

function applyKnown(state: ConnectorState, event: ConnectorEvent, options: ReducerOptions, effects: Effect[]): ConnectorState {
  switch (event.type) {
    case 'provider-state':
      if (state.health === event.health && state.healthMessage === event.message) return state;
      return { ...state, health: event.health, healthMessage: event.message };
    case 'presence-changed':
      return state.agentStatus === event.status ? state : { ...state, agentStatus: event.status };
    case 'dial-requested':
      return { ...state, pendingDial: { to: event.to, record: event.record, at: event.at } };
    case 'navigated':
      return navigated(state, event.record);
    case 'ringing': {
      if (isKnown(state, event.callId)) return state;
      const remote = { ...normalizePhoneNumber(event.from, options.defaultRegion), displayName: event.displayName };
      const call: CallState = {
        id: event.callId,
        direction: 'inbound',
        phase: 'ringing',
        remote,
        queue: event.queue,
        data: event.data,
        startedAt: event.at,
        held: false,
        muted: false,
        log: { revision: 0, savedRevision: 0, ...(event.replayed ? { mayExist: true } : {}) },
      };
      effects.push({ type: 'show-softphone' });
      if (options.popOn === 'ringing') effects.push(popEffect(call));
      return addCall(state, call);
    }
    case 'dialing': {
      if (isKnown(state, event.callId)) return state;
      const pending = state.pendingDial;
      let call: CallState = {
        id: event.callId,
        direction: 'outbound',
        phase: 'dialing',
        remote: { ...normalizePhoneNumber(event.to, options.defaultRegion), displayName: event.displayName ?? pending?.record?.name },
        startedAt: event.at,
        held: false,
        muted: false,
        log: { revision: 0, savedRevision: 0, ...(event.replayed ? { mayExist: true } : {}) },
      };
      effects.push({ type: 'show-softphone' });
      if (pending?.record) call = relate(call, pending.record);
      else effects.push(popEffect(call));
      return { ...addCall(state, call), pendingDial: undefined };
    }
    case 'connected':
      return updateCall(state, event.callId, (call) => {
        if (call.phase !== 'ringing' && call.phase !== 'dialing') return call;
        if (call.direction === 'inbound' && options.popOn === 'answer') effects.push(popEffect(call));
        return { ...call, phase: 'connected', connectedAt: Math.max(event.at, call.startedAt) };
      });
    case 'held':
    case 'resumed':
      return updateCall(state, event.callId, (call) => {
        const held = event.type === 'held';
        return call.phase === 'connected' && call.held !== held ? { ...call, held } : call;
      });
    case 'muted':
    case 'unmuted':
      return updateCall(state, event.callId, (call) => {
        const muted = event.type === 'muted';
        return call.phase === 'connected' && call.muted !== muted ? { ...call, muted } : call;
      });
    case 'transferred':
      return updateCall(state, event.callId, (call) =>
        call.phase === 'connected' ? { ...call, transferredTo: event.to } : call,
      );
    case 'ended':
      return settle(
        updateCall(state, event.callId, (call) => ended(call, event.reason, event.at, event.message, options)),
        event.callId,
        effects,
      );
    case 'caller-popped':
      return updateCall(state, event.callId, (call) => {
        const popped = { ...call, pop: event.result };
        return event.result.kind === 'one' ? relate(popped, event.result.record) : popped;
      });
    case 'wrap-up-saved':
      return settle(
        updateCall(state, event.callId, (call) => {
          if (call.phase !== 'wrap-up') return call;
          const wrapUp = { disposition: event.disposition?.trim() || undefined, notes: event.notes.trim() };
          return { ...call, phase: 'ended', wrapUp, log: { ...call.log, revision: call.log.revision + 1 } };
        }),
        event.callId,
        effects,
      );
    case 'call-logged':
      return settle(
        updateCall(state, event.callId, (call) => {
          if (call.log.inFlight !== event.revision) return call;
          const log = { ...call.log, inFlight: undefined, savedRevision: event.revision, recordId: event.recordId };
          return { ...call, log };
        }),
        event.callId,
        effects,
      );
    case 'call-log-failed':
      return updateCall(state, event.callId, (call) => {
        if (call.log.inFlight !== event.revision) return call;
        // A failed create is ambiguous (the host may have saved it and lost the answer).
        const mayExist = call.log.recordId === undefined ? true : call.log.mayExist;
        return { ...call, log: { ...call.log, inFlight: undefined, error: event.message, ...(mayExist ? { mayExist } : {}) } };
      });
    case 'calls-restored': {
      const known = new Set(state.recent.map((call) => call.id));
      const recent = (event.recent ?? []).filter((call) => typeof call?.id === 'string' && !known.has(call.id));
      const withRecent = recent.length > 0 ? { ...state, recent: [...state.recent, ...recent].slice(0, RECENT_CALLS_KEPT) } : state;
      return event.calls.reduce((next, call) => restore(next, call, effects), withRecent);
    }
    case 'calls-synced':
      return callsSynced(state, event.callIds, event.at, options, effects);
    case 'call-log-retry':
      return settle(
        updateCall(state, event.callId, (call) => (call.log.error ? { ...call, log: { ...call.log, error: undefined } } : call)),
        event.callId,
        effects,
      );
  }
}

function ended(call: CallState, reason: EndReason, at: number, message: string | undefined, options: ReducerOptions): CallState {
  if (call.phase !== 'ringing' && call.phase !== 'dialing' && call.phase !== 'connected') return call;
  const wasConnected = call.connectedAt !== undefined;
  const endReason = wasConnected ? reason : unansweredReason(call, reason);
  return {
    ...call,
    phase: wasConnected && options.wrapUp ? 'wrap-up' : 'ended',
    endedAt: Math.max(at, call.connectedAt ?? call.startedAt),
    endReason,
    endMessage: message,
    held: false,
    log: { ...call.log, revision: call.log.revision + 1 },
  };
}

/** An inbound call the caller abandoned while ringing was missed; one the agent hung up was declined. */
function unansweredReason(call: CallState, reason: EndReason): EndReason {
  if (call.direction !== 'inbound') return reason;
  if (reason === 'hangup-remote') return 'missed';
  if (reason === 'hangup-local') return 'rejected';
  return reason;
}

/** Starts the next save of a call's log if one is due, and forgets calls that are fully logged. */
function settle(state: ConnectorState, callId: CallId, effects: Effect[]): ConnectorState {
  const call = state.calls[callId];
  if (!call) return state;
  const log = call.log;
  const due = log.revision > log.savedRevision && log.inFlight === undefined && log.error === undefined;
  // An update needs the id of the created record: while the create is in flight, wait for it.
  if (due && (log.recordId !== undefined || log.savedRevision === 0)) {
    effects.push({
      type: 'save-call-log',
      callId,
      revision: log.revision,
      log: buildCallLog(call),
      ...(log.recordId ? { recordId: log.recordId } : {}),
      ...(log.mayExist && !log.recordId ? { mayExist: true as const } : {}),
    });
    return replaceCall(state, { ...call, log: { ...log, inFlight: log.revision } });
  }
  if (call.phase === 'ended' && log.revision > 0 && log.savedRevision === log.revision) return retire(state, call);
  return state;
}

/**
 * Takes back a call persisted before a reload or crash. A save that was in flight when the page
 * went away may or may not have reached the host, so it is redone (as a look-up first if it was a
 * create); a failure is retried at once.
 */
function restore(state: ConnectorState, persisted: CallState, effects: Effect[]): ConnectorState {
  if (!isRestorable(persisted) || isKnown(state, persisted.id)) return state;
  const log = persisted.log;
  const interrupted = log.inFlight !== undefined || log.error !== undefined;
  const mayExist = log.mayExist || (interrupted && log.recordId === undefined);
  const call: CallState = {
    ...persisted,
    log: {
      revision: log.revision,
      savedRevision: log.savedRevision,
      ...(log.recordId !== undefined ? { recordId: log.recordId } : {}),
      ...(mayExist ? { mayExist: true } : {}),
    },
  };
  return settle(addCall(state, call), call.id, effects);
}

/** A persisted call is trusted only as far as its shape is sane: storage can hold anything. */
function isRestorable(call: CallState): boolean {
  const log = call?.log;
  return (
    typeof call?.id === 'string' &&
    call.id !== '' &&
    (call.direction === 'inbound' || call.direction === 'outbound') &&
    ['ringing', 'dialing', 'connected', 'wrap-up', 'ended'].includes(call.phase) &&
    typeof call.remote?.raw === 'string' &&
    Number.isFinite(call.startedAt) &&
    typeof log === 'object' &&
    log !== null &&
    Number.isInteger(log.revision) &&
    Number.isInteger(log.savedRevision) &&
    log.savedRevision <= log.revision
  );
}

/** Live calls the provider no longer has ended while the softphone was away: end and log them. */
function callsSynced(state: ConnectorState, callIds: readonly CallId[], at: number, options: ReducerOptions, effects: Effect[]): ConnectorState {
  const live = new Set(callIds);
  let next = state;
  for (const call of activeCalls(state)) {
    if (live.has(call.id) || (call.phase !== 'ringing' && call.phase !== 'dialing' && call.phase !== 'connected')) continue;
    const reason: EndReason = call.connectedAt !== undefined ? 'hangup-remote' : call.direction === 'inbound' ? 'missed' : 'failed';
    next = settle(replaceCall(next, ended(call, reason, at, 'The call ended while the softphone was disconnected.', options)), call.id, effects);
  }
  return next;
}

function retire(state: ConnectorState, call: CallState): ConnectorState {
  const { [call.id]: _retired, ...calls } = state.calls;
  const recent: RecentCall = {
    id: call.id,
    direction: call.direction,
    remote: call.remote,
    endReason: call.endReason ?? 'hangup-local',
    outcome: call.wrapUp?.disposition || outcomeLabel(call),
    durationSeconds: callDurationSeconds(call),
    endedAt: call.endedAt ?? call.startedAt,
    recordId: call.log.recordId,
    who: call.who,
  };
  return {
    ...state,
    calls,
    order: state.order.filter((id) => id !== call.id),
    recent: [recent, ...state.recent].slice(0, RECENT_CALLS_KEPT),
  };
}

function navigated(state: ConnectorState, record: RecordRef | undefined): ConnectorState {
  let next: ConnectorState = { ...state, viewing: record };
  if (!record) return next;
  for (const call of activeCalls(state)) {
    if (call.phase === 'ended') continue;
    next = replaceCall(next, relate(call, record));
  }
  return next;
}

/** Relates a record to a call as its who or what; the latest one the agent looked at wins. */
function relate(call: CallState, record: RecordRef): CallState {
  const relation = relationOf(record);
  if (relation === 'who') return call.who?.id === record.id ? call : { ...call, who: record };
  if (relation === 'what') return call.what?.id === record.id ? call : { ...call, what: record };
  return call;
}

function popEffect(call: CallState): Effect {
  return {
    type: 'pop-caller',
    request: {
      callId: call.id,
      direction: call.direction,
      number: call.remote.e164 ?? call.remote.raw,
      ...(call.remote.displayName ? { displayName: call.remote.displayName } : {}),
      ...(call.data ? { data: call.data } : {}),
    },
  };
}

function isKnown(state: ConnectorState, callId: CallId): boolean {
  return state.calls[callId] !== undefined || state.recent.some((call) => call.id === callId);
}

function addCall(state: ConnectorState, call: CallState): ConnectorState {
  return { ...state, calls: { ...state.calls, [call.id]: call }, order: [...state.order, call.id] };
}

function replaceCall(state: ConnectorState, call: CallState): ConnectorState {
  return { ...state, calls: { ...state.calls, [call.id]: call } };
}

function updateCall(state: ConnectorState, callId: CallId, update: (call: CallState) => CallState): ConnectorState {
  const call = state.calls[callId];
  if (!call) return state;
  const updated = update(call);
  return updated === call ? state : replaceCall(state, updated);
}

/** The launcher text for the most urgent call. */
export function statusLabel(state: ConnectorState): string {
  const calls = activeCalls(state);
  if (calls.some((call) => call.phase === 'ringing')) return 'Incoming call';
  const live = calls.find((call) => call.phase === 'connected' || call.phase === 'dialing');
  if (live?.phase === 'dialing') return 'Calling…';
  if (live) return live.held ? 'On hold' : 'On call';
  if (calls.some((call) => call.phase === 'wrap-up')) return 'Wrap-up';
  return 'Phone';
}
