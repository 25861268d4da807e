/**
 * Regenerates the README's screenshots from the real console: `node --import tsx scripts/screenshot.ts`
 * (after `npm run build`). Writes docs/console-mid-call.png and docs/softphone-*.png (the last one
 * with the Timing panel open on the call just made).
 */
import { launchBrowser, openConsole, rest, startConsole } from '../test/e2e/harness.js';

const server = await startConsole();
const browser = await launchBrowser();
try {
  const { page, phone } = await openConsole(browser, server.url);
  const softphone = page.locator('.console-panel').first();
  const { callId } = await rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', { from: '+1 415-555-0142', name: 'Maria Chen' });
  await page.getByRole('tab', { name: 'Maria Chen', selected: true }).waitFor();
  await page.waitForTimeout(400);
  await softphone.screenshot({ path: 'docs/softphone-ringing.png' });
  await phone.getByRole('button', { name: 'Accept' }).click();
  await page.waitForTimeout(3200);
  await page.screenshot({ path: 'docs/console-mid-call.png' });
  await softphone.screenshot({ path: 'docs/softphone-in-call.png' });
  await rest(server.url, 'POST', `/api/sim/calls/${callId}/hangup`);
  await phone.getByLabel('Notes').fill('Walked through the recalibration steps; follow up Friday.');
  await softphone.screenshot({ path: 'docs/softphone-wrap-up.png' });
  await phone.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('phone-item-label').filter({ hasText: /^Phone$/ }).waitFor();
  await page.getByRole('button', { name: 'Close Maria Chen' }).click();
  await phone.getByTestId('sp-diagnostics').locator('summary').click();
  await phone.locator(`table[data-timeline="${callId}"]`).waitFor();
  await phone.getByTestId('sp-diagnostics').screenshot({ path: 'docs/softphone-timing.png' });
  console.log('wrote docs/console-mid-call.png, docs/softphone-ringing.png, docs/softphone-in-call.png, docs/softphone-wrap-up.png, docs/softphone-timing.png');
} finally {
  await browser.close();
  await server.stop();
}
