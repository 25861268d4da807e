/**
 * Regenerates the README's screenshots from the real console: `node --import tsx scripts/screenshot.ts`
 * (after `npm run build`). Writes docs/console-mid-call.png and docs/softphone-*.png.
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
  console.log('wrote docs/console-mid-call.png, docs/softphone-ringing.png, docs/softphone-in-call.png, docs/softphone-wrap-up.png');
} finally {
  await browser.close();
  await server.stop();
}
