/**
 * `dev --cross-origin-isolated`: the console and its softphone frame are cross-origin isolated, the
 * softphone still pops and logs, and its timeline is noted with timers finer than the usual 100 µs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { eventually, launchBrowser, openConsole, rest, softphoneFrame, startConsole, type ConsoleTask, type RunningConsole } from './harness.js';

let server: RunningConsole;
let browser: Browser;
let page: Page;

before(async () => {
  server = await startConsole(['--cross-origin-isolated']);
  browser = await launchBrowser();
  ({ page } = await openConsole(browser, server.url));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('cross-origin isolated console', () => {
  it('isolates the console and its softphone, which pops and logs as usual with fine-grained timings', async () => {
    const frame = softphoneFrame(page);
    await frame.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'console');
    assert.equal(await frame.evaluate(() => crossOriginIsolated), true, 'softphone frame');

    const fractions = new Set<number>();
    for (let call = 0; call < 3; call++) {
      const { callId } = await rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', { from: '+1 415-555-0142' });
      await page.getByRole('tab', { name: 'Maria Chen', selected: true }).waitFor({ timeout: 5000 });
      await frame.getByRole('button', { name: 'Decline' }).click();
      await eventually(async () => ((await rest<ConsoleTask[]>(server.url, 'GET', `/api/sobjects/Task?CallObject=${encodeURIComponent(callId)}`)).length ? true : undefined), 5000, 'the Task');
      const marks = await frame.evaluate((id) => (window as unknown as { softphone: { timeline: { call(id: string): { marks: Array<{ at: number }> } } } }).softphone.timeline.call(id).marks, callId);
      // Isolated pages read the clock to 5 µs: offsets between marks are not all whole tenths of a millisecond.
      for (const mark of marks.slice(1)) fractions.add(Math.round(((mark.at - marks[0]!.at) * 1000) % 100));
      await page.getByTestId('phone-item-label').filter({ hasText: /^Phone$/ }).waitFor({ timeout: 10_000 });
    }
    assert.ok([...fractions].some((fraction) => fraction !== 0 && fraction !== 100), `offsets finer than 100 µs: ${[...fractions].join(', ')}`);
  });
});
