import type { CallLog, PopRequest } from './bridge.js';
import { relationOf, type CallLogRules } from './call-log.js';
import { addCall, ended, isKnown, replaceCall, settle, updateCall } from './call-updates.js';
import type { CallId, CallWarningEvent, ConnectorEvent, RecordRef } from './events.js';
import { normalizePhoneNumber, type PhoneMetadata, type Region } from './phone.js';
import { callsSynced, restore } from './recovery.js';
import { EARLY_EVENTS_KEPT, RECENT_CALLS_KEPT, activeCalls, type CallState, type ConnectorState, type EarlyCallEvent } from './state.js';

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
  /**
   * Numbering plans for national numbers (at least `defaultRegion`'s). Absent, only numbers in
   * international form (`+…`) get an E.164 form. Deliberately no default: a default would put every
   * country's plan into the browser bundle.
   */
  readonly phoneMetadata?: PhoneMetadata;
  /** Whether connected calls go through after-call work before their log is final. */
  readonly wrapUp: boolean;
  /** How call logs are written (subject, WhoId/WhatId objects); the built-in rules when absent. */
  readonly logging?: CallLogRules;
}

/** Defaults: pop while ringing, US default region without numbering plans (international numbers only), wrap-up on. */
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
      return navigated(state, event.record, options);
    case 'ringing': {
      if (isKnown(state, event.callId)) return state;
      const remote = { ...normalizePhoneNumber(event.from, options.defaultRegion, options.phoneMetadata), displayName: event.displayName };
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
      // The pop first: it is the slowest answer the agent waits for.
      if (options.popOn === 'ringing') effects.push(popEffect(call));
      effects.push({ type: 'show-softphone' });
      return addCall(state, call);
    }
    case 'dialing': {
      if (isKnown(state, event.callId)) return state;
      const pending = state.pendingDial;
      let call: CallState = {
        id: event.callId,
        direction: 'outbound',
        phase: 'dialing',
        remote: { ...normalizePhoneNumber(event.to, options.defaultRegion, options.phoneMetadata), displayName: event.displayName ?? pending?.record?.name },
        startedAt: event.at,
        held: false,
        muted: false,
        log: { revision: 0, savedRevision: 0, ...(event.replayed ? { mayExist: true } : {}) },
      };
      effects.push({ type: 'show-softphone' });
      if (pending?.record) call = relate(call, pending.record, options);
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
    case 'warning':
      return updateCall(state, event.callId, (call) => warned(call, event));
    case 'transferred':
      return updateCall(state, event.callId, (call) =>
        call.phase === 'connected' ? { ...call, transferredTo: event.to } : call,
      );
    case 'ended':
      return settle(
        updateCall(state, event.callId, (call) => ended(call, event.reason, event.at, event.message, options)),
        event.callId,
        effects,
        options,
      );
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

const WARNING_TEXT: Record<CallWarningEvent['kind'], string> = {
  latency: 'Network delay is high: the caller may hear you late.',
  'packet-loss': 'Audio is being lost on the network: the call may sound choppy.',
  jitter: 'The network is unsteady: the call may sound choppy.',
  'audio-input': 'Your microphone sends no sound: check it is plugged in and not muted.',
  'audio-output': 'No sound arrives from the caller.',
  network: 'The network connection is unstable.',
  quality: 'Call quality is poor.',
};

/** Adds or clears a quality warning on a live call; ended calls keep none. */
function warned(call: CallState, event: CallWarningEvent): CallState {
  if (call.phase !== 'connected' && call.phase !== 'dialing' && call.phase !== 'ringing') return call;
  const others = (call.warnings ?? []).filter((warning) => warning.kind !== event.kind);
  if (!event.active) return others.length === (call.warnings?.length ?? 0) ? call : { ...call, warnings: others };
  return { ...call, warnings: [...others, { kind: event.kind, message: event.message ?? WARNING_TEXT[event.kind] }] };
}
