/**
 * Ring → record visible, in headless Chromium: from the simulator's `POST /api/sim/calls` (or the
 * caller's SIP INVITE over UDP to the lab's Kamailio) to the caller's Contact record rendered in the
 * console, broken into stages with the connector's own per-call timeline. Each call is declined and
 * its record tab closed before the next, so every call pops a fresh tab. Each run starts its own
 * console (and Kamailio) and browser. Rings are sent when the console is idle.
 *
 * Usage: node --import tsx bench/ring-to-pop.ts simulator|sip [calls per run=100] [runs=3]
 */
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { launchBrowser, openConsole, rest, softphoneFrame, startConsole, type RunningConsole } from '../test/e2e/harness.js';
import { UdpCaller } from './sip-caller.js';
import { armPopTimer, lastCallTimeline, lastHostMarks, poppedAt, round, summarize, wallClock, type Mark, type Summary } from './support.js';

/** Where a ring comes from. */
export type RingSource = 'simulator' | 'sip';

/** The lab ports of this benchmark (other suites use their own). */
export const BENCH_SIP_PORT = 15080;
export const BENCH_WS_PORT = 18108;

/** Moments of one call, in ms after the ring was sent. */
interface CallSample {
  readonly total: number;
  readonly at: Readonly<Record<string, number>>;
  /** The console's search for the caller, asked of its server from Node: the baseline of `host:search`. */
  readonly serverSearch: number;
}

/** The stages reported, in the order they happen: connector timeline marks plus the console's render. */
const MOMENTS: ReadonlyArray<readonly [key: string, label: string]> = [
  ['ringing', 'ringing event reaches the connector'],
  ['ringing:applied', 'state updated (reducer, UI told)'],
  ['pop-requested', 'screen pop sent to Open CTI'],
  ['ringing:shown', 'ringing shown in the softphone'],
  ['host:received', 'the console received the screen pop'],
  ['host:searched', 'the console\'s search answered'],
  ['caller-popped', 'Open CTI answered the screen pop'],
  ['visible', 'record rendered in the console'],
];

/** Stages as durations: from one moment to the next on the critical path (`sent` is the ring sent). */
export const SEGMENTS: ReadonlyArray<readonly [key: string, label: string, from: string, to: string]> = [
  ['transport', 'ring sent → event in the connector (server, network, provider)', 'sent', 'ringing'],
  ['connector', 'event → screen pop sent (reducer, UI subscribers, effects runner)', 'ringing', 'pop-requested'],
  ['ui', 'event → ringing shown in the softphone (UI render)', 'ringing', 'ringing:shown'],
  ['host', 'screen pop sent → record rendered (Open CTI message, search, record page)', 'pop-requested', 'visible'],
  ['host:message', 'of which: screen pop sent → received by the console (postMessage)', 'pop-requested', 'host:received'],
  ['host:search', 'of which: the console\'s search (HTTP to the console server)', 'host:received', 'host:searched'],
  ['host:render', 'of which: search answered → record rendered (tab and record page)', 'host:searched', 'visible'],
];

/** Result of one ring source. */
export interface RingToPopResult {
  readonly source: RingSource;
  readonly calls: number;
  readonly runs: number;
  readonly total_ms: Summary;
  readonly perRun: ReadonlyArray<{ readonly p50_ms: number; readonly p99_ms: number }>;
  readonly moments_ms: Readonly<Record<string, Summary & { readonly label: string }>>;
  readonly segments_ms: Readonly<Record<string, Summary & { readonly label: string }>>;
  /** The search the console makes for each pop, asked of the same server from Node (no browser), once per call. */
  readonly serverSearch_ms: Summary;
  /** The segment with the largest median: where to cut first. */
  readonly slowestSegment: string;
  /** The largest part of the host stage (`host:message`, `host:search` or `host:render`). */
  readonly slowestHostPart: string;
}

const WARM_UP = 3;

/**
 * The console for `source`: `dev` with the simulator, or `lab` with Kamailio on the benchmark's ports.
 * `isolated` serves it cross-origin isolated, for 5 µs timers in the pages instead of 100 µs.
 */
export function startBenchConsole(source: RingSource, { isolated = false }: { isolated?: boolean } = {}): Promise<RunningConsole> {
  const flags = isolated ? ['--cross-origin-isolated'] : [];
  // Starting is not what is measured: on a busy machine the lab may need longer than the tests' 15 s.
  return source === 'sip' ? startConsole([...flags, '--sip-port', String(BENCH_SIP_PORT), '--ws-port', String(BENCH_WS_PORT)], 'lab', { timeoutMs: 60_000 }) : startConsole(flags, 'dev', { timeoutMs: 60_000 });
}

/** Opens the console and waits until its softphone is connected; returns the page and the softphone's frame. */
export async function openReadySoftphone(browser: Browser | BrowserContext, url: string): Promise<{ page: Page; frame: Frame }> {
  const { page, phone } = await openConsole(browser, url);
  await phone.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
  return { page, frame: softphoneFrame(page) };
}

/** Declines call `callId` through the softphone's connector, as the agent's button does. */
export async function declineCall(frame: Frame, callId: string): Promise<void> {
  await frame.evaluate((id) => (window as unknown as { softphone: { execute(command: object): Promise<unknown> } }).softphone.execute({ type: 'decline', callId: id }), callId);
}

/** Resolves once the softphone has no call left (the last one is logged). */
export async function softphoneIdle(frame: Frame): Promise<void> {
  await frame.waitForFunction(() => Object.keys((window as unknown as { softphone: { getState(): { calls: object } } }).softphone.getState().calls).length === 0, undefined, { polling: 5, timeout: 10_000 });
}

async function oneRun(source: RingSource, calls: number): Promise<CallSample[]> {
  const server = await startBenchConsole(source, { isolated: true });
  let browser: Browser | undefined;
  const caller = source === 'sip' ? await UdpCaller.open(BENCH_SIP_PORT) : undefined;
  const samples: CallSample[] = [];
  try {
    browser = await launchBrowser();
    const { page, frame } = await openReadySoftphone(browser, server.url);
    const [maria] = await rest<Array<{ Id: string; Name: string }>>(server.url, 'GET', '/api/sobjects/Contact?LastName=Chen');
    if (!maria) throw new Error('the seeded Contact Maria Chen is missing');
    for (let i = 0; i < calls + WARM_UP; i++) {
      await armPopTimer(page, maria.Id);
      // The console shares its thread with the softphone frame (same site): ring once it is idle again
      // after the last tab closed, as a call reaches an agent who is not clicking at that instant.
      await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 1000 })));
      let sent: number;
      if (caller) sent = caller.invite('agent1', i);
      else {
        sent = wallClock();
        await rest(server.url, 'POST', '/api/sim/calls', { from: '+1 415-555-0142' });
      }
      const visible = await poppedAt(page);
      const searchStarted = wallClock();
      await rest(server.url, 'GET', `/api/search?${new URLSearchParams({ q: '+14155550142', types: 'Contact,Lead,Account' }).toString()}`);
      const serverSearch = wallClock() - searchStarted;
      const timeline = await lastCallTimeline(frame);
      await declineCall(frame, timeline.id);
      await softphoneIdle(frame);
      await closeRecordTab(page, maria.Name);
      if (i < WARM_UP) continue;
      samples.push({ ...sampleOf(sent, visible, [...(await lastMarks(frame, timeline.id)), ...(await lastHostMarks(page, 'searchAndScreenPop'))]), serverSearch });
    }
  } finally {
    caller?.close();
    await browser?.close();
    await server.stop();
  }
  return samples;
}

/** The call's marks once its pop answer is in (it may land after the record is visible). */
async function lastMarks(frame: Frame, callId: string): Promise<Mark[]> {
  const timeline = await lastCallTimeline(frame);
  if (timeline.id !== callId) throw new Error(`expected the timeline of ${callId}, got ${timeline.id}`);
  return timeline.marks;
}

async function closeRecordTab(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Close ${name}` }).click();
}

function sampleOf(sent: number, visible: number, marks: readonly Mark[]): Omit<CallSample, 'serverSearch'> {
  const at: Record<string, number> = { sent: 0, visible: visible - sent };
  for (const mark of marks) if (!(mark.stage in at)) at[mark.stage] = mark.at - sent;
  for (const [key] of MOMENTS) if (at[key] === undefined) throw new Error(`the call's timeline lacks "${key}": ${marks.map((mark) => mark.stage).join(', ')}`);
  return { total: visible - sent, at };
}

/** Runs `runs` × `calls` rings from `source` and summarises them. */
export async function measureRingToPop(source: RingSource, calls = 100, runs = 3): Promise<RingToPopResult> {
  const all: CallSample[] = [];
  const perRun: Array<{ p50_ms: number; p99_ms: number }> = [];
  for (let run = 0; run < runs; run++) {
    const samples = await oneRun(source, calls);
    const summary = summarize(samples.map((sample) => sample.total));
    perRun.push({ p50_ms: summary.p50, p99_ms: summary.p99 });
    all.push(...samples);
  }
  const moments_ms = Object.fromEntries(MOMENTS.map(([key, label]) => [key, { label, ...summarize(all.map((sample) => sample.at[key]!), 2) }]));
  const segments_ms = Object.fromEntries(
    SEGMENTS.map(([key, label, from, to]) => [key, { label, ...summarize(all.map((sample) => sample.at[to]! - sample.at[from]!), 2) }]),
  );
  const slowest = (keys: readonly string[]): string => keys.reduce((found, key) => (segments_ms[key]!.p50 > segments_ms[found]!.p50 ? key : found));
  const slowestSegment = slowest(['transport', 'connector', 'host']);
  const slowestHostPart = slowest(['host:message', 'host:search', 'host:render']);
  const serverSearch_ms = summarize(all.map((sample) => sample.serverSearch), 2);
  return { source, calls: all.length, runs, total_ms: summarize(all.map((sample) => sample.total)), perRun, moments_ms, segments_ms, serverSearch_ms, slowestSegment, slowestHostPart };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const source = (process.argv[2] ?? 'simulator') as RingSource;
  const result = await measureRingToPop(source, Number(process.argv[3] ?? 100), Number(process.argv[4] ?? 3));
  console.log(JSON.stringify(result, null, 2));
  console.log(`${source}: p50 ${round(result.total_ms.p50)} ms, p99 ${round(result.total_ms.p99)} ms over ${result.calls} calls; slowest: ${result.slowestSegment}`);
}
