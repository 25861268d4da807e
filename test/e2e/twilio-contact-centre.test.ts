/**
 * Twilio in Chromium without an account: the console started as `softphone-connector dev --provider
 * twilio` starts it (no TWILIO_ACCOUNT_SID: the local Twilio stand-in), two agents signed in as
 * different console users, each softphone on the local Twilio bundle (the SDKs' browser stand-ins
 * talking to the stand-in). Customer calls are placed through the console's stand-in controls.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { CONSOLE_VIEWPORT, eventually, launchBrowser, rest, startConsole, type ConsoleTask, type RunningConsole } from './harness.js';

let server: RunningConsole & { readonly output: () => string };
let standInUrl: string;
let browser: Browser;
let context: BrowserContext;
type Agent = { page: Page; phone: FrameLocator; errors: string[] };
const agents: Record<string, Agent> = {};

async function openAs(user: string): Promise<Agent> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  if (process.env.E2E_DEBUG) page.on('console', (message) => console.log(`[${user} ${message.type()}] ${message.text()}`));
  await page.goto(`${server.url}/?user=${user}`);
  await page.getByTestId('phone-item-label').filter({ hasText: /^Phone$/ }).waitFor({ timeout: 15_000 });
  return { page, phone: page.frameLocator('iframe[title="Softphone"]'), errors };
}

interface StandInState {
  calls: Array<{ sid: string; from: string; to: string; status: string; parentCallSid?: string }>;
  workers: Array<{ sid: string; friendlyName: string; activity: string }>;
}
const standInState = async (): Promise<StandInState> => (await fetch(`${standInUrl}/__stand-in/state`)).json() as Promise<StandInState>;
const customerCall = (body: Record<string, unknown>) => rest<{ callSid: string }>(server.url, 'POST', '/api/twilio/stand-in/calls', body);
const tasksFor = (callObject: string) => rest<ConsoleTask[]>(server.url, 'GET', `/api/sobjects/Task?CallObject=${encodeURIComponent(callObject)}`);

before(async () => {
  server = await startConsole(['--provider', 'twilio'], 'dev', { env: { TWILIO_ACCOUNT_SID: '', TWILIO_AGENT_IDENTITY: '' }, timeoutMs: 30_000 });
  standInUrl = await eventually(() => /a local Twilio stand-in answers at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output())?.[1], 10_000, 'the stand-in URL');
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: CONSOLE_VIEWPORT });
  agents.agent = await openAs('agent');
  agents.agent2 = await openAs('agent2');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Twilio on the local stand-in, in Chromium', () => {
  it('a direct call rings the agent, pops the Contact, and logs one Task', async () => {
    const { agent, agent2 } = agents as Record<'agent' | 'agent2', Agent>;
    const placed = Date.now();
    const { callSid } = await customerCall({ from: '+14155550142', callerName: 'Maria Chen', queue: false });
    await agent.page.getByTestId('phone-item-label').filter({ hasText: 'Incoming call' }).waitFor({ timeout: 10_000 });
    const ringingShown = Date.now() - placed;
    await agent.page.getByRole('tab', { name: 'Maria Chen', selected: true }).waitFor({ timeout: 5000 });
    const popped = Date.now() - placed;
    console.log(`direct call: ringing shown ${ringingShown} ms, Contact popped ${popped} ms after the customer called (one sample)`);
    assert.equal(await agent2.page.getByTestId('phone-item-label').textContent(), 'Phone', 'agent2 is not rung for a call to agent');
    const leg = (await standInState()).calls.find((call) => call.parentCallSid === callSid && call.to === 'client:agent');
    assert.ok(leg, 'the stand-in rings client:agent');

    await agent.phone.getByRole('button', { name: 'Accept' }).click();
    await agent.page.getByTestId('phone-item-label').filter({ hasText: 'On call' }).waitFor({ timeout: 5000 });
    assert.equal((await standInState()).calls.find((call) => call.sid === leg.sid)?.status, 'in-progress', 'accept answered the leg in the stand-in');
    await agent.phone.getByRole('button', { name: 'Mute' }).click();
    await eventually(async () => ((await (await fetch(`${standInUrl}/__stand-in/calls/${leg.sid}/client-media`)).json()) as { muted: boolean }).muted || undefined, 5000, 'mute recorded in the stand-in');
    await agent.page.waitForTimeout(1100);
    await agent.phone.getByRole('button', { name: 'Hang up' }).click();
    await eventually(async () => ((await standInState()).calls.find((call) => call.sid === callSid)?.status === 'completed' ? true : undefined), 5000, 'the customer leg ended');
    const tasks = await eventually(async () => {
      const found = await tasksFor(leg.sid);
      return found.length ? found : undefined;
    }, 5000, 'the call Task');
    await agent.page.waitForTimeout(500);
    assert.equal((await tasksFor(leg.sid)).length, 1, 'one Task');
    assert.equal(tasks[0]?.CallType, 'Inbound');
    assert.deepEqual([...agent.errors, ...agent2.errors], []);
  });
});
