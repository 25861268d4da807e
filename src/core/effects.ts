/**
 * The reducer's contract as types: the work it hands the host (effects), its options and its
 * answer. Apart from the reducer so that its helpers (`call-updates.ts`, `recovery.ts`) and the
 * effects runner depend on the contract, not on the reducer.
 */
import type { CallLog, PopRequest } from './bridge.js';
import type { CallLogRules } from './call-log.js';
import type { CallMachineOptions } from './call-machine.js';
import type { CallId } from './events.js';
import type { ConnectorState } from './state.js';

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

/** Behaviour switches of the reducer; the call machine's own (region, numbering plans, wrap-up) among them. */
export interface ReducerOptions extends CallMachineOptions {
  /** When to search for and pop an inbound caller's record. */
  readonly popOn: 'ringing' | 'answer';
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
