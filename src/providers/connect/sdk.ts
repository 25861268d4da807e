/// <reference types="amazon-connect-streams" preserve="true" />
/**
 * The parts of Amazon Connect Streams (`amazon-connect-streams`) the provider uses, built from the
 * library's own published type definitions. Methods are `Pick`ed from `connect.Agent`,
 * `connect.Contact`, `connect.BaseConnection`, `connect.VoiceConnection` and `connect.Core`; where a method hands out another
 * Streams object, the signature is narrowed to the matching `…Like` type so a fake need not build
 * the real class. The real `connect` global satisfies {@link ConnectStreamsLike} (checked in
 * `browser.ts`); a fake that drifts from the library's shape fails to compile.
 */

/**
 * One leg of a voice contact: the customer's (the initial connection), the agent's (or a
 * supervisor's monitoring leg), or a third party's. `getConnections()` hands out `VoiceConnection`s
 * on voice contacts but is typed with the base class, so the voice-only methods are optional here.
 */
export type ConnectConnectionLike = Pick<
  connect.BaseConnection,
  'getConnectionId' | 'getEndpoint' | 'getStatus' | 'getType' | 'isActive' | 'getMonitorInfo' | 'destroy' | 'sendDigits' | 'hold' | 'resume' | 'isOnHold'
> &
  Partial<Pick<connect.VoiceConnection, 'getQuickConnectName' | 'getMonitorStatus' | 'getMonitorCapabilities'>>;

/** A contact (one call). */
export type ConnectContactLike = Pick<
  connect.Contact,
  | 'getContactId'
  | 'getType'
  | 'getStatus'
  | 'isInbound'
  | 'getQueue'
  | 'getAttributes'
  | 'accept'
  | 'reject'
  | 'clear'
  | 'addConnection'
  | 'toggleActiveConnections'
  | 'conferenceConnections'
  | 'updateMonitorParticipantState'
> & {
  getInitialConnection(): ConnectConnectionLike;
  getAgentConnection(): ConnectConnectionLike;
  /** Every connection but the initial one and the agent's: added parties, a barging supervisor. */
  getThirdPartyConnections(): ConnectConnectionLike[];
  onIncoming(callback: (contact: ConnectContactLike) => void): connect.Subscription;
  onConnecting(callback: (contact: ConnectContactLike) => void): connect.Subscription;
  onConnected(callback: (contact: ConnectContactLike) => void): connect.Subscription;
  onMissed(callback: (contact: ConnectContactLike) => void): connect.Subscription;
  onEnded(callback: (contact: ConnectContactLike) => void): connect.Subscription;
  onACW(callback: (contact: ConnectContactLike) => void): connect.Subscription;
  onDestroy(callback: (contact: ConnectContactLike) => void): connect.Subscription;
  onRefresh(callback: (contact: ConnectContactLike) => void): connect.Subscription;
  onError(callback: (contact: ConnectContactLike) => void): connect.Subscription;
};

/** The logged-in agent. */
export type ConnectAgentLike = Pick<
  connect.Agent,
  'getAgentStates' | 'getState' | 'setState' | 'mute' | 'unmute' | 'connect' | 'getEndpoints' | 'getAllQueueARNs' | 'onMuteToggle'
> & {
  onStateChange(callback: (change: Pick<connect.AgentStateChange, 'oldState' | 'newState'>) => void): connect.Subscription;
  onWebSocketConnectionLost(callback: (agent: unknown) => void): void;
  onWebSocketConnectionGained(callback: (agent: unknown) => void): void;
};

/** The `connect` global of Streams, as far as the provider uses it. */
export interface ConnectStreamsLike {
  readonly core: Pick<connect.Core, 'initCCP' | 'terminate' | 'onAuthFail' | 'onAccessDenied' | 'onIframeRetriesExhausted'>;
  agent(callback: (agent: ConnectAgentLike) => void): connect.Subscription;
  contact(callback: (contact: ConnectContactLike) => void): connect.Subscription;
  readonly Endpoint: { byPhoneNumber(phoneNumber: string): connect.Endpoint };
  /** The runtime enum `updateMonitorParticipantState` takes. */
  readonly MonitoringMode: Pick<typeof connect.MonitoringMode, 'SILENT_MONITOR' | 'BARGE'>;
}

/** `initCCP` options the provider sets. */
export type ConnectInitOptions = connect.InitCCPOptions;

/** Values of Streams' string enums, for comparisons that do not need the runtime enum objects. */
export type AgentStateTypeValue = `${connect.AgentStateType}`;
export type ContactTypeValue = `${connect.ContactType}`;
export type ContactStateValue = `${connect.ContactStateType}`;
export type ConnectionStateValue = `${connect.ConnectionStateType}`;
export type ConnectionTypeValue = `${connect.ConnectionType}`;
export type EndpointTypeValue = `${connect.EndpointType}`;
export type MonitoringModeValue = `${connect.MonitoringMode}`;
