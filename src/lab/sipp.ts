/** Runs SIPp scenarios of the lab against its Kamailio: inbound calls for tests, demos and benchmarks. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabError, findBinary, labDir } from './kamailio.js';

/** One caller of a SIPp run. */
export interface SippCaller {
  readonly number: string;
  readonly name?: string;
  /** Sent as `X-Account-Number`. */
  readonly account?: string;
}

/** Options of {@link ringAgent}. */
export interface RingAgentOptions {
  /** Who is called (default `agent1`). */
  readonly user?: string;
  /** Kamailio's SIP port (default 5060). */
  readonly sipPort?: number;
  /** Callers, used in turn; one call each unless `calls` says otherwise. */
  readonly callers: readonly SippCaller[];
  readonly calls?: number;
  /** How long each call rings before the caller gives up (default 2000 ms). */
  readonly ringMs?: number;
  /** New calls per second (default 10). */
  readonly rate?: number;
  /**
   * When set, the caller does not give up: it waits for the agent's answer, acknowledges it this
   * many milliseconds late, then waits for the agent's BYE (the `answer-late-ack.xml` scenario).
   */
  readonly ackDelayMs?: number;
}

/** What a SIPp run reported. */
export interface SippResult {
  readonly exitCode: number;
  /** SIPp's screen output, then its error file (`-trace_err`) when it wrote one. */
  readonly output: string;
}

// SIPp's -inf fields are separated by ";": strip it (and line breaks) from caller data.
const field = (value: string | undefined) => (value ?? '').replace(/[;\r\n]/g, ' ');

/** Rings the agent from SIPp over UDP (`ring-agent.xml`, or `answer-late-ack.xml` with `ackDelayMs`); resolves when SIPp exits. */
export async function ringAgent(options: RingAgentOptions): Promise<SippResult> {
  const sipp = findBinary('sipp', process.env.SIPP_PATH);
  if (!sipp) throw new LabError('not-installed', 'SIPp is not installed. On Debian or Ubuntu: sudo apt-get install sip-tester (or set SIPP_PATH).');
  const dir = mkdtempSync(join(tmpdir(), 'softphone-sipp-'));
  try {
    const csv = ['SEQUENTIAL', ...options.callers.map((caller) => `${field(caller.number)};${field(caller.name ?? caller.number)};${field(caller.account)};`)].join('\n');
    writeFileSync(join(dir, 'callers.csv'), `${csv}\n`);
    const pauseMs = options.ackDelayMs ?? options.ringMs ?? 2000;
    const args = [
      `127.0.0.1:${options.sipPort ?? 5060}`,
      '-sf', join(labDir(), 'sipp', options.ackDelayMs === undefined ? 'ring-agent.xml' : 'answer-late-ack.xml'),
      '-inf', join(dir, 'callers.csv'),
      '-s', options.user ?? 'agent1',
      '-i', '127.0.0.1',
      '-m', String(options.calls ?? options.callers.length),
      '-r', String(options.rate ?? 10),
      '-d', String(pauseMs),
      '-nostdin',
      // A call whose answer never comes fails instead of hanging the run.
      '-recv_timeout', String(pauseMs + 5000),
      '-timeout', `${Math.ceil(((options.calls ?? options.callers.length) / (options.rate ?? 10)) + pauseMs / 1000 + 15)}s`,
      '-trace_err',
      '-error_file', join(dir, 'errors.log'),
    ];
    return await new Promise<SippResult>((resolve, reject) => {
      const child = spawn(sipp, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
      child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
      child.on('error', reject);
      child.on('exit', (code) => {
        // SIPp writes what went wrong with a call (unexpected message, timeout) to its error file only.
        const errorsFile = join(dir, 'errors.log');
        const errors = existsSync(errorsFile) ? readFileSync(errorsFile, 'utf8').slice(-10_000) : '';
        resolve({ exitCode: code ?? -1, output: errors ? `${output}\n--- SIPp errors ---\n${errors}` : output });
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Options of {@link sippMediaCall}. */
export interface SippMediaCallOptions {
  /** Kamailio's SIP port. */
  readonly sipPort: number;
  /** SIPp's own SIP port on 127.0.0.1. */
  readonly localPort: number;
  /** SIPp's RTP port (it echoes what arrives there back to the sender). */
  readonly mediaPort: number;
  /** Calling: who is called (default `agent1`). Answering: ignored. */
  readonly user?: string;
  /**
   * `call` (default): a plain SIP phone (`call-with-media.xml`) offering RTP/AVP PCMU with no ICE
   * and no DTLS; it hangs up `holdMs` after the answer. `answer-early-media`: SIPp answers one call
   * with 183 Session Progress and SDP, then 200 OK `earlyMs` later, and waits for the BYE.
   */
  readonly scenario?: 'call' | 'answer-early-media';
  /** The caller's number (`call`, default +14155550142). */
  readonly caller?: string;
  /** How long the answered call lasts before SIPp hangs up (`call`, default 4000 ms). */
  readonly holdMs?: number;
  /** How long early media lasts before the 200 OK (`answer-early-media`, default 2000 ms). */
  readonly earlyMs?: number;
  /** Gives up after this long without the expected message (default 20 s). */
  readonly timeoutMs?: number;
  /**
   * A file for SIPp's message trace (`-trace_msg`): every message sent and received, each after a
   * line with the wall-clock time to the microsecond (local time). The benchmarks time the INVITE by it.
   */
  readonly messageFile?: string;
}

/** The local wall-clock times (ms since the epoch) of the SIP requests `method` SIPp sent, read from its `-trace_msg` file. */
export function sentTimes(trace: string, method: string): number[] {
  const times: number[] = [];
  const pattern = /^-+ (\d{4})-(\d{2})-(\d{2})\s+(\d{2}):(\d{2}):(\d{2})\.(\d{6})\s*\r?\n\w+ message sent \(\d+ bytes\):\s*\r?\n\s*(\S+)/gm;
  for (const match of trace.matchAll(pattern)) {
    if (match[8] !== method) continue;
    const [year, month, day, hour, minute, second, micros] = match.slice(1, 8).map(Number) as [number, number, number, number, number, number, number];
    times.push(new Date(year, month - 1, day, hour, minute, second).getTime() + micros / 1000);
  }
  return times;
}

/**
 * One call with real media from SIPp, which echoes the RTP it receives (`-rtp_echo`): a plain-RTP
 * caller, or (`answer-early-media`) a callee that plays early media. Resolves when SIPp exits.
 */
export async function sippMediaCall(options: SippMediaCallOptions): Promise<SippResult> {
  const sipp = findBinary('sipp', process.env.SIPP_PATH);
  if (!sipp) throw new LabError('not-installed', 'SIPp is not installed. On Debian or Ubuntu: sudo apt-get install sip-tester (or set SIPP_PATH).');
  const dir = mkdtempSync(join(tmpdir(), 'softphone-sipp-'));
  const answering = options.scenario === 'answer-early-media';
  const timeoutMs = options.timeoutMs ?? 20_000;
  try {
    const args = [
      ...(answering ? ['-sf', join(labDir(), 'sipp', 'answer-early-media.xml'), '-d', String(options.earlyMs ?? 2000)] : [`127.0.0.1:${options.sipPort}`, '-sf', join(labDir(), 'sipp', 'call-with-media.xml'), '-key', 'caller', field(options.caller ?? '+14155550142'), '-s', options.user ?? 'agent1', '-d', String(options.holdMs ?? 4000)]),
      '-i', '127.0.0.1',
      '-p', String(options.localPort),
      '-mi', '127.0.0.1',
      '-mp', String(options.mediaPort),
      '-rtp_echo',
      '-m', '1',
      '-nostdin',
      '-recv_timeout', String(timeoutMs),
      '-timeout', `${Math.ceil(timeoutMs / 1000) + 10}s`,
      '-trace_err',
      '-error_file', join(dir, 'errors.log'),
      ...(options.messageFile ? ['-trace_msg', '-message_file', options.messageFile] : []),
    ];
    return await new Promise<SippResult>((resolve, reject) => {
      const child = spawn(sipp, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
      child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ exitCode: code ?? -1, output }));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
