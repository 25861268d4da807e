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
 * Usage: node --import tsx bench/sip-baseline.ts [calls each=100]
 */
import { build } from 'esbuild';
import type { Browser, Frame } from 'playwright-core';
import { launchBrowser } from '../test/e2e/harness.js';
import { BENCH_SIP_PORT, BENCH_WS_PORT, declineCall, openReadySoftphone, softphoneIdle, startBenchConsole } from './ring-to-pop.js';
import { UdpCaller } from './sip-caller.js';
import { lastCallTimeline, round, summarize, type Summary } from './support.js';

export interface SipBaselineResult {
  readonly calls: number;
  /** INVITE sent → `onInvite` of the bare SIP.js user agent. */
  readonly bare_ms: Summary;
  /** INVITE sent → the ringing event reaches our connector (SIP.js + our provider). */
  readonly ours_event_ms: Summary;
  /** INVITE sent → ringing shown in our softphone. */
  readonly ours_shown_ms: Summary;
  /** ours_shown / bare, at the median and at p99. */
  readonly ratio: { readonly p50: number; readonly p99: number };
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

/** `calls` INVITEs to each of the bare page and the softphone, alternating. */
export async function measureSipBaseline(calls = 100): Promise<SipBaselineResult> {
  const server = await startBenchConsole('sip', { isolated: true });
  const caller = await UdpCaller.open(BENCH_SIP_PORT);
  let browser: Browser | undefined;
  const bare: number[] = [];
  const event: number[] = [];
  const shown: number[] = [];
  const bareTransport: number[] = [];
  const oursTransport: number[] = [];
  const bareInPage: number[] = [];
  const oursEventInPage: number[] = [];
  const oursShownInPage: number[] = [];
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(noteInviteArrivals);
    const { page, frame } = await openReadySoftphone(context, server.url);
    // In the softphone's document: the same process, main thread and clock (see above).
    const barePage = frame;
    await barePage.evaluate((server) => (window.bareSipOptions = { user: 'bare1', server }), `ws://127.0.0.1:${BENCH_WS_PORT}`);
    await barePage.evaluate(await bareSipBundle());
    await barePage.evaluate(() => window.bareSip.ready);
    let previous: string | undefined;
    // Each INVITE leaves a quiet machine: the previous call's answer, ACK and UI work are done.
    const settle = async (): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, 25));
      for (const each of [barePage, page]) await each.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 1000 })));
    };
    for (let i = 0; i < calls + WARM_UP; i++) {
      const count = await barePage.evaluate(() => window.bareSip.invites.length);
      await settle();
      const bareSent = caller.invite('bare1', 2 * i);
      const handle = await barePage.waitForFunction((n) => window.bareSip.invites[n]?.at, count, { polling: 5, timeout: 5000 });
      const bareAt = Number(await handle.jsonValue());

      await settle();
      const oursSent = caller.invite('agent1', 2 * i + 1);
      const ours = await shownAfter(frame, previous);
      previous = ours.id;
      await declineCall(frame, ours.id);
      await softphoneIdle(frame);
      const arrivals = await frame.evaluate(() => window.inviteArrivals.slice(-2));
      if (i < WARM_UP) continue;
      const [bareArrival, oursArrival] = arrivals;
      if (!bareArrival?.callId.includes(`-${2 * i}@`) || !oursArrival?.callId.includes(`-${2 * i + 1}@`)) throw new Error(`INVITE arrivals out of step: ${JSON.stringify(arrivals)}`);
      bareTransport.push(bareArrival.at - bareSent);
      oursTransport.push(oursArrival.at - oursSent);
      bareInPage.push(bareAt - bareArrival.at);
      oursEventInPage.push(ours.ringing - oursArrival.at);
      oursShownInPage.push(ours.shown - oursArrival.at);
      bare.push(bareAt - bareSent);
      event.push(ours.ringing - oursSent);
      shown.push(ours.shown - oursSent);
    }
  } finally {
    caller.close();
    await browser?.close();
    await server.stop();
  }
  const bare_ms = summarize(bare, 2);
  const ours_shown_ms = summarize(shown, 2);
  return {
    calls,
    bare_ms,
    ours_event_ms: summarize(event, 2),
    ours_shown_ms,
    ratio: { p50: round(ours_shown_ms.p50 / bare_ms.p50, 2), p99: round(ours_shown_ms.p99 / bare_ms.p99, 2) },
    transport_ms: { bare: summarize(bareTransport, 2), ours: summarize(oursTransport, 2) },
    inPage_ms: { bare: summarize(bareInPage, 2), oursEvent: summarize(oursEventInPage, 2), oursShown: summarize(oursShownInPage, 2) },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureSipBaseline(Number(process.argv[2] ?? 100)), null, 2));
}
