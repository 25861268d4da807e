/**
 * The softphone's side of the server's contact-centre routes (`/api/twilio/cc/…`, see
 * docs/providers/twilio.md "What the server does"): one typed method per route, every request made
 * as the page's agent (its session), and the server's error answers turned into errors the agent
 * can act on. The server owns the conference and the task; this is only its client.
 */
import { ProviderError, errorMessage, fetchWithSession, type AgentStatus, type ProviderErrorCode, type ServerSession, type SupervisorMode, type TeamCall } from '../../core/index.js';

/** `fetch` as the client uses it (the page's, or a test's fake server). */
export type ContactCentreFetch = (url: string, init: RequestInit) => Promise<Response>;

/** What the worker-token route answers. */
export interface WorkerToken {
  readonly token: string;
  readonly identity: string;
  readonly workerSid: string;
  readonly workspaceSid?: string;
  readonly ttlSeconds?: number;
}

/** One of the agent's live tasks (accepted or wrapping) and its conference. */
export interface LiveTask {
  readonly taskSid: string;
  readonly reservationSid: string;
  readonly status: string;
  readonly conferenceSid?: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** A conference participant as the server reads it from Twilio. */
export interface ConferenceParty {
  readonly callSid: string;
  readonly role: 'customer' | 'agent' | 'supervisor' | 'external';
  readonly identity?: string;
  readonly number?: string;
  readonly label?: string;
  readonly status: string;
  readonly hold: boolean;
  readonly muted: boolean;
  readonly coaching: boolean;
  readonly callSidToCoach?: string;
}

/** A conference and who is in it. */
export interface ConferenceView {
  readonly conferenceSid: string;
  readonly status: string;
  readonly taskSid?: string;
  readonly parties: readonly ConferenceParty[];
}

/** Where a transfer or an added participant goes, as the server takes it. */
export type ContactCentreTarget = { readonly kind: 'agent'; readonly identity: string } | { readonly kind: 'queue'; readonly queueSid?: string } | { readonly kind: 'number'; readonly number: string };

/** A recording and the link to its media. */
export interface RecordingLink {
  readonly recordingSid: string;
  readonly mediaUrl: string;
  readonly status: string;
}

/** The server's kinds of call-control failure (its `error` field). */
export type ContactCentreFailure = 'participant-gone' | 'call-ended' | 'forbidden' | 'invalid' | 'rate-limited' | 'twilio-failed' | 'unauthenticated' | 'unreachable' | 'server';

/**
 * A contact-centre request the server refused or could not carry out. `failure` is the server's
 * kind (`call-ended`, `participant-gone`, `rate-limited`…), `status` its HTTP status; the message is
 * the server's own, written for the agent (it says that nothing else changed).
 */
export class TwilioCallControlError extends ProviderError {
  override readonly name = 'TwilioCallControlError';
  /** @param options `status`: the HTTP status (0 when the server was not reached); `cause`: what failed. */
  constructor(
    code: ProviderErrorCode,
    message: string,
    readonly failure: ContactCentreFailure,
    readonly status: number,
    options?: { readonly cause?: unknown },
  ) {
    super(code, message, options);
  }
}

const CODES: Readonly<Record<ContactCentreFailure, ProviderErrorCode>> = {
  'participant-gone': 'invalid-state',
  'call-ended': 'invalid-state',
  forbidden: 'rejected',
  invalid: 'invalid-argument',
  'rate-limited': 'transport',
  'twilio-failed': 'transport',
  unauthenticated: 'not-connected',
  unreachable: 'transport',
  server: 'transport',
};

const BY_STATUS: Readonly<Record<number, ContactCentreFailure>> = { 400: 'invalid', 401: 'unauthenticated', 403: 'forbidden', 409: 'participant-gone', 410: 'call-ended', 503: 'rate-limited', 502: 'twilio-failed' };

/** Options of {@link ContactCentreApi}. */
export interface ContactCentreApiOptions {
  /** The routes' base, e.g. `/api/twilio/cc`. */
  readonly baseUrl: string;
  /** The agent's session: every request carries it. */
  readonly session?: ServerSession;
  /** Overrides how requests are sent (tests); default `fetch` with the session. */
  readonly fetch?: ContactCentreFetch;
}

/** The client of the server's contact-centre routes. */
export class ContactCentreApi {
  constructor(private readonly options: ContactCentreApiOptions) {}

  /** A worker token (TaskRouter and Voice grants) for this agent. */
  async workerToken(): Promise<WorkerToken> {
    const body = await this.request<Partial<WorkerToken>>('GET', '/worker-token', 'get your Twilio token');
    if (typeof body.token !== 'string' || typeof body.identity !== 'string' || typeof body.workerSid !== 'string') {
      throw new TwilioCallControlError('not-connected', `${this.options.baseUrl}/worker-token must answer {"token", "identity", "workerSid"}: check the server's contact-centre settings.`, 'server', 200);
    }
    return { token: body.token, identity: body.identity, workerSid: body.workerSid, ...(typeof body.ttlSeconds === 'number' ? { ttlSeconds: body.ttlSeconds } : {}) };
  }
  /** The agent's live tasks (what a reloaded page rejoins). */
  async tasks(): Promise<readonly LiveTask[]> {
    return (await this.request<{ tasks?: LiveTask[] }>('GET', '/tasks', 'find your calls')).tasks ?? [];
  }
  /** Accepts a reservation: the customer's conference rings this agent's Device. */
  accept(taskSid: string, reservationSid: string): Promise<{ conferenceSid?: string }> {
    return this.request('POST', `/reservations/${seg(taskSid)}/${seg(reservationSid)}/accept`, 'accept the call');
  }
  /** Rejects a reservation: TaskRouter offers the call to the next agent. */
  async reject(taskSid: string, reservationSid: string): Promise<void> {
    await this.request('POST', `/reservations/${seg(taskSid)}/${seg(reservationSid)}/reject`, 'decline the call');
  }
  /** Completes the task (wrap-up saved); the worker becomes available. */
  async complete(taskSid: string): Promise<void> {
    await this.request('POST', `/tasks/${seg(taskSid)}/complete`, 'finish the call\'s wrap-up');
  }
  /** The worker's activity as a presence. */
  presence(): Promise<{ status: AgentStatus; activity: string }> {
    return this.request('GET', '/presence', 'read your status');
  }
  /** Sets the worker's activity. */
  setPresence(status: AgentStatus): Promise<{ status: AgentStatus; activity: string }> {
    return this.request('PUT', '/presence', 'change your status', { status });
  }
  /** The conference and its participants. */
  view(conferenceSid: string): Promise<ConferenceView> {
    return this.request('GET', call(conferenceSid), 'read who is on the call');
  }
  /** Holds a participant (the customer without `callSid`). */
  async hold(conferenceSid: string, callSid?: string): Promise<void> {
    await this.request('POST', `${call(conferenceSid)}/hold`, callSid ? 'hold the participant' : 'hold the customer', callSid ? { callSid } : {});
  }
  /** Takes a participant off hold (the customer without `callSid`). */
  async resume(conferenceSid: string, callSid?: string): Promise<void> {
    await this.request('POST', `${call(conferenceSid)}/resume`, callSid ? 'take the participant off hold' : 'take the customer off hold', callSid ? { callSid } : {});
  }
  /** Dials someone into the call; resolves with their leg's call sid. */
  async addParticipant(conferenceSid: string, to: ContactCentreTarget, mode: 'consult' | 'conference'): Promise<string> {
    const body = await this.request<{ callSid?: string }>('POST', `${call(conferenceSid)}/participants`, mode === 'consult' ? 'start the consultation' : 'add them to the call', { to, mode });
    if (typeof body.callSid !== 'string') throw new TwilioCallControlError('transport', 'The server did not say which call it dialled.', 'server', 200);
    return body.callSid;
  }
  /** Drops a participant. */
  async removeParticipant(conferenceSid: string, callSid: string): Promise<void> {
    await this.request('DELETE', `${call(conferenceSid)}/participants/${seg(callSid)}`, 'remove them from the call');
  }
  /** Everyone off hold, together. */
  async merge(conferenceSid: string): Promise<void> {
    await this.request('POST', `${call(conferenceSid)}/merge`, 'bring everyone together');
  }
  /** The customer stays with the consulted party; this agent leaves. */
  async completeTransfer(conferenceSid: string): Promise<void> {
    await this.request('POST', `${call(conferenceSid)}/complete-transfer`, 'complete the transfer');
  }
  /** A cold transfer to an agent, a number or the queue; this agent leaves. */
  async transfer(conferenceSid: string, to: ContactCentreTarget): Promise<void> {
    await this.request('POST', `${call(conferenceSid)}/transfer`, 'transfer the call', { to });
  }
  /** This agent leaves (the call ends when nobody else handles the customer). */
  async hangup(conferenceSid: string): Promise<void> {
    await this.request('POST', `${call(conferenceSid)}/hangup`, 'hang up');
  }
  /** Dials this agent into their call again; resolves with the new leg's call sid. */
  async rejoin(conferenceSid: string): Promise<string | undefined> {
    return (await this.request<{ callSid?: string }>('POST', `${call(conferenceSid)}/rejoin`, 'rejoin the call')).callSid;
  }
  /** The live calls a supervisor may monitor (refused with `forbidden` for an agent). */
  async teamCalls(): Promise<readonly TeamCall[]> {
    const body = await this.request<{ calls?: unknown }>('GET', '/team-calls', "read the team's calls");
    return Array.isArray(body.calls) ? body.calls.flatMap((call) => teamCallOf(call) ?? []) : [];
  }
  /** A supervisor joins; resolves with their leg's call sid. */
  async monitor(conferenceSid: string, mode: SupervisorMode): Promise<string | undefined> {
    return (await this.request<{ callSid?: string }>('POST', `${call(conferenceSid)}/monitor`, `join the call (${mode})`, { mode })).callSid;
  }
  /** A supervisor changes mode. */
  async setMonitorMode(conferenceSid: string, mode: SupervisorMode): Promise<void> {
    await this.request('PUT', `${call(conferenceSid)}/monitor`, `switch to ${mode}`, { mode });
  }
  /** Starts recording; resolves with the recording's link. */
  startRecording(conferenceSid: string): Promise<RecordingLink> {
    return this.request('POST', `${call(conferenceSid)}/recording`, 'start recording');
  }
  /** Stops recording; resolves with the recording's link. */
  stopRecording(conferenceSid: string): Promise<RecordingLink> {
    return this.request('DELETE', `${call(conferenceSid)}/recording`, 'stop recording');
  }

  private async request<T>(method: string, path: string, doing: string, body?: Readonly<Record<string, unknown>>): Promise<T> {
    const url = `${this.options.baseUrl}${path}`;
    const init: RequestInit = {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    };
    let response: Response;
    try {
      response = this.options.fetch ? await this.options.fetch(url, init) : await fetchWithSession(this.options.session, url, init);
    } catch (error) {
      throw new TwilioCallControlError('transport', `Could not ${doing}: the softphone's server cannot be reached (${errorMessage(error)}). Nothing was changed; check the network and try again.`, 'unreachable', 0, { cause: error });
    }
    const answer = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (response.ok) return (answer ?? {}) as T;
    const failure = (typeof answer?.error === 'string' && answer.error in CODES ? answer.error : BY_STATUS[response.status] ?? 'server') as ContactCentreFailure;
    const told = typeof answer?.message === 'string' ? answer.message.slice(0, 300) : undefined;
    const message = told ?? (failure === 'unauthenticated' ? `Could not ${doing}: your session with the softphone's server has ended; reload the softphone.` : `Could not ${doing}: the server answered ${response.status}.`);
    throw new TwilioCallControlError(CODES[failure], message, failure, response.status);
  }
}

const MODES: ReadonlySet<unknown> = new Set<SupervisorMode>(['listen', 'whisper', 'barge']);

/** One listed call as the core's `TeamCall`; anything malformed is left out. */
function teamCallOf(value: unknown): TeamCall | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const call = value as Record<string, unknown>;
  const text = (key: string) => (typeof call[key] === 'string' ? (call[key] as string) : undefined);
  const time = (key: string) => (typeof call[key] === 'number' && Number.isFinite(call[key]) ? (call[key] as number) : undefined);
  const callId = text('callId');
  const startedAt = time('startedAt');
  if (!callId || startedAt === undefined) return undefined;
  const displayName = text('displayName');
  const connectedAt = time('connectedAt');
  const queue = text('queue');
  return {
    callId,
    agent: text('agent') ?? '',
    remote: text('remote') ?? '',
    ...(displayName ? { displayName } : {}),
    direction: call.direction === 'outbound' ? 'outbound' : 'inbound',
    startedAt,
    ...(connectedAt !== undefined ? { connectedAt } : {}),
    ...(queue ? { queue } : {}),
    ...(MODES.has(call.monitoredBy) ? { monitoredBy: call.monitoredBy as SupervisorMode } : {}),
  };
}

function seg(value: string): string {
  return encodeURIComponent(value);
}

function call(conferenceSid: string): string {
  return `/calls/${seg(conferenceSid)}`;
}
