/**
 * Plain SIP through the lab's media gateway against WebRTC end to end, in headless Chromium with the
 * real lab (Kamailio + rtpengine), calls alternating between the two paths so both see the same
 * machine at the same time:
 *
 * - **gateway**: a SIPp caller offering plain RTP (`call-with-media.xml`, RTP/AVP PCMU, `-rtp_echo`),
 *   whose offer Kamailio has rtpengine rewrite into ICE + DTLS-SRTP for the browser;
 * - **webrtc**: the lab phone (SIP.js in the console page, fake microphone) calling the agent, media
 *   browser to browser, which Kamailio leaves to the peers (rtpengine untouched).
 *
 * Two figures per call:
 * - **INVITE → ringing shown**: from the INVITE leaving the caller (SIPp's `-trace_msg` time stamp;
 *   the lab phone's WebSocket `send`, noted in its frame) to the connector's `ringing:shown` mark in
 *   the softphone.
 * - **Accept → media flowing**: from the agent's answer command (what Accept runs) to the first
 *   inbound RTP packets counted by the browser's `getStats` (the provider's `mediaStats`, polled
 *   every 5 ms in the page, so up to 5 ms of detection lag plus one `getStats` call).
 *
 * All times are wall-clock estimates of processes on one machine (SIPp's `gettimeofday`, each
 * document's `performance.timeOrigin + now()`), which agree to well under a millisecond. The lab
 * phone runs in the console page beside the softphone (one renderer), so the WebRTC caller's own
 * work shares the agent's main thread, while SIPp is a process of its own: on busy shared cores that
 * weighs on the WebRTC side's figures.
 *
 * Usage: node --import tsx bench/sip-gateway.ts [calls per path=30]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame } from 'playwright-core';
import { sentTimes, sippMediaCall } from '../src/lab/sipp.js';
import { CONSOLE_VIEWPORT, eventually, launchBrowser, startConsole, type RunningConsole } from '../test/e2e/harness.js';
import { describeMachine, lastCallTimeline, round, summarize, type Summary } from './support.js';

/** The lab ports of this benchmark (the e2e suites use others). */
export const GATEWAY_BENCH_PORTS = { sip: 15505, ws: 18505, ng: 22231, rtp: '31100-31899', sippSip: 15511, sippRtp: 31910 } as const;

/** The two ways a call reaches the softphone. */
export type GatewayPath = 'gateway' | 'webrtc';

/** Figures of one path. */
export interface GatewayPathResult {
  readonly label: string;
  /** INVITE leaves the caller → ringing shown in the softphone. */
  readonly inviteToShown_ms: Summary;
  /** Answer command → first inbound RTP packets in the browser's statistics. */
  readonly acceptToMedia_ms: Summary;
}

/** Result of {@link measureSipGateway}. */
export interface SipGatewayResult {
  readonly date: string;
  readonly calls: number;
  readonly machine: Record<string, string | number | undefined>;
  /** How busy the shared cores were: the 1-minute load average when the run started and ended. */
  readonly loadAverage1m: { readonly start: number; readonly end: number };
  readonly gateway: GatewayPathResult;
  readonly webrtc: GatewayPathResult;
  /** gateway ÷ webrtc, per figure, at the median and at p99. */
  readonly ratio: {
    readonly inviteToShown: { readonly p50: number; readonly p99: number };
    readonly acceptToMedia: { readonly p50: number; readonly p99: number };
  };
}

const WARM_UP = 2;

interface Sample {
  readonly shown: number;
  readonly media: number;
}

/** Runs in every frame before its scripts: the lab phone notes when each INVITE leaves over its WebSocket. */
function noteInviteSent(): void {
  if (!location.pathname.startsWith('/lab/phone')) return;
  const send = WebSocket.prototype.send;
  (window as unknown as { __inviteSent?: number }).__inviteSent = undefined;
  WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
    if (typeof data === 'string' && data.startsWith('INVITE ')) (window as unknown as { __inviteSent?: number }).__inviteSent ??= performance.timeOrigin + performance.now();
    send.call(this, data);
  };
}

/** The id of the call ringing at the agent, once it rings. */
const ringingCall = (agent: Frame): Promise<string> =>
  eventually(() => agent.evaluate(() => {
    const state = (window as unknown as { softphone: { getState(): { calls: Record<string, { id: string; phase: string }> } } }).softphone.getState();
    return Object.values(state.calls).find((call) => call.phase === 'ringing')?.id;
  }), 15_000, 'a call ringing at the agent');

/** When the connector noted call `callId` ringing on screen. */
async function shownAt(agent: Frame, callId: string): Promise<number> {
  return eventually(async () => {
    const timeline = await lastCallTimeline(agent);
    return timeline.id === callId ? timeline.marks.find((mark) => mark.stage === 'ringing:shown')?.at : undefined;
  }, 5000, 'the ringing:shown mark');
}

/**
 * Answers `callId` as Accept does and resolves with the time from the command to the first inbound
 * RTP packets in the browser's statistics; the page does the timing, Node only waits.
 */
function answerUntilMedia(agent: Frame, callId: string): Promise<number> {
  return agent.evaluate(`(async () => {
    const softphone = window.softphone;
    const id = ${JSON.stringify(callId)};
    const started = performance.now();
    await softphone.execute({ type: 'answer', callId: id });
    const deadline = started + 10000;
    for (;;) {
      const stats = await softphone.provider.mediaStats(id).catch(() => undefined);
      if (stats && stats.packetsReceived > 0) return performance.now() - started;
      if (performance.now() > deadline) throw new Error('no inbound RTP packet within 10 s of the answer: ' + JSON.stringify(stats));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })()`) as Promise<number>;
}

/** Saves the wrap-up of every ended call and resolves once the softphone is idle. */
async function settle(agent: Frame): Promise<void> {
  await eventually(async () => {
    const left = await agent.evaluate(`(() => {
      const softphone = window.softphone;
      const calls = Object.values(softphone.getState().calls);
      for (const call of calls) if (call.phase === 'wrap-up' || call.phase === 'ended') void softphone.saveWrapUp(call.id, { notes: '' }).catch(() => undefined);
      return calls.length;
    })()`) as number;
    return left === 0 ? true : undefined;
  }, 15_000, 'the softphone idle');
}

interface LabPhone {
  labPhone: { call(options: object): Promise<string>; current(): { id: string; state: string } | undefined; hangup(): Promise<void> };
}

async function gatewayCall(agent: Frame, scratch: string, n: number): Promise<Sample> {
  const messageFile = join(scratch, `call-${n}.log`);
  const { sip, sippSip, sippRtp } = GATEWAY_BENCH_PORTS;
  const run = sippMediaCall({ sipPort: sip, localPort: sippSip, mediaPort: sippRtp, holdMs: 2500, caller: '+14155550142', messageFile });
  const callId = await ringingCall(agent);
  const shown = await shownAt(agent, callId);
  const media = await answerUntilMedia(agent, callId);
  const result = await run;
  if (result.exitCode !== 0) throw new Error(`SIPp call ${n} failed (exit ${result.exitCode}): ${result.output.slice(-1500)}`);
  const [sent] = sentTimes(readFileSync(messageFile, 'utf8'), 'INVITE');
  if (sent === undefined) throw new Error(`SIPp's trace of call ${n} holds no INVITE`);
  await settle(agent);
  return { shown: shown - sent, media };
}

async function webrtcCall(agent: Frame, lab: Frame): Promise<Sample> {
  await lab.evaluate('window.__inviteSent = undefined');
  await lab.evaluate(() => (window as unknown as LabPhone).labPhone.call({ from: '+14155550142', name: 'Maria Chen' }));
  const callId = await ringingCall(agent);
  const shown = await shownAt(agent, callId);
  const sent = Number(await lab.evaluate('window.__inviteSent'));
  if (!sent) throw new Error('the lab phone noted no INVITE sent');
  const media = await answerUntilMedia(agent, callId);
  await agent.evaluate(`window.softphone.execute({ type: 'hangup', callId: ${JSON.stringify(callId)} })`);
  await eventually(async () => ((await lab.evaluate(() => (window as unknown as LabPhone).labPhone.current())) === undefined ? true : undefined), 10_000, 'the lab phone idle');
  await settle(agent);
  return { shown: shown - sent, media };
}

/** Runs `calls` (plus warm-up) of each path, alternating, against one lab console and browser. */
export async function measureSipGateway(calls = 30): Promise<SipGatewayResult> {
  const { sip, ws, ng, rtp } = GATEWAY_BENCH_PORTS;
  const loadAtStart = Number(loadavg()[0]!.toFixed(2));
  const server: RunningConsole = await startConsole(['--sip-port', String(sip), '--ws-port', String(ws), '--rtp-ng-port', String(ng), '--rtp-ports', rtp], 'lab', { timeoutMs: 60_000 });
  const scratch = mkdtempSync(join(tmpdir(), 'softphone-bench-gateway-'));
  let browser: Browser | undefined;
  const samples: Record<GatewayPath, Sample[]> = { gateway: [], webrtc: [] };
  try {
    browser = await launchBrowser(['--autoplay-policy=no-user-gesture-required']);
    const context = await browser.newContext({ viewport: CONSOLE_VIEWPORT });
    await context.addInitScript('globalThis.__name ??= (target) => target;');
    await context.addInitScript(noteInviteSent);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const agent = await eventually(() => page.frames().find((frame) => frame.url().includes('/softphone/')), 10_000, 'the softphone frame');
    await agent.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 15_000 });
    const lab = await eventually(() => page.frames().find((frame) => frame.url().includes('/lab/phone/')), 10_000, 'the lab phone');
    await lab.waitForFunction(() => 'labPhone' in window);
    for (let i = 0; i < calls + WARM_UP; i++) {
      if (process.env.BENCH_PROGRESS) process.stderr.write(`sip-gateway call ${i}\n`);
      // Which path goes first alternates too, so neither always follows the other's teardown.
      const order: GatewayPath[] = i % 2 === 0 ? ['gateway', 'webrtc'] : ['webrtc', 'gateway'];
      for (const path of order) {
        const sample = path === 'gateway' ? await gatewayCall(agent, scratch, i) : await webrtcCall(agent, lab);
        if (i >= WARM_UP) samples[path].push(sample);
      }
    }
  } finally {
    await browser?.close();
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  const figures = (path: GatewayPath, label: string): GatewayPathResult => ({
    label,
    inviteToShown_ms: summarize(samples[path].map((sample) => sample.shown)),
    acceptToMedia_ms: summarize(samples[path].map((sample) => sample.media)),
  });
  const gateway = figures('gateway', 'SIPp, plain RTP (RTP/AVP PCMU), through rtpengine');
  const webrtc = figures('webrtc', 'lab phone (SIP.js in Chromium), WebRTC end to end, no gateway');
  const ratio = (a: Summary, b: Summary) => ({ p50: round(a.p50 / b.p50, 2), p99: round(a.p99 / b.p99, 2) });
  return {
    date: new Date().toISOString(),
    calls,
    machine: describeMachine(),
    loadAverage1m: { start: loadAtStart, end: Number(loadavg()[0]!.toFixed(2)) },
    gateway,
    webrtc,
    ratio: { inviteToShown: ratio(gateway.inviteToShown_ms, webrtc.inviteToShown_ms), acceptToMedia: ratio(gateway.acceptToMedia_ms, webrtc.acceptToMedia_ms) },
  };
}

/** The Markdown report of a run. */
export function renderSipGateway(result: SipGatewayResult): string {
  const row = (name: string, path: GatewayPathResult, figure: Summary) =>
    `| ${name} | ${path.label} | ${figure.n} | ${round(figure.p50)} ms | ${round(figure.p95)} ms | ${round(figure.p99)} ms | ${round(figure.max)} ms |`;
  /** One figure's section: both paths side by side and their ratio. */
  const section = (title: string, figure: 'inviteToShown' | 'acceptToMedia') => [
    `## ${title}`,
    '',
    '| path | caller | n | p50 | p95 | p99 | max |',
    '|---|---|---:|---:|---:|---:|---:|',
    row('gateway', result.gateway, result.gateway[`${figure}_ms`]),
    row('webrtc', result.webrtc, result.webrtc[`${figure}_ms`]),
    '',
    `Ratio gateway ÷ WebRTC: ${result.ratio[figure].p50}× at p50, ${result.ratio[figure].p99}× at p99.`,
    '',
  ];
  const { machine } = result;
  return [
    '# SIP through the media gateway, beside WebRTC end to end',
    '',
    `Run of ${result.date} by \`node --import tsx bench/sip-gateway.ts\` (after \`node scripts/build.mjs\`): headless Chromium ${String(machine.chromium ?? '?').split('.')[0]} with fake media, Kamailio ${machine.kamailio ?? '?'}, rtpengine, SIPp ${machine.sipp ?? '?'}, on ${String(machine.cores)} shared cores (load average ${result.loadAverage1m.start} at the start, ${result.loadAverage1m.end} at the end). ${result.calls} calls per path after ${WARM_UP} warm-up calls each, alternating; with fewer than 100 calls p99 is the slowest call. See bench/sip-gateway.ts for where each figure starts and stops. Raw figures in \`sip-gateway.json\`.`,
    '',
    ...section('INVITE → ringing shown in the softphone', 'inviteToShown'),
    ...section('Accept → media flowing (first inbound RTP packets in `getStats`)', 'acceptToMedia'),
  ].join('\n');
}

/** Writes bench/results/sip-gateway.json and .md (`name` for other runs, e.g. quick ones). */
export function writeSipGateway(result: SipGatewayResult, name = 'sip-gateway'): void {
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`bench/results/${name}.md`, renderSipGateway(result));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const calls = Number(process.argv[2] ?? 30);
  const result = await measureSipGateway(calls);
  writeSipGateway(result, calls >= 30 ? 'sip-gateway' : 'sip-gateway-quick');
  console.log(renderSipGateway(result));
}
