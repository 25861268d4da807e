/**
 * Hostile input, end to end in Chromium: markup and script in a caller's name and number stay
 * inert text in the softphone and the console (a CSP violation listener and a script-execution
 * canary in every frame), forged postMessages are ignored, and duplicated/reordered events plus a
 * WebSocket drop neither crash the softphone nor lose or double a log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { eventually, launchBrowser, openConsole, rest, softphoneFrame, startConsole, type RunningConsole } from './harness.js';
import { aliasUrl, launchReliabilityBrowser, readySoftphone, setFaults, tasks } from './reliability-harness.js';

const NAME = '<img src=x onerror="top.__pwned=1">';
const NUMBER = '"><svg onload=top.__pwned=1>';

/** Runs in every frame before its scripts: records CSP violations and arms the canary. */
function arm(): void {
  const target = window as unknown as { __violations: string[]; __pwned?: number };
  target.__violations = [];
  document.addEventListener('securitypolicyviolation', (event) => target.__violations.push(`${event.violatedDirective} ${event.blockedURI}`));
}

async function evidence(page: Page): Promise<{ violations: string[]; pwned: unknown[] }> {
  const violations: string[] = [];
  const pwned: unknown[] = [];
  for (const frame of page.frames()) {
    const found = await frame.evaluate(() => {
      const target = window as unknown as { __violations?: string[]; __pwned?: number };
      return { violations: target.__violations ?? [], pwned: target.__pwned };
    });
    violations.push(...found.violations);
    if (found.pwned !== undefined) pwned.push(found.pwned);
  }
  return { violations, pwned };
}

describe('hostile input', () => {
  let server: RunningConsole;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  before(async () => {
    server = await startConsole();
    browser = await launchBrowser();
    const context = await browser.newContext();
    await context.addInitScript(arm);
    // openConsole opens its page through browser.newPage: give it the armed context.
    browser.newPage = (() => context.newPage()) as Browser['newPage'];
    ({ page } = await openConsole(browser, server.url));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows markup in a caller name and number as text, in the softphone and the console; nothing runs', async () => {
    const phone = page.frameLocator('iframe[title="Softphone"]');
    // A known number, so the console pops the contact and lists the Task in its activity history.
    const known = (await rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', { from: '+1 415-555-0142', name: NAME })).callId;
    await phone.getByText(NAME, { exact: true }).first().waitFor({ timeout: 5000 });
    await phone.getByRole('button', { name: 'Accept' }).click();
    await page.waitForTimeout(1100);
    await phone.getByRole('button', { name: 'Hang up' }).click();
    await phone.getByLabel('Notes').fill(`${NAME} <script>top.__pwned=2</script>`);
    await phone.getByRole('button', { name: 'Save' }).click();
    const [task] = await eventually(async () => {
      const found = (await tasks(server.url)).filter((record) => record.CallObject === known);
      return found.length === 1 && (found[0] as { Description?: string }).Description ? found : undefined;
    }, 5000, 'the Task');
    assert.ok(task?.Subject?.includes(NAME), `subject keeps the name as text: ${task?.Subject}`);
    await page.locator('.console-related[aria-label="Activity History"]').getByText(task!.Subject!).waitFor({ timeout: 5000 });

    // Markup as the number: no contact matches, so the console offers a new Contact with it.
    const unknown = (await rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', { from: NUMBER, name: NAME })).callId;
    await phone.getByText(NUMBER).first().waitFor({ timeout: 5000 });
    const dialog = page.getByRole('dialog', { name: 'New Contact' });
    await dialog.waitFor({ timeout: 5000 });
    assert.equal(await dialog.getByLabel('Phone').inputValue(), NUMBER);
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await phone.getByRole('button', { name: 'Decline' }).click();
    await eventually(async () => ((await tasks(server.url)).some((record) => record.CallObject === unknown) ? true : undefined), 5000, 'the declined call Task');

    const { violations, pwned } = await evidence(page);
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    assert.equal(await softphoneFrame(page).locator('img[src="x"], svg[onload]').count(), 0);
    assert.deepEqual(violations, [], 'zero CSP violations');
    assert.deepEqual(pwned, [], 'zero script execution');
    assert.deepEqual(dialogs, []);
    assert.deepEqual(pageErrors, []);
  });

  it('ignores Open CTI messages that do not come from the console', async () => {
    const before = (await tasks(server.url)).length;
    const frame = softphoneFrame(page);
    // A forged "click to dial" and a forged saveLog answer, posted by the frame to itself.
    await frame.evaluate(() => {
      const channel = 'softphone-connector/opencti';
      window.postMessage({ channel, kind: 'event', event: 'clickToDial', payload: { number: '+19005550100' } }, '*');
      window.postMessage({ channel, kind: 'result', id: 1, result: { success: true, returnValue: { recordId: '00Tforged' } } }, '*');
    });
    await page.waitForTimeout(500);
    const state = await frame.evaluate(() => (window as unknown as { softphone: { getState(): { order: string[]; pendingDial?: unknown } } }).softphone.getState());
    assert.equal(state.order.length, 0, 'no call was started');
    assert.equal(state.pendingDial, undefined, 'no dial was requested');
    assert.equal((await tasks(server.url)).length, before);
  });

  it('stores call logs in the console\'s same-site frame, and says so plainly in a frame of another site', async () => {
    // The console frames the softphone from its second port: another origin, the same site, as in an org.
    const frame = softphoneFrame(page);
    const consoleUrl = new URL(page.url());
    const frameUrl = new URL(frame.url());
    assert.equal(frameUrl.hostname, consoleUrl.hostname);
    assert.notEqual(frameUrl.port, consoleUrl.port);
    assert.equal(await page.frameLocator('iframe[title="Softphone"]').getByTestId('outbox-unavailable').count(), 0);
    assert.equal(await frame.evaluate(() => (window as unknown as { softphone: { timeline: { startup(): { marks: Array<{ stage: string }> } } } }).softphone.timeline.startup().marks.some((mark) => mark.stage === 'outbox-loaded')), true);
    // The same page framed from another site: the browser refuses it storage, and the agent is told.
    await page.evaluate((src) => {
      const other = document.createElement('iframe');
      other.title = 'Cross-site softphone';
      other.src = src;
      document.body.append(other);
    }, `http://localhost:${frameUrl.port}/softphone/`);
    // The browser refuses that frame storage…
    const crossSite = await eventually(() => page.frames().find((candidate) => candidate.url().startsWith(`http://localhost:${frameUrl.port}/softphone/`)), 5000, 'the cross-site frame');
    const storage = await crossSite.evaluate(() => new Promise<string>((resolve) => {
      const request = indexedDB.open('softphone-storage-probe');
      request.onsuccess = () => resolve('available');
      request.onerror = () => resolve('refused');
    }).catch(() => 'refused'));
    assert.equal(storage, 'refused');
    // …and the softphone there says plainly why it does not run: the console answers Open CTI only
    // to the frame it created, so Salesforce signs no agent in there (it would first say that call
    // logs cannot be stored, once signed in).
    const alert = page.frameLocator('iframe[title="Cross-site softphone"]').getByRole('alert').filter({ hasText: 'could not start' });
    await alert.waitFor({ state: 'attached', timeout: 15_000 });
    assert.match((await alert.textContent()) ?? '', /did not sign in this agent/);
    await page.evaluate(() => document.querySelector('iframe[title="Cross-site softphone"]')?.remove());
  });
});

describe('duplicated and reordered events, and a WebSocket drop', () => {
  let server: RunningConsole;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    server = await startConsole();
    browser = await launchReliabilityBrowser();
    // One context: its pages are tabs of one browser profile, sharing storage and channels.
    page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${aliasUrl(server.url)}/`);
    await readySoftphone(page);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('logs each call once, and recovers from the drop within 10 s', async () => {
    await setFaults(server.url, { duplicateEventRate: 0.3, reorderEventRate: 0.2 });
    const placed: string[] = [];
    for (let index = 0; index < 30; index++) {
      if (index === 15) {
        const frame = await readySoftphone(page);
        type Phone = { subscribe(listener: (state: { health: string }) => void): () => void };
        await frame.evaluate(() => {
          const target = window as unknown as { softphone: Phone; __health: string[] };
          target.__health = [];
          target.softphone.subscribe((state) => target.__health.push(state.health));
        });
        const started = Date.now();
        const { dropped } = await rest<{ dropped: number }>(server.url, 'POST', '/api/admin/faults/drop-connections');
        assert.equal(dropped, 1);
        const health = await eventually(async () => {
          const seen = await frame.evaluate(() => (window as unknown as { __health: string[] }).__health);
          return seen.includes('reconnecting') && seen.at(-1) === 'ready' ? seen : undefined;
        }, 10_000, 'the softphone to reconnect by itself');
        console.log(`reconnected ${Date.now() - started} ms after the WebSocket drop (${[...new Set(health)].join(' → ')})`);
      }
      const { callId } = await eventually(
        () => rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', { from: `+1206555${String(1000 + index)}` }).catch(() => undefined),
        10_000,
        'a call to be placed',
      );
      placed.push(callId);
      await page.waitForTimeout(30);
      await rest(server.url, 'POST', `/api/sim/calls/${callId}/hangup`);
    }
    const all = await eventually(async () => {
      const found = (await tasks(server.url)).filter((task) => placed.includes(task.CallObject ?? ''));
      return found.length >= placed.length ? found : undefined;
    }, 15_000, 'a Task for every call');
    await page.waitForTimeout(500);
    const settled = (await tasks(server.url)).filter((task) => placed.includes(task.CallObject ?? ''));
    assert.equal(settled.length, placed.length, 'one Task per call, none doubled');
    assert.equal(new Set(all.map((task) => task.CallObject)).size, placed.length);
    const { injected } = await rest<{ injected: Record<string, number> }>(server.url, 'GET', '/api/admin/faults');
    assert.ok(injected.duplicatedEvents! > 0 && injected.reorderedEvents! > 0, JSON.stringify(injected));
    assert.deepEqual(pageErrors, []);
  });

  it('two tabs for the same agent: one is active, the other says so and takes over when it closes', async () => {
    const second = await page.context().newPage();
    await second.goto(`${aliasUrl(server.url)}/`);
    const frame = await eventually(() => second.frames().find((candidate) => candidate.url().includes('/softphone/')), 10_000, 'the second softphone frame');
    await frame.getByTestId('softphone-inactive').waitFor({ timeout: 10_000 });
    assert.equal(await frame.evaluate(() => 'softphone' in window), false, 'the inactive tab runs no connector');
    // The first tab still handles calls.
    const { callId } = await rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', { from: '+12065550999' });
    await rest(server.url, 'POST', `/api/sim/calls/${callId}/hangup`);
    await eventually(async () => ((await tasks(server.url)).filter((task) => task.CallObject === callId).length === 1 ? true : undefined), 5000, 'the call logged once');
    await page.close();
    await readySoftphone(second, 10_000);
    page = second;
  });
});
