/**
 * Recovery steps of the reducer: calls restored from the outbox after a reload or crash, and
 * live calls the provider no longer has after a reconnect.
 */
import type { CallId } from './events.js';
import { endMissingCall, isLive } from './call-machine.js';
import { addCall, isKnown, replaceCall, settle } from './call-updates.js';
import type { Effect, ReducerOptions } from './effects.js';
import { activeCalls, type CallState, type ConnectorState } from './state.js';

/**
 * Takes back a call persisted before a reload or crash. A save that was in flight when the page
 * went away may or may not have reached the host, so it is redone (as a look-up first if it was a
 * create); a failure is retried at once.
 */
export function restore(state: ConnectorState, persisted: CallState, effects: Effect[], options: ReducerOptions): ConnectorState {
  if (!isRestorable(persisted) || isKnown(state, persisted.id)) return state;
  const log = persisted.log;
  const interrupted = log.inFlight !== undefined || log.error !== undefined;
  // A log saved before but stored without its record's id (a field storage lost) could never be
  // updated: it is saved again from the start, found by its call id first.
  const lostRecord = log.savedRevision > 0 && log.recordId === undefined;
  const mayExist = log.mayExist || lostRecord || (interrupted && log.recordId === undefined);
  const call: CallState = {
    ...persisted,
    log: {
      revision: log.revision,
      savedRevision: lostRecord ? 0 : log.savedRevision,
      ...(log.recordId !== undefined ? { recordId: log.recordId } : {}),
      ...(mayExist ? { mayExist: true } : {}),
    },
  };
  return settle(addCall(state, call), call.id, effects, options);
}

/** A persisted call is trusted only as far as its shape is sane: storage can hold anything. */
export function isRestorable(call: CallState): boolean {
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
export function callsSynced(state: ConnectorState, callIds: readonly CallId[], at: number, options: ReducerOptions, effects: Effect[]): ConnectorState {
  const live = new Set(callIds);
  let next = state;
  for (const call of activeCalls(state)) {
    if (live.has(call.id) || !isLive(call)) continue;
    next = settle(replaceCall(next, endMissingCall(call, at, options)), call.id, effects, options);
  }
  return next;
}
