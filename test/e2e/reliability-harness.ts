/**
 * Helpers of the reliability tests: a Chromium whose softphone frame may use IndexedDB and Web
 * Locks, and a driver that plays agent and callers against the local console.
 *
 * Headless Chromium blocks storage in cross-site frames (as browsers do when third-party cookies
 * are blocked). The durable outbox needs storage, so these tests open the console under a name
 * (`softphone.test`, mapped to loopback) whose softphone frame is same-site; the cross-site case,
 * where the softphone warns that logs would not survive a reload, is covered by its own test.
 */
import type { Browser, Frame, Page } from 'playwright-core';
import { eventually, launchBrowser, rest } from './harness.js';

/** Loopback alias used as the console's host name. */
export const CONSOLE_HOST = 'softphone.test';

/** Debian's Chromium, headless, with `gc()` exposed for heap measurements. */
export function launchReliabilityBrowser(): Promise<Browser> {
  return launchBrowser([
    `--host-resolver-rules=MAP ${CONSOLE_HOST} 127.0.0.1`,
    '--js-flags=--expose-gc',
    // Long runs in a page that is never focused must not be slowed down by background throttling.
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
  ]);
}

/** The console's URL under {@link CONSOLE_HOST}. */
export function aliasUrl(url: string): string {
  return url.replace('127.0.0.1', CONSOLE_HOST);
}

/** The softphone frame of a console page, once its connector exists and is ready. */
export async function readySoftphone(page: Page, timeoutMs = 15_000): Promise<Frame> {
  return eventually(async () => {
    const frame = page.frames().find((candidate) => candidate.url().includes('/softphone/'));
    if (!frame) return undefined;
    const ready = await frame
      .evaluate(() => (window as unknown as { softphone?: { getState(): { health: string } } }).softphone?.getState().health === 'ready')
      .catch(() => false);
    return ready ? frame : undefined;
  }, timeoutMs, 'the softphone to be ready');
}

/** Sets fault injection on the console. */
export function setFaults(url: string, faults: Record<string, number>): Promise<unknown> {
  return rest(url, 'PUT', '/api/admin/faults', faults);
}

/** A Task as the console's REST API returns it. */
export interface TaskRecord {
  readonly Id: string;
  readonly CallObject?: string;
  readonly CallDisposition?: string;
  readonly CallDurationInSeconds?: number;
  readonly Subject?: string;
}

/** Every Task of the console. */
export function tasks(url: string): Promise<TaskRecord[]> {
  return rest<TaskRecord[]>(url, 'GET', '/api/sobjects/Task?limit=2000');
}
