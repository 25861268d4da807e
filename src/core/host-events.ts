/**
 * The reducer's inputs besides the provider's events: what the agent and the host (Salesforce)
 * did. Apart from `events.ts` so that the vocabulary of providers does not depend on the state.
 */
import type { CallEvent, CallId, PopResult, RecordRef } from './events.js';
import type { CallState, RecentCall } from './state.js';

/** Events raised by the agent or the host rather than by the telephony system. */
export type HostEvent =
  | { readonly type: 'dial-requested'; readonly at: number; readonly to: string; readonly record?: RecordRef }
  | { readonly type: 'caller-popped'; readonly at: number; readonly callId: CallId; readonly result: PopResult }
  | { readonly type: 'navigated'; readonly at: number; readonly record?: RecordRef }
  | {
      readonly type: 'wrap-up-saved';
      readonly at: number;
      readonly callId: CallId;
      readonly disposition?: string;
      readonly notes: string;
    }
  | {
      readonly type: 'call-logged';
      readonly at: number;
      readonly callId: CallId;
      readonly revision: number;
      readonly recordId: string;
    }
  | {
      readonly type: 'call-log-failed';
      readonly at: number;
      readonly callId: CallId;
      readonly revision: number;
      readonly message: string;
    }
  | { readonly type: 'call-log-retry'; readonly at: number; readonly callId: CallId }
  /** Calls read back from the durable outbox after a reload or crash (see `CallLogOutbox`). */
  | {
      readonly type: 'calls-restored';
      readonly at: number;
      readonly calls: readonly CallState[];
      /** Calls logged before the reload: events for them are ignored, as before. */
      readonly recent?: readonly RecentCall[];
    };

/** Every input of the reducer. */
export type ConnectorEvent = CallEvent | HostEvent;
