import type { CallData, CallDirection, CallId, EndReason, ParticipantMode, ParticipantRole, PopResult, RecordRef, SupervisorMode } from './events.js';

/** Ask the host to find the caller's record and show it to the agent. */
export interface PopRequest {
  readonly callId: CallId;
  readonly direction: CallDirection;
  /** The remote number, E.164 where it could be normalized, otherwise as received. */
  readonly number: string;
  readonly displayName?: string;
  readonly data?: CallData;
  /** The queue an inbound call came through, as the provider reports it. */
  readonly queue?: string;
  /** The number an inbound caller dialled, as the provider reports it. */
  readonly dialled?: string;
}

/** Someone else who took part in a logged call. */
export interface CallLogParticipant {
  readonly role: ParticipantRole;
  /** The number or address dialled for them, as reported. */
  readonly number?: string;
  readonly name?: string;
  /** `consult` if they only ever spoke with the agent privately. */
  readonly mode: ParticipantMode;
  /** The last mode of a supervisor. */
  readonly supervisorMode?: SupervisorMode;
  /** Whether they ever answered. */
  readonly answered: boolean;
  /** Still on the call when the agent's part ended (e.g. the target of a warm transfer). */
  readonly stayed: boolean;
}

/** A host-neutral call log; each host maps it to its own record (Task, VoiceCall…). */
export interface CallLog {
  readonly callId: CallId;
  readonly direction: CallDirection;
  readonly subject: string;
  readonly remoteNumber: string;
  readonly durationSeconds: number;
  /** Outcome: the agent's wrap-up disposition, or the end reason's label until one is chosen. */
  readonly disposition: string;
  readonly notes?: string;
  /** The person the call was with (Contact or Lead id). */
  readonly whoId?: string;
  /** What the call was about (Account, Case, Opportunity… id). */
  readonly whatId?: string;
  /** Local calendar date of the call, `YYYY-MM-DD`. */
  readonly activityDate: string;
  readonly endReason: EndReason;
  readonly startedAt: number;
  readonly endedAt: number;
  /** Everyone else who took part (multi-party calls), in the order they were added. */
  readonly participants?: readonly CallLogParticipant[];
  /** Where the agent transferred the call. */
  readonly transferredTo?: string;
  /** Whether the call became a conference. */
  readonly conferenced?: true;
  /** Where the call's recording is kept (a URL or the phone system's reference). */
  readonly recordingLocation?: string;
}

/** A phone link clicked in the host. */
export interface ClickToDialRequest {
  readonly number: string;
  readonly record?: RecordRef;
}

/**
 * The host side of the connector: the only place that knows Salesforce's APIs. The Open CTI
 * implementation lives in `salesforce/opencti`; tests use a fake one.
 */
export interface SalesforceBridge {
  /** Search for the caller and pop what was found, following the host's rules. */
  popCaller(request: PopRequest): Promise<PopResult>;
  /** Creates the call's log record, or updates it when `recordId` is given. Resolves with its id. */
  saveCallLog(log: CallLog, recordId?: string): Promise<{ readonly recordId: string }>;
  /**
   * Finds the log already saved for a call (by its call id, e.g. Task.CallObject), so a create
   * whose answer was lost is not made twice. Optional: without it, a lost answer may double a log.
   */
  findCallLog?(callId: CallId): Promise<string | undefined>;
  /** Brings the softphone into view (e.g. opens the utility panel). */
  showSoftphone(): Promise<void>;
  /** Short text for the softphone's launcher (utility-bar item), e.g. `On call`. */
  setStatusLabel(label: string): Promise<void>;
  /** Makes phone fields dialable; `handler` is called for every click. */
  enableClickToDial(handler: (request: ClickToDialRequest) => void): Promise<void>;
  /** Reports the record the agent is viewing now and after every navigation. */
  onNavigationChange(handler: (record: RecordRef | undefined) => void): Promise<void>;
  /** Tells the host the softphone has finished loading. */
  ready(): Promise<void>;
}
