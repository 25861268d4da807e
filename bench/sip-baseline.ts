/**
 * Our overhead over the SIP stack: INVITE (UDP, to the lab's Kamailio) → `onInvite` of a bare SIP.js
 * user agent with no connector (the baseline), against INVITE → ringing shown by our softphone in
 * the console. Calls alternate between the two, so both see the same machine at the same time, and
 * each INVITE leaves once the pages are idle and the previous call's signalling is over.
 *
 * The bare user agent (its own SIP.js bundle, registered as another user) runs in the softphone's
 * document. Both are then timed on one clock: each document's wall clock is its own estimate, and two
 * documents disagree by up to a few tenths of a millisecond, as much as the overhead measured.
 *
 * The ratio is reported end to end (INVITE sent → shown, against INVITE sent → `onInvite`) and in the
 * page (the INVITE's WebSocket message → shown, against message → `onInvite`), each with a 95 %
 * bootstrap interval over the pooled calls. Runs are added (up to `maxRuns`) until both intervals'
 * half-widths are within `halfWidth` (±0.03), so that re-runs agree to that.
 *
 * Usage: node --import tsx bench/sip-baseline.ts [calls each per run=100] [runs=3] [maxRuns=8]
 */
import { build } from 'esbuild';
import type { Browser, Frame } from 'playwright-core';
import { CONSOLE_VIEWPORT, launchBrowser } from '../test/e2e/harness.js';
import { BENCH_SIP_PORT, BENCH_WS_PORT, declineCall, openReadySoftphone, softphoneIdle, startBenchConsole } from './ring-to-pop.js';
import { UdpCaller } from './sip-caller.js';
import { ratioOfMedians, type RatioEstimate } from './ratio.js';
import { lastCallTimeline, round, summarize, type Summary } from './support.js';

export interface SipBaselineResult {
  /** INVITEs to each user agent per run. */
  readonly calls: number;
  readonly runs: number;
  /** INVITE sent → `onInvite` of the bare SIP.js user agent. */
  readonly bare_ms: Summary;
  /** INVITE sent → the ringing event reaches our connector (SIP.js + our provider). */
  readonly ours_event_ms: Summary;
  /** INVITE sent → ringing shown in our softphone. */
  readonly ours_shown_ms: Summary;
  /**
   * ours_shown / bare, at the median and at p99, over every run's calls (`p50`, `p99`: end to end);
   * `endToEnd` and `inPage` with their 95 % bootstrap intervals.
   */
  readonly ratio: { readonly p50: number; readonly p99: number; readonly endToEnd: RatioEstimate; readonly inPage: RatioEstimate };
  /** Runs were pooled until both intervals' half-widths were within `targetHalfWidth`, or `maxRuns` was reached. */
  readonly pooling: { readonly targetHalfWidth: number; readonly maxRuns: number; readonly met: boolean };
  /** The median ratio of each run alone. */
  readonly perRunRatio: readonly number[];
  /** INVITE sent → its WebSocket message in the page, per user agent (Kamailio, WebSocket, browser). */
  readonly transport_ms: { readonly bare: Summary; readonly ours: Summary };
  /** From the WebSocket message in the page: to `onInvite` (bare), to the ringing event and to ringing shown (ours). */
  readonly inPage_ms: { readonly bare: Summary; readonly oursEvent: Summary; readonly oursShown: Summary };
}

const WARM_UP = 3;

declare global {
  interface Window {
    /** When each INVITE's WebSocket message reached the page, before any SIP.js code ran. */
    inviteArrivals: Array<{ at: number; callId: string }>;
  }
}

/** Init script: notes the arrival of every INVITE over any WebSocket of the page, ahead of SIP.js's own listener. */
function noteInviteArrivals(): void {
  const arrivals: Window['inviteArrivals'] = [];
  window.inviteArrivals = arrivals;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (event: MessageEvent) => {
        const at = performance.timeOrigin + performance.now();
        if (typeof event.data === 'string' && event.data.startsWith('INVITE ')) arrivals.push({ at, callId: /^Call-ID:\s*(\S+)/im.exec(event.data)?.[1] ?? '' });
      });
    }
  };
}

async function bareSipBundle(): Promise<string> {
  const result = await build({ entryPoints: ['bench/bare-sipjs/page.ts'], bundle: true, format: 'iife', platform: 'browser', target: 'chrome110', minify: true, write: false });
  return result.outputFiles[0]!.text;
}

async function shownAfter(frame: Frame, previous: string | undefined): Promise<{ id: string; ringing: number; shown: number }> {
  for (const started = Date.now(); Date.now() - started < 5000; ) {
    const timeline = await lastCallTimeline(frame).catch(() => undefined);
    const ringing = timeline?.marks.find((mark) => mark.stage === 'ringing');
    const shown = timeline?.marks.find((mark) => mark.stage === 'ringing:shown');
    if (timeline && timeline.id !== previous && ringing && shown) return { id: timeline.id, ringing: ringing.at, shown: shown.at };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the softphone did not show the ringing call within 5 s');
}

/** The samples of one run, in ms (see {@link SipBaselineResult}). */
interface RunSamples {
  readonly bare: number[];
  readonly event: number[];
  readonly shown: number[];
  readonly bareTransport: number[];
  readonly oursTransport: number[];
  readonly bareInPage: number[];
  readonly oursEventInPage: number[];
  readonly oursShownInPage: number[];
}

/** One run: its own console, Kamailio and browser; `calls` INVITEs to each user agent, alternating. */
async function measureRun(calls: number, bundle: string): Promise<RunSamples> {
  const samples: RunSamples = { bare: [], event: [], shown: [], bareTransport: [], oursTransport: [], bareInPage: [], oursEventInPage: [], oursShownInPage: [] };
  const server = await startBenchConsole('sip', { isolated: true });
  const caller = await UdpCaller.open(BENCH_SIP_PORT);
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: CONSOLE_VIEWPORT });
    await context.addInitScript(noteInviteArrivals);
    const { page, frame } = await openReadySoftphone(context, server.url);
    // In the softphone's document: the same process, main thread and clock (see above).
    await frame.evaluate((server) => (window.bareSipOptions = { user: 'bare1', server }), `ws://127.0.0.1:${BENCH_WS_PORT}`);
    await frame.evaluate(bundle);
    await frame.evaluate(() => window.bareSip.ready);
    let previous: string | undefined;
    // Each INVITE leaves a quiet machine: the previous call's answer, ACK and UI work are done.
    const settle = async (): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, 25));
      await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 1000 })));
    };
    for (let i = 0; i < calls + WARM_UP; i++) {
      const count = await frame.evaluate(() => window.bareSip.invites.length);
      await settle();
      const bareSent = caller.invite('bare1', 2 * i);
      const handle = await frame.waitForFunction((n) => window.bareSip.invites[n]?.at, count, { polling: 5, timeout: 5000 });
      const bareAt = Number(await handle.jsonValue());

      await settle();
      const oursSent = caller.invite('agent1', 2 * i + 1);
      const ours = await shownAfter(frame, previous);
      previous = ours.id;
      await declineCall(frame, ours.id);
      await softphoneIdle(frame);
      const [bareArrival, oursArrival] = await frame.evaluate(() => window.inviteArrivals.slice(-2));
      if (i < WARM_UP) continue;
      if (!bareArrival?.callId.includes(`-${2 * i}@`) || !oursArrival?.callId.includes(`-${2 * i + 1}@`)) throw new Error(`INVITE arrivals out of step: ${JSON.stringify([bareArrival, oursArrival])}`);
      samples.bare.push(bareAt - bareSent);
      samples.event.push(ours.ringing - oursSent);
      samples.shown.push(ours.shown - oursSent);
      samples.bareTransport.push(bareArrival.at - bareSent);
      samples.oursTransport.push(oursArrival.at - oursSent);
      samples.bareInPage.push(bareAt - bareArrival.at);
      samples.oursEventInPage.push(ours.ringing - oursArrival.at);
      samples.oursShownInPage.push(ours.shown - oursArrival.at);
    }
  } finally {
    caller.close();
    await browser?.close();
    await server.stop();
  }
  return samples;
}

const median = (values: readonly number[]): number => summarize(values, 3).p50;

/**
 * `runs` runs of `calls` INVITEs to each user agent, alternating, pooled. Each run has its own
 * console, Kamailio and browser: how a run's two WebSocket connections and two copies of SIP.js fare
 * differs from run to run by a tenth of a millisecond or so, and pooling runs evens that out.
 */
export async function measureSipBaseline(calls = 100, runs = 3, options: { maxRuns?: number; halfWidth?: number } = {}): Promise<SipBaselineResult> {
  const bundle = await bareSipBundle();
  const maxRuns = Math.max(runs, options.maxRuns ?? runs);
  const targetHalfWidth = options.halfWidth ?? 0.03;
  const perRun: RunSamples[] = [];
  const pooled = (key: keyof RunSamples): number[] => perRun.flatMap((samples) => samples[key]);
  const estimates = () => ({ endToEnd: ratioOfMedians(pooled('shown'), pooled('bare')), inPage: ratioOfMedians(pooled('oursShownInPage'), pooled('bareInPage')) });
  const agreed = (): boolean => {
    const { endToEnd, inPage } = estimates();
    return endToEnd.halfWidth <= targetHalfWidth && inPage.halfWidth <= targetHalfWidth;
  };
  while (perRun.length < runs || (perRun.length < maxRuns && !agreed())) perRun.push(await measureRun(calls, bundle));
  const { endToEnd, inPage } = estimates();
  const bare_ms = summarize(pooled('bare'), 2);
  const ours_shown_ms = summarize(pooled('shown'), 2);
  return {
    calls,
    runs: perRun.length,
    bare_ms,
    ours_event_ms: summarize(pooled('event'), 2),
    ours_shown_ms,
    ratio: { p50: round(ours_shown_ms.p50 / bare_ms.p50, 2), p99: round(ours_shown_ms.p99 / bare_ms.p99, 2), endToEnd, inPage },
    pooling: { targetHalfWidth, maxRuns, met: endToEnd.halfWidth <= targetHalfWidth && inPage.halfWidth <= targetHalfWidth },
    perRunRatio: perRun.map((samples) => round(median(samples.shown) / median(samples.bare), 2)),
    transport_ms: { bare: summarize(pooled('bareTransport'), 2), ours: summarize(pooled('oursTransport'), 2) },
    inPage_ms: { bare: summarize(pooled('bareInPage'), 2), oursEvent: summarize(pooled('oursEventInPage'), 2), oursShown: summarize(pooled('oursShownInPage'), 2) },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureSipBaseline(Number(process.argv[2] ?? 100), Number(process.argv[3] ?? 3), { maxRuns: Number(process.argv[4] ?? 8) }), null, 2));
}
