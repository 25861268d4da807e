/**
 * Omni-Channel presence sync in the local console, in Chromium: the console's Omni-Channel (its
 * utility-bar status picker and relay on the SoftphoneOmniSync__c message channel) and the
 * production softphone's OmniChannelSync over Open CTI's LMS, with the simulator's presence as the
 * provider side, per `examples/omni-sync/softphone.config.ts`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { eventually, launchBrowser, openConsole, rest, startConsole, type RunningConsole } from './harness.js';

const CONFIG = 'examples/omni-sync/softphone.config.ts';
const CHANNEL = 'SoftphoneOmniSync__c';

interface Message {
  source: string;
  type: string;
  status?: string | null;
  reason?: string;
}

let server: RunningConsole;
let browser: Browser;
let page: Page;
let phone: FrameLocator;

/** The simulator's presence of the softphone's agent: the provider side. */
async function presence(): Promise<string | undefined> {
  const { agents } = await rest<{ agents: Array<{ presence: string; supervisor: boolean }> }>(server.url, 'GET', '/api/sim/calls');
  return agents.find((agent) => !agent.supervisor)?.presence;
}
const omniStatus = async (): Promise<string> => (await page.getByTestId('omni-status').getAttribute('data-status')) ?? '';
const chooseOmni = (status: string): Promise<unknown> => page.getByLabel('Omni-Channel status').selectOption(status);
const waitFor = async <T>(what: string, read: () => Promise<T>, expected: T, timeoutMs = 5000): Promise<void> => {
  await eventually(async () => ((await read()) === expected ? true : undefined), timeoutMs, `${what} to be ${String(expected)}`);
};

/** Records every message on the channel from now on (in the console page, as a component would). */
async function recordChannel(): Promise<void> {
  await page.evaluate((channel) => {
    const w = window as unknown as { omniLog: unknown[]; consoleLms: { subscribe(name: string, listener: (message: unknown) => void): () => void } };
    w.omniLog = [];
    w.consoleLms.subscribe(channel, (message) => w.omniLog.push(message));
  }, CHANNEL);
}
const channelLog = (): Promise<Message[]> => page.evaluate(() => (window as unknown as { omniLog: Message[] }).omniLog);
const softphoneWrites = async (): Promise<Message[]> => (await channelLog()).filter((message) => message.source === 'softphone' && message.type !== 'query');

async function openAndWait(): Promise<void> {
  await phone.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
}

before(async () => {
  server = await startConsole(['--config', CONFIG]);
  browser = await launchBrowser();
  ({ page, phone } = await openConsole(browser, server.url));
  await openAndWait();
  await recordChannel();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Omni-Channel presence sync (examples/omni-sync)', () => {
  it('start-up: Omni logged out leaves the provider alone (no flap); the picker offers the mapped statuses', async () => {
    assert.equal(await omniStatus(), '');
    assert.equal(await presence(), 'available');
    const options = await page.getByLabel('Omni-Channel status').locator('option').allTextContents();
    assert.deepEqual(options, ['Offline', 'Available Voice', 'Break', 'Training', 'On A Call']);
  });

  it('the agent sets Omni: Break → the provider is busy; Available → available; nothing echoes back to Omni', async () => {
    await chooseOmni('Break');
    await waitFor('the provider', presence, 'busy');
    await waitFor('the softphone status', () => phone.locator('#sp-status').inputValue(), 'busy');
    await chooseOmni('Available_Voice');
    await waitFor('the provider', presence, 'available');
    await page.waitForTimeout(500);
    assert.deepEqual(await softphoneWrites(), [], 'the softphone never wrote Omni back');
    assert.equal(await omniStatus(), 'Available_Voice');
  });

  it('the agent sets the phone busy → Omni follows (toOmni.busy), and the Omni change does not come back to the phone', async () => {
    const launcher = page.getByRole('button', { name: /^Softphone:/ });
    if ((await launcher.getAttribute('aria-pressed')) !== 'true') await launcher.click();
    await phone.locator('#sp-status').selectOption('busy');
    await waitFor('Omni', omniStatus, 'Break');
    await waitFor('the provider', presence, 'busy');
    const writes = await softphoneWrites();
    assert.deepEqual(writes.map((message) => [message.type, message.status]), [['set-status', 'Break']]);
    await chooseOmni('Available_Voice');
    await waitFor('the provider', presence, 'available');
  });

  it('a call: Omni shows On_A_Call; a status the agent picks during the call waits until after wrap-up', async () => {
    const before = (await softphoneWrites()).length;
    const { callId } = await rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', { from: '+1 415-555-0142', name: 'Maria Chen' });
    await phone.getByRole('button', { name: 'Accept' }).click();
    await waitFor('Omni', omniStatus, 'On_A_Call');
    // The agent picks Training in Omni mid-call: the provider stays as it is until the call is over.
    await chooseOmni('Training');
    await page.waitForTimeout(600);
    assert.equal(await presence(), 'available', 'not applied during the call');
    await phone.getByRole('button', { name: 'Hang up' }).click();
    await phone.getByRole('button', { name: 'Save' }).waitFor();
    await page.waitForTimeout(600);
    assert.equal(await presence(), 'available', 'not applied during wrap-up');
    await phone.getByRole('button', { name: 'Save' }).click();
    await waitFor('the provider', presence, 'busy');
    assert.equal(await omniStatus(), 'Training', "the agent's choice stays in Omni");
    const writes = (await softphoneWrites()).slice(before);
    assert.deepEqual(writes.map((message) => message.status), ['On_A_Call'], `only the on-call status was written: ${JSON.stringify(writes)}`);
    assert.ok(callId);
  });

  it('after a call without a change, both return: Omni to its status before the call, the provider unchanged', async () => {
    await chooseOmni('Available_Voice');
    await waitFor('the provider', presence, 'available');
    await rest(server.url, 'POST', '/api/sim/calls', { from: '+1 212-555-0188' });
    await phone.getByRole('button', { name: 'Accept' }).click();
    await waitFor('Omni', omniStatus, 'On_A_Call');
    await phone.getByRole('button', { name: 'Hang up' }).click();
    await phone.getByRole('button', { name: 'Save' }).click();
    await waitFor('Omni', omniStatus, 'Available_Voice');
    await page.waitForTimeout(500);
    assert.equal(await presence(), 'available');
    assert.equal(await phone.locator('#sp-status').inputValue(), 'available');
  });

  it('a page reload keeps both statuses, and nothing is written on either side while it reloads', async () => {
    await chooseOmni('Training');
    await waitFor('the provider', presence, 'busy');
    // Record the channel from the page's first script on, before the softphone frame loads.
    await page.addInitScript(`(() => {
      let lms;
      window.omniLog = [];
      Object.defineProperty(window, 'consoleLms', { configurable: true, get: () => lms, set: (value) => {
        lms = value;
        lms.subscribe('${CHANNEL}', (message) => window.omniLog.push(message));
      } });
    })();`);
    await page.reload();
    await page.waitForFunction(() => !document.body.textContent?.includes('(loading)'), undefined, { timeout: 15_000 });
    await openAndWait();
    await page.waitForTimeout(1000);
    assert.equal(await omniStatus(), 'Training');
    assert.equal(await presence(), 'busy');
    assert.equal(await phone.locator('#sp-status').inputValue(), 'busy');
    assert.deepEqual(await softphoneWrites(), [], 'no set-status or logout after the reload');
    const queried = (await channelLog()).filter((message) => message.source === 'softphone' && message.type === 'query');
    assert.equal(queried.length, 1, 'the softphone asked Omni for its status once, at start-up');
  });

  it('Omni offline (logout) takes the provider offline, as onOmniLogout says', async () => {
    await chooseOmni('');
    await waitFor('the provider', presence, 'offline');
    await chooseOmni('Available_Voice');
    await waitFor('the provider', presence, 'available');
  });
});
