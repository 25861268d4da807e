/// <reference types="amazon-connect-streams" />
/**
 * The parts of Amazon Connect Streams (`amazon-connect-streams`) the provider uses, built from the
 * library's own published type definitions. Methods are `Pick`ed from `connect.Agent`,
 * `connect.Contact`, `connect.BaseConnection` and `connect.Core`; where a method hands out another
 * Streams object, the signature is narrowed to the matching `…Like` type so a fake need not build
 * the real class. The real `connect` global satisfies {@link ConnectStreamsLike} (checked in
 * `browser.ts`); a fake that drifts from the library's shape fails to compile.
 */

/** A voice connection (the customer's or the agent's leg of a contact). */
export type ConnectConnectionLike = Pick<connect.BaseConnection, 'getEndpoint' | 'destroy' | 'sendDigits' | 'hold' | 'resume' | 'isOnHold'>;

/** A contact (one call). */
export type ConnectContactLike = Pick<
  connect.Contact,
  'getContactId' | 'getType' | 'getStatus' | 'isInbound' | 'getQueue' | 'getAttributes' | 'accept' | 'reject' | 'clear' | 'addConnection'
> & {
  getInitialConnection(): ConnectConnectionLike;
  getAgentConnection(): ConnectConnectionLike;
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
}

/** `initCCP` options the provider sets. */
export type ConnectInitOptions = connect.InitCCPOptions;

/** Values of Streams' string enums, for comparisons that do not need the runtime enum objects. */
export type AgentStateTypeValue = `${connect.AgentStateType}`;
export type ContactTypeValue = `${connect.ContactType}`;
export type ContactStateValue = `${connect.ContactStateType}`;
