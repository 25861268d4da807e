/**
 * Multi-party calls between three console pages in Chromium, all real: the console server and its
 * telephony simulator (the conference bridge), three console pages signed in as `agent`, `agent2`
 * and `supervisor` (`/?user=`), each with its own softphone connected as that agent, the production
 * Open CTI bridge, reducer and UI. Nothing is injected: every step is a click on the softphone, and
 * every command runs on the simulator.
 *
 * One customer call: the supervisor listens, whispers, barges and leaves (the agent's card shows
 * each mode); the agent consults `agent2` (whose page rings and pops the customer's Contact), holds
 * and resumes them, swaps, merges, adds and removes a number in the conference and completes the
 * transfer: `agent2` keeps the customer. Each agent logs exactly one Task describing its part.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { CONSOLE_VIEWPORT, eventually, launchBrowser, rest, startConsole, type ConsoleTask, type RunningConsole } from './harness.js';

type User = 'agent' | 'agent2' | 'supervisor';
interface ConsolePage {
  readonly page: Page;
  readonly phone: FrameLocator;
}

let server: RunningConsole;
let browser: Browser;
const pages = {} as Record<User, ConsolePage>;

const button = (scope: Locator | FrameLocator, name: string) => scope.getByRole('button', { name, exact: true });
const label = (user: User) => pages[user].page.getByTestId('phone-item-label');
const tasksFor = (callId: string): Promise<ConsoleTask[]> => rest<ConsoleTask[]>(server.url, 'GET', `/api/sobjects/Task?CallObject=${encodeURIComponent(callId)}`);
/** The one live call card on a page, and its call id. */
const onlyCard = async (user: User): Promise<{ card: Locator; callId: string }> => {
  const card = pages[user].phone.locator('article[data-call-id]');
  await card.waitFor({ timeout: 10_000 });
  assert.equal(await card.count(), 1, `${user} has one call card`);
  const callId = await card.getAttribute('data-call-id');
  assert.ok(callId);
  return { card: pages[user].phone.locator(`article[data-call-id="${callId}"]`), callId };
};

/** Opens the console signed in as `user`, in a browser context of its own (another agent's browser). */
async function openAs(user: User): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: CONSOLE_VIEWPORT });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.url}/?user=${user}`);
  await page.getByTestId('phone-item-label').waitFor();
  const phone = page.frameLocator('iframe[title="Softphone"]');
  await phone.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 15_000 });
  // The agent opens the softphone panel of the utility bar, as at the start of a shift.
  await page.getByRole('button', { name: /^Softphone:/ }).click();
  await page.getByRole('dialog', { name: /./ }).and(page.locator('.console-panel.slds-is-open')).waitFor();
  if (errors.length > 0) throw new Error(`${user}'s console page errors: ${errors.join('; ')}`);
  return { page, phone };
}

before(async () => {
  server = await startConsole();
  browser = await launchBrowser();
  for (const user of ['agent', 'agent2', 'supervisor'] as const) pages[user] = await openAs(user);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('multi-party calls across three console pages (simulator, nothing stubbed)', () => {
  it('signs each page in as its user\'s agent', async () => {
    const { agents } = await rest<{ agents: Array<{ agentId: string; supervisor: boolean }> }>(server.url, 'GET', '/api/sim/calls');
    assert.deepEqual(
      agents.map((agent) => `${agent.agentId}${agent.supervisor ? ' (supervisor)' : ''}`).sort(),
      ['agent', 'agent2', 'supervisor (supervisor)'],
    );
    await pages.supervisor.phone.getByRole('region', { name: 'Team calls' }).getByText('No live calls in your team.').waitFor();
    assert.equal(await pages.agent.phone.getByRole('region', { name: 'Team calls' }).count(), 0, 'an agent has no team view');
  });

  it('supervisor listens, whispers, barges and leaves; consult agent2, swap, merge, complete transfer; one Task per agent', async () => {
    const { agent, agent2, supervisor } = pages;
    await rest(server.url, 'POST', '/api/sim/calls', { from: '+1 415-555-0142', name: 'Maria Chen', data: { account: 'ACME-42' } });
    await agent.page.getByRole('tab', { name: 'Maria Chen', selected: true }).waitFor({ timeout: 5000 });
    await button(agent.phone, 'Accept').click();
    await label('agent').filter({ hasText: 'On call' }).waitFor();
    const { card, callId } = await onlyCard('agent');
    const participant = (number: string) => card.locator('[data-participant-id]').filter({ hasText: number });

    // The supervisor sees the live call, and listens.
    const team = supervisor.phone.getByRole('region', { name: 'Team calls' });
    const row = team.locator('[data-team-call-id]').filter({ hasText: 'agent' });
    await row.filter({ hasText: 'Maria Chen' }).waitFor({ timeout: 5000 });
    await button(row, 'Listen to agent').click();
    const { card: monitor } = await onlyCard('supervisor');
    await monitor.locator('.sp-call-status').filter({ hasText: 'Monitoring · Listening' }).waitFor();
    assert.equal(await monitor.locator('.sp-party-name').textContent(), 'agent');
    await row.locator('.slds-badge').filter({ hasText: 'Listening' }).waitFor();
    const badge = () => participant('supervisor').locator('.slds-badge');
    await badge().filter({ hasText: 'Listening' }).waitFor({ timeout: 5000 });
    for (const [mode, shown] of [['Whisper', 'Whispering'], ['Barge', 'Barged in'], ['Listen', 'Listening']] as const) {
      await button(monitor, mode).click();
      await monitor.locator('.sp-call-status').filter({ hasText: `Monitoring · ${shown}` }).waitFor();
      assert.equal(await button(monitor, mode).getAttribute('aria-pressed'), 'true');
      await badge().filter({ hasText: shown }).waitFor({ timeout: 5000 });
    }
    await button(monitor, 'Leave').click();
    await monitor.waitFor({ state: 'detached' });
    await participant('supervisor').filter({ hasText: 'Left' }).waitFor({ timeout: 5000 });
    await button(row, 'Listen to agent').waitFor();

    // Consult agent2: the customer is held, agent2's page rings with the customer and pops the Contact.
    await button(card, 'Add participant').click();
    await card.getByLabel('Number to add').fill('agent2');
    await button(card, 'Add').click();
    await label('agent').filter({ hasText: 'On hold' }).waitFor({ timeout: 5000 });
    await participant('agent2').filter({ hasText: 'Ringing · Agent · Consult' }).waitFor({ timeout: 5000 });
    await agent2.page.getByRole('tab', { name: 'Maria Chen', selected: true }).waitFor({ timeout: 5000 });
    await button(agent2.phone, 'Accept').click();
    const { card: card2, callId: callId2 } = await onlyCard('agent2');
    // The customer's call data comes along, with who handed the call over.
    const frame2 = agent2.page.frames().find((frame) => frame.url().includes('/softphone/'));
    const data = await frame2?.evaluate((id) => (window as unknown as { softphone: { getState(): { calls: Record<string, { data?: Record<string, string> }> } } }).softphone.getState().calls[id]?.data, callId2);
    assert.deepEqual(data, { account: 'ACME-42', transferredFrom: 'agent' });
    await participant('agent2').filter({ hasText: 'Connected · Agent · Consult' }).waitFor({ timeout: 5000 });
    await card2.locator('[data-participant-id]').filter({ hasText: 'Connected · Agent · Consult' }).waitFor({ timeout: 5000 });

    // Hold and resume agent2 alone.
    await participant('agent2').getByRole('button', { name: /^Hold/ }).click();
    await participant('agent2').filter({ hasText: 'On hold · Agent · Consult' }).waitFor({ timeout: 5000 });
    await participant('agent2').getByRole('button', { name: /^Resume/ }).click();
    await participant('agent2').filter({ hasText: 'Connected · Agent · Consult' }).waitFor({ timeout: 5000 });

    // Swap: back to the customer, agent2 held; swap again.
    await button(card, 'Swap').click();
    await participant('agent2').filter({ hasText: 'On hold · Agent · Consult' }).waitFor({ timeout: 5000 });
    await label('agent').filter({ hasText: 'On call' }).waitFor();
    await button(card, 'Swap').click();
    await participant('agent2').filter({ hasText: 'Connected · Agent · Consult' }).waitFor({ timeout: 5000 });
    await label('agent').filter({ hasText: 'On hold' }).waitFor();

    // Merge: everyone in one conference, on both agents' cards.
    await button(card, 'Merge').click();
    await card.locator('.sp-call-status').filter({ hasText: /^Conference$/ }).waitFor({ timeout: 5000 });
    await participant('agent2').filter({ hasText: 'Connected · Agent · Conference' }).waitFor();
    await card2.locator('.sp-call-status').filter({ hasText: /^Conference$/ }).waitFor({ timeout: 5000 });

    // A number straight into the conference (the simulator's far end answers after a second), then removed.
    await button(card, 'Add participant').click();
    await card.locator('.sp-add').getByText('Conference', { exact: true }).click();
    await card.getByLabel('Number to add').fill('+1 206 555 0100');
    await button(card, 'Add').click();
    const external = card.locator('[data-participant-id]').filter({ hasText: 'External' });
    await external.filter({ hasText: 'Connected · External · Conference' }).waitFor({ timeout: 5000 });
    await card2.locator('[data-participant-id]').filter({ hasText: 'Connected · External · Conference' }).waitFor({ timeout: 5000 });
    const externals = async () => (await rest<{ participants: Array<{ role: string; state: string; mode: string }> }>(server.url, 'GET', '/api/sim/participants')).participants.filter((p) => p.role === 'external').map((p) => `${p.state} ${p.mode}`);
    assert.deepEqual(await externals(), ['connected conference']);
    await external.getByRole('button', { name: /^Remove/ }).click();
    await external.filter({ hasText: 'Removed · External' }).waitFor({ timeout: 5000 });
    assert.deepEqual(await externals(), [], 'the simulator dropped the number');

    // Complete the transfer: agent leaves (wrap-up), agent2 has the customer.
    await button(card, 'Complete transfer').click();
    await agent.phone.getByLabel('Notes').waitFor({ timeout: 5000 });
    await agent.phone.getByLabel('Notes').fill('Billing question, handed to agent2');
    await button(agent.phone, 'Save').click();
    await label('agent').filter({ hasText: /^Phone$/ }).waitFor({ timeout: 10_000 });
    await card2.locator('[data-participant-id]').filter({ hasText: 'Left · Agent' }).waitFor({ timeout: 5000 });
    await label('agent2').filter({ hasText: 'On call' }).waitFor();
    assert.equal(await card2.locator('.sp-party-name').textContent(), 'Maria Chen', 'agent2 talks with the customer');
    const simCall2 = await rest<{ state: string; from: string }>(server.url, 'GET', `/api/sim/calls/${encodeURIComponent(callId2)}`);
    assert.equal(simCall2.state, 'connected', 'agent2\'s call goes on after the transfer');

    // agent2 hangs up: the customer's call is over.
    await button(card2, 'Hang up').click();
    await agent2.phone.getByLabel('Notes').waitFor();
    await button(agent2.phone, 'Save').click();
    await label('agent2').filter({ hasText: /^Phone$/ }).waitFor({ timeout: 10_000 });

    // One Task per agent, each describing its part.
    const [task] = await eventually(async () => {
      const tasks = await tasksFor(callId);
      return tasks.length > 0 && tasks[0]?.Description?.includes('handed to agent2') ? tasks : undefined;
    }, 5000, 'agent\'s Task with its notes');
    const [task2] = await eventually(async () => {
      const tasks = await tasksFor(callId2);
      return tasks.length > 0 ? tasks : undefined;
    }, 5000, 'agent2\'s Task');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await tasksFor(callId)).length, 1, 'agent logs once');
    assert.equal((await tasksFor(callId2)).length, 1, 'agent2 logs once');
    assert.equal(task?.CallDisposition, 'Transferred');
    assert.equal(task?.Description, 'Billing question, handed to agent2\n\nTransferred to agent2\nSupervisor supervisor: listen, left\nAgent agent2: conference, stayed\nExternal +1 206 555 0100: conference, left');
    assert.equal(task2?.CallDisposition, 'Conference');
    assert.equal(task2?.Description, 'Agent agent: conference, left\nExternal +1 206 555 0100: conference, left');
    assert.equal(task2?.WhoId, task?.WhoId, 'both Tasks are the customer\'s');
    assert.ok(task?.WhoId);
    const customerTasks = await rest<ConsoleTask[]>(server.url, 'GET', `/api/sobjects/Task?WhoId=${task.WhoId}`);
    assert.deepEqual(customerTasks.map((each) => each.CallObject).sort(), [callId, callId2].sort(), 'two Tasks in all: the supervisor\'s leg logs none');
  });
});
