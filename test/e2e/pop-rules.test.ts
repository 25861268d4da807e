/**
 * Screen-pop rules in the local console, in Chromium: the production bridge runs the rules of
 * `examples/screen-pop-rules/softphone.config.ts` over the console's Open CTI (deferred
 * searchAndScreenPop, then screenPop), and the call's Task follows the record a rule popped.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { eventually, launchBrowser, openConsole, rest, startConsole, type ConsoleTask, type RunningConsole } from './harness.js';

const CONFIG = 'examples/screen-pop-rules/softphone.config.ts';

interface NamedRecord {
  Id: string;
  Name: string;
  CaseNumber?: string;
}
interface Layout {
  Inbound: { objects: Record<string, Array<{ displayName: string; apiName: string }>> };
}

let server: RunningConsole;
let browser: Browser;
let page: Page;
let phone: FrameLocator;

const ring = async (body: Record<string, unknown>): Promise<string> => (await rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', body)).callId;
const activeTab = () => page.locator('[role="tab"][aria-selected="true"]');
const phoneIdle = () => page.getByTestId('phone-item-label').filter({ hasText: /^Phone$/ }).waitFor({ timeout: 10_000 });

/** Answers, hangs up and resolves with the call's Task once logged. */
async function talkAndLog(callId: string): Promise<ConsoleTask> {
  await phone.getByRole('button', { name: 'Accept' }).click();
  await page.getByTestId('phone-item-label').filter({ hasText: 'On call' }).waitFor();
  await phone.getByRole('button', { name: 'Hang up' }).click();
  const task = await eventually(async () => (await rest<ConsoleTask[]>(server.url, 'GET', `/api/sobjects/Task?CallObject=${encodeURIComponent(callId)}`))[0], 5000, 'the call Task');
  await phone.getByRole('button', { name: 'Save' }).click();
  await phoneIdle();
  return task;
}

before(async () => {
  server = await startConsole(['--config', CONFIG]);
  // Open CTI searches only the Softphone Layout's objects: the org's layout must include Case.
  const layout = await rest<Layout>(server.url, 'GET', '/api/setup/softphone-layout');
  layout.Inbound.objects.Case = [{ displayName: 'Case Number', apiName: 'CaseNumber' }, { displayName: 'Subject', apiName: 'Subject' }];
  await rest(server.url, 'PUT', '/api/setup/softphone-layout', layout);
  browser = await launchBrowser();
  ({ page, phone } = await openConsole(browser, server.url));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('screen-pop rules (examples/screen-pop-rules)', () => {
  it('an IVR case number pops that Case, and the Task\'s WhatId is the Case', async () => {
    const cases = await rest<NamedRecord[]>(server.url, 'GET', '/api/sobjects/Case');
    const target = cases.find((item) => item.CaseNumber);
    assert.ok(target?.CaseNumber, 'a seeded Case with a number');
    // Maria's number would pop her Contact by the phone search: the rule comes first.
    const callId = await ring({ from: '+1 415-555-0142', name: 'Maria Chen', data: { caseNumber: target.CaseNumber } });
    await page.locator(`.console-record[data-record-id="${target.Id}"]`).waitFor({ timeout: 5000 });
    assert.match((await activeTab().textContent()) ?? '', new RegExp(`${target.CaseNumber}$`));
    const task = await talkAndLog(callId);
    assert.equal(task.WhatId, target.Id);
  });

  it('an account number pops that Account (searched in its AccountNumber field)', async () => {
    const [acme] = await rest<NamedRecord[]>(server.url, 'GET', '/api/sobjects/Account?AccountNumber=ACME-0042');
    assert.ok(acme);
    const callId = await ring({ from: '+1 303 555 0999', data: { accountNumber: 'ACME-0042' } });
    await page.locator(`.console-record[data-record-id="${acme.Id}"]`).waitFor({ timeout: 5000 });
    const task = await talkAndLog(callId);
    assert.equal(task.WhatId, acme.Id);
  });

  it('a flow rule opens the flow tab with the call\'s data as its inputs', async () => {
    const callId = await ring({ from: '+1 303 555 0998', to: '(800) 555-0150', data: { invoice: 'INV-2291', reason: 'double charge' } });
    const flow = page.locator('[data-flow="Billing_Intake"]');
    await flow.waitFor({ timeout: 5000 });
    assert.match((await activeTab().textContent()) ?? '', /Flow: Billing_Intake$/);
    assert.equal(await flow.getByLabel('invoice (String)').inputValue(), 'INV-2291');
    assert.equal(await flow.getByLabel('reason (String)').inputValue(), 'double charge');
    await talkAndLog(callId);
  });

  it('a URL rule opens the URL built from the call data', async () => {
    const callId = await ring({ from: '+1 303 555 0997', data: { orderId: 'SO 17/4' } });
    const url = 'https://orders.example.com/orders/SO%2017%2F4?caller=%2B13035550997';
    await page.locator(`[data-url="${url}"]`).waitFor({ timeout: 5000 });
    assert.match((await activeTab().textContent()) ?? '', /orders\.example\.com$/);
    await talkAndLog(callId);
  });

  it('a record id in the call data pops that record; an id the org refuses passes on to the phone search', async () => {
    const [, second] = await rest<NamedRecord[]>(server.url, 'GET', '/api/sobjects/Case');
    assert.ok(second);
    const callId = await ring({ from: '+1 303 555 0996', data: { recordId: second.Id } });
    await page.locator(`.console-record[data-record-id="${second.Id}"]`).waitFor({ timeout: 5000 });
    const task = await talkAndLog(callId);
    assert.equal(task.WhatId, second.Id);
    const [maria] = await rest<NamedRecord[]>(server.url, 'GET', '/api/sobjects/Contact?LastName=Chen');
    const refused = await ring({ from: '+1 415-555-0142', name: 'Maria Chen', data: { recordId: '500000000000999AAA' } });
    await page.locator(`.console-record[data-record-id="${maria!.Id}"]`).waitFor({ timeout: 5000 });
    await talkAndLog(refused);
  });

  it('no rule matches: the phone-number search pops the caller', async () => {
    const [maria] = await rest<NamedRecord[]>(server.url, 'GET', '/api/sobjects/Contact?LastName=Chen');
    assert.ok(maria);
    const callId = await ring({ from: '+1 415-555-0142', name: 'Maria Chen', data: { language: 'en' } });
    await page.locator(`.console-record[data-record-id="${maria.Id}"]`).waitFor({ timeout: 5000 });
    assert.match((await activeTab().textContent()) ?? '', /Maria Chen$/);
    const task = await talkAndLog(callId);
    assert.equal(task.WhoId, maria.Id);
  });
});
