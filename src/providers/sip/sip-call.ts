import { SessionState, type Invitation, type Inviter, type Session } from 'sip.js';
import { ProviderError, type CallDirection, type CallEvent, type CallId, type EndReason } from '../../core/index.js';
import type { SipDtmfMode } from './config.js';

/** The parts of a session description handler the provider uses beyond SIP.js's interface (browser SDH). */
interface MediaHandler {
  readonly peerConnection?: RTCPeerConnection;
  readonly remoteMediaStream?: MediaStream;
  enableSenderTracks?(enable: boolean): void;
  sendDtmf?(tones: string, options?: unknown): boolean;
}

/** Where remote-party audio is played. */
export type RemoteAudioSink = () => HTMLAudioElement | undefined;

/** Final SIP status of an outbound call that was not answered → end reason. */
export function endReasonOfStatus(status: number): EndReason {
  if (status === 486 || status === 600 || status === 603) return 'rejected';
  if (status === 408 || status === 480 || status === 487) return 'missed';
  return 'failed';
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
  /** Why the call ends, when this side ended it (otherwise the far end did). */
  private localEnd?: { reason: EndReason; message?: string };
  /** Set by the provider when an unanswered inbound call was cancelled by the caller. */
  cancelled = false;

  constructor(
    readonly session: Invitation | Inviter,
    readonly direction: CallDirection,
    private readonly emit: (event: CallEvent) => void,
    private readonly now: () => number,
    private readonly audio: RemoteAudioSink,
    private readonly dtmfMode: SipDtmfMode,
  ) {
    this.id = session.request.callId;
    session.stateChange.addListener((state) => this.onState(state));
  }

  get isEstablished(): boolean {
    return this.established && !this.ended;
  }

  get isEnded(): boolean {
    return this.ended;
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
      this.playRemoteAudio();
      this.media()?.peerConnection?.addEventListener('connectionstatechange', () => {
        // ICE gave up: the far end is unreachable for media; say so rather than keep a silent call.
        if (this.media()?.peerConnection?.connectionState === 'failed' && this.isEstablished) {
          this.endingLocally('failed', 'The media connection was lost.');
          void this.session.bye().catch(() => this.finish());
        }
      });
      this.emit({ type: 'connected', callId: this.id, at: this.now() });
    }
    if (state === SessionState.Terminated) this.finish();
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

  private playRemoteAudio(): void {
    const sink = this.audio();
    const stream = this.media()?.remoteMediaStream;
    if (!sink || !stream) return;
    sink.srcObject = stream;
    sink.play().catch(() => undefined);
  }

  private requireEstablished(action: string): void {
    if (!this.isEstablished) throw new ProviderError('invalid-state', `Cannot ${action}: the call is not connected.`);
  }

  /** Puts the far end on hold (re-INVITE with a sendonly offer) or takes it off hold. */
  async setHold(hold: boolean): Promise<void> {
    this.requireEstablished(hold ? 'hold' : 'resume');
    if (this.held === hold) return;
    this.session.sessionDescriptionHandlerOptionsReInvite = { hold } as Session['sessionDescriptionHandlerOptionsReInvite'];
    await new Promise<void>((resolve, reject) => {
      this.session
        .invite({
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => reject(new ProviderError('rejected', `The far end refused ${hold ? 'hold' : 'resume'}: ${response.message.statusCode} ${response.message.reasonPhrase}`)),
          },
        })
        .catch((error: unknown) => reject(new ProviderError('invalid-state', `Cannot ${hold ? 'hold' : 'resume'} now: ${error instanceof Error ? error.message : String(error)}`)));
    });
    this.held = hold;
    this.emit({ type: hold ? 'held' : 'resumed', callId: this.id, at: this.now() });
  }

  /** Mutes or unmutes the agent's microphone track (no signalling). */
  setMute(mute: boolean): void {
    this.requireEstablished(mute ? 'mute' : 'unmute');
    if (this.muted === mute) return;
    const media = this.media();
    if (media?.enableSenderTracks) media.enableSenderTracks(!mute);
    else for (const sender of media?.peerConnection?.getSenders() ?? []) if (sender.track) sender.track.enabled = !mute;
    this.muted = mute;
    this.emit({ type: mute ? 'muted' : 'unmuted', callId: this.id, at: this.now() });
  }

  /** Sends DTMF in the media (RFC 4733) or as SIP INFO, one request per digit. */
  async sendDtmf(digits: string): Promise<void> {
    this.requireEstablished('send digits');
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
      await this.session.info({
        requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${digit}\r\nDuration=160\r\n` } },
      });
    }
  }

  /** REFERs the far end to `target` (a URI, or another call for an attended transfer) and leaves the call. */
  async refer(target: Parameters<Session['refer']>[0], to: string): Promise<void> {
    this.requireEstablished('transfer');
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
        .catch((error: unknown) => reject(new ProviderError('invalid-state', `Cannot transfer now: ${error instanceof Error ? error.message : String(error)}`)));
    });
    if (!this.ended) await this.session.bye().catch(() => this.finish());
  }
}
