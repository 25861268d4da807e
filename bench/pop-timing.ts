/** What the ring → record benchmarks share: timing a record pop in the console page, and the summary. */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Page } from 'playwright-core';

/** Makes the page note the wall-clock time the record page of `recordId` appears. */
export async function armPopTimer(page: Page, recordId: string): Promise<void> {
  // A string, not a function: the TypeScript loader would wrap named helpers the page does not have.
  await page.evaluate(`(() => {
    window.__popped = undefined;
    const selector = '.console-record[data-record-id="${recordId}"]';
    const observer = new MutationObserver(() => {
      if (document.querySelector(selector)) {
        window.__popped = performance.timeOrigin + performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
  })()`);
}

/** Milliseconds from `sent` (wall clock, this process) to the pop noted by {@link armPopTimer}. */
export async function msUntilPopped(page: Page, sent: number): Promise<number> {
  const popped = await page.waitForFunction(() => (window as unknown as { __popped?: number }).__popped, undefined, { timeout: 5000, polling: 5 });
  return Number(await popped.jsonValue()) - sent;
}

/** The wall-clock time now, on the same clock the page uses. */
export const wallClock = (): number => performance.timeOrigin + performance.now();

/** Median, p95, p99 of the samples, written to `bench/results/<name>.json` and printed. */
export function report(name: string, benchmark: string, samples: readonly number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const result = {
    benchmark,
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    calls: samples.length,
    ms: { median: +pick(0.5).toFixed(1), p95: +pick(0.95).toFixed(1), p99: +pick(0.99).toFixed(1), min: +sorted[0]!.toFixed(1), max: +sorted.at(-1)!.toFixed(1) },
  };
  writeFileSync(`bench/results/${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}
