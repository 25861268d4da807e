/**
 * Soak: thousands of calls in one softphone page, measuring the page's JS heap after forced garbage
 * collection before and after. Runs when `SOAK_CALLS` is set (CI sets 5000); the figures are written
 * to bench/results/soak.json.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, CDPSession, Frame, Page } from 'playwright-core';
import { eventually, rest, startConsole, type RunningConsole } from './harness.js';
import { aliasUrl, launchReliabilityBrowser, readySoftphone } from './reliability-harness.js';

const CALLS = Number(process.env.SOAK_CALLS ?? 0);
const WARM_UP = 200;
const CONCURRENCY = 8;
const HEAP_BUDGET_BYTES = 5 * 1024 * 1024;

type Softphone = {
  execute(command: { type: string; callId: string }): Promise<unknown>;
  saveWrapUp(callId: string, wrapUp: { disposition?: string; notes: string }): void;
  getState(): { calls: Record<string, { phase: string } | undefined> };
  pendingLogs(): number;
};

describe('soak', { skip: CALLS > 0 ? false : 'set SOAK_CALLS (e.g. 5000) to run', timeout: 30 * 60_000 }, () => {
  let server: RunningConsole;
  let browser: Browser;
  let page: Page;
  let frame: Frame;
  let cdp: CDPSession;

  before(async () => {
    server = await startConsole();
    browser = await launchReliabilityBrowser();
    page = await browser.newPage();
    await page.goto(`${aliasUrl(server.url)}/`);
    frame = await readySoftphone(page);
    cdp = await page.context().newCDPSession(page);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function heapAfterGc(): Promise<number> {
    for (let round = 0; round < 3; round++) {
      for (const each of page.frames()) await each.evaluate(() => (globalThis as unknown as { gc?: () => void }).gc?.());
      await cdp.send('HeapProfiler.collectGarbage');
      await page.waitForTimeout(200);
    }
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize;
  }

  const placed: string[] = [];

  async function oneCall(index: number): Promise<void> {
    const { callId } = await rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', { from: '+1 415-555-0142', name: `Soak ${index}` });
    placed.push(callId);
    await eventually(async () => {
      const ok = await frame.evaluate(
        (id) => (window as unknown as { softphone: Softphone }).softphone.execute({ type: 'answer', callId: id }).then(() => true, () => false),
        callId,
      );
      return ok ? true : undefined;
    }, 10_000, `answer ${callId}`);
    await rest(server.url, 'POST', `/api/sim/calls/${callId}/hangup`);
    await eventually(
      () =>
        frame.evaluate((id) => {
          const phone = (window as unknown as { softphone: Softphone }).softphone;
          if (phone.getState().calls[id]?.phase !== 'wrap-up') return undefined;
          phone.saveWrapUp(id, { disposition: 'Resolved', notes: `Soak call ${id}` });
          return true;
        }, callId),
      10_000,
      `wrap-up ${callId}`,
    );
  }

  async function run(from: number, to: number): Promise<void> {
    let next = from;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (let index = next++; index < to; index = next++) await oneCall(index);
    }));
    await eventually(
      () => frame.evaluate(() => ((window as unknown as { softphone: Softphone }).softphone.pendingLogs() === 0 ? true : undefined)),
      120_000,
      'logs to drain',
    );
  }

  it(`${CALLS} calls in one page grow the JS heap by less than 5 MB`, async () => {
    await run(0, WARM_UP);
    const before = await heapAfterGc();
    const started = Date.now();
    await run(WARM_UP, WARM_UP + CALLS);
    const seconds = (Date.now() - started) / 1000;
    const afterRun = await heapAfterGc();
    // Exactly one Task per call (the REST list stops at 2,000 records: ask call by call).
    const counts: number[] = [];
    for (let start = 0; start < placed.length; start += 16) {
      counts.push(
        ...(await Promise.all(
          placed.slice(start, start + 16).map(async (callId) => (await rest<unknown[]>(server.url, 'GET', `/api/sobjects/Task?CallObject=${callId}`)).length),
        )),
      );
    }
    const logged = counts.filter((count) => count === 1).length;
    const doubled = counts.filter((count) => count > 1).length;
    const result = {
      date: new Date().toISOString(),
      calls: CALLS,
      warmUpCalls: WARM_UP,
      concurrency: CONCURRENCY,
      seconds: Math.round(seconds * 10) / 10,
      heapBeforeBytes: before,
      heapAfterBytes: afterRun,
      growthBytes: afterRun - before,
      callsWithOneTask: logged,
      callsWithSeveralTasks: doubled,
      chromium: browser.version(),
    };
    console.log(`soak: ${JSON.stringify(result)}`);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/soak.json', `${JSON.stringify(result, null, 2)}\n`);
    assert.equal(placed.length, WARM_UP + CALLS);
    assert.equal(logged, placed.length, 'every call logged exactly once');
    assert.ok(afterRun - before < HEAP_BUDGET_BYTES, `heap grew by ${((afterRun - before) / 1024 / 1024).toFixed(2)} MB`);
  });
});
