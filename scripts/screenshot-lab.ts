/**
 * Regenerates docs/lab-mid-call.png from the real SIP lab: `node --import tsx scripts/screenshot-lab.ts`
 * (after `npm run build`; needs Kamailio). The lab phone calls the agent, who answers.
 */
import { launchBrowser, openConsole, softphoneFrame, startConsole } from '../test/e2e/harness.js';

const server = await startConsole(['--sip-port', '15090', '--ws-port', '18118'], 'lab');
const browser = await launchBrowser();
try {
  const { page, phone } = await openConsole(browser, server.url);
  await phone.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
  await page.getByRole('button', { name: 'Lab phone' }).click();
  const lab = page.frameLocator('#lab-phone-frame');
  await lab.getByLabel('X-Account-Number (IVR data)').fill('ACME-0042');
  await lab.getByRole('button', { name: 'Call agent1' }).click();
  await page.getByRole('tab', { name: 'Maria Chen', selected: true }).waitFor();
  await phone.getByRole('button', { name: 'Accept' }).click();
  await page.waitForTimeout(3200);
  const stats = await softphoneFrame(page).evaluate(async () => {
    const connector = (window as unknown as { softphone: { getState(): { calls: Record<string, { id: string }> }; provider: { mediaStats(id: string): Promise<unknown> } } }).softphone;
    const [call] = Object.values(connector.getState().calls);
    return call ? connector.provider.mediaStats(call.id) : undefined;
  });
  await page.screenshot({ path: 'docs/lab-mid-call.png' });
  console.log('wrote docs/lab-mid-call.png; agent media:', JSON.stringify(stats));
} finally {
  await browser.close();
  await server.stop();
}
