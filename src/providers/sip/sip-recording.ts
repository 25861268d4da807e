/**
 * Call recording by the media gateway in front of the PBX (Kamailio + rtpengine in the lab): the
 * softphone asks for it with an in-dialog INFO carrying `X-Recording: start|stop`, which the
 * gateway's proxy answers; the recording's location comes from a configured template.
 */
import { ProviderError, type CallEvent, type CallId } from '../../core/index.js';
import type { SipRecordingOptions } from './config.js';
import type { SipCall } from './sip-call.js';

/** What the recorder needs from its provider. */
export interface SipRecorderHost {
  readonly emit: (event: CallEvent) => void;
  readonly now: () => number;
}

/** Where a call's recording is kept: the template with `{callId}` filled in, relative to the page. */
export function recordingLocation(template: string, callId: CallId): string {
  const filled = template.replace(/\{callId\}/g, encodeURIComponent(callId));
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    return base ? new URL(filled, base).href : filled;
  } catch {
    return filled;
  }
}

/** Starts and stops the gateway's recording of calls, and records every call when configured to. */
export class SipRecorder {
  private readonly active = new Set<CallId>();

  constructor(
    private readonly host: SipRecorderHost,
    private readonly options: SipRecordingOptions | undefined,
  ) {}

  /** Whether recording can be asked for (a gateway that records is configured). */
  get available(): boolean {
    return this.options !== undefined;
  }

  /** A call was answered: with `start: 'always'` its recording starts now. */
  connected(call: SipCall | undefined): void {
    if (this.options?.start !== 'always' || !call?.isEstablished) return;
    this.set(call, true).catch((error: unknown) => {
      this.host.emit({ type: 'warning', callId: call.id, at: this.host.now(), kind: 'quality', active: true, message: error instanceof ProviderError ? error.message : 'The call could not be recorded.' });
    });
  }

  /** A call ended: nothing more to stop. */
  ended(callId: CallId): void {
    this.active.delete(callId);
  }

  /** Asks the gateway to start or stop recording `call`; resolves once it agreed. */
  async set(call: SipCall, on: boolean): Promise<void> {
    const options = this.options;
    if (!options) throw new ProviderError('unsupported', 'Recording needs a media gateway that records: configure provider.sip.recording.');
    if (!call.isEstablished) throw new ProviderError('invalid-state', `Cannot ${on ? 'start' : 'stop'} recording: the call is not connected.`);
    if (this.active.has(call.id) === on) return;
    await new Promise<void>((resolve, reject) => {
      call.session
        .info({
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: ({ message }) => reject(new ProviderError('rejected', `The media gateway did not ${on ? 'start' : 'stop'} recording (SIP ${message.statusCode} ${message.reasonPhrase}).`)),
          },
          requestOptions: { extraHeaders: [`X-Recording: ${on ? 'start' : 'stop'}`] },
        })
        .catch((error: unknown) => reject(new ProviderError('invalid-state', `Cannot ${on ? 'start' : 'stop'} recording now.`, { cause: error })));
    });
    if (on) this.active.add(call.id);
    else this.active.delete(call.id);
    this.host.emit({ type: 'recording', callId: call.id, at: this.host.now(), active: on, location: recordingLocation(options.location, call.id) });
  }
}
