/**
 * Starts and stops the lab's Kamailio (registrar + proxy, SIP over UDP and WebSocket on loopback) as
 * a child process owned by the caller: readiness is both ports answering, stop is by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SoftphoneError } from '../core/index.js';

/** Options of {@link startKamailio}. */
export interface KamailioOptions {
  /** SIP over UDP (default 5060). */
  readonly sipPort?: number;
  /** SIP over WebSocket (default 8088). */
  readonly wsPort?: number;
  /** Kamailio binary; defaults to `$KAMAILIO_PATH`, then `kamailio` on PATH or in /usr/sbin. */
  readonly binary?: string;
  /** How long to wait for both ports (default 10 s). */
  readonly readyTimeoutMs?: number;
  /** Log every request and reply (Kamailio's info level). */
  readonly verbose?: boolean;
  /** Receives Kamailio's log lines (default: dropped, kept for the error message). */
  readonly onLog?: (line: string) => void;
  /**
   * The media gateway's ng control socket, `udp:127.0.0.1:<port>` (see `startRtpengine`): calls
   * between a browser and a plain-RTP SIP peer get their media bridged by it. Without it, none are.
   */
  readonly rtpengineSocket?: string;
}

/** A running Kamailio. */
export interface RunningKamailio {
  readonly pid: number;
  readonly sipPort: number;
  readonly wsPort: number;
  /** `ws://127.0.0.1:<wsPort>` */
  readonly wsUrl: string;
  /** SIGTERM to its process group by PID, then SIGKILL if it has not exited within 3 s. */
  stop(): Promise<void>;
}

/** Kamailio could not be found or did not come up. */
export class LabError extends SoftphoneError<'not-installed' | 'start-failed' | 'port-in-use'> {
  override readonly name = 'LabError';
  /** `options.cause` is the error this one wraps, if any. */
  constructor(code: 'not-installed' | 'start-failed' | 'port-in-use', message: string, options?: { readonly cause?: unknown }) {
    super(code, message, options);
  }
}

/**
 * Keeps the last 50 lines a lab process writes (for the error message when it fails to start) and
 * hands each line to `onLog`.
 */
export function tailLog(child: ChildProcess, onLog?: (line: string) => void): string[] {
  const log: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      log.push(line);
      if (log.length > 50) log.shift();
      onLog?.(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return log;
}

/** The lab folder (Kamailio config, SIPp scenarios), from the source tree or the installed package. */
export function labDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = dirname(dir)) if (existsSync(join(dir, 'lab', 'kamailio.cfg'))) return join(dir, 'lab');
  return resolve('lab');
}

/** Finds an executable by name on PATH and in the sbin folders (Debian installs Kamailio there). */
export function findBinary(name: string, envOverride?: string): string | undefined {
  if (envOverride && existsSync(envOverride)) return envOverride;
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  return dirs.map((dir) => join(dir, name)).find((path) => path && existsSync(path));
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      done(true);
    });
    socket.on('error', () => done(false));
    socket.setTimeout(500, () => {
      socket.destroy();
      done(false);
    });
  });
}

/** Sends an OPTIONS over UDP and waits for any SIP answer: the SIP side is up. */
function udpAnswers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createSocket('udp4');
    const branch = `z9hG4bK-ready-${Math.random().toString(36).slice(2)}`;
    const request = [
      `OPTIONS sip:127.0.0.1:${port} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:9;branch=${branch};rport`,
      'Max-Forwards: 70',
      `From: <sip:ready@127.0.0.1>;tag=${branch}`,
      `To: <sip:127.0.0.1:${port}>`,
      `Call-ID: ${branch}@127.0.0.1`,
      'CSeq: 1 OPTIONS',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      socket.close();
      done(ok);
    };
    const timer = setTimeout(() => finish(false), 400);
    socket.on('message', (message) => finish(message.toString('latin1').startsWith('SIP/2.0')));
    socket.on('error', () => finish(false));
    socket.send(request, port, '127.0.0.1');
  });
}

/** Starts Kamailio with the lab config and resolves once SIP over UDP and WebSocket both answer. */
export async function startKamailio(options: KamailioOptions = {}): Promise<RunningKamailio> {
  const sipPort = options.sipPort ?? 5060;
  const wsPort = options.wsPort ?? 8088;
  const binary = options.binary ?? findBinary('kamailio', process.env.KAMAILIO_PATH);
  if (!binary) {
    throw new LabError('not-installed', 'Kamailio is not installed. On Debian or Ubuntu: sudo apt-get install kamailio kamailio-websocket-modules (or set KAMAILIO_PATH).');
  }
  if ((await tcpOpen(wsPort)) || (await udpAnswers(sipPort))) {
    throw new LabError('port-in-use', `Port ${wsPort} (WebSocket) or ${sipPort} (SIP) on 127.0.0.1 is already in use: is another lab running?`);
  }
  const runDir = mkdtempSync(join(tmpdir(), 'softphone-lab-'));
  const args = [...(options.verbose ? ['-d', '-d'] : []), '-DD', '-E', '-f', join(labDir(), 'kamailio.cfg'), '-A', `SIP_PORT=${sipPort}`, '-A', `WS_PORT=${wsPort}`, '-A', `CTL_SOCKET="unix:${join(runDir, 'ctl')}"`, '-Y', runDir];
  if (options.rtpengineSocket !== undefined) {
    if (!/^udp6?:[\w.:[\]-]+:\d+$/.test(options.rtpengineSocket)) throw new LabError('start-failed', `rtpengineSocket must look like udp:127.0.0.1:22222, got "${options.rtpengineSocket}"`);
    args.push('-A', 'WITH_RTPENGINE', '-A', `RTPENGINE_SOCK="${options.rtpengineSocket}"`);
  }
  // Its own process group: Kamailio forks workers that hold the connections, and a stop (or a
  // simulated crash) must take all of them, not only the main process.
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const log = tailLog(child, options.onLog);
  let exited = false;
  const exit = new Promise<void>((done) => child.once('exit', () => ((exited = true), done())));
  const stop = async (): Promise<void> => {
    const group = -(child.pid ?? 0);
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(group, name);
      } catch {
        // Already gone.
      }
    };
    if (!exited) {
      signal('SIGTERM');
      const stopped = await Promise.race([exit.then(() => true), sleep(3000).then(() => false)]);
      if (!stopped) signal('SIGKILL');
      await exit;
    }
    // Workers of a main process that was killed outright are still in the group.
    signal('SIGKILL');
    rmSync(runDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 10_000);
  while (Date.now() < deadline) {
    if (exited) break;
    if ((await tcpOpen(wsPort)) && (await udpAnswers(sipPort))) {
      return { pid: child.pid ?? -1, sipPort, wsPort, wsUrl: `ws://127.0.0.1:${wsPort}`, stop };
    }
    await sleep(100);
  }
  await stop();
  throw new LabError('start-failed', `Kamailio did not come up on 127.0.0.1:${sipPort}/udp and :${wsPort}/ws.\n${log.slice(-15).join('\n')}`);
}
