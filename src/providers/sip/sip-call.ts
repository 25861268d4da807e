import { Invitation, Inviter, SessionState, type Referral, type Session } from 'sip.js';
import { ProviderError, errorMessage, type CallDirection, type CallEvent, type CallId, type EndReason } from '../../core/index.js';
import type { SipDtmfMode } from './config.js';

/** The parts of a session description handler the provider uses beyond SIP.js's interface (browser SDH). */
interface MediaHandler {
  readonly peerConnection?: RTCPeerConnection;
  readonly localMediaStream?: MediaStream;
  readonly remoteMediaStream?: MediaStream;
  sendDtmf?(tones: string, options?: unknown): boolean;
}

/** Audio packet counters of a call. */
export interface SipMediaStats {
  packetsSent: number;
  packetsReceived: number;
  packetsLost: number;
  jitterMs?: number;
  /**
   * Loudness of the far end's audio as received (WebRTC `audioLevel`, 0 silence to 1 full scale)
   * and its energy summed since the call started (`totalAudioEnergy`): above 0 once sound arrived.
   */
  audioLevel?: number;
  totalAudioEnergy?: number;
  /** RFC 4733 tones queued on the audio sender and not yet played out. */
  dtmfQueued: string;
}

/** What a call reports to its provider beyond call events. */
export interface SipCallHooks {
  /** The far end asks this side to call someone else (it is being transferred). */
  readonly onReferred?: (call: SipCall, referral: Referral) => void;
  /** A DTMF digit arrived as SIP INFO. */
  readonly onDtmf?: (call: SipCall, digit: string) => void;
}

/** Where remote-party audio is played. */
export type RemoteAudioSink = () => HTMLAudioElement | undefined;

/** What a {@link SipCall} is made of. */
export interface SipCallOptions {
  /** The SIP.js session: an inbound `Invitation` or an outbound `Inviter`. */
  readonly session: Invitation | Inviter;
  readonly direction: CallDirection;
  /** Where the call's events go (the provider's `ctx.emit`). */
  readonly emit: (event: CallEvent) => void;
  /** The connector's clock (epoch ms). */
  readonly now: () => number;
  readonly audio: RemoteAudioSink;
  readonly dtmfMode: SipDtmfMode;
  readonly hooks?: SipCallHooks;
  /** The call's id when it is not the session's Call-ID (a leg that stands in for an earlier one). */
  readonly id?: CallId;
}

/**
 * One SIP session as a call: turns SIP.js session state into {@link CallEvent}s and carries out
 * in-call commands (hold by re-INVITE, mute on the local track, DTMF, transfer by REFER).
 */
export class SipCall {
  readonly id: CallId;
  private established = false;
  private ended = false;
  private held = false;
  private muted = false;
  private alerting?: 'ringing' | 'early-media';
  /** Why the call ends, when this side ended it (otherwise the far end did). */
  private localEnd?: { reason: EndReason; message?: string };
  /** Set by the provider when an unanswered inbound call was cancelled by the caller. */
  cancelled = false;
  /**
   * Resolves once the dialog is confirmed. An answered inbound call is "established" when our 200 OK
   * leaves, but a re-INVITE or REFER sent before the caller's ACK arrives makes SIP.js end the call.
   */
  private readonly confirmed: Promise<void>;

  readonly session: Invitation | Inviter;
  readonly direction: CallDirection;
  private readonly emit: (event: CallEvent) => void;
  private readonly now: () => number;
  private readonly audio: RemoteAudioSink;
  private readonly dtmfMode: SipDtmfMode;

  constructor(options: SipCallOptions) {
    const { session, direction, hooks = {} } = options;
    this.session = session;
    this.direction = direction;
    this.emit = options.emit;
    this.now = options.now;
    this.audio = options.audio;
    this.dtmfMode = options.dtmfMode;
    this.id = options.id ?? session.request.callId;
    session.stateChange.addListener((state) => this.onState(state));
    let confirm = (): void => undefined;
    this.confirmed = direction === 'outbound' ? Promise.resolve() : new Promise<void>((resolve) => (confirm = resolve));
    session.delegate = {
      ...session.delegate,
      onAck: () => confirm(),
      onRefer: (referral) => hooks.onReferred?.(this, referral),
      onInfo: (info) => {
        const body = info.request.body ?? '';
        const digit = /^Signal\s*=\s*([0-9*#A-Da-d])/m.exec(body)?.[1];
        void info.accept().catch(() => undefined);
        if (digit && /dtmf-relay/i.test(info.request.getHeader('Content-Type') ?? '')) hooks.onDtmf?.(this, digit);
      },
    };
  }

  get isEstablished(): boolean {
    return this.established && !this.ended;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get isHeld(): boolean {
    return this.held;
  }

  get isMuted(): boolean {
    return this.muted;
  }

  /** The dialog's WebRTC connection; undefined without media (signalling only) or once closed. */
  get connection(): RTCPeerConnection | undefined {
    return this.media()?.peerConnection;
  }

  /** The far end's audio. */
  get remoteStream(): MediaStream | undefined {
    return this.media()?.remoteMediaStream;
  }

  /** The agent's microphone track captured for this dialog (what its sender carries unless mixed). */
  get microphone(): MediaStreamTrack | undefined {
    return this.media()?.localMediaStream?.getAudioTracks()[0];
  }

  /**
   * The far end alerts (180) or sends early media (a provisional answer whose SDP SIP.js applied:
   * ringback or an announcement): the early audio plays, and the call says so once per kind.
   */
  progress(status: number): void {
    if (this.established || this.ended || status <= 100 || status >= 200) return;
    const earlyMedia = Boolean(this.media()?.peerConnection?.remoteDescription);
    if (earlyMedia) this.play();
    const alerting = earlyMedia ? 'early-media' : 'ringing';
    if (this.alerting === alerting || this.alerting === 'early-media') return;
    this.alerting = alerting;
    this.emit({ type: 'alerting', callId: this.id, at: this.now(), earlyMedia });
  }

  /** Resolves once the call is connected; rejects if it ends first or `timeoutMs` passes. */
  whenConnected(timeoutMs: number): Promise<void> {
    if (this.isEstablished) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new ProviderError('rejected', 'The transfer target did not answer.')), timeoutMs);
      const done = (error?: Error) => {
        clearTimeout(timer);
        this.session.stateChange.removeListener(listener);
        if (error) reject(error);
        else resolve();
      };
      const listener = (state: SessionState) => {
        if (state === SessionState.Established) done();
        if (state === SessionState.Terminated) done(new ProviderError('rejected', 'The transfer target did not take the call.'));
      };
      this.session.stateChange.addListener(listener);
    });
  }

  /** Records why this side is ending the call, before the session terminates. */
  endingLocally(reason: EndReason, message?: string): void {
    this.localEnd ??= { reason, message };
  }

  private media(): MediaHandler | undefined {
    return this.session.sessionDescriptionHandler as MediaHandler | undefined;
  }

  private onState(state: SessionState): void {
    if (state === SessionState.Established && !this.established && !this.ended) {
      this.established = true;
      this.play();
      this.media()?.peerConnection?.addEventListener('connectionstatechange', () => {
        // ICE gave up: the far end is unreachable for media; say so rather than keep a silent call.
        if (this.media()?.peerConnection?.connectionState === 'failed' && this.isEstablished) {
          this.endingLocally('failed', 'The media connection was lost.');
          void this.session.bye().catch(() => this.finish());
        }
      });
      this.emit({ type: 'connected', callId: this.id, at: this.now() });
    }
    // SIP.js terminates an outbound session before it hands the final response to our delegate,
    // which knows the reason (busy, no answer…): let it speak first.
    if (state === SessionState.Terminated) queueMicrotask(() => this.finish());
  }

  /** Emits the one `ended` event of this call. */
  finish(remote?: { reason: EndReason; message?: string }): void {
    if (this.ended) return;
    this.ended = true;
    const sink = this.audio();
    if (sink && sink.srcObject === this.media()?.remoteMediaStream) sink.srcObject = null;
    const end = this.localEnd ?? remote ?? this.inferredEnd();
    this.emit({ type: 'ended', callId: this.id, at: this.now(), reason: end.reason, ...(end.message ? { message: end.message } : {}) });
  }

  private inferredEnd(): { reason: EndReason; message?: string } {
    if (this.established) return { reason: 'hangup-remote' };
    if (this.direction === 'inbound') return { reason: this.cancelled ? 'missed' : 'failed' };
    return { reason: 'failed' };
  }

  /** Plays the far end in the page's audio element. */
  play(): void {
    const sink = this.audio();
    const stream = this.media()?.remoteMediaStream;
    if (!sink || !stream) return;
    sink.srcObject = stream;
    sink.play().catch(() => undefined);
  }

  /** Throws unless connected; then waits (briefly) for the dialog to be confirmed by the caller's ACK. */
  private async requireEstablished(action: string): Promise<void> {
    if (!this.isEstablished) throw new ProviderError('invalid-state', `Cannot ${action}: the call is not connected.`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new ProviderError('invalid-state', `Cannot ${action}: the caller never confirmed the call (no ACK).`)), 5000);
    });
    try {
      await Promise.race([this.confirmed, timeout]);
    } finally {
      clearTimeout(timer);
    }
    if (!this.isEstablished) throw new ProviderError('invalid-state', `Cannot ${action}: the call is not connected.`);
  }

  /**
   * Ends the session whatever its state; the call ends here even if the far end cannot be told.
   * `online`: whether the transport to the PBX is up.
   */
  async end(online: boolean): Promise<void> {
    const session = this.session;
    try {
      if (session.state === SessionState.Established) {
        const bye = session.bye();
        // bye() terminates the session at once, unless it must first wait for the ACK.
        if ((session.state as SessionState) !== SessionState.Terminated) {
          // Answered, but the caller's ACK has not arrived: RFC 3261 §15 holds the BYE until it does,
          // or for up to 32 s. The agent has hung up now: the call ends here and the BYE follows.
          // With the PBX unreachable no ACK will come, so the microphone is released at once.
          if (!online) session.sessionDescriptionHandler?.close();
          this.finish();
          void bye.catch(() => undefined);
          return;
        }
        await bye;
      } else if (session instanceof Inviter && (session.state === SessionState.Initial || session.state === SessionState.Establishing)) await session.cancel();
      else if (session instanceof Invitation && session.state === SessionState.Initial) await session.reject({ statusCode: 603 });
    } catch {
      // The PBX is unreachable (e.g. mid-restart): release the media and end the call here.
      await session.dispose().catch(() => undefined);
    } finally {
      if (session.state === SessionState.Terminated || this.isEstablished === false) this.finish();
    }
  }

  /** Audio packet counters of the call's media (WebRTC statistics); zero without media. */
  async mediaStats(): Promise<SipMediaStats> {
    const connection = this.media()?.peerConnection;
    const dtmf = connection?.getSenders().find((sender) => sender.track?.kind === 'audio')?.dtmf;
    const stats: SipMediaStats = { packetsSent: 0, packetsReceived: 0, packetsLost: 0, dtmfQueued: dtmf?.toneBuffer ?? '' };
    const report = await connection?.getStats();
    report?.forEach((entry: { type: string; kind?: string; packetsSent?: number; packetsReceived?: number; packetsLost?: number; jitter?: number; audioLevel?: number; totalAudioEnergy?: number }) => {
      if (entry.kind !== 'audio') return;
      if (entry.type === 'outbound-rtp') stats.packetsSent += entry.packetsSent ?? 0;
      if (entry.type === 'inbound-rtp') {
        stats.packetsReceived += entry.packetsReceived ?? 0;
        stats.packetsLost += entry.packetsLost ?? 0;
        if (entry.jitter !== undefined) stats.jitterMs = entry.jitter * 1000;
        if (entry.audioLevel !== undefined) stats.audioLevel = Math.max(stats.audioLevel ?? 0, entry.audioLevel);
        if (entry.totalAudioEnergy !== undefined) stats.totalAudioEnergy = (stats.totalAudioEnergy ?? 0) + entry.totalAudioEnergy;
      }
    });
    return stats;
  }

  /** Puts the far end on hold (re-INVITE with a sendonly offer) or takes it off hold. */
  async setHold(hold: boolean): Promise<void> {
    await this.requireEstablished(hold ? 'hold' : 'resume');
    if (this.held === hold) return;
    this.session.sessionDescriptionHandlerOptionsReInvite = { hold } as Session['sessionDescriptionHandlerOptionsReInvite'];
    // A re-INVITE that crosses another transaction is refused with 491 (glare) or 500 (the previous
    // ACK not yet seen, e.g. reordered by a multi-process proxy): try again shortly, as RFC 3261 says.
    for (let attempt = 0; ; attempt++) {
      const status = await this.reinvite(hold);
      if (status === 0) break;
      if ((status !== 491 && status !== 500) || attempt >= 3) {
        throw new ProviderError('rejected', `The far end refused ${hold ? 'hold' : 'resume'} (SIP ${status}).`);
      }
      await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 250));
      if (!this.isEstablished) throw new ProviderError('invalid-state', `Cannot ${hold ? 'hold' : 'resume'}: the call ended.`);
    }
    this.held = hold;
    this.applyTracks();
    this.emit({ type: hold ? 'held' : 'resumed', callId: this.id, at: this.now() });
  }

  /** Sends one re-INVITE; resolves with 0 when accepted, else the SIP status. */
  private reinvite(hold: boolean): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.session
        .invite({
          requestDelegate: {
            onAccept: () => resolve(0),
            onReject: (response) => resolve(response.message.statusCode ?? 500),
          },
        })
        .catch((error: unknown) => reject(new ProviderError('invalid-state', `Cannot ${hold ? 'hold' : 'resume'} now: ${errorMessage(error)}`, { cause: error })));
    });
  }

  /** Mutes or unmutes the agent's microphone track (no signalling). */
  setMute(mute: boolean): void {
    if (!this.isEstablished) throw new ProviderError('invalid-state', `Cannot ${mute ? 'mute' : 'unmute'}: the call is not connected.`);
    if (this.muted === mute) return;
    this.muted = mute;
    this.applyTracks();
    this.emit({ type: mute ? 'muted' : 'unmuted', callId: this.id, at: this.now() });
  }

  /**
   * Mute silences the microphone, hold what this dialog sends: a held party must not overhear a
   * consultation. Unmixed the sender carries the microphone itself; in a conference it carries a mix
   * that takes the microphone in, so mute reaches every party and hold only this one.
   */
  applyTracks(): void {
    const microphone = this.microphone;
    if (microphone) microphone.enabled = !this.muted;
    for (const sender of this.connection?.getSenders() ?? []) if (sender.track) sender.track.enabled = !this.held && (sender.track !== microphone || !this.muted);
  }

  /** Sends DTMF in the media (RFC 4733) or as SIP INFO, one request per digit. */
  async sendDtmf(digits: string): Promise<void> {
    await this.requireEstablished('send digits');
    if (this.dtmfMode === 'rfc4733') {
      const sent = this.media()?.sendDtmf?.(digits.replace(/,/g, ''), { duration: 100, interToneGap: 70 });
      if (!sent) throw new ProviderError('media', 'This call cannot send RFC 4733 DTMF (no telephone-event in the media); configure dtmf: "info".');
      return;
    }
    for (const digit of digits) {
      if (digit === ',') {
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      // One INFO at a time, each answered before the next, so digits arrive in order.
      await new Promise<void>((resolve, reject) => {
        this.session
          .info({
            requestDelegate: {
              onAccept: () => resolve(),
              onReject: (response) => reject(new ProviderError('rejected', `The far end refused DTMF "${digit}" (SIP ${response.message.statusCode}); try dtmf: "rfc4733".`)),
            },
            requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${digit}\r\nDuration=160\r\n` } },
          })
          .catch(reject);
      });
    }
  }

  /** REFERs the far end to `target` (a URI, or another call for an attended transfer) and leaves the call. */
  async refer(target: Parameters<Session['refer']>[0], to: string): Promise<void> {
    await this.requireEstablished('transfer');
    await new Promise<void>((resolve, reject) => {
      this.session
        .refer(target, {
          requestDelegate: {
            onAccept: () => {
              // The transferee may hang up on us before we say goodbye: the call still ends as transferred.
              this.endingLocally('transferred');
              this.emit({ type: 'transferred', callId: this.id, at: this.now(), to });
              resolve();
            },
            onReject: (response) => reject(new ProviderError('rejected', `The far end refused the transfer: ${response.message.statusCode} ${response.message.reasonPhrase}`)),
          },
        })
        .catch((error: unknown) => reject(new ProviderError('invalid-state', `Cannot transfer now: ${errorMessage(error)}`, { cause: error })));
    });
    if (!this.ended) await this.session.bye().catch(() => this.finish());
  }
}
