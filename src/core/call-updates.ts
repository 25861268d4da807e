/**
 * Small state updates the reducer and its recovery steps share: adding and replacing calls, starting
 * due log saves, retiring logged calls. Pure, like the reducer. How one call itself changes is
 * `call-machine.ts`.
 */
import { buildCallLog, callDurationSeconds, outcomeLabel } from './call-log.js';
import type { CallId } from './events.js';
import type { Effect, ReducerOptions } from './effects.js';
import { RECENT_CALLS_KEPT, type CallState, type ConnectorState, type RecentCall } from './state.js';

/** Starts the next save of a call's log if one is due, and forgets calls that are fully logged. */
export function settle(state: ConnectorState, callId: CallId, effects: Effect[], options: Pick<ReducerOptions, 'logging'>): ConnectorState {
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
      log: buildCallLog(call, options.logging),
      ...(log.recordId ? { recordId: log.recordId } : {}),
      ...(log.mayExist && !log.recordId ? { mayExist: true as const } : {}),
    });
    return replaceCall(state, { ...call, log: { ...log, inFlight: log.revision } });
  }
  // A supervisor's monitoring leg has no log: it is retired as soon as it ends.
  if (call.phase === 'ended' && (log.revision > 0 || call.monitoring) && log.savedRevision === log.revision) return retire(state, call);
  return state;
}

/** Moves a fully logged call to the recent calls. */
export function retire(state: ConnectorState, call: CallState): ConnectorState {
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

/** Whether the call is live, unsaved or recently finished. */
export function isKnown(state: ConnectorState, callId: CallId): boolean {
  return state.calls[callId] !== undefined || state.recent.some((call) => call.id === callId);
}

/** Adds a new call, last in order. */
export function addCall(state: ConnectorState, call: CallState): ConnectorState {
  return { ...state, calls: { ...state.calls, [call.id]: call }, order: [...state.order, call.id] };
}

/** Replaces a known call's state. */
export function replaceCall(state: ConnectorState, call: CallState): ConnectorState {
  return { ...state, calls: { ...state.calls, [call.id]: call } };
}

/** Updates a known call; unknown calls and no-op updates leave the state as it is. */
export function updateCall(state: ConnectorState, callId: CallId, update: (call: CallState) => CallState): ConnectorState {
  const call = state.calls[callId];
  if (!call) return state;
  const updated = update(call);
  return updated === call ? state : replaceCall(state, updated);
}
