import {
  Invitation,
  Inviter,
  Registerer,
  SIPExtension,
  SessionState,
  UserAgent,
  type Referral,
  type Session,
  type UserAgentOptions,
} from 'sip.js';
import {
  DTMF_DIGITS,
  ProviderError,
  ProviderReporter,
  errorMessage,
  type AddParticipantOptions,
  type AgentStatus,
  type CallData,
  type CallEvent,
  type CallId,
  type DialOptions,
  type ParticipantId,
  type ProviderCapabilities,
  type ProviderContext,
  type ProviderHealth,
  type SupervisorMode,
  type TelephonyProvider,
} from '../../core/index.js';
import { refreshFrequency, type SipConfigOptions } from './config.js';
import { describeMediaError } from './errors.js';
import { dataHeaders, endReasonOfStatus, headerData, remoteIdentity, sipAddress } from './mapping.js';
import { refuseUnanswerable } from './offer.js';
import { SipCall, type RemoteAudioSink, type SipMediaStats } from './sip-call.js';
import { SipParties } from './sip-parties.js';
import { SipRecorder } from './sip-recording.js';
import { SipSupervisor, supervisorCapabilities } from './sip-supervisor.js';

/** Digest credentials, fetched fresh at every (re)connection. */
export interface SipCredentials {
  readonly password: string;
  readonly authorizationUser?: string;
}

/** Runtime options of {@link SipProvider}: the configuration plus what only code can supply. */
export interface SipProviderOptions extends SipConfigOptions {
  /** Supplies credentials when no `password` is configured (e.g. fetched from the org). */
  readonly getCredentials?: () => Promise<SipCredentials>;
  /** Where remote audio plays (browser). */
  readonly remoteAudio?: RemoteAudioSink;
  /** DTMF the far end sent as SIP INFO (RFC 4733 tones travel in the media and are not reported). */
  readonly onDtmfReceived?: (callId: CallId, digit: string) => void;
  /** Reconnect back-off after the WebSocket is lost. */
  readonly reconnect?: { readonly baseMs: number; readonly maxMs: number };
  /** Overrides for SIP.js (e.g. a session description handler factory for signalling-only use in Node). */
  readonly userAgentOptions?: Partial<UserAgentOptions>;
}

/**
 * A {@link TelephonyProvider} for any SIP PBX reachable over WebSocket (Asterisk, FreeSWITCH,
 * Kamailio, FreePBX, 3CX…), with WebRTC media, on SIP.js. Multi-party calls need nothing from the
 * PBX but REFER: a participant is a second dialog of the agent's, and a conference is mixed in the
 * page (sip-parties.ts). Supervisor modes are the PBX's own, dialled as its feature codes (sip-supervisor.ts).
 */
export class SipProvider implements TelephonyProvider {
  readonly id = 'sip';
  readonly capabilities: ProviderCapabilities;
  private readonly reporter = new ProviderReporter();
  private ua?: UserAgent;
  private registerer?: Registerer;
  private readonly calls = new Map<CallId, SipCall>();
  private presence: AgentStatus = 'available';
  private closing = false;
  private attempts = 0;
  private reconnectTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly options: SipProviderOptions) {
    const supervisor = supervisorCapabilities(options.supervisorCodes);
    this.capabilities = { outbound: true, hold: true, mute: true, dtmf: true, transfer: { blind: true, consult: true }, conference: true, recording: options.recording !== undefined, presence: true, ...(supervisor ? { supervisor } : {}) };
    this.recorder = new SipRecorder({ emit: (event) => this.emit(event), now: () => this.now() }, options.recording);
    this.supervisor = new SipSupervisor({ ...this.host, adopt: (call) => this.calls.set(call.id, call), call: (callId) => this.call(callId) }, options.supervisorCodes);
  }

  get health(): ProviderHealth {
    return this.reporter.health;
  }

  private emit = (event: CallEvent): void => {
    if (event.type === 'connected') queueMicrotask(() => this.recorder.connected(this.calls.get(event.callId)));
    if (event.type === 'ended') {
      this.recorder.ended(event.callId);
      // Its participants' last events come before the call's `ended`.
      this.parties.ending(event.callId, event.reason);
      queueMicrotask(() => this.calls.delete(event.callId));
    }
    this.reporter.emit(event);
  };

  private readonly now = this.reporter.now;
  /** Ends a session whatever its state; the call ends locally even if the far end cannot be told. */
  private readonly end = (call: SipCall): Promise<void> => call.end(this.ua?.transport.isConnected() ?? false);
  /** What the multi-party parts use of the provider. */
  private readonly host = {
    emit: this.emit,
    now: this.now,
    place: (to: string, emit: (event: CallEvent) => void, id?: CallId, data?: CallData) => this.place(to, { emit, id, data }),
    invite: (call: SipCall, onProgress?: () => void) => this.invite(call.session as Inviter, call, onProgress),
    end: this.end,
    sink: () => this.options.remoteAudio?.(),
  };
  private readonly parties = new SipParties(this.host);
  private readonly supervisor: SipSupervisor;
  private readonly recorder: SipRecorder;

  private get address(): string {
    return `${this.options.user}@${this.domain}`;
  }

  /** The SIP domain: configured, or the server's host name (as `sip()` defaults it). */
  private get domain(): string {
    return this.options.domain ?? new URL(this.options.server).hostname;
  }

  /**
   * Connects and registers. Resolves once the first attempt settled: registered (`ready`), or the
   * server unreachable (`reconnecting`, retried in the background). Rejects when the server refuses
   * the credentials, which no retry can fix.
   */
  async connect(ctx: ProviderContext): Promise<void> {
    this.reporter.attach(ctx);
    this.closing = false;
    this.reporter.setHealth('connecting', `Connecting to ${this.options.server}`);
    const credentials = await this.credentials();
    const uri = UserAgent.makeURI(`sip:${this.address}`);
    if (!uri) throw new ProviderError('invalid-argument', `provider.sip.user and domain do not form a SIP address: sip:${this.address}`);
    this.ua = new UserAgent({
      uri,
      transportOptions: { server: this.options.server, connectionTimeout: 5 },
      authorizationUsername: credentials?.authorizationUser ?? this.options.authorizationUser ?? this.options.user,
      authorizationPassword: credentials?.password,
      displayName: this.options.displayName,
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: this.options.iceServers ?? [] } },
      logBuiltinEnabled: false,
      reconnectionAttempts: 0,
      sipExtensionReplaces: SIPExtension.Supported,
      ...this.options.userAgentOptions,
      delegate: {
        onInvite: (invitation) => this.onInvite(invitation),
        onDisconnect: (error) => {
          if (error && !this.closing) this.scheduleReconnect(`Lost the connection to ${this.options.server}`);
        },
      },
    });
    this.registerer = new Registerer(this.ua, { expires: this.options.registerExpires ?? 300, refreshFrequency: refreshFrequency(this.options.registerExpires ?? 300) });
    try {
      await this.ua.start();
    } catch {
      this.scheduleReconnect(`Cannot reach the SIP server at ${this.options.server}`);
      return;
    }
    if (this.presence !== 'offline') await this.register();
  }

  private async credentials(): Promise<SipCredentials | undefined> {
    if (this.options.password !== undefined) return { password: this.options.password };
    if (!this.options.getCredentials) return undefined;
    try {
      return await this.options.getCredentials();
    } catch (error) {
      throw new ProviderError('rejected', `Could not get the SIP credentials: ${errorMessage(error)}`, { cause: error });
    }
  }

  /** Sends REGISTER; resolves when the server answered (either way). */
  private register(): Promise<void> {
    const registerer = this.registerer;
    if (!registerer) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      registerer
        .register({
          requestDelegate: {
            onAccept: () => {
              // Also after a reconnect, when the registerer's own state never left "registered".
              this.attempts = 0;
              if (!this.closing) {
                this.reporter.setHealth('ready', `Registered as ${this.address}`);
                this.reporter.emit({ type: 'presence-changed', at: this.now(), status: this.presence });
                // The calls this page really has: calls restored after a reload (their media died with
                // the old page) or lost while the PBX was away end now and get logged.
                const live = [...this.calls.values()].filter((call) => !call.isEnded).map((call) => call.id);
                this.reporter.emit({ type: 'calls-synced', at: this.now(), callIds: live });
              }
              resolve();
            },
            onReject: (response) => {
              const status = `${response.message.statusCode} ${response.message.reasonPhrase}`;
              const refused = response.message.statusCode === 401 || response.message.statusCode === 403 || response.message.statusCode === 407;
              const message = refused
                ? `Registration refused (${status}): check provider.sip.user and the password for ${this.address}.`
                : `Registration failed (${status}).`;
              this.reporter.setHealth('failed', message);
              if (refused) reject(new ProviderError('rejected', message));
              else resolve();
            },
          },
        })
        .catch((error: unknown) => {
          this.scheduleReconnect(`Cannot register: ${errorMessage(error)}`);
          resolve();
        });
    });
  }

  private scheduleReconnect(message: string): void {
    if (this.closing || this.reconnectTimer) return;
    this.reporter.setHealth('reconnecting', message);
    const { baseMs, maxMs } = this.options.reconnect ?? { baseMs: 500, maxMs: 10_000 };
    const delay = Math.min(maxMs, baseMs * 2 ** Math.min(this.attempts, 10)) * (0.8 + Math.random() * 0.4);
    this.attempts += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      const ua = this.ua;
      if (!ua || this.closing) return;
      ua.reconnect().then(
        () => (this.presence !== 'offline' ? this.register() : this.reporter.setHealth('ready', `Connected to ${this.options.server}; offline`)),
        () => this.scheduleReconnect(message),
      ).catch(() => undefined);
    }, delay);
  }

  /** Unregisters, hangs up every call and closes the WebSocket. */
  async disconnect(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    for (const call of this.calls.values()) {
      call.endingLocally('hangup-local');
      await this.end(call).catch(() => call.finish());
    }
    await this.parties.close();
    await this.registerer?.unregister().catch(() => undefined);
    await this.registerer?.dispose().catch(() => undefined);
    await this.ua?.stop().catch(() => undefined);
    this.ua = undefined;
    this.registerer = undefined;
    this.calls.clear();
    this.reporter.setHealth('disconnected');
  }

  private onInvite(invitation: Invitation): void {
    const request = invitation.request;
    if (this.presence === 'busy' || this.presence === 'offline') {
      void invitation.reject({ statusCode: 486, reasonPhrase: 'Busy Here' }).catch(() => undefined);
      return;
    }
    const call = this.track(invitation, 'inbound');
    if (!call) return;
    // An attended transfer elsewhere hands us the caller in place of a call we have (RFC 3891).
    const replaced = (invitation as unknown as { _replacee?: Session })._replacee;
    const replacedCall = replaced ? [...this.calls.values()].find((candidate) => candidate.session === replaced) : undefined;
    this.calls.set(call.id, call);
    invitation.delegate = { ...invitation.delegate, onCancel: () => (call.cancelled = true) };
    const identity = remoteIdentity(request, { user: invitation.remoteIdentity.uri.user, displayName: invitation.remoteIdentity.displayName });
    const data = headerData(request, this.options.headersToScreenPop ?? []);
    this.emit({
      type: 'ringing',
      callId: call.id,
      at: this.now(),
      from: identity.number,
      ...(identity.displayName ? { displayName: identity.displayName } : {}),
      to: invitation.localIdentity.uri.user ?? this.options.user,
      ...(data ? { data } : {}),
    });
    if (replacedCall) {
      replacedCall.endingLocally('transferred');
      // The host may have answered it already, on `ringing`.
      void (invitation.state === SessionState.Initial ? this.answer(call.id) : call.whenConnected(30_000))
        .then(() => replacedCall.session.bye())
        .catch(() => replacedCall.finish());
    }
  }

  private audioSink: RemoteAudioSink = () => this.options.remoteAudio?.();

  private call(callId: CallId): SipCall {
    const call = this.calls.get(callId);
    if (!call || call.isEnded) throw new ProviderError('unknown-call', `No call ${JSON.stringify(callId)} on this softphone.`);
    return call;
  }

  async answer(callId: CallId): Promise<void> {
    const call = this.call(callId);
    if (!(call.session instanceof Invitation) || call.session.state !== SessionState.Initial) {
      throw new ProviderError('invalid-state', 'Only a ringing inbound call can be answered.');
    }
    // The browser's WebRTC takes only DTLS-SRTP; a custom media handler (Node, tests) decides for itself.
    // Synchronous unless it refuses: a second answer() (the host's, on ringing) must see the state change.
    const refusal = this.options.userAgentOptions?.sessionDescriptionHandlerFactory ? undefined : refuseUnanswerable(call, call.session);
    if (refusal) await refusal;
    try {
      await call.session.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } } as Parameters<Invitation['accept']>[0]);
    } catch (error) {
      const message = describeMediaError(error);
      call.endingLocally('failed', message);
      if ((call.session.state as SessionState) !== SessionState.Terminated) await call.session.reject({ statusCode: 488 }).catch(() => undefined);
      call.finish();
      throw new ProviderError('media', message, { cause: error });
    }
  }

  async decline(callId: CallId): Promise<void> {
    const call = this.call(callId);
    if (!(call.session instanceof Invitation) || call.session.state !== SessionState.Initial) {
      throw new ProviderError('invalid-state', 'Only a ringing inbound call can be declined.');
    }
    call.endingLocally('rejected');
    await call.session.reject({ statusCode: 603, reasonPhrase: 'Decline' });
  }

  async hangup(callId: CallId): Promise<void> {
    const call = this.call(callId);
    call.endingLocally(call.isEstablished || call.direction === 'outbound' ? 'hangup-local' : 'rejected');
    await this.end(call);
  }

  /** Audio packets sent and received on a call so far (for diagnostics and call-quality display). */
  async mediaStats(callId: CallId): Promise<SipMediaStats> {
    return this.call(callId).mediaStats();
  }

  async hold(callId: CallId): Promise<void> {
    return this.call(callId).setHold(true);
  }

  async resume(callId: CallId): Promise<void> {
    return this.call(callId).setHold(false);
  }

  async mute(callId: CallId): Promise<void> {
    this.parties.mute(this.call(callId), true);
  }

  async unmute(callId: CallId): Promise<void> {
    this.parties.mute(this.call(callId), false);
  }

  async sendDtmf(callId: CallId, digits: string): Promise<void> {
    if (!DTMF_DIGITS.test(digits)) throw new ProviderError('invalid-argument', `DTMF digits must be 0-9, *, #, A-D or ",", got ${JSON.stringify(digits.slice(0, 20))}`);
    await this.call(callId).sendDtmf(digits);
  }

  /** A SIP URI for a dialled number, user name or URI. */
  private target(to: string): ReturnType<typeof UserAgent.makeURI> {
    return UserAgent.makeURI(sipAddress(to, this.domain));
  }

  async dial(to: string, options?: DialOptions): Promise<CallId> {
    const call = this.place(to, { data: options?.data });
    if (this.calls.has(call.id)) throw new ProviderError('invalid-state', 'SIP.js reused a Call-ID; try again.');
    this.calls.set(call.id, call);
    this.emit({ type: 'dialing', callId: call.id, at: this.now(), to });
    this.invite(call.session as Inviter, call);
    return call.id;
  }

  /** A new outbound session to `to` as a call (not yet sent, not yet one of `calls`). */
  private place(to: string, options: { readonly data?: CallData; readonly emit?: (event: CallEvent) => void; readonly id?: CallId | undefined }): SipCall {
    const extraHeaders = dataHeaders(options.data);
    const ua = this.ua;
    if (!ua || this.health !== 'ready') throw new ProviderError('not-connected', `The softphone is not registered (${this.health}); wait until it is ready.`);
    const target = to.length <= 256 ? this.target(to) : undefined;
    if (!target) throw new ProviderError('invalid-argument', `Cannot dial ${JSON.stringify(to.slice(0, 40))}: not a number, user or SIP address.`);
    const inviter = new Inviter(ua, target, {
      extraHeaders,
      // The far end's 183 with SDP (ringback, an announcement) plays before the answer.
      earlyMedia: this.options.earlyMedia ?? true,
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } as ConstructorParameters<typeof Inviter>[2] extends infer O ? O extends { sessionDescriptionHandlerOptions?: infer S } ? S : never : never,
    });
    return this.wrap(inviter, 'outbound', options.emit, options.id);
  }

  /** Wraps a session as a call. */
  private wrap(session: Invitation | Inviter, direction: 'inbound' | 'outbound', emit = this.emit, id?: CallId): SipCall {
    return new SipCall({
      session,
      direction,
      emit,
      now: this.now,
      audio: this.audioSink,
      dtmfMode: this.options.dtmf ?? 'rfc4733',
      ...(id ? { id } : {}),
      hooks: {
        onReferred: (from, referral) => this.onReferred(from, referral),
        onDtmf: (from, digit) => this.options.onDtmfReceived?.(from.id, digit),
      },
    });
  }

  /** Wraps a session as a call the provider knows; undefined for a duplicate Call-ID. */
  private track(session: Invitation | Inviter, direction: 'inbound' | 'outbound'): SipCall | undefined {
    const call = this.wrap(session, direction);
    if (this.calls.has(call.id)) return undefined;
    this.calls.set(call.id, call);
    return call;
  }

  /** Sends an outbound INVITE; a final failure ends the call with the SIP status as the reason. */
  private invite(inviter: Inviter, call: SipCall, onProgress?: () => void): void {
    inviter
      .invite({
        requestDelegate: {
          onProgress: ({ message }) => void (onProgress?.(), call.progress(message.statusCode ?? 0)),
          onReject: ({ message }) => call.finish({ reason: endReasonOfStatus(message.statusCode ?? 0), message: `${message.statusCode ?? 0} ${message.reasonPhrase}` }),
        },
      })
      .catch((error: unknown) => {
        call.endingLocally('failed', describeMediaError(error));
        call.finish();
      });
  }

  /**
   * The far end transferred this softphone (REFER): the current call ends as transferred and a new
   * outbound call to the transfer target starts, as the agent would expect from a desk phone.
   */
  private onReferred(call: SipCall, referral: Referral): void {
    const target = referral.referTo.uri;
    const to = target.user ?? target.toString();
    referral
      .accept()
      .then(() => {
        const inviter = referral.makeInviter({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } } as Parameters<Referral['makeInviter']>[0]);
        const next = this.track(inviter, 'outbound');
        if (!next) return;
        call.endingLocally('transferred');
        this.emit({ type: 'transferred', callId: call.id, at: this.now(), to });
        this.emit({ type: 'dialing', callId: next.id, at: this.now(), to });
        this.invite(inviter, next);
        if (call.isEstablished) void call.session.bye().catch(() => call.finish());
      })
      .catch(() => undefined);
  }

  /**
   * Blind: REFER the far end to `to`. Consult (attended): `to` is either the id of the agent's other
   * connected call, or a number to consult first — the caller is held, the target called, and once
   * the target answers the caller is REFERred to it with `Replaces`, taking over the consultation.
   */
  async transfer(callId: CallId, to: string, mode: 'blind' | 'consult'): Promise<void> {
    const call = this.call(callId);
    if (mode === 'consult') {
      const existing = this.calls.get(to);
      const consult = existing && existing !== call ? existing : await this.consult(call, to);
      if (!consult.isEstablished) throw new ProviderError('invalid-argument', 'An attended transfer needs your other call to be connected.');
      await call.refer(consult.session as Session, to);
      return;
    }
    const target = this.target(to);
    if (!target) throw new ProviderError('invalid-argument', `Cannot transfer to ${JSON.stringify(to.slice(0, 40))}: not a number, user or SIP address.`);
    await call.refer(target, to);
  }

  /** Holds the caller and calls the transfer target; resolves with the answered consultation call. */
  private async consult(call: SipCall, to: string): Promise<SipCall> {
    await call.setHold(true);
    const consult = this.calls.get(await this.dial(to));
    try {
      if (!consult) throw new ProviderError('rejected', 'The consultation call could not be placed.');
      await consult.whenConnected(30_000);
      return consult;
    } catch (error) {
      if (consult && !consult.isEnded) await this.hangup(consult.id).catch(() => undefined);
      await call.setHold(false).catch(() => undefined);
      throw error;
    }
  }

  addParticipant = async (callId: CallId, to: string, options: AddParticipantOptions): Promise<ParticipantId> => this.parties.add(this.call(callId), to, options);
  swap = async (callId: CallId): Promise<void> => this.parties.swap(this.call(callId));
  merge = async (callId: CallId): Promise<void> => this.parties.merge(this.call(callId));
  completeTransfer = async (callId: CallId): Promise<void> => this.parties.complete(this.call(callId));
  holdParticipant = async (callId: CallId, participantId: ParticipantId): Promise<void> => this.parties.hold(this.call(callId), participantId, true);
  resumeParticipant = async (callId: CallId, participantId: ParticipantId): Promise<void> => this.parties.hold(this.call(callId), participantId, false);
  removeParticipant = async (callId: CallId, participantId: ParticipantId): Promise<void> => this.parties.remove(this.call(callId), participantId);
  monitor = async (teamCallId: CallId, mode: SupervisorMode): Promise<CallId> => this.supervisor.monitor(teamCallId, mode);
  setMonitorMode = async (callId: CallId, mode: SupervisorMode): Promise<void> => this.supervisor.setMode(callId, mode);
  setRecording = async (callId: CallId, on: boolean): Promise<void> => this.recorder.set(this.call(callId), on);

  /** Offline unregisters (no calls ring); busy stays registered but turns calls away with 486. */
  async setPresence(status: AgentStatus): Promise<void> {
    if (!this.ua) throw new ProviderError('not-connected', 'The softphone is not connected.');
    const previous = this.presence;
    this.presence = status;
    if (status === 'offline' && previous !== 'offline') await this.registerer?.unregister().catch(() => undefined);
    if (status !== 'offline' && previous === 'offline') await this.register();
    this.reporter.emit({ type: 'presence-changed', at: this.now(), status });
  }
}

