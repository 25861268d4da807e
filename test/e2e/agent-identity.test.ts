/**
 * Agent identity in Chromium: two agents in the local console, signed in as different Salesforce
 * users (`/?user=agent`, `/?user=agent2`), each get their own simulator agent from their signed
 * assertion (the page's configuration names no agent), and only their own calls. The server runs
 * without the local-development relaxation: a socket without a session is refused. And the built
 * softphone bundles and pages carry no secret.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import WebSocket from 'ws';
import { twilio } from '../../src/providers/twilio/index.js';
import { localOrgKeys } from '../../src/server/auth/index.js';
import { startConsoleServer, twilioSettingsFromEnv, type ConsoleServer } from '../../src/server/index.js';
import { TEST_TWILIO_ENV } from '../support/twilio-env.js';
import { CONSOLE_VIEWPORT, eventually, launchBrowser, rest } from './harness.js';

let server: ConsoleServer;
let browser: Browser;
let context: BrowserContext;
const pages: Record<string, { page: Page; phone: FrameLocator }> = {};

async function openAs(user: string): Promise<{ page: Page; phone: FrameLocator }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.url}/?user=${user}`);
  await page.getByTestId('phone-item-label').filter({ hasText: /^Phone$/ }).waitFor({ timeout: 15_000 });
  assert.deepEqual(errors, []);
  return { page, phone: page.frameLocator('iframe[title="Softphone"]') };
}

interface Snapshot {
  agents: Array<{ agentId: string; supervisor: boolean }>;
}

before(async () => {
  server = await startConsoleServer({ port: 0, inMemory: true, publicDir: resolve('dist/public'), auth: { kind: 'local-console', anonymousSimulatorAgents: false } });
  browser = await launchBrowser();
  // One browser profile: the two agents' tabs share storage, as two windows of one person's browser would.
  context = await browser.newContext({ viewport: CONSOLE_VIEWPORT });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe('two agents in the local console', () => {
  it('each signed-in user gets their own simulator agent from the assertion, not from the page', async () => {
    pages.agent = await openAs('agent');
    pages.agent2 = await openAs('agent2');
    pages.supervisor = await openAs('supervisor');
    const connected = async () => (await rest<Snapshot>(server.url, 'GET', '/api/sim/calls')).agents.map((item) => `${item.agentId}${item.supervisor ? ' (supervisor)' : ''}`).sort();
    const agents = await eventually(async () => ((await connected()).length === 3 ? connected() : undefined), 10_000, 'three softphones connected');
    assert.deepEqual(agents, ['agent', 'agent2', 'supervisor (supervisor)']);
    assert.equal(await pages.agent2.page.getByTestId('console-user').inputValue(), 'agent2', 'the header picker shows who is signed in');
    // What signing in costs at start: runApex (the console signs) and the exchange, from the page's timeline.
    for (const [user, { page }] of Object.entries(pages)) {
      const frame = page.frames().find((candidate) => candidate.url().includes('/softphone/'));
      const marks = await frame?.evaluate(() => (window as unknown as { softphone: { timeline: { startup(): { marks: Array<{ stage: string; at: number }> } } } }).softphone.timeline.startup().marks);
      const at = (stage: string) => marks?.find((mark) => mark.stage === stage)?.at;
      const signedIn = at('signed-in');
      const running = at('script-running');
      assert.ok(signedIn !== undefined && running !== undefined, 'the startup timeline has signed-in');
      console.log(`${user}: signed in ${Math.round(signedIn - running)} ms after the script started`);
    }
  });

  it('a call for agent2 rings agent2 only, and a call for agent rings agent only', async () => {
    const { agent, agent2 } = pages as Required<typeof pages> & { agent: { page: Page; phone: FrameLocator }; agent2: { page: Page; phone: FrameLocator } };
    const forAgent2 = (await rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', { from: '+1 415-555-0142', agent: 'agent2' })).callId;
    await agent2.phone.locator(`article[data-call-id="${forAgent2}"]`).getByRole('button', { name: 'Accept' }).waitFor({ timeout: 10_000 });
    assert.equal(await agent.phone.locator(`article[data-call-id="${forAgent2}"]`).count(), 0, "agent's softphone does not see agent2's call");
    const forAgent = (await rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', { from: '+1 206-555-0100', agent: 'agent' })).callId;
    await agent.phone.locator(`article[data-call-id="${forAgent}"]`).getByRole('button', { name: 'Accept' }).waitFor({ timeout: 10_000 });
    assert.equal(await agent2.phone.locator(`article[data-call-id="${forAgent}"]`).count(), 0, "agent2's softphone does not see agent's call");
    await agent2.phone.locator(`article[data-call-id="${forAgent2}"]`).getByRole('button', { name: 'Decline' }).click();
    await agent.phone.locator(`article[data-call-id="${forAgent}"]`).getByRole('button', { name: 'Decline' }).click();
    await eventually(async () => ((await rest<{ state: string }>(server.url, 'GET', `/api/sim/calls/${forAgent}`)).state === 'ended' ? true : undefined), 5000, 'agent\'s call ended');
  });

  it('refuses a softphone socket without a session (no relaxation in this server)', async () => {
    const status = await new Promise<number>((done) => {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/sim/agent?agent=agent2`);
      socket.on('open', () => {
        socket.close();
        done(101);
      });
      socket.on('unexpected-response', (_request, response) => done(response.statusCode ?? 0));
      socket.on('error', () => done(0));
    });
    assert.equal(status, 401);
  });

  it('an unknown console user gets no softphone: Salesforce did not sign them in', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/?user=mallory`);
    const alert = page.frameLocator('iframe[title="Softphone"]').getByRole('alert').filter({ hasText: 'could not start' });
    // The utility panel is closed, so the alert is in the page but not shown.
    await alert.waitFor({ state: 'attached', timeout: 15_000 });
    assert.match((await alert.textContent()) ?? '', /did not sign in this agent/);
    await page.close();
  });
});

describe('two agents on the Twilio softphone', () => {
  it("each page's token endpoint answers its own user's Twilio identity", async () => {
    const twilioServer = await startConsoleServer({ port: 0, inMemory: true, publicDir: resolve('dist/public'), provider: twilio(), twilio: { settings: twilioSettingsFromEnv(TEST_TWILIO_ENV) } });
    const twilioContext = await browser.newContext({ viewport: CONSOLE_VIEWPORT });
    try {
      const identities: string[] = [];
      for (const user of ['agent', 'agent2']) {
        const page = await twilioContext.newPage();
        const token = page.waitForResponse((response) => response.url().endsWith('/api/twilio/token'), { timeout: 15_000 });
        await page.goto(`${twilioServer.url}/?user=${user}`);
        const response = await token;
        assert.equal(response.status(), 200);
        assert.match((await response.request().allHeaders()).authorization ?? '', /^Bearer /, 'the token request carries the session');
        identities.push(((await response.json()) as { identity: string }).identity);
      }
      assert.deepEqual(identities, ['agent', 'agent2']);
    } finally {
      await twilioContext.close();
      await twilioServer.close();
    }
  });
});

describe('no shared secret in what the browser gets', () => {
  it('the built softphone and connector bundles, and the served pages, hold no key, secret or session', async () => {
    const dir = resolve('dist/public');
    const bundles = readdirSync(dir).filter((file) => /^(softphone|voice-connector)-.*\.js$/.test(file));
    assert.ok(bundles.length >= 4, `bundles: ${bundles.join(', ')}`);
    const keys = await localOrgKeys();
    const keyBody = keys.privateKeyPem.split('\n').slice(1, 3).join('');
    const pagesText = [await (await fetch(`${server.url}/softphone/`)).text(), await (await fetch(`${server.url}/voice/connector.html`)).text()];
    for (const [name, text] of [...bundles.map((file) => [file, readFileSync(join(dir, file), 'utf8')] as const), ...pagesText.map((text, index) => [`page ${index}`, text] as const)]) {
      // Checked with test(), so a failure names the file without printing a whole bundle.
      assert.ok(!/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(text), `${name}: a private key`);
      assert.ok(!/sessionSecret|apiKeySecret"?\s*:/.test(text), `${name}: a server secret setting`);
      assert.ok(!text.includes(keyBody), `${name}: the org key`);
      assert.ok(!/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/.test(text), `${name}: a token`);
    }
  });
});
