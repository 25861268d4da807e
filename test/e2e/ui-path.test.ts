/**
 * Every agent action through the real buttons, on both hosts: accept, decline, hang up, mute, hold,
 * keypad (DTMF), transfer and save (wrap-up). Nothing here goes through `window.softphone.execute`:
 * each click must travel the UI's own wiring to the provider, and the test checks what arrived
 * where it lands: the telephony simulator's call (its REST API), the Task records (the console's
 * REST API) and, on the Salesforce Voice host, the events the connector published.
 *
 * Every check waits for the state it expects (polling), never reads it once.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { eventually, launchBrowser, openConsole, rest, startConsole, type ConsoleTask, type RunningConsole } from './harness.js';
import { launchVoiceBrowser, startVoiceConsole, VoiceHostDriver, type RunningVoiceConsole } from './voice-driver.js';
import type { VoiceHost } from '../../src/console/voice-host/voice-host.js';

/** The simulator's view of a call (`GET /api/sim/calls/:id`), the fields these tests read. */
interface SimCall {
  readonly callId: string;
  readonly state: 'ringing' | 'dialing' | 'connected' | 'ended';
  readonly held: boolean;
  readonly muted: boolean;
  readonly digits: string;
  readonly endReason?: string;
}

type Fetch = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** Waits until the simulator's call satisfies `wanted`, naming what it waited for and what it last saw. */
async function simCallUntil(request: Fetch, callId: string, what: string, wanted: (call: SimCall) => boolean): Promise<SimCall> {
  let last: SimCall | undefined;
  try {
    return await eventually(async () => {
      last = await request<SimCall>('GET', `/api/sim/calls/${callId}`);
      return wanted(last) ? last : undefined;
    }, 8000, `simulator call ${callId}: ${what}`);
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen ${JSON.stringify(last)}`, { cause: error });
  }
}

describe('UI path on the Open CTI host (local console, simulator provider)', () => {
  let server: RunningConsole;
  let browser: Browser;
  let page: Page;
  let phone: FrameLocator;
  const request: Fetch = (method, path, body) => rest(server.url, method, path, body);
  const ring = async (from: string) => (await request<{ callId: string }>('POST', '/api/sim/calls', { from })).callId;
  const tasksFor = (callId: string) => request<ConsoleTask[]>('GET', `/api/sobjects/Task?CallObject=${encodeURIComponent(callId)}`);
  const taskWhere = (callId: string, what: string, wanted: (task: ConsoleTask) => boolean) =>
    eventually(async () => {
      const tasks = await tasksFor(callId);
      return tasks.length === 1 && wanted(tasks[0]!) ? tasks[0] : undefined;
    }, 8000, `the Task of ${callId}: ${what}`);
  const card = (callId: string) => phone.locator(`article[data-call-id="${callId}"]`);
  const pressed = (callId: string, name: string, value: 'true' | 'false') =>
    card(callId).getByRole('button', { name, exact: true }).and(phone.locator(`[aria-pressed="${value}"]`)).waitFor({ timeout: 8000 });
  const idle = () => page.getByTestId('phone-item-label').filter({ hasText: /^Phone$/ }).waitFor({ timeout: 10_000 });

  before(async () => {
    server = await startConsole();
    browser = await launchBrowser();
    ({ page, phone } = await openConsole(browser, server.url));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  // A failed test leaves no call behind for the next: the far end hangs up what is live, and any
  // wrap-up still open is saved.
  afterEach(async () => {
    const { calls } = await request<{ calls: SimCall[] }>('GET', '/api/sim/calls');
    for (const live of calls.filter((sim) => sim.state !== 'ended')) await request('POST', `/api/sim/calls/${live.callId}/hangup`).catch(() => undefined);
    const saves = phone.locator('form.sp-wrap-up').getByRole('button', { name: 'Save' });
    await eventually(async () => {
      if ((await saves.count()) === 0) return true;
      await saves.first().click({ timeout: 2000 }).catch(() => undefined);
      return undefined;
    }, 10_000, 'no wrap-up left open');
    await idle();
  });

  it('accept, mute, hold, keypad, transfer, then save the wrap-up: each click reaches the simulator and the Task', async () => {
    const callId = await ring('+1 415-555-0142');
    const call = card(callId);
    await call.getByRole('button', { name: 'Accept' }).click();
    await simCallUntil(request, callId, 'answered', (sim) => sim.state === 'connected');

    await call.getByRole('button', { name: 'Mute', exact: true }).click();
    await simCallUntil(request, callId, 'muted', (sim) => sim.muted);
    await pressed(callId, 'Mute', 'true');
    await call.getByRole('button', { name: 'Mute', exact: true }).click();
    await simCallUntil(request, callId, 'unmuted', (sim) => !sim.muted);
    await pressed(callId, 'Mute', 'false');

    await call.getByRole('button', { name: 'Hold', exact: true }).click();
    await simCallUntil(request, callId, 'on hold', (sim) => sim.held);
    await page.getByTestId('phone-item-label').filter({ hasText: 'On hold' }).waitFor();
    await call.getByRole('button', { name: 'Hold', exact: true }).click();
    await simCallUntil(request, callId, 'resumed', (sim) => !sim.held);
    await page.getByTestId('phone-item-label').filter({ hasText: 'On call' }).waitFor();

    await call.getByRole('button', { name: 'Keypad', exact: true }).click();
    const keypad = call.getByRole('group', { name: 'Keypad' });
    // A key's accessible name is its digit and letters ("4 GHI"), or the symbol alone.
    for (const name of ['4 GHI', '2 ABC', '#']) await keypad.getByRole('button', { name, exact: true }).click();
    await simCallUntil(request, callId, 'the digits 42#', (sim) => sim.digits === '42#');

    await call.getByRole('button', { name: 'Transfer', exact: true }).click();
    await call.getByLabel('Transfer to').fill('+1 415 555 0111');
    await call.locator('form.sp-transfer').getByRole('button', { name: 'Transfer', exact: true }).click();
    const ended = await simCallUntil(request, callId, 'transferred', (sim) => sim.state === 'ended');
    assert.equal(ended.endReason, 'transferred');
    const logged = await taskWhere(callId, 'logged as transferred', (task) => task.CallDisposition === 'Transferred');
    assert.equal(logged.CallType, 'Inbound');

    await call.getByLabel('Notes').fill('Sent to billing.');
    await call.getByRole('button', { name: 'Save' }).click();
    const saved = await taskWhere(callId, 'the wrap-up notes', (task) => task.Description?.includes('Sent to billing.') === true);
    assert.equal(saved.Id, logged.Id, 'the wrap-up updates the Task logged at the end of the call');
    await idle();
  });

  it('decline: the simulator sees the call rejected, the Task says Declined', async () => {
    const callId = await ring('512 555 0167');
    await card(callId).getByRole('button', { name: 'Decline' }).click();
    const ended = await simCallUntil(request, callId, 'declined', (sim) => sim.state === 'ended');
    assert.equal(ended.endReason, 'rejected');
    await taskWhere(callId, 'logged as declined', (task) => task.CallDisposition === 'Declined');
    await idle();
  });

  it('hang up: the simulator sees the agent end the call; Save writes the chosen disposition and notes', async () => {
    const callId = await ring('+1 212 555 0188');
    const call = card(callId);
    await call.getByRole('button', { name: 'Accept' }).click();
    await simCallUntil(request, callId, 'answered', (sim) => sim.state === 'connected');
    await call.getByRole('button', { name: 'Hang up' }).click();
    const ended = await simCallUntil(request, callId, 'hung up', (sim) => sim.state === 'ended');
    assert.equal(ended.endReason, 'hangup-local');
    const logged = await taskWhere(callId, 'logged as completed', (task) => task.CallDisposition === 'Completed');

    const disposition = call.getByLabel('Disposition');
    const choices = await disposition.locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value).filter(Boolean));
    assert.ok(choices.length > 0, 'the wrap-up offers dispositions');
    await disposition.selectOption(choices[0]!);
    await call.getByLabel('Notes').fill('Called back about the invoice.');
    await call.getByRole('button', { name: 'Save' }).click();
    const saved = await taskWhere(callId, 'the wrap-up', (task) => task.Description?.includes('Called back about the invoice.') === true);
    assert.equal(saved.Id, logged.Id);
    assert.equal(saved.CallDisposition, choices[0]);
    await idle();
  });
});

describe('UI path on the Salesforce Voice host (local Voice console, simulator provider)', () => {
  let server: RunningVoiceConsole;
  let browser: Browser;
  let host: VoiceHostDriver;
  const request: Fetch = (method, path, body) => host.request(method, path, body);
  const ring = async (from: string) => (await request<{ callId: string }>('POST', '/api/sim/calls', { from, name: 'Ada Lovelace' })).callId;
  const click = (action: string) => host.page.getByTestId(`voice-${action}`).click();
  /** How many entries the host has recorded: an event published after a click comes after this mark. */
  const mark = () => host.page.evaluate(() => (window as unknown as { voiceHost: VoiceHost }).voiceHost.entries.length);
  /**
   * Waits for an event of `type` recorded at or after entry `since`, about `callId` when given (so a
   * later test does not depend on how many events an earlier one left).
   */
  const published = async (type: string, callId?: string, since = 0): Promise<Record<string, unknown>> => {
    const handle = await host.page.waitForFunction(
      ([wanted, id, from]) =>
        (window as unknown as { voiceHost: VoiceHost }).voiceHost.entries.find(
          (entry, index) =>
            index >= from && entry.kind === 'event' && entry.type === wanted && (id === undefined || ([entry.payload].flat()[0] as { callId?: string } | undefined)?.callId === id),
        ),
      [type, callId, since] as const,
      { timeout: 10_000 },
    );
    return ((await handle.jsonValue()) as { payload: Record<string, unknown> }).payload;
  };
  /** Clicks the host page's button for `action` and returns the event of `type` published after it. */
  const clickFor = async (action: string, type: string): Promise<Record<string, unknown>> => {
    const since = await mark();
    await click(action);
    return published(type, undefined, since);
  };

  before(async () => {
    server = await startVoiceConsole();
    browser = await launchVoiceBrowser();
    host = await VoiceHostDriver.open(browser, server.url);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  afterEach(async () => {
    const { calls } = await request<{ calls: SimCall[] }>('GET', '/api/sim/calls');
    for (const live of calls.filter((sim) => sim.state !== 'ended')) await request('POST', `/api/sim/calls/${live.callId}/hangup`).catch(() => undefined);
  });

  it('accept, mute, hold, keypad, blind transfer, wrap up: each host button reaches the simulator and the published events', async () => {
    const callId = await ring('+14155550100');
    await published('CALL_STARTED', callId);
    await click('accept');
    await simCallUntil(request, callId, 'answered', (sim) => sim.state === 'connected');
    await published('CALL_CONNECTED', callId);

    assert.equal((await clickFor('mute', 'MUTE_TOGGLE')).isMuted, true);
    await simCallUntil(request, callId, 'muted', (sim) => sim.muted);
    assert.equal((await clickFor('unmute', 'MUTE_TOGGLE')).isMuted, false);
    await simCallUntil(request, callId, 'unmuted', (sim) => !sim.muted);

    assert.equal((await clickFor('hold', 'HOLD_TOGGLE')).isCustomerOnHold, true);
    await simCallUntil(request, callId, 'on hold', (sim) => sim.held);
    assert.equal((await clickFor('resume', 'HOLD_TOGGLE')).isCustomerOnHold, false);
    await simCallUntil(request, callId, 'resumed', (sim) => !sim.held);

    await host.page.getByTestId('voice-digits').fill('42#');
    await click('send-digits');
    await simCallUntil(request, callId, 'the digits 42#', (sim) => sim.digits === '42#');

    await host.page.getByTestId('voice-number').fill('+14155550111');
    assert.equal((await clickFor('blind-transfer', 'PARTICIPANT_ADDED')).phoneNumber, '+14155550111');
    const ended = await simCallUntil(request, callId, 'transferred', (sim) => sim.state === 'ended');
    assert.equal(ended.endReason, 'transferred');
    await published('HANGUP', callId);
    await published('AFTER_CALL_WORK_STARTED', callId);

    await click('wrap-up');
    await published('WRAP_UP_ENDED', callId);
  });

  it('decline: the simulator sees the call rejected and the host gets its HANGUP', async () => {
    const callId = await ring('+14155550122');
    await published('CALL_STARTED', callId);
    await click('decline');
    const ended = await simCallUntil(request, callId, 'declined', (sim) => sim.state === 'ended');
    assert.equal(ended.endReason, 'rejected');
    await published('HANGUP', callId);
  });

  it('end (hang up) and wrap up: the simulator sees the agent end the call, after-call work opens and closes', async () => {
    const callId = await ring('+14155550133');
    await published('CALL_STARTED', callId);
    await click('accept');
    await published('CALL_CONNECTED', callId);
    await click('end');
    const ended = await simCallUntil(request, callId, 'hung up', (sim) => sim.state === 'ended');
    assert.equal(ended.endReason, 'hangup-local');
    await published('HANGUP', callId);
    await published('AFTER_CALL_WORK_STARTED', callId);
    await click('wrap-up');
    await published('WRAP_UP_ENDED', callId);
  });
});
