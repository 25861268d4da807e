import { scv } from './library.js';

/**
 * Event types the connector publishes. The library's `publishEvent` typing lists only part of what
 * its implementation accepts (it also handles after-call work, wrap-up, agent-status and state
 * events), so the full set is spelled out here.
 */
export type VoiceEventType =
  | 'CALL_STARTED'
  | 'QUEUED_CALL_STARTED'
  | 'CALL_CONNECTED'
  | 'HANGUP'
  | 'MUTE_TOGGLE'
  | 'HOLD_TOGGLE'
  | 'PARTICIPANT_ADDED'
  | 'PARTICIPANT_CONNECTED'
  | 'PARTICIPANT_REMOVED'
  | 'PARTICIPANTS_SWAPPED'
  | 'PARTICIPANTS_CONFERENCED'
  | 'SUPERVISOR_HANGUP'
  | 'AFTER_CALL_WORK_STARTED'
  | 'WRAP_UP_ENDED'
  | 'STATE_CHANGE'
  | 'SET_AGENT_STATUS'
  | 'LOGOUT_RESULT';

/** Error event types the connector reports through `publishError`. */
export type VoiceErrorType = 'CALL_STARTED' | 'CALL_CONNECTED' | 'HANGUP' | 'SOFTPHONE_ERROR' | 'AGENT_ERROR';

/** Where the connector's events go: the library in Salesforce, a recorder in tests. */
export interface VoicePublisher {
  event(eventType: VoiceEventType, payload: object): void;
  error(eventType: VoiceErrorType, error: object): void;
}

type PublishEvent = (param: { eventType: string; payload: object; registerLog: boolean }) => Promise<void>;
type PublishError = (param: { eventType: string; error: object }) => void;

/** Publishes through the library's `publishEvent` / `publishError` (what Salesforce receives). */
export const libraryPublisher: VoicePublisher = {
  event(eventType, payload) {
    void (scv.publishEvent as unknown as PublishEvent)({ eventType, payload, registerLog: true });
  },
  error(eventType, error) {
    (scv.publishError as unknown as PublishError)({ eventType, error });
  },
};
