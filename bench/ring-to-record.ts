/**
 * Ring → record visible: from the simulator's `POST /api/sim/calls` to the caller's Contact record
 * rendered in the console's focused tab, in headless Chromium. Each call is declined and its tab
 * closed before the next one, so every call pops a fresh tab.
 *
 * Usage: node --import tsx bench/ring-to-record.ts [calls=20]
 */
import { armPopTimer, msUntilPopped, report, wallClock } from './pop-timing.js';
import { launchBrowser, openConsole, rest, startConsole } from '../test/e2e/harness.js';

const calls = Number(process.argv[2] ?? 20);
const server = await startConsole();
const browser = await launchBrowser();
const samples: number[] = [];
try {
  const { page, phone } = await openConsole(browser, server.url);
  const [maria] = await rest<Array<{ Id: string }>>(server.url, 'GET', '/api/sobjects/Contact?LastName=Chen');
  if (!maria) throw new Error('seeded contact missing');
  for (let i = 0; i < calls + 2; i++) {
    await armPopTimer(page, maria.Id);
    const sent = wallClock();
    await rest(server.url, 'POST', '/api/sim/calls', { from: '+1 415-555-0142' });
    const elapsed = await msUntilPopped(page, sent);
    if (i >= 2) samples.push(elapsed); // the first two calls warm up
    await phone.getByRole('button', { name: 'Decline' }).click();
    await page.getByTestId('phone-item-label').filter({ hasText: /^Phone$/ }).waitFor();
    await page.getByRole('button', { name: 'Close Maria Chen' }).click();
  }
} finally {
  await browser.close();
  await server.stop();
}

report('ring-to-record', 'ring-to-record (simulator → Contact record tab rendered)', samples);
