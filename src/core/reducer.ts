import { relationOf } from './call-log.js';
import { advanceCall, holdEarly, isEarlyCapable, startCall, takeEarly, type CallProgressEvent, type CallStartEvent } from './call-machine.js';
import { addCall, isKnown, replaceCall, settle, updateCall } from './call-updates.js';
import { DEFAULT_REDUCER_OPTIONS, type Effect, type ReducerOptions, type Transition } from './effects.js';
import type { CallId, RecordRef } from './events.js';
import type { ConnectorEvent } from './host-events.js';
import { callsSynced, restore } from './recovery.js';
import { RECENT_CALLS_KEPT, activeCalls, type CallState, type ConnectorState, type EarlyCallEvent } from './state.js';

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
  if (isEarlyCapable(event) && !isKnown(state, event.callId)) return keepEarly(state, event);
  const next = applyKnown(state, event, options, effects);
  if (isCallStart(event) && next !== state && state.early?.some((early) => early.callId === event.callId)) {
    return catchUp(next, event.callId, options, effects);
  }
  return next;
}

function isCallStart(event: ConnectorEvent): event is CallStartEvent {
  return event.type === 'ringing' || event.type === 'dialing' || event.type === 'monitoring';
}

/** Keeps an event that outran its call. */
function keepEarly(state: ConnectorState, event: EarlyCallEvent): ConnectorState {
  return { ...state, early: holdEarly(state.early, event) };
}

/** Applies, in their own time order, the early events of a call that just appeared. */
function catchUp(state: ConnectorState, callId: CallId, options: ReducerOptions, effects: Effect[]): ConnectorState {
  const { mine, rest } = takeEarly(state.early, callId);
  let next: ConnectorState = { ...state, early: rest };
  for (const event of mine) next = applyKnown(next, event, options, effects);
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
      return navigated(state, event.record, options);
    case 'ringing': {
      if (isKnown(state, event.callId)) return state;
      const call = startCall(event, options);
      // The pop first: it is the slowest answer the agent waits for.
      if (options.popOn === 'ringing') effects.push(popEffect(call));
      effects.push({ type: 'show-softphone' });
      return addCall(state, call);
    }
    case 'dialing': {
      if (isKnown(state, event.callId)) return state;
      const pending = state.pendingDial;
      let call = startCall(event, options, pending?.record?.name);
      effects.push({ type: 'show-softphone' });
      if (pending?.record) call = relate(call, pending.record, options);
      else effects.push(popEffect(call));
      return { ...addCall(state, call), pendingDial: undefined };
    }
    case 'monitoring':
      // The first one starts the supervisor's leg; later ones change its mode.
      if (!isKnown(state, event.callId)) return addCall(state, startCall(event, options));
      return updateCall(state, event.callId, (call) => advanceCall(call, event, options));
    case 'team-calls':
      return { ...state, team: event.calls };
    case 'alerting':
    case 'recording':
    case 'connected':
    case 'held':
    case 'resumed':
    case 'muted':
    case 'unmuted':
    case 'warning':
    case 'transferred':
    case 'participant-added':
    case 'participant-ringing':
    case 'participant-connected':
    case 'participant-held':
    case 'participant-resumed':
    case 'participant-left':
    case 'supervisor-mode':
    case 'conferenced':
      return updateCall(state, event.callId, (call) => progressed(call, event, options, effects));
    case 'ended':
      return settle(updateCall(state, event.callId, (call) => advanceCall(call, event, options)), event.callId, effects, options);
    case 'caller-popped':
      return updateCall(state, event.callId, (call) => {
        const popped = { ...call, pop: event.result };
        return event.result.kind === 'one' ? relate(popped, event.result.record, options) : popped;
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
        options,
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
        options,
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
      return event.calls.reduce((next, call) => restore(next, call, effects, options), withRecent);
    }
    case 'calls-synced':
      return callsSynced(state, event.callIds, event.at, options, effects);
    case 'call-log-retry':
      return settle(
        updateCall(state, event.callId, (call) => (call.log.error ? { ...call, log: { ...call.log, error: undefined } } : call)),
        event.callId,
        effects,
        options,
      );
  }
}


/** A call after one of its events; an inbound call answered pops its caller now when the rules say so. */
function progressed(call: CallState, event: CallProgressEvent, options: ReducerOptions, effects: Effect[]): CallState {
  const next = advanceCall(call, event, options);
  if (event.type === 'connected' && next !== call && call.direction === 'inbound' && options.popOn === 'answer') effects.push(popEffect(call));
  return next;
}

function navigated(state: ConnectorState, record: RecordRef | undefined, options: ReducerOptions): ConnectorState {
  let next: ConnectorState = { ...state, viewing: record };
  if (!record) return next;
  for (const call of activeCalls(state)) {
    if (call.phase === 'ended') continue;
    next = replaceCall(next, relate(call, record, options));
  }
  return next;
}

/** Relates a record to a call as its who or what; the latest one the agent looked at wins. */
function relate(call: CallState, record: RecordRef, options: ReducerOptions): CallState {
  const relation = relationOf(record, options.logging);
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
      ...(call.queue ? { queue: call.queue } : {}),
      ...(call.dialled ? { dialled: call.dialled } : {}),
    },
  };
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
