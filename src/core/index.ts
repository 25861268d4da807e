/**
 * `softphone-connector/core`: the host- and vendor-neutral heart of a softphone connector.
 * No DOM, no vendor SDK, no Salesforce API.
 */
export type {
  CallId, CallDirection, EndReason, ProviderHealth, AgentStatus, CallData, RecordRef, RingingEvent, DialingEvent, AlertingEvent, RecordingEvent,
  ConnectedEvent, CallToggleEvent, EndedEvent, TransferredEvent, CallWarningKind, CallWarningEvent,
  ProviderStateEvent, PresenceChangedEvent, CallsSyncedEvent, CallEvent, PopResult,
  ParticipantId, ParticipantRole, ParticipantMode, SupervisorMode, ParticipantAddedEvent, ParticipantChangedEvent,
  ParticipantLeftReason, ParticipantLeftEvent, SupervisorModeEvent, ConferencedEvent, ParticipantEvent, TeamCall,
  TeamCallsEvent, MonitoringEvent,
} from './events.js';
export type { HostEvent, ConnectorEvent } from './host-events.js';
export { ProviderError, DTMF_DIGITS } from './provider.js';
export type { ProviderCapabilities, ProviderContext, DialOptions, AddParticipantOptions, TelephonyProvider, ProviderErrorCode } from './provider.js';
export { ProviderReporter } from './provider-reporter.js';
export { ConfigError, isProviderKind } from './provider-config.js';
export type { ProviderConfig, BrowserProviderEntry } from './provider-config.js';
export { fetchWithSession } from './server-session.js';
export type { ServerSession, ProviderServices } from './server-session.js';
export { canRun, runCommand } from './commands.js';
export type { Command } from './commands.js';
export type { PopRequest, CallLog, CallLogParticipant, ClickToDialRequest, SalesforceBridge } from './bridge.js';
export { normalizePhoneNumber } from './phone.js';
export type { NormalizedNumber, Region, PhoneMetadata } from './phone.js';
export { initialState, activeCalls, RECENT_CALLS_KEPT } from './state.js';
export type { CallPhase, CallLogState, CallWarning, CallState, RecentCall, ConnectorState, EarlyCallEvent, Participant, ParticipantPhase, Monitoring } from './state.js';
export { relationOf, callDurationSeconds, outcomeLabel, participantLines } from './call-log.js';
export type { CallLogRules } from './call-log.js';
export { reduce } from './reducer.js';
export { DEFAULT_REDUCER_OPTIONS } from './effects.js';
export type { Effect, ReducerOptions, Transition } from './effects.js';
export { advanceCall, endCall, endMissingCall, holdEarly, isEarlyCapable, isLive, startCall, takeEarly, unansweredReason } from './call-machine.js';
export { presentParticipants } from './participants.js';
export type { CallMachineOptions, CallProgressEvent, CallStartEvent } from './call-machine.js';
export type { RetryPolicy } from './effects-runner.js';
export { monotonicClock, MemoryCallLogOutbox } from './outbox.js';
export type { OutboxBatch, CallLogOutbox } from './outbox.js';
export { STAGES, TimelineRecorder } from './timeline.js';
export type { TimelineMark, Timeline } from './timeline.js';
export { Connector } from './connector.js';
export type { ConnectorOptions, WrapUp } from './connector.js';
export { SoftphoneError, errorMessage } from './errors.js';
export { POP_RULE_KINDS, fillTemplate, ruleApplies, validatePopRules } from './pop-rules.js';
export type { PopRule, PopRuleAction, PopRuleConditions } from './pop-rules.js';
export { AGENT_STATUSES, PresenceSync, validatePresenceMapping } from './presence-sync.js';
export type { PresenceMapping, PresenceMappingInput, PresenceSyncAction } from './presence-sync.js';
