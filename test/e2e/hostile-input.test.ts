/**
 * Hostile input, end to end in Chromium: markup and script in a caller's name and number stay
 * inert text in the softphone and the console (a CSP violation listener and a script-execution
 * canary in every frame), forged Open CTI answers and calls change no Task, a page posing as
 * Salesforce gets no bridge (its forged click to dial dials nothing), and duplicated/reordered events plus a
 * WebSocket drop neither crash the softphone nor lose or double a log.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
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

/**
 * A site of another origin on loopback (`http://localhost:<port>`, while the console and softphone
 * are on 127.0.0.1): the pages forged messages come from. `pages` maps a path to its HTML.
 */
async function startOtherSite(pages: Map<string, string>): Promise<{ readonly origin: string; readonly server: Server }> {
  const server = createServer((request, response) => {
    const body = pages.get(new URL(request.url ?? '/', 'http://localhost').pathname);
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' }).end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the other site has no port');
  return { origin: `http://localhost:${address.port}`, server };
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
  const otherPages = new Map([['/forger', '<!doctype html><title>Forger</title>']]);
  let otherSite: Awaited<ReturnType<typeof startOtherSite>>;

  before(async () => {
    server = await startConsole();
    browser = await launchBrowser();
    const context = await browser.newContext();
    await context.addInitScript(arm);
    otherSite = await startOtherSite(otherPages);
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
    otherSite?.server.close();
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

  it('ignores forged Open CTI answers and calls: a forged save failure would double the Task, a forged save would add one', async () => {
    const frame = softphoneFrame(page);
    // A frame of another origin inside the console page: what an ad or a compromised widget could be.
    const forgerUrl = `${otherSite.origin}/forger`;
    await page.evaluate((src) => {
      const forger = document.createElement('iframe');
      forger.title = 'Forger';
      forger.src = src;
      document.body.append(forger);
    }, forgerUrl);
    const forger = await eventually(() => page.frames().find((candidate) => candidate.url() === forgerUrl), 5000, 'the forger frame');

    // The console holds the softphone's save, so a forged answer can arrive first.
    await setFaults(server.url, { saveLogLatencyMs: 1500 });
    try {
      const { callId } = await rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', { from: '+12065550177' });
      await frame.getByText('(206) 555-0177').first().waitFor({ timeout: 5000 }).catch(() => undefined);
      await eventually(() => frame.evaluate((id) => (window as unknown as { softphone: { getState(): { calls: Record<string, unknown> } } }).softphone.getState().calls[id] ? true : undefined, callId), 5000, 'the call in the softphone');
      await rest(server.url, 'POST', `/api/sim/calls/${callId}/hangup`);
      await page.waitForTimeout(300);
      // Forged answers: every pending Open CTI call of the softphone "failed"; and a forged saveLog call to the console.
      await forger.evaluate(() => {
        const channel = 'softphone-connector/opencti';
        const failed = { success: false, returnValue: null, errors: [{ code: 'GENERIC_ERROR', description: 'forged' }] };
        for (let index = 0; index < window.top!.frames.length; index++) {
          const target = window.top!.frames[index]!;
          if (target === window) continue;
          for (let id = 1; id <= 500; id++) target.postMessage({ channel, kind: 'result', id, result: failed }, '*');
        }
        const value = { entityApiName: 'Task', Subject: 'Forged call', CallObject: 'forged-call', CallType: 'Inbound', Status: 'Completed', TaskSubtype: 'Call' };
        window.top!.postMessage({ channel, kind: 'call', id: 1, method: 'saveLog', args: { value } }, '*');
      });
      const logged = await eventually(async () => {
        const found = (await tasks(server.url)).filter((task) => task.CallObject === callId);
        return found.length > 0 ? found : undefined;
      }, 10_000, 'the call\'s Task');
      // Past the held save and a retry's back-off: a forged failure would have made a second Task by now.
      await page.waitForTimeout(2500);
      const after = await tasks(server.url);
      assert.equal(after.filter((task) => task.CallObject === callId).length, 1, `one Task for the call, got ${logged.length} then more`);
      assert.equal(after.filter((task) => task.CallObject === 'forged-call').length, 0, 'no Task from a forged saveLog');
    } finally {
      await setFaults(server.url, { saveLogLatencyMs: 0 });
      await page.evaluate(() => document.querySelector('iframe[title="Forger"]')?.remove());
    }
  });

  it('runs no bridge for a page that frames the softphone as Salesforce but is not: its forged click to dial dials nothing', async () => {
    const softphone = new URL(softphoneFrame(page).url());
    const attackerOrigin = otherSite.origin;
    const number = '+19005550100';
    // Its own browser profile: the console's softphone holds this agent's tab lock in the other one.
    const context = await browser.newContext();
    try {
      // The attacker names itself as Salesforce's origin (anyone framing the page can) and answers
      // every Open CTI call with success, as Salesforce would.
      const src = `${softphone.origin}${softphone.pathname}?${new URLSearchParams({ sfdcIframeOrigin: attackerOrigin, mode: 'Lightning' }).toString()}`;
      const body = `<!doctype html><title>Not Salesforce</title><iframe title="Softphone" src="${src}" allow="microphone"></iframe><script>
        addEventListener('message', (event) => {
          const message = event.data;
          if (message && message.channel === 'softphone-connector/opencti' && message.kind === 'call')
            event.source.postMessage({ channel: message.channel, kind: 'result', id: message.id, result: { success: true, returnValue: null, errors: null } }, '*');
        });
        setInterval(() => document.querySelector('iframe').contentWindow.postMessage({ channel: 'softphone-connector/opencti', kind: 'event', event: 'clickToDial', payload: { number: '${number}' } }, '*'), 250);
      </script>`;
      otherPages.set('/attacker', body);
      const attacker = await context.newPage();
      await attacker.goto(`${attackerOrigin}/attacker`);
      const phone = attacker.frameLocator('iframe[title="Softphone"]');
      // Long enough for a softphone that did start to connect and dial (it does in about a second).
      await attacker.waitForTimeout(4000);
      const { calls } = await rest<{ calls: Array<{ to?: string; from?: string }> }>(server.url, 'GET', '/api/sim/calls');
      assert.deepEqual(calls.filter((call) => JSON.stringify(call).includes(number.slice(2))), [], 'no call was placed');
      const refusal = phone.getByRole('alert').filter({ hasText: 'sfdcIframeOrigin must be a Salesforce https origin' });
      await refusal.waitFor({ timeout: 5000 }).catch(async (error: unknown) => {
        throw new Error(`the softphone framed by ${attackerOrigin} shows: ${await phone.locator('body').innerText().catch(() => '(nothing)')}`, { cause: error });
      });
    } finally {
      await context.close();
    }
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
