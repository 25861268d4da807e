/** What the benchmarks share: percentiles, the machine they ran on, timing a record pop in the console. */
import { execFileSync } from 'node:child_process';
import { cpus, freemem, release, totalmem } from 'node:os';
import type { Frame, Page } from 'playwright-core';

/** Median, p95, p99 (nearest rank), min, max of a set of samples. */
export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
}

/** Percentiles of `samples`, rounded to `digits` decimals. */
export function summarize(samples: readonly number[], digits = 1): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  const round = (value: number): number => Number(value.toFixed(digits));
  return { n: sorted.length, p50: round(pick(0.5)), p95: round(pick(0.95)), p99: round(pick(0.99)), min: round(sorted[0]!), max: round(sorted.at(-1)!) };
}

function versionOf(command: string, args: string[], pattern: RegExp): string | undefined {
  let output: string;
  try {
    output = execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // Some tools (SIPp) print their version and exit non-zero.
    output = String((error as { stdout?: unknown }).stdout ?? '');
  }
  return pattern.exec(output)?.[1];
}

/** The machine and the real parts the figures were measured with. */
export function describeMachine(): Record<string, string | number | undefined> {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim(),
    cores: cpu.length,
    memoryGb: Number((totalmem() / 1024 ** 3).toFixed(1)),
    freeMemoryGb: Number((freemem() / 1024 ** 3).toFixed(1)),
    os: `${process.platform} ${release()}`,
    node: process.version,
    chromium: versionOf(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], /(\d+\.\d+\.\d+\.\d+)/),
    kamailio: versionOf('kamailio', ['-v'], /version: kamailio (\S+)/),
    sipp: versionOf('sipp', ['-v'], /SIPp v(\d+(?:\.\d+)+)/),
  };
}

/** The wall-clock time now, on the clock the browser pages use (`performance.timeOrigin + now()`). */
export const wallClock = (): number => performance.timeOrigin + performance.now();

/** Makes the console page note the wall-clock time the record page of `recordId` is rendered. */
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

/** The wall-clock time noted by {@link armPopTimer}, once the record is there. */
export async function poppedAt(page: Page): Promise<number> {
  const popped = await page.waitForFunction(() => (window as unknown as { __popped?: number }).__popped, undefined, { timeout: 5000, polling: 5 });
  return Number(await popped.jsonValue());
}

/** One mark of the connector's timeline, as the page hands it over. */
export interface Mark {
  readonly stage: string;
  readonly at: number;
}

/** The connector's timeline of the most recent call in the softphone frame. */
export async function lastCallTimeline(frame: Frame): Promise<{ id: string; marks: Mark[] }> {
  const timeline = await frame.evaluate(
    () => (window as unknown as { softphone: { timeline: { recentCalls(): Array<{ id: string; marks: Mark[] }> } } }).softphone.timeline.recentCalls()[0],
  );
  if (!timeline) throw new Error('the softphone noted no call');
  return timeline;
}

/** The console's own marks of the most recent Open CTI `method` call (see `OpenCtiHost.timing`), prefixed `host:`. */
export async function lastHostMarks(page: Page, method: string): Promise<Mark[]> {
  const timeline = await page.evaluate(
    (name) => (window as unknown as { consoleTiming: { recentCalls(): Array<{ id: string; marks: Mark[] }> } }).consoleTiming.recentCalls().find((call) => call.id.startsWith(`${name}#`)),
    method,
  );
  if (!timeline) throw new Error(`the console noted no ${method} call`);
  return timeline.marks.map((mark) => ({ stage: `host:${mark.stage}`, at: mark.at }));
}

/** `value` with `digits` decimals. */
export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
