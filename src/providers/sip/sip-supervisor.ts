/**
 * Supervisor listen / whisper / barge through the PBX's feature codes: monitoring lives in the PBX
 * (Asterisk's ChanSpy, FreeSWITCH's eavesdrop…), so the supervisor's softphone only dials the code
 * configured for the mode with the agent's extension, and the PBX does the rest.
 */
import { ProviderError, errorMessage, type CallEvent, type CallId, type ProviderCapabilities, type SupervisorMode } from '../../core/index.js';
import type { SipSupervisorCodes } from './config.js';
import type { SipCall } from './sip-call.js';

/** What supervising needs from its provider. */
export interface SipSupervisorHost {
  readonly emit: (event: CallEvent) => void;
  readonly now: () => number;
  /** A new outbound session to `to` as a call with `id` (default: its Call-ID) reporting to `emit`: not yet sent. */
  place(to: string, emit: (event: CallEvent) => void, id?: CallId): SipCall;
  invite(call: SipCall): void;
  end(call: SipCall): Promise<void>;
  /** Makes a connected monitoring leg one of the provider's calls (or the new session of one). */
  adopt(call: SipCall): void;
  /** One of the provider's live calls; rejects `unknown-call` otherwise. */
  call(callId: CallId): SipCall;
}

/** An agent's extension as the feature codes take it. */
const EXTENSION = /^[A-Za-z0-9+._-]{1,64}$/;

/** What a supervisor can do with these codes; undefined without any. */
export function supervisorCapabilities(codes: SipSupervisorCodes | undefined): ProviderCapabilities['supervisor'] {
  return codes ? { listen: !!codes.listen, whisper: !!codes.whisper, barge: !!codes.barge } : undefined;
}

interface Monitoring {
  readonly teamCallId: CallId;
  mode: SupervisorMode;
  /** The session that speaks for the leg now (a mode change by re-dialling replaces it). */
  session?: SipCall;
}

/** The supervisor's monitoring legs of one provider. */
export class SipSupervisor {
  private readonly legs = new Map<CallId, Monitoring>();

  constructor(
    private readonly host: SipSupervisorHost,
    private readonly codes: SipSupervisorCodes | undefined,
  ) {}

  /** The mode's code; rejects `unsupported` without one, before anything else is checked. */
  private code(mode: SupervisorMode, extension = '{extension}'): string {
    const code = this.codes?.[mode];
    if (!code) throw new ProviderError('unsupported', `Supervisor ${mode} needs the PBX's feature code for it in provider.sip.supervisorCodes.${mode}.`);
    // `#` ends a URI's user part: it travels escaped.
    return code.replace('{extension}', extension).replace(/#/g, '%23');
  }

  /** Dials the mode's feature code for `extension`; resolves with the leg's id once the PBX answered. */
  async monitor(extension: string, mode: SupervisorMode): Promise<CallId> {
    const to = this.code(mode, extension);
    if (!EXTENSION.test(extension)) throw new ProviderError('invalid-argument', `Monitor an agent by their extension (letters, digits, "+", ".", "_", "-"), got ${JSON.stringify(extension.slice(0, 40))}.`);
    return this.join(to, { teamCallId: extension, mode });
  }

  /**
   * Switches mode: with `switchDigits` for the mode, by sending them on the live leg (where the PBX
   * switches on DTMF, e.g. ChanSpy's option `d`); otherwise by hanging up and dialling the mode's
   * code, keeping the leg's id.
   */
  async setMode(callId: CallId, mode: SupervisorMode): Promise<void> {
    this.code(mode);
    const call = this.host.call(callId);
    const leg = this.legs.get(call.id);
    if (!leg) throw new ProviderError('invalid-state', 'This call is not a monitoring call: start one with monitor first.');
    const to = this.code(mode, leg.teamCallId);
    const digits = this.codes?.switchDigits?.[mode];
    if (digits) {
      await call.sendDtmf(digits);
      leg.mode = mode;
      this.host.emit({ type: 'monitoring', callId: call.id, at: this.host.now(), teamCallId: leg.teamCallId, mode });
      return;
    }
    leg.session = undefined;
    call.endingLocally('hangup-local');
    await this.host.end(call);
    leg.mode = mode;
    try {
      await this.join(to, leg, call.id);
    } catch (error) {
      this.legs.delete(call.id);
      this.host.emit({ type: 'ended', callId: call.id, at: this.host.now(), reason: 'failed', message: errorMessage(error) });
      throw error;
    }
  }

  /** Places the call to a feature code; its events are the leg's once the PBX answered. */
  private async join(to: string, leg: Monitoring, id?: CallId): Promise<CallId> {
    let failure: string | undefined;
    const session: SipCall = this.host.place(
      to,
      (event) => {
        if (!('callId' in event)) return;
        if (event.type === 'connected' && !leg.session) {
          leg.session = session;
          this.host.adopt(session);
          this.host.emit({ type: 'monitoring', callId: session.id, at: event.at, teamCallId: leg.teamCallId, mode: leg.mode, agent: leg.teamCallId });
          return;
        }
        // Before the PBX answers, and after a re-dial replaced it, the session speaks for nobody.
        if (leg.session !== session) {
          if (event.type === 'ended') failure = event.message;
          return;
        }
        if (event.type === 'ended') this.legs.delete(session.id);
        this.host.emit(event);
      },
      id,
    );
    this.legs.set(session.id, leg);
    this.host.invite(session);
    try {
      await session.whenConnected(30_000);
    } catch (error) {
      this.legs.delete(session.id);
      if (!session.isEnded) await this.host.end(session).catch(() => undefined);
      // 404: the PBX knows no such extension (or no such code).
      const unknown = failure?.startsWith('404 ') === true;
      throw new ProviderError(unknown ? 'unknown-call' : 'rejected', `The PBX did not connect ${decodeURIComponent(to)}${failure ? ` (${failure})` : ''}: check the extension${unknown ? '' : ' is on a call'} and provider.sip.supervisorCodes.${leg.mode}.`, { cause: error });
    }
    return session.id;
  }
}
