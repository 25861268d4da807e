/**
 * A conference mixed in the agent's browser with WebAudio, for PBXs that only connect two parties:
 * the agent's dialogs stay separate, and the page does what a conference bridge would.
 */

/** One far end of a conference as the mixer sees it. */
export interface MixedParty {
  /** Its dialog's WebRTC connection, whose audio sender gets the far end's mix. */
  readonly connection: RTCPeerConnection;
  /** What the far end sends. */
  readonly remote: MediaStream;
}

interface SwappedSender {
  readonly sender: RTCRtpSender;
  readonly connection: RTCPeerConnection;
  /** The microphone track the sender carried before it got the mix. */
  readonly original: MediaStreamTrack | null;
  readonly mix: MediaStreamTrack;
}

/**
 * Each far end hears the agent's microphone and every other far end, never itself; the agent hears
 * every far end. One `AudioContext`, a `MediaStreamAudioSourceNode` per remote track and one for the
 * microphone, a `MediaStreamAudioDestinationNode` per far end whose track replaces the microphone on
 * that dialog's sender (`replaceTrack`: no renegotiation), and one for the agent's ear.
 */
export class ConferenceMixer {
  private constructor(
    private readonly context: AudioContext,
    private readonly senders: SwappedSender[],
    private readonly players: HTMLAudioElement[],
    /** What the agent hears: every far end. */
    readonly ear: MediaStream,
    private readonly sink: HTMLAudioElement | undefined,
  ) {}

  /**
   * Mixes `parties` with the agent's `microphone` and plays the far ends in `sink`. Rejects (with
   * everything released) when a sender refuses its mix.
   */
  static async start(parties: readonly MixedParty[], microphone: MediaStreamTrack | undefined, sink: HTMLAudioElement | undefined): Promise<ConferenceMixer> {
    const context = new AudioContext();
    const source = (track: MediaStreamTrack | undefined) => (track ? context.createMediaStreamSource(new MediaStream([track])) : undefined);
    const mic = source(microphone);
    const remotes = parties.map((party) => source(party.remote.getAudioTracks()[0]));
    // Chromium hands a remote WebRTC track's audio to WebAudio only while a media element plays the
    // track (measured: silence otherwise): each far end also plays, muted, in a detached element.
    const players = parties.map(({ remote }) => {
      const player = new Audio();
      player.muted = true;
      player.srcObject = remote;
      player.play().catch(() => undefined);
      return player;
    });
    /** A track of every far end but `except`, with the microphone when `withMic`. */
    const mix = (except: number, withMic: boolean): MediaStreamTrack => {
      const output = context.createMediaStreamDestination();
      remotes.forEach((remote, index) => index !== except && remote?.connect(output));
      if (withMic) mic?.connect(output);
      return output.stream.getAudioTracks()[0]!;
    };
    const mixer = new ConferenceMixer(context, [], players, new MediaStream([mix(-1, false)]), sink);
    try {
      for (const [index, { connection }] of parties.entries()) {
        const sender = connection.getSenders().find((candidate) => candidate.track?.kind === 'audio');
        if (!sender) continue;
        const swapped = { sender, connection, original: sender.track, mix: mix(index, true) };
        mixer.senders.push(swapped);
        await sender.replaceTrack(swapped.mix);
      }
      // A page the agent has interacted with may start audio; one that has not keeps it suspended.
      await context.resume();
    } catch (error) {
      await mixer.release();
      throw error;
    }
    if (sink) {
      sink.srcObject = mixer.ear;
      sink.play().catch(() => undefined);
    }
    return mixer;
  }

  /**
   * Puts each microphone back on its sender (or stops it, when its dialog has closed: a closing
   * dialog stops only what its sender carries), stops the mixes and closes the context.
   */
  async release(): Promise<void> {
    if (this.sink?.srcObject === this.ear) this.sink.srcObject = null;
    for (const { sender, connection, original, mix } of this.senders) {
      if (original && connection.signalingState === 'closed') original.stop();
      else if (original) await sender.replaceTrack(original).catch(() => original.stop());
      mix.stop();
    }
    for (const player of this.players) player.srcObject = null;
    for (const track of this.ear.getTracks()) track.stop();
    await this.context.close().catch(() => undefined);
  }
}
