/**
 * The Twilio and Amazon Connect softphone bundles in real Chromium with the real vendor SDKs.
 * Neither vendor is reachable (and nothing may leave the machine): Chromium resolves every host
 * but loopback to "not found", so these tests check what happens up to the vendor's door — the
 * right bundle loads without errors, the Twilio Device is created from our server's token and
 * opens its signalling socket with our options, and Streams' initCCP frames the configured CCP.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { connect } from '../../src/providers/connect/index.js';
import { twilio } from '../../src/providers/twilio/index.js';
import { startConsoleServer, twilioSettingsFromEnv, type ConsoleServer, type ConsoleServerOptions } from '../../src/server/index.js';
import { eventually, launchBrowser } from './harness.js';
import { TEST_TWILIO_ENV } from '../support/twilio-env.js';

let browser: Browser;
before(async () => {
  browser = await launchBrowser(['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost']);
});
after(async () => {
  await browser.close();
});

interface Seen {
  readonly errors: string[];
  readonly requests: string[];
  readonly sockets: string[];
}

async function withConsole(options: ConsoleServerOptions, body: (server: ConsoleServer, page: Page, seen: Seen) => Promise<void>): Promise<void> {
  const server = await startConsoleServer({ port: 0, inMemory: true, publicDir: resolve('dist/public'), ...options });
  const page = await browser.newPage();
  const seen: Seen = { errors: [], requests: [], sockets: [] };
  page.on('pageerror', (error) => seen.errors.push(error.message));
  page.on('request', (request) => seen.requests.push(request.url()));
  page.on('websocket', (socket) => seen.sockets.push(socket.url()));
  try {
    await page.goto(`${server.url}/`);
    await body(server, page, seen);
  } finally {
    await page.close();
    await server.close();
  }
}

const softphone = (page: Page) => page.frameLocator('iframe[title="Softphone"]');

describe('vendor softphone bundles in Chromium', () => {
  it('twilio: fetches a token from our server and opens the Voice SDK signalling socket on the configured edge', async () => {
    const settings = twilioSettingsFromEnv(TEST_TWILIO_ENV);
    await withConsole({ provider: twilio({ edge: 'dublin' }), twilio: { settings } }, async (_server, page, { errors, requests, sockets }) => {
      await eventually(() => requests.find((url) => url.endsWith('/api/twilio/token')), 15_000, 'the token request');
      const signalling = await eventually(() => sockets.find((url) => url.includes('twilio.com')), 15_000, 'the Voice SDK signalling socket');
      assert.match(signalling, /^wss:\/\/voice-js\.dublin\.twilio\.com\//);
      const badge = softphone(page).locator('[data-health]');
      assert.notEqual(await badge.getAttribute('data-health'), 'ready', 'Twilio is unreachable here, so the softphone must not claim to be ready');
      assert.deepEqual(errors, []);
    });
  });

  it('twilio: a missing token endpoint is reported in the softphone, naming the endpoint', async () => {
    await withConsole({ provider: twilio() }, async (_server, page, { errors }) => {
      // Other alerts may stand beside it (e.g. call logs that cannot be stored in a cross-site frame).
      const alert = softphone(page).getByRole('alert').filter({ hasText: 'could not start' });
      await alert.waitFor({ state: 'attached', timeout: 15_000 });
      assert.match((await alert.textContent()) ?? '', /token endpoint \/api\/twilio\/token answered 404/);
      assert.deepEqual(errors, []);
    });
  });

  it('connect: Streams frames the configured CCP in the softphone and waits for sign-in', async () => {
    const config = connect({ ccpUrl: 'https://example.my.connect.aws/ccp-v2/', region: 'eu-west-2' });
    await withConsole({ provider: config }, async (_server, page, { errors }) => {
      const ccp = softphone(page).locator('.sp-ccp iframe');
      await ccp.waitFor({ state: 'attached', timeout: 15_000 });
      assert.match((await ccp.getAttribute('src')) ?? '', /^https:\/\/example\.my\.connect\.aws\/ccp-v2\//);
      assert.equal(await softphone(page).locator('[data-health]').getAttribute('data-health'), 'connecting');
      assert.deepEqual(errors, []);
    });
  });
});
