/**
 * The agent's other parties on a call (consultation, conference), each a second SIP dialog of the
 * agent's that is reported as a participant of the customer's call, never as a call of its own.
 * Swap holds one side and resumes the other; merge mixes everyone in the page
 * ({@link ConferenceMixer}); complete transfer REFERs the customer to the participant with Replaces.
 */
import {
  ProviderError,
  errorMessage,
  type AddParticipantOptions,
  type CallData,
  type CallEvent,
  type CallId,
  type EndReason,
  type ParticipantId,
  type ParticipantLeftReason,
  type ParticipantMode,
} from '../../core/index.js';
import { ConferenceMixer } from './conference-mixer.js';
import type { SipCall } from './sip-call.js';

/** What the parties need from their provider. */
export interface SipPartiesHost {
  readonly emit: (event: CallEvent) => void;
  readonly now: () => number;
  /** A new outbound session to `to` as a call reporting to `emit`: not yet sent, not one of the provider's calls. */
  place(to: string, emit: (event: CallEvent) => void, id?: CallId, data?: CallData): SipCall;
  /** Sends a placed call's INVITE; `onProgress` on each provisional response. */
  invite(call: SipCall, onProgress?: () => void): void;
  /** Ends a session whatever its state. */
  end(call: SipCall): Promise<void>;
  /** The page's audio element for what the agent hears. */
  sink(): HTMLAudioElement | undefined;
}

interface Leg {
  readonly call: SipCall;
  readonly number: string;
  mode: ParticipantMode;
  ringing?: boolean;
  /** The customer's call is over or handed on: the leg reports nothing more. */
  detached?: boolean;
}

interface Party {
  readonly legs: Map<ParticipantId, Leg>;
  conferenced: boolean;
  mixer?: ConferenceMixer;
  /** Changes of the mix, one at a time. */
  mixing: Promise<void>;
}

const LEFT: Record<EndReason, ParticipantLeftReason> = { 'hangup-local': 'removed', 'hangup-remote': 'hangup', rejected: 'no-answer', missed: 'no-answer', failed: 'failed', transferred: 'hangup' };

/** How long a handed-over participant's dialog may wait for the customer's INVITE with Replaces to end it. */
const REPLACE_WAIT_MS = 10_000;

/** The participants of every call of one provider. */
export class SipParties {
  private readonly parties = new Map<CallId, Party>();
  /** Work that `close()` waits for, and the dialogs it still has to end. */
  private readonly pending = new Set<Promise<unknown>>();
  private readonly orphans = new Map<SipCall, ReturnType<typeof setTimeout>>();

  constructor(private readonly host: SipPartiesHost) {}

  private party(call: SipCall): Party {
    let party = this.parties.get(call.id);
    if (!party) this.parties.set(call.id, (party = { legs: new Map(), conferenced: false, mixing: Promise.resolve() }));
    return party;
  }

  private leg(call: SipCall, participantId: ParticipantId): Leg {
    const leg = this.parties.get(call.id)?.legs.get(participantId);
    if (!leg) throw new ProviderError('unknown-call', `No participant ${JSON.stringify(participantId)} on this call.`);
    return leg;
  }

  private connected(call: SipCall): Leg[] {
    return [...(this.parties.get(call.id)?.legs.values() ?? [])].filter((leg) => leg.call.isEstablished);
  }

  /** Everyone on the line: the customer, then each participant who answered. */
  private sides(call: SipCall): SipCall[] {
    return [call, ...this.connected(call).map((leg) => leg.call)];
  }

  /** Work in the background; a failure is shown on the call while it lasts. */
  private track(work: Promise<unknown>, callId?: CallId): void {
    const settled = work.catch((error: unknown) => {
      if (callId && this.parties.has(callId)) this.host.emit({ type: 'warning', callId, at: this.host.now(), kind: 'audio-output', active: true, message: errorMessage(error) });
    });
    this.pending.add(settled);
    void settled.finally(() => this.pending.delete(settled));
  }

  /** Calls `to` as a participant (with `data` as X- headers); in `consult` mode everyone else is held first. */
  async add(call: SipCall, to: string, options: AddParticipantOptions): Promise<ParticipantId> {
    if (!call.isEstablished) throw new ProviderError('invalid-state', 'Answer the call before you add someone to it.');
    const party = this.party(call);
    // Its events come once the INVITE is out, after `leg` exists.
    const placed = this.host.place(to, (event) => this.report(call, leg, event), undefined, options.data);
    const leg: Leg = { call: placed, number: to, mode: options.mode };
    if (options.mode === 'consult') {
      try {
        for (const side of this.sides(call)) await side.setHold(true);
      } catch (error) {
        void placed.session.dispose();
        throw error;
      }
      // A consultation from a conference holds the conference: nothing to mix until the next merge.
      party.conferenced = false;
      await this.remix(call);
    }
    party.legs.set(placed.id, leg);
    this.host.emit({ type: 'participant-added', callId: call.id, at: this.host.now(), participantId: placed.id, role: options.role ?? 'external', number: to, mode: options.mode });
    this.host.invite(placed, () => {
      if (leg.ringing || leg.detached) return;
      leg.ringing = true;
      this.host.emit({ type: 'participant-ringing', callId: call.id, at: this.host.now(), participantId: placed.id });
    });
    return placed.id;
  }

  /** A participant's dialog changed: reported as the participant's change on the customer's call. */
  private report(call: SipCall, leg: Leg, event: CallEvent): void {
    if (leg.detached || !('callId' in event)) return;
    const base = { callId: call.id, at: event.at, participantId: leg.call.id };
    switch (event.type) {
      case 'connected':
        this.host.emit({ ...base, type: 'participant-connected' });
        if (call.isMuted) leg.call.setMute(true);
        if (leg.mode === 'conference') this.track(this.merge(call), call.id);
        else this.route(call);
        return;
      case 'held':
      case 'resumed':
        this.host.emit({ ...base, type: event.type === 'held' ? 'participant-held' : 'participant-resumed' });
        return;
      case 'ended':
        leg.detached = true;
        this.parties.get(call.id)?.legs.delete(leg.call.id);
        this.host.emit({ ...base, type: 'participant-left', reason: LEFT[event.reason], ...(event.message ? { message: event.message } : {}) });
        this.track(this.remix(call), call.id);
    }
  }

  /** The agent hears the mix, or else whoever is not on hold (the customer first). */
  private route(call: SipCall): void {
    if (this.parties.get(call.id)?.mixer) return;
    (this.sides(call).find((side) => !side.isHeld) ?? call).play();
  }

  /** Rebuilds the mix of a conference from whoever is on the line now, or releases it. */
  private remix(call: SipCall): Promise<void> {
    const party = this.party(call);
    party.mixing = party.mixing.then(async () => {
      await party.mixer?.release();
      party.mixer = undefined;
      const sides = this.sides(call);
      const media = sides.map((side) => ({ connection: side.connection, remote: side.remoteStream }));
      // Without WebRTC media (signalling only) there is nothing to mix.
      if (party.conferenced && !call.isEnded && sides.length > 1 && media.every((side) => side.connection && side.remote)) {
        try {
          party.mixer = await ConferenceMixer.start(media as Array<{ connection: RTCPeerConnection; remote: MediaStream }>, call.microphone, this.host.sink());
        } catch (error) {
          throw new ProviderError('media', `The conference could not be mixed in this page: ${errorMessage(error)}`, { cause: error });
        }
      }
      for (const side of sides) side.applyTracks();
      this.route(call);
    });
    return party.mixing;
  }

  /** Everyone on the line off hold and into one conference, mixed in the page. */
  async merge(call: SipCall): Promise<void> {
    const legs = this.connected(call);
    if (legs.length === 0) throw new ProviderError('invalid-state', 'There is nobody to merge: add a participant and wait until they answer.');
    for (const side of this.sides(call)) await side.setHold(false);
    this.party(call).conferenced = true;
    for (const leg of legs) leg.mode = 'conference';
    await this.remix(call);
    this.host.emit({ type: 'conferenced', callId: call.id, at: this.host.now() });
  }

  /** Talks to the held side: the customer, or else the participant held last. */
  async swap(call: SipCall): Promise<void> {
    const legs = this.connected(call);
    if (legs.length === 0 || this.parties.get(call.id)?.conferenced) throw new ProviderError('invalid-state', 'There is nobody to swap to: swap works while you consult someone with the customer on hold.');
    const target = call.isHeld ? call : (legs.reverse().find((leg) => leg.call.isHeld) ?? legs[0]!).call;
    for (const side of this.sides(call)) if (side !== target) await side.setHold(true);
    await target.setHold(false);
    this.route(call);
  }

  /** The customer is REFERred to the one participant with Replaces; the agent leaves. */
  async complete(call: SipCall): Promise<void> {
    const legs = this.connected(call);
    if (legs.length !== 1) throw new ProviderError('invalid-state', legs.length === 0 ? 'There is nobody to hand the call to: add a participant and wait until they answer.' : 'Remove all but the participant who takes the call, then complete the transfer.');
    await call.refer(legs[0]!.call.session, legs[0]!.number);
  }

  async hold(call: SipCall, participantId: ParticipantId, hold: boolean): Promise<void> {
    await this.leg(call, participantId).call.setHold(hold);
    this.route(call);
  }

  async remove(call: SipCall, participantId: ParticipantId): Promise<void> {
    const leg = this.leg(call, participantId).call;
    leg.endingLocally('hangup-local');
    await this.host.end(leg);
  }

  /** The agent's mute reaches every dialog of the call (each has its own microphone track until mixed). */
  mute(call: SipCall, mute: boolean): void {
    call.setMute(mute);
    for (const leg of this.connected(call)) leg.call.setMute(mute);
  }

  /**
   * The customer's call is ending (before its `ended`): its participants leave with it, except after
   * a completed transfer, where they stay with the customer, whose INVITE with Replaces ends the
   * agent's dialog with them (or the agent does, if it does not come). The mix is released.
   */
  ending(callId: CallId, reason: EndReason): void {
    const party = this.parties.get(callId);
    if (!party) return;
    this.parties.delete(callId);
    for (const leg of party.legs.values()) {
      leg.detached = true;
      if (reason === 'transferred' && leg.call.isEstablished) {
        leg.call.setMute(true);
        this.orphans.set(leg.call, setTimeout(() => this.drop(leg.call), REPLACE_WAIT_MS));
      } else {
        this.host.emit({ type: 'participant-left', callId, at: this.host.now(), participantId: leg.call.id, reason: 'hangup' });
        this.drop(leg.call);
      }
    }
    this.track(party.mixing.then(() => party.mixer?.release()));
  }

  private drop(call: SipCall): void {
    this.orphans.delete(call);
    if (call.isEnded) return;
    call.endingLocally('hangup-local');
    this.track(this.host.end(call));
  }

  /** Ends every dialog still open and waits for the mixes to be released (the provider disconnects). */
  async close(): Promise<void> {
    for (const [call, timer] of this.orphans) {
      clearTimeout(timer);
      this.drop(call);
    }
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
