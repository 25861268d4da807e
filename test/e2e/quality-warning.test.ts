/**
 * Call-quality warnings in the softphone: the simulator degrades a connected call's network, the
 * provider reports a vendor-neutral warning, the call card shows it until it clears.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, FrameLocator } from 'playwright-core';
import { launchBrowser, openConsole, rest, startConsole, type RunningConsole } from './harness.js';

let server: RunningConsole;
let browser: Browser;
let phone: FrameLocator;

before(async () => {
  server = await startConsole();
  browser = await launchBrowser();
  ({ phone } = await openConsole(browser, server.url));
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('call-quality warnings', () => {
  it('shows a warning on the connected call while it lasts', async () => {
    const { callId } = await rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', { from: '+1 415-555-0142' });
    await phone.getByRole('button', { name: 'Accept' }).click();
    await phone.getByRole('button', { name: 'Hang up' }).waitFor();
    const warning = phone.locator('.sp-quality-warning');
    assert.equal(await warning.count(), 0);

    await rest(server.url, 'POST', `/api/sim/calls/${callId}/warning`, { kind: 'latency', active: true });
    await warning.getByText('Network delay is high').waitFor({ timeout: 5000 });
    await rest(server.url, 'POST', `/api/sim/calls/${callId}/warning`, { kind: 'packet-loss' });
    await warning.getByText('Audio is being lost on the network').waitFor({ timeout: 5000 });
    assert.equal(await warning.getAttribute('role'), 'status');

    await rest(server.url, 'POST', `/api/sim/calls/${callId}/warning`, { kind: 'latency', active: false });
    await warning.getByText('Network delay is high').waitFor({ state: 'detached', timeout: 5000 });
    await rest(server.url, 'POST', `/api/sim/calls/${callId}/warning`, { kind: 'packet-loss', active: false });
    await warning.waitFor({ state: 'detached', timeout: 5000 });

    const bad = await fetch(`${server.url}/api/sim/calls/${callId}/warning`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'lag' }) });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /kind must be one of latency/);
    await phone.getByRole('button', { name: 'Hang up' }).click();
  });
});
