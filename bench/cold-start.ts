/**
 * Cold start: from the softphone iframe's navigation to the provider connected and
 * `notifyInitializationComplete` answered, in the local console, each load in a fresh browser
 * context (empty HTTP cache, no storage), for the simulator and for SIP through the Kamailio lab.
 * The stages come from the connector's start-up timeline.
 *
 * Usage: node --import tsx bench/cold-start.ts simulator|sip [loads=20]
 */
import type { Browser } from 'playwright-core';
import { CONSOLE_VIEWPORT, launchBrowser } from '../test/e2e/harness.js';
import { startBenchConsole, type RingSource } from './ring-to-pop.js';
import { summarize, type Mark, type Summary } from './support.js';

export interface ColdStartResult {
  readonly provider: RingSource;
  readonly loads: number;
  /** Navigation → `host-ready` (Open CTI told the softphone is initialised). */
  readonly total_ms: Summary;
  /** Each start-up stage, in ms after the navigation started (medians and tails). */
  readonly stages_ms: Readonly<Record<string, Summary>>;
}

const WARM_UP = 2;

/** `loads` cold loads of the console's softphone with `provider`. */
export async function measureColdStart(provider: RingSource, loads = 20): Promise<ColdStartResult> {
  const server = await startBenchConsole(provider);
  let browser: Browser | undefined;
  const stages = new Map<string, number[]>();
  try {
    browser = await launchBrowser();
    for (let i = 0; i < loads + WARM_UP; i++) {
      const context = await browser.newContext({ viewport: CONSOLE_VIEWPORT });
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      const frame = await page.waitForSelector('iframe[title="Softphone"]', { state: 'attached' }).then((element) => element.contentFrame());
      if (!frame) throw new Error('the console has no softphone frame');
      const handle = await frame.waitForFunction(
        () => {
          const marks = (window as unknown as { softphone?: { timeline: { startup(): { marks: Mark[] } } } }).softphone?.timeline.startup().marks;
          return marks?.some((mark) => mark.stage === 'host-ready') ? marks : undefined;
        },
        undefined,
        { polling: 10, timeout: 15_000 },
      );
      const marks = (await handle.jsonValue()) as Mark[];
      await context.close();
      if (i < WARM_UP) continue;
      const origin = marks.find((mark) => mark.stage === 'navigation-start')?.at;
      if (origin === undefined) throw new Error('the start-up timeline lacks navigation-start');
      for (const mark of marks) {
        if (mark.stage === 'navigation-start') continue;
        stages.set(mark.stage, [...(stages.get(mark.stage) ?? []), mark.at - origin]);
      }
    }
  } finally {
    await browser?.close();
    await server.stop();
  }
  const hostReady = stages.get('host-ready');
  if (!hostReady) throw new Error('no load reached host-ready');
  return {
    provider,
    loads,
    total_ms: summarize(hostReady),
    stages_ms: Object.fromEntries([...stages].map(([stage, samples]) => [stage, summarize(samples)])),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const provider = (process.argv[2] ?? 'simulator') as RingSource;
  console.log(JSON.stringify(await measureColdStart(provider, Number(process.argv[3] ?? 20)), null, 2));
}
