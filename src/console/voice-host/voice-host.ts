/**
 * The Salesforce side of a Voice connector, as `@salesforce/scv-connector-base` expects it: the
 * host frames the connector page, hands it one end of a MessageChannel with `SETUP_CONNECTOR`,
 * then sends commands (`ACCEPT_CALL`, `HOLD`, …) and receives `CONNECTOR_READY`, published
 * telephony events and logs over that channel. The library accepts `SETUP_CONNECTOR` only from
 * an https Salesforce origin, so this page must be opened as one (see the README).
 */

/** Commands Salesforce sends to the connector (the library's `MESSAGE_TYPE`s). */
export type VoiceHostCommand =
  | { readonly type: 'ACCEPT_CALL' | 'DECLINE_CALL' | 'HOLD' | 'RESUME' | 'PAUSE_RECORDING' | 'RESUME_RECORDING' | 'WRAP_UP_CALL'; readonly call: VoicePhoneCall }
  | { readonly type: 'END_CALL'; readonly call: VoicePhoneCall; readonly agentStatus?: string }
  | { readonly type: 'MUTE' | 'UNMUTE' | 'LOGOUT' | 'GET_AGENT_STATUS' | 'DOWNLOAD_VENDOR_LOGS' }
  | { readonly type: 'DIAL'; readonly contact: { readonly phoneNumber: string } }
  | { readonly type: 'SEND_DIGITS'; readonly digits: string }
  | { readonly type: 'GET_PHONE_CONTACTS'; readonly filter?: unknown }
  | { readonly type: 'ADD_PARTICIPANT'; readonly contact: { readonly phoneNumber: string }; readonly call: VoicePhoneCall; readonly isBlindTransfer: boolean }
  | { readonly type: 'SWAP_PARTICIPANTS'; readonly callToHold: VoicePhoneCall; readonly callToResume: VoicePhoneCall }
  | { readonly type: 'CONFERENCE'; readonly calls: readonly VoicePhoneCall[] }
  | { readonly type: 'SET_AGENT_STATUS'; readonly agentStatus: string; readonly statusInfo?: unknown }
  | { readonly type: 'AGENT_AVAILABLE'; readonly isAvailable: boolean }
  /** The supervisor's calls: `call` is the library's SupervisedCallInfo (the supervised call's id, the supervisor's name). */
  | { readonly type: 'SUPERVISE_CALL' | 'SUPERVISOR_BARGE_IN' | 'SUPERVISOR_DISCONNECT'; readonly call: { readonly callId: string; readonly supervisorName?: string } };

/** A `PhoneCall` as it crosses the channel (structured clone: data only). */
export interface VoicePhoneCall {
  readonly callId: string;
  readonly callType?: string;
  readonly state?: string;
  readonly phoneNumber?: string;
  readonly callAttributes?: { readonly voiceCallId?: string };
  readonly callInfo?: { readonly isOnHold?: boolean; readonly isMuted?: boolean };
  readonly [key: string]: unknown;
}

/** What the host saw from the connector, in order. */
export type VoiceHostEntry =
  | { readonly kind: 'ready'; readonly at: number; readonly payload: { readonly callInProgress?: VoicePhoneCall | null; readonly capabilities?: Record<string, boolean>; readonly [key: string]: unknown } }
  | { readonly kind: 'event'; readonly at: number; readonly type: string; readonly payload: unknown }
  | { readonly kind: 'log'; readonly at: number; readonly payload: unknown };

/** The host. `entries` is the published record; `listen` is told of every new entry. */
export class VoiceHost {
  readonly entries: VoiceHostEntry[] = [];
  private port?: MessagePort;
  private readonly listeners = new Set<(entry: VoiceHostEntry) => void>();

  /** Connects to the connector in `frame` (call once its page has loaded). */
  setUp(frame: HTMLIFrameElement, connectorConfig: Record<string, unknown>): void {
    const channel = new MessageChannel();
    this.port?.close();
    this.port = channel.port1;
    channel.port1.onmessage = (message: MessageEvent<{ type?: string; payload?: unknown }>) => this.receive(message.data);
    const target = new URL(frame.src, location.href).origin;
    frame.contentWindow?.postMessage({ type: 'SETUP_CONNECTOR', connectorConfig }, target, [channel.port2]);
  }

  /** Sends a command as Salesforce does. */
  send(command: VoiceHostCommand): void {
    if (!this.port) throw new Error('The connector is not set up yet.');
    this.port.postMessage(command);
  }

  listen(listener: (entry: VoiceHostEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The latest state the connector published for each call, from its events. */
  calls(): Map<string, VoicePhoneCall> {
    const calls = new Map<string, VoicePhoneCall>();
    const remember = (call: unknown) => {
      if (call && typeof call === 'object' && typeof (call as VoicePhoneCall).callId === 'string') calls.set((call as VoicePhoneCall).callId, call as VoicePhoneCall);
    };
    for (const entry of this.entries) {
      if (entry.kind === 'ready') remember(entry.payload.callInProgress);
      if (entry.kind !== 'event') continue;
      if (entry.type === 'HANGUP') for (const call of [entry.payload].flat()) calls.delete((call as VoicePhoneCall)?.callId);
      else if (['CALL_STARTED', 'QUEUED_CALL_STARTED', 'CALL_CONNECTED'].includes(entry.type)) remember(entry.payload);
    }
    return calls;
  }

  /**
   * The call whose after-call work is open: the latest `AFTER_CALL_WORK_STARTED` that no
   * `WRAP_UP_ENDED` for the same call followed.
   */
  afterCallWork(): VoicePhoneCall | undefined {
    let open: VoicePhoneCall | undefined;
    for (const entry of this.entries) {
      if (entry.kind !== 'event') continue;
      const callId = (entry.payload as { callId?: unknown } | undefined)?.callId;
      if (typeof callId !== 'string') continue;
      if (entry.type === 'AFTER_CALL_WORK_STARTED') open = { callId };
      else if (entry.type === 'WRAP_UP_ENDED' && open?.callId === callId) open = undefined;
    }
    return open;
  }

  private receive(data: { type?: string; payload?: unknown }): void {
    const at = Date.now();
    let entry: VoiceHostEntry | undefined;
    if (data.type === 'CONNECTOR_READY') entry = { kind: 'ready', at, payload: (data.payload ?? {}) as Extract<VoiceHostEntry, { kind: 'ready' }>['payload'] };
    else if (data.type === 'TELEPHONY_EVENT_DISPATCHED') {
      const payload = (data.payload ?? {}) as { telephonyEventType?: string; telephonyEventPayload?: unknown };
      entry = { kind: 'event', at, type: String(payload.telephonyEventType), payload: payload.telephonyEventPayload };
    } else if (data.type === 'LOG') entry = { kind: 'log', at, payload: data.payload };
    if (!entry) return;
    this.entries.push(entry);
    for (const listener of this.listeners) listener(entry);
  }
}
