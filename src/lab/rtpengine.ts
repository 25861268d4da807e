/**
 * Starts and stops the lab's media gateway, rtpengine, in user space on loopback (no kernel module)
 * as a child process owned by the caller: readiness is its ng control port answering `ping`, stop
 * is by PID. Kamailio asks it to bridge WebRTC (ICE, DTLS-SRTP, rtcp-mux) and plain RTP per leg.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabError, findBinary, tailLog } from './kamailio.js';

/** Options of {@link startRtpengine}. */
export interface RtpengineOptions {
  /** The ng control protocol's UDP port on 127.0.0.1 (default 22222). */
  readonly ngPort?: number;
  /** First and last UDP port for media (default 30000–30100). */
  readonly portMin?: number;
  readonly portMax?: number;
  /**
   * Folder for the gateway's call recordings (pcap files of the plain-RTP side and their metadata).
   * Default: a scratch folder removed on stop.
   */
  readonly recordingDir?: string;
  /** Binary; defaults to `$RTPENGINE_PATH`, then `rtpengine` on PATH. */
  readonly binary?: string;
  /** How long to wait for the ng port (default 10 s). */
  readonly readyTimeoutMs?: number;
  /** Receives rtpengine's log lines (default: dropped, kept for the error message). */
  readonly onLog?: (line: string) => void;
}

/** A running rtpengine. */
export interface RunningRtpengine {
  readonly pid: number;
  readonly ngPort: number;
  /** `udp:127.0.0.1:<ngPort>`, as Kamailio's `rtpengine_sock` names it. */
  readonly socket: string;
  /** Where recordings go: `<recordingDir>/pcaps/*.pcap`, `<recordingDir>/metadata/*`. */
  readonly recordingDir: string;
  /** SIGTERM by PID, then SIGKILL if it has not exited within 3 s. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Sends one ng command (bencoded dictionary, here only flat ones of strings) and resolves with the
 * raw bencoded answer, or undefined when nothing answers within `timeoutMs`.
 */
export function ngCommand(port: number, command: Readonly<Record<string, string>>, timeoutMs = 400): Promise<string | undefined> {
  return new Promise((done) => {
    const socket = createSocket('udp4');
    const cookie = Math.random().toString(36).slice(2, 10);
    const encode = (text: string) => `${Buffer.byteLength(text)}:${text}`;
    const body = `d${Object.keys(command).sort().map((key) => encode(key) + encode(command[key] ?? '')).join('')}e`;
    const finish = (answer: string | undefined) => {
      clearTimeout(timer);
      socket.close();
      done(answer);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('message', (message) => {
      const text = message.toString('latin1');
      if (text.startsWith(`${cookie} `)) finish(text.slice(cookie.length + 1));
    });
    socket.on('error', () => finish(undefined));
    socket.send(`${cookie} ${body}`, port, '127.0.0.1');
  });
}

/** Whether an rtpengine answers `ping` on the ng port. */
export async function rtpengineAnswers(port: number): Promise<boolean> {
  return (await ngCommand(port, { command: 'ping' }))?.includes('4:pong') ?? false;
}

/** Starts rtpengine on 127.0.0.1 and resolves once its ng control port answers `ping`. */
export async function startRtpengine(options: RtpengineOptions = {}): Promise<RunningRtpengine> {
  const ngPort = options.ngPort ?? 22222;
  const portMin = options.portMin ?? 30000;
  const portMax = options.portMax ?? 30100;
  const binary = options.binary ?? findBinary('rtpengine', process.env.RTPENGINE_PATH);
  if (!binary) {
    throw new LabError('not-installed', 'rtpengine is not installed. On Debian or Ubuntu: sudo apt-get install --no-install-recommends rtpengine-daemon (or set RTPENGINE_PATH).');
  }
  if (await rtpengineAnswers(ngPort)) throw new LabError('port-in-use', `An rtpengine already answers on 127.0.0.1:${ngPort}: is another lab running?`);
  const runDir = mkdtempSync(join(tmpdir(), 'softphone-rtpengine-'));
  const recordingDir = options.recordingDir ?? join(runDir, 'recordings');
  mkdirSync(recordingDir, { recursive: true });
  const args = [
    '--foreground',
    '--log-stderr',
    // User space only: no kernel table, and never fall back to asking for one.
    '--table=-1',
    '--interface=127.0.0.1',
    `--listen-ng=127.0.0.1:${ngPort}`,
    `--port-min=${portMin}`,
    `--port-max=${portMax}`,
    `--pidfile=${join(runDir, 'rtpengine.pid')}`,
    // rtpengine alone (without the recording daemon, which needs the kernel module) writes each
    // recorded call's decrypted RTP as a pcap file; src/lab/recording.ts turns one into a WAV file.
    `--recording-dir=${recordingDir}`,
    '--recording-method=pcap',
    '--recording-format=raw',
    // A hung-up call is closed at once (default: 30 s later), so its recording is complete on disk.
    '--delete-delay=0',
    // No configuration file: the packaged /etc/rtpengine/rtpengine.conf is for the system service.
    '--config-file=none',
  ];
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = tailLog(child, options.onLog);
  let exited = false;
  const exit = new Promise<void>((done) => child.once('exit', () => ((exited = true), done())));
  child.once('error', () => (exited = true));
  const stop = async (): Promise<void> => {
    if (!exited && child.pid !== undefined) {
      child.kill('SIGTERM');
      const stopped = await Promise.race([exit.then(() => true), sleep(3000).then(() => false)]);
      if (!stopped) child.kill('SIGKILL');
      await exit;
    }
    rmSync(runDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 10_000);
  while (Date.now() < deadline && !exited) {
    if (await rtpengineAnswers(ngPort)) {
      return { pid: child.pid ?? -1, ngPort, socket: `udp:127.0.0.1:${ngPort}`, recordingDir, stop };
    }
    await sleep(100);
  }
  await stop();
  throw new LabError('start-failed', `rtpengine did not answer on 127.0.0.1:${ngPort} (ng).\n${log.slice(-15).join('\n')}`);
}
