/** The `lab` command's media gateway: rtpengine before Kamailio, unless `--no-media-gateway`. */
import { UsageError } from './usage-error.js';
import { findBinary } from '../lab/kamailio.js';
import { startRtpengine, type RunningRtpengine } from '../lab/rtpengine.js';
import type { SipRecordingOptions } from '../providers/sip/config.js';

/** The `lab` command's gateway options, as typed on the command line. */
export interface LabGatewayFlags {
  readonly 'no-media-gateway'?: boolean;
  readonly 'rtp-ng-port'?: string;
  readonly 'rtp-ports'?: string;
  readonly 'record-calls'?: boolean;
}


/** Parses `--rtp-ports 30000-30100`. */
export function parsePortRange(text: string): { readonly portMin: number; readonly portMax: number } {
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(text);
  const portMin = Number(match?.[1]);
  const portMax = Number(match?.[2]);
  if (!match || portMin < 1024 || portMax > 65535 || portMax - portMin < 3) {
    throw new UsageError(`--rtp-ports must be a range such as 30000-30100 (at least 4 ports, from 1024 to 65535), got "${text}"`);
  }
  return { portMin, portMax };
}

/**
 * Starts the lab's rtpengine unless the flags say not to; resolves undefined (and says why) when
 * there is none, so the lab still runs for WebRTC-only calls.
 */
export async function startLabGateway(flags: LabGatewayFlags, log: (line: string) => void): Promise<RunningRtpengine | undefined> {
  if (flags['no-media-gateway']) {
    log('Media gateway: off (--no-media-gateway): plain-RTP callers are refused with 488.');
    return undefined;
  }
  if (!findBinary('rtpengine', process.env.RTPENGINE_PATH)) {
    log('Media gateway: rtpengine is not installed (Debian: apt-get install rtpengine-daemon); plain-RTP callers are refused with 488.');
    return undefined;
  }
  const ngPort = Number(flags['rtp-ng-port'] ?? 22222);
  if (!Number.isInteger(ngPort) || ngPort < 1 || ngPort > 65535) throw new UsageError(`--rtp-ng-port must be a whole number from 1 to 65535, got "${flags['rtp-ng-port']}"`);
  const range = parsePortRange(flags['rtp-ports'] ?? '30000-30100');
  const gateway = await startRtpengine({ ngPort, ...range });
  log(`rtpengine (pid ${gateway.pid}) ready: ng ${gateway.socket}, RTP 127.0.0.1:${range.portMin}-${range.portMax}, recordings in ${gateway.recordingDir}`);
  return gateway;
}

/**
 * The lab softphone's recording settings: with the gateway, recordings are served by the console at
 * `/lab/recordings/<Call-ID>.wav`; every call recorded with `--record-calls`, else on the agent's demand.
 */
export function labRecording(gateway: RunningRtpengine | undefined, always: boolean | undefined): { readonly recording?: SipRecordingOptions } {
  return gateway ? { recording: { location: '/lab/recordings/{callId}.wav', start: always ? 'always' : 'on-demand' } } : {};
}
