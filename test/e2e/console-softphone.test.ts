/**
 * The walking skeleton end to end: real server, real Chromium, the production Open CTI bridge over
 * the console's opencti_min.js, the simulator provider over WebSocket.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { eventually, launchBrowser, openConsole, rest, softphoneFrame, startConsole, type ConsoleTask, type RunningConsole } from './harness.js';

type Task = ConsoleTask;
interface Contact {
  Id: string;
  Name: string;
}

let server: RunningConsole;
let browser: Browser;
let page: Page;
let phone: FrameLocator;

const tasksFor = (callId: string): Promise<Task[]> => rest<Task[]>(server.url, 'GET', `/api/sobjects/Task?CallObject=${encodeURIComponent(callId)}`);
const contactNamed = async (lastName: string): Promise<Contact> => {
  const [contact] = await rest<Contact[]>(server.url, 'GET', `/api/sobjects/Contact?LastName=${encodeURIComponent(lastName)}`);
  assert.ok(contact, `seeded contact ${lastName}`);
  return contact;
};
const ringAgent = async (from: string, extra: Record<string, unknown> = {}): Promise<string> =>
  (await rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', { from, ...extra })).callId;
const phoneIdle = () => page.getByTestId('phone-item-label').filter({ hasText: /^Phone$/ }).waitFor({ timeout: 10_000 });

before(async () => {
  server = await startConsole();
  browser = await launchBrowser();
  ({ page, phone } = await openConsole(browser, server.url));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('inbound call from a known contact', () => {
  it('pops the Contact, logs one Task on hang-up and updates it with the wrap-up notes', async () => {
    const maria = await contactNamed('Chen');
    // Seeded as "(415) 555-0142": the call arrives in E.164 with separators.
    const callId = await ringAgent('+1 415-555-0142');
    await page.getByRole('tab', { name: 'Maria Chen', selected: true }).waitFor({ timeout: 5000 });
    await page.locator(`.console-record[data-record-id="${maria.Id}"]`).waitFor({ timeout: 5000 });
    assert.equal(await page.getByTestId('phone-item-label').textContent(), 'Incoming call');

    await phone.getByRole('button', { name: 'Accept' }).click();
    await page.getByTestId('phone-item-label').filter({ hasText: 'On call' }).waitFor();
    await phone.getByRole('button', { name: 'Mute' }).click();
    await eventually(async () => ((await phone.getByRole('button', { name: 'Mute' }).getAttribute('aria-pressed')) === 'true' ? true : undefined), 3000, 'muted');
    await phone.getByRole('button', { name: 'Hold' }).click();
    await page.getByTestId('phone-item-label').filter({ hasText: 'On hold' }).waitFor();
    await phone.getByRole('button', { name: 'Hold' }).click();
    await page.getByTestId('phone-item-label').filter({ hasText: 'On call' }).waitFor();
    await page.waitForTimeout(1200);
    await phone.getByRole('button', { name: 'Hang up' }).click();

    const created = await eventually(async () => {
      const tasks = await tasksFor(callId);
      return tasks.length > 0 ? tasks : undefined;
    }, 5000, 'the call Task');
    assert.equal(created.length, 1);
    const task = created[0]!;
    assert.equal(task.WhoId, maria.Id);
    assert.equal(task.CallType, 'Inbound');
    assert.equal(task.CallObject, callId);
    assert.ok(task.CallDurationInSeconds > 0, `duration ${task.CallDurationInSeconds}`);
    assert.equal(task.Status, 'Completed');
    assert.equal(task.TaskSubtype, 'Call');
    assert.match(task.Subject, /^Inbound call from .*\+1 415 555 0142/);

    // Seven later Tasks on the same Contact; the wrap-up's save below refreshes the record page.
    for (let index = 1; index <= 7; index++) await rest(server.url, 'POST', '/api/sobjects/Task', { Subject: `Follow-up ${index}`, WhoId: maria.Id, Status: 'Completed' });
    const historyRequests: URL[] = [];
    const onRequest = (request: { url(): string }) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/sobjects/Task' && url.searchParams.get('WhoId') === maria.Id) historyRequests.push(url);
    };
    page.on('request', onRequest);
    await phone.getByLabel('Notes').fill('Customer asked about <b>firmware</b> 4.2 & calibration.');
    await phone.getByRole('button', { name: 'Save' }).click();
    const updated = await eventually(async () => {
      const tasks = await tasksFor(callId);
      return tasks[0]?.Description ? tasks : undefined;
    }, 5000, 'the notes on the Task');
    assert.equal(updated.length, 1, 'the wrap-up updates the same Task, never a second one');
    assert.equal(updated[0]?.Id, task.Id);
    assert.equal(updated[0]?.Description, 'Customer asked about <b>firmware</b> 4.2 & calibration.');
    await phoneIdle();
    // The contact's activity history, like Lightning's related list card: the newest six and "6+";
    // the call's Task, the eighth newest, behind "View all".
    const history = page.locator('.console-related[aria-label="Activity History"]');
    await history.getByRole('heading', { name: 'Activity History (6+)' }).waitFor({ timeout: 5000 });
    assert.equal(await history.locator('tbody tr').count(), 6);
    await history.getByText('Follow-up 7').waitFor();
    assert.equal(await history.getByText(task.Subject).count(), 0);
    // Each refresh fetches seven rows, not the contact's whole history.
    assert.ok(historyRequests.length > 0 && historyRequests.every((url) => url.searchParams.get('limit') === '7'), historyRequests.join(', '));
    page.off('request', onRequest);
    await history.getByRole('button', { name: 'View all Activity History' }).click();
    await history.getByRole('heading', { name: 'Activity History (8)' }).waitFor({ timeout: 5000 });
    await history.getByText(task.Subject).waitFor();
  });
});

describe('screen-pop variants', () => {
  it('no match: opens a new Contact form prefilled with the number', async () => {
    const callId = await ringAgent('(206) 555-0100');
    const dialog = page.getByRole('dialog', { name: 'New Contact' });
    await dialog.waitFor({ timeout: 5000 });
    assert.equal(await dialog.getByLabel('Phone').inputValue(), '+12065550100');
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await rest(server.url, 'POST', `/api/sim/calls/${callId}/hangup`);
    await phoneIdle();
  });

  it('several matches: shows a search result list with each match', async () => {
    const callId = await ringAgent('415.555.0199');
    const results = page.getByLabel('Search results');
    await results.waitFor({ timeout: 5000 });
    await results.getByText('David Okafor').waitFor();
    await results.getByText('Priya Raman').waitFor();
    await rest(server.url, 'POST', `/api/sim/calls/${callId}/hangup`);
    await phoneIdle();
  });
});

describe('unanswered calls', () => {
  it('declined: logged as Declined with no duration', async () => {
    const callId = await ringAgent('512 555 0167');
    await phone.getByRole('button', { name: 'Decline' }).click();
    const [task] = await eventually(async () => {
      const tasks = await tasksFor(callId);
      return tasks.length ? tasks : undefined;
    }, 5000, 'the declined call Task');
    assert.equal(task?.CallDisposition, 'Declined');
    assert.equal(task?.CallDurationInSeconds, 0);
    assert.equal(task?.CallType, 'Inbound');
    assert.equal(task?.WhoId, (await contactNamed('Alvarez')).Id);
    await phoneIdle();
  });

  it('missed: nobody answers before the ring timeout, logged as Missed', async () => {
    const callId = await ringAgent('+1 212 555 0188', { ringTimeoutMs: 800 });
    const tasks = await eventually(async () => {
      const found = await tasksFor(callId);
      return found.length ? found : undefined;
    }, 5000, 'the missed call Task');
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0]?.CallDisposition, 'Missed');
    assert.match(tasks[0]?.Subject ?? '', /^Missed call from/);
    await phoneIdle();
  });
});

describe('click-to-dial', () => {
  it('dials from a Contact record phone link and logs an outbound Task', async () => {
    const tom = await contactNamed('Becker');
    await page.getByRole('searchbox', { name: 'Search' }).fill('Becker');
    await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
    await page.getByLabel('Search results').getByRole('link', { name: 'Tom Becker' }).click();
    await page.getByRole('tab', { name: 'Tom Becker', selected: true }).waitFor();
    await page.locator('.console-record .slds-page-header a.console-phone-link').click();

    await page.getByTestId('phone-item-label').filter({ hasText: 'On call' }).waitFor({ timeout: 5000 });
    await page.waitForTimeout(1100);
    await phone.getByRole('button', { name: 'Hang up' }).click();
    await phone.getByLabel('Notes').fill('Confirmed the refund.');
    await phone.getByRole('button', { name: 'Save' }).click();

    const [task] = await eventually(async () => {
      const tasks = await rest<Task[]>(server.url, 'GET', `/api/sobjects/Task?WhoId=${tom.Id}&CallType=Outbound`);
      return tasks[0]?.Description ? tasks : undefined;
    }, 5000, 'the outbound Task with notes');
    assert.equal(task?.CallType, 'Outbound');
    assert.equal(task?.WhoId, tom.Id);
    assert.ok((task?.CallDurationInSeconds ?? 0) > 0);
    assert.match(task?.CallObject ?? '', /^SIM-/);
    assert.equal((await rest<Task[]>(server.url, 'GET', `/api/sobjects/Task?CallObject=${task?.CallObject}`)).length, 1);
    await phoneIdle();
  });
});

describe('timing panel', () => {
  it('shows the start-up and each call stage by stage, as the connector noted them', async () => {
    const callId = await ringAgent('512 555 0167');
    await phone.getByRole('button', { name: 'Decline' }).click();
    await eventually(async () => ((await tasksFor(callId)).length ? true : undefined), 5000, 'the declined call Task');
    await phoneIdle();
    const panel = phone.getByTestId('sp-diagnostics');
    await panel.getByText(/^Timing · ready in \d+ ms$/).waitFor();
    await panel.locator('summary').click();
    const startup = panel.locator('table[data-timeline="startup"]');
    for (const stage of ['navigation-start', 'script-running', 'connector-start', 'provider-connected', 'host-ready']) {
      await startup.getByRole('rowheader', { name: stage, exact: true }).waitFor();
    }
    const call = panel.locator(`table[data-timeline="${callId}"]`);
    await call.getByRole('rowheader', { name: 'call-logged', exact: true }).waitFor();
    const rows = await call.locator('tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent ?? '', tr.querySelector('td')?.textContent ?? '']));
    const stages = rows.map(([stage]) => stage);
    for (const stage of ['ringing', 'ringing:applied', 'ringing:shown', 'pop-requested', 'caller-popped', 'ended', 'log-requested', 'call-logged']) {
      assert.ok(stages.includes(stage), `${stage} in ${stages.join(', ')}`);
    }
    assert.equal(rows[0]?.[1], '+0.0 ms');
    const offsets = rows.map(([, offset]) => Number(/^\+(\d+\.\d) ms$/.exec(offset ?? '')?.[1]));
    assert.ok(offsets.every((value, index) => Number.isFinite(value) && (index === 0 || value >= offsets[index - 1]!)), `offsets rise: ${offsets.join(', ')}`);
    await panel.locator('summary').click();
    // The console notes its side of the same screen pop on the same clock, so the host's time splits.
    type Mark = { stage: string; at: number };
    const connector = await softphoneFrame(page).evaluate((id) => (window as unknown as { softphone: { timeline: { call(id: string): { marks: Mark[] } | undefined } } }).softphone.timeline.call(id)?.marks ?? [], callId);
    const host = await page.evaluate(() => (window as unknown as { consoleTiming: { recentCalls(): Array<{ id: string; marks: Mark[] }> } }).consoleTiming.recentCalls().find((call) => call.id.startsWith('searchAndScreenPop#'))?.marks ?? []);
    const at = (marks: Mark[], stage: string) => marks.find((mark) => mark.stage === stage)?.at ?? Number.NaN;
    const order = [at(connector, 'pop-requested'), at(host, 'received'), at(host, 'searched'), at(host, 'opened'), at(host, 'answered'), at(connector, 'caller-popped')];
    assert.ok(order.every((value, index) => Number.isFinite(value) && (index === 0 || value >= order[index - 1]!)), `pop sent → received → searched → opened → answered → popped: ${order.join(', ')}`);
  });
});

describe('call cards', () => {
  it('a ring fills the card built ahead of it; the next call carries nothing over from the last', async () => {
    await phoneIdle();
    const standby = phone.locator('article.sp-call[hidden]');
    await standby.waitFor({ state: 'hidden' });
    assert.equal(await standby.count(), 1);
    await standby.evaluate((card) => ((card as HTMLElement & { builtAhead?: boolean }).builtAhead = true));

    const first = await ringAgent('+1 415-555-0142');
    const ringing = phone.locator(`article[data-call-id="${first}"]`);
    await ringing.getByRole('button', { name: 'Accept' }).waitFor();
    assert.equal(await ringing.evaluate((card) => (card as HTMLElement & { builtAhead?: boolean }).builtAhead), true, 'the ringing card is the one built ahead');
    // The next standby card is built once the page is idle, while the call goes on.
    await phone.locator('article.sp-call[hidden]').waitFor({ state: 'hidden' });

    await ringing.getByRole('button', { name: 'Accept' }).click();
    await ringing.getByRole('button', { name: 'Keypad' }).click();
    await ringing.getByLabel('Keypad').waitFor();
    await ringing.getByRole('button', { name: 'Hang up' }).click();
    await ringing.getByLabel('Notes').fill('First caller');
    await ringing.getByRole('button', { name: 'Save' }).click();
    await phoneIdle();

    const second = await ringAgent('512 555 0167');
    const next = phone.locator(`article[data-call-id="${second}"]`);
    await next.getByRole('button', { name: 'Accept' }).click();
    assert.equal(await next.getByRole('button', { name: 'Keypad' }).getAttribute('aria-pressed'), 'false');
    assert.equal(await next.getByLabel('Keypad').count(), 0);
    await next.getByRole('button', { name: 'Hang up' }).click();
    assert.equal(await next.getByLabel('Notes').inputValue(), '');
    await next.getByRole('button', { name: 'Save' }).click();
    await phoneIdle();
    assert.equal(await phone.locator('article.sp-call[hidden]').count(), 1, 'one standby card, never more');
  });

  it('a new call is on screen when the connector has taken its event, not after the provider\'s handler returns', async () => {
    await phoneIdle();
    type Softphone = { dispatch(event: object): void; timeline: { call(id: string): { marks: Array<{ stage: string }> } | undefined } };
    const seen = await softphoneFrame(page).evaluate(() => {
      const softphone = (window as unknown as { softphone: Softphone }).softphone;
      const selector = 'article[data-call-id="urgent-1"]';
      // As a provider does: the event, then more of its own handler's work in the same task.
      softphone.dispatch({ type: 'ringing', callId: 'urgent-1', at: Date.now(), from: '+14155550142', to: 'agent1' });
      const ringing = { card: document.querySelector<HTMLElement>(selector)?.hidden === false, shown: softphone.timeline.call('urgent-1')?.marks.some((mark) => mark.stage === 'ringing:shown') ?? false };
      softphone.dispatch({ type: 'ended', callId: 'urgent-1', at: Date.now(), reason: 'rejected' });
      const ended = document.querySelector<HTMLElement>(selector)?.dataset.phase;
      return { ringing, ended };
    });
    assert.deepEqual(seen.ringing, { card: true, shown: true }, 'the ringing card was drawn within dispatch');
    assert.equal(seen.ended, 'ended', 'so was the end');
    await eventually(async () => ((await tasksFor('urgent-1')).length ? true : undefined), 5000, 'the Task of the dispatched call');
    await phoneIdle();
  });
});
