/**
 * Regenerates the README's multi-party screenshots from the real console:
 * `node --import tsx scripts/screenshot-multiparty.ts` (after `npm run build`). Writes
 * docs/softphone-conference.png (a call card in conference with two participants and a supervisor
 * whispering) and docs/softphone-supervisor.png (a supervisor's team calls and monitoring card).
 * The simulator call is real; the multi-party events and capabilities are injected into the page as
 * test/e2e/multiparty-driver.ts describes, so the pictures show the UI whatever the simulator offers.
 */
import { launchBrowser, openConsole, rest, softphoneFrame, startConsole } from '../test/e2e/harness.js';
import { MULTI_PARTY, MultiPartyDriver } from '../test/e2e/multiparty-driver.js';

const server = await startConsole();
const browser = await launchBrowser();
try {
  const { page, phone } = await openConsole(browser, server.url);
  const softphone = page.locator('.console-panel').first();
  // A taller panel than the console's default, so the whole card fits in the picture.
  // (Through the CSS object model: the console's CSP allows no inline style sheet.)
  const tall = (height: number) => page.evaluate((px) => document.querySelector<HTMLElement>('.console-panel:not(.console-panel_simulator)')?.style.setProperty('height', `${px}px`), height);
  await phone.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
  const driver = new MultiPartyDriver(softphoneFrame(page));
  await driver.install();
  await driver.stubCapabilities(MULTI_PARTY);

  const { callId } = await rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', { from: '+1 415-555-0142', name: 'Maria Chen' });
  await phone.getByRole('button', { name: 'Accept' }).click();
  await page.getByTestId('phone-item-label').filter({ hasText: 'On call' }).waitFor();
  await driver.dispatch(
    { type: 'participant-added', callId, participantId: 'p1', role: 'agent', number: '2001', displayName: 'Sam Lee', mode: 'consult' },
    { type: 'participant-connected', callId, participantId: 'p1' },
    { type: 'conferenced', callId },
    { type: 'participant-added', callId, participantId: 'p2', role: 'external', number: '+44 20 7183 8750', displayName: 'Priya Raman', mode: 'conference' },
    { type: 'participant-connected', callId, participantId: 'p2' },
    { type: 'participant-added', callId, participantId: 's1', role: 'supervisor', displayName: 'Pat Kim', mode: 'conference', supervisorMode: 'whisper' },
    { type: 'participant-connected', callId, participantId: 's1' },
  );
  await phone.locator('.sp-call-status').filter({ hasText: /^Conference$/ }).waitFor();
  await tall(700);
  await page.waitForTimeout(2200);
  // No focus ring in the picture (Accept handed the focus to Mute).
  await softphoneFrame(page).evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await softphone.screenshot({ path: 'docs/softphone-conference.png' });
  await phone.getByRole('button', { name: 'Hang up' }).click();
  await phone.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('phone-item-label').filter({ hasText: /^Phone$/ }).waitFor();

  const now = Date.now();
  const team = [
    { callId: 't1', agent: 'Alex Rivera', remote: '+14155550142', displayName: 'Maria Chen', direction: 'inbound', startedAt: now - 250_000, connectedAt: now - 246_000, queue: 'Support' },
    { callId: 't2', agent: 'Sam Lee', remote: '+12065550100', direction: 'outbound', startedAt: now - 75_000, connectedAt: now - 71_000 },
    { callId: 't3', agent: 'Jordan Park', remote: '+15125550167', displayName: 'David Okafor', direction: 'inbound', startedAt: now - 20_000, connectedAt: now - 14_000, queue: 'Billing' },
  ] as const;
  // The supervisor's own leg is unknown to the simulator: its commands are only recorded.
  await driver.passThrough([]);
  await driver.dispatch(
    { type: 'monitoring', callId: 'm1', teamCallId: 't1', mode: 'listen', agent: 'Alex Rivera', remote: '+14155550142', displayName: 'Maria Chen' },
    { type: 'team-calls', calls: [{ ...team[0], monitoredBy: 'listen' }, team[1], team[2]] },
  );
  await phone.locator('article[data-call-id="m1"]').waitFor();
  await tall(640);
  await page.waitForTimeout(1200);
  await softphoneFrame(page).evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await softphone.screenshot({ path: 'docs/softphone-supervisor.png' });
  console.log('wrote docs/softphone-conference.png, docs/softphone-supervisor.png');
} finally {
  await browser.close();
  await server.stop();
}
