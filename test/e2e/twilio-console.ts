/**
 * The Twilio e2e tests' console: `softphone-connector dev --provider twilio` with no Twilio variables
 * (the local Twilio stand-in), one Chromium context, console users signed in on their own pages,
 * and what the tests read of the stand-in. One console per test file (each file is its own process).
 */
import type { Browser, BrowserContext, FrameLocator, Page, Request } from 'playwright-core';
import { CONSOLE_VIEWPORT, eventually, launchBrowser, rest, startConsole, type ConsoleTask, type RunningConsole } from './harness.js';

export let server: RunningConsole & { readonly output: () => string };
export let standInUrl: string;
let browser: Browser;
let context: BrowserContext;
export type Agent = { page: Page; phone: FrameLocator; errors: string[] };

/** Starts the console (and its stand-in) and Chromium; `env` adds to the console's environment. */
export async function startTwilioConsole(env: Readonly<Record<string, string>> = {}): Promise<void> {
  server = await startConsole(['--provider', 'twilio'], 'dev', { env: { TWILIO_ACCOUNT_SID: '', TWILIO_AGENT_IDENTITY: '', ...env }, timeoutMs: 30_000 });
  standInUrl = await eventually(() => /a local Twilio stand-in answers at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output())?.[1], 10_000, 'the stand-in URL');
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: CONSOLE_VIEWPORT });
}

export async function stopTwilioConsole(): Promise<void> {
  await browser?.close();
  await server?.stop();
}

/**
 * Signs `user` in on a page of their own. `ownContext`: in a browser context of its own — each
 * softphone keeps two streams open to the stand-in, and Chromium opens at most six connections to
 * one host per context, so a third softphone in the same context would leave no connection for
 * its requests.
 */
export async function openAs(user: string, options: { readonly ownContext?: boolean } = {}): Promise<Agent> {
  const page = await (options.ownContext ? await browser.newContext({ viewport: CONSOLE_VIEWPORT }) : context).newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  if (process.env.E2E_DEBUG) page.on('response', async (response) => { if (response.status() >= 400) console.log(`[${user} HTTP ${response.status()}] ${response.request().method()} ${response.url()} ${await response.text().catch(() => '')}`); });
  if (process.env.E2E_DEBUG) page.on('console', (message) => console.log(`[${user} ${message.type()}] ${message.text()}`));
  if (process.env.E2E_DEBUG) {
    const logCallControl = (stage: string) => (request: Request) => { if (request.url().includes('/api/twilio/cc/')) console.log(`[${user} ${Date.now()} ${stage}] ${request.method()} ${request.url()}`); };
    page.on('request', logCallControl('request'));
    page.on('requestfinished', logCallControl('finished'));
  }
  await page.goto(`${server.url}/?user=${user}`);
  await page.getByTestId('phone-item-label').filter({ hasText: /^Phone$/ }).waitFor({ timeout: 15_000 });
  return { page, phone: page.frameLocator('iframe[title="Softphone"]'), errors };
}

export interface StandInState {
  calls: Array<{ sid: string; from: string; to: string; status: string; parentCallSid?: string }>;
  workers: Array<{ sid: string; friendlyName: string; activity: string }>;
  tasks: Array<{ sid: string; assignmentStatus: string; attributes: string }>;
  reservations: Array<{ sid: string; taskSid: string; workerSid: string; status: string }>;
  conferences: Array<{ status: string; participants: Array<{ callSid: string; label?: string; hold?: boolean }> }>;
}
export const activityOf = async (name: string) => (await standInState()).workers.find((worker) => worker.friendlyName === name)?.activity;
export const waitActivity = async (name: string, activity: string) => {
  try {
    await eventually(async () => ((await activityOf(name)) === activity ? true : undefined), 8000, `${name} to be ${activity}`);
  } catch (error) {
    const state = await standInState();
    throw new Error(`${(error as Error).message}; the stand-in has workers ${JSON.stringify(state.workers)}, tasks ${JSON.stringify(state.tasks.map(({ sid, assignmentStatus }) => ({ sid, assignmentStatus })))}, reservations ${JSON.stringify(state.reservations)}, calls ${JSON.stringify(state.calls.map(({ sid, to, status }) => ({ sid, to, status })))}`);
  }
};
/** Opens the agent's softphone panel (the utility bar's Phone item) if it is closed. */
export async function openPhone(agent: Agent): Promise<void> {
  const item = agent.page.getByRole('button', { name: /^Softphone:/ });
  // The softphone opens its own panel on a call (Open CTI), so a click decided on "closed" may land
  // on a panel it has just opened and close it: click until the panel stays open.
  await eventually(async () => {
    if ((await item.getAttribute('aria-pressed')) === 'true') return true;
    await item.click();
    return undefined;
  }, 5000, 'the softphone panel open');
  await agent.page.locator('section.console-panel.slds-is-open:not([inert])').filter({ has: agent.page.locator('iframe[title="Softphone"]') }).waitFor({ timeout: 5000 });
  // Chromium routes a click to the softphone's (cross-origin) frame by the hit-test regions of the
  // last frame it drew: a click in the same frame as the panel's opening reaches the console's page
  // instead (seen after a reload). Two animation frames let the open panel be drawn first.
  await agent.page.evaluate(() => new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn))));
}
/** Both phones open, `agent2` offline and `agent` available: the queue offers `agent` the next call. */
export async function onlyAgentAvailable(agent: Agent, agent2: Agent): Promise<void> {
  for (const each of [agent, agent2]) await openPhone(each);
  await agent2.phone.locator('#sp-status').selectOption('offline');
  await waitActivity('agent2', 'Offline');
  if ((await activityOf('agent')) !== 'Available') {
    await agent.phone.locator('#sp-status').selectOption('available');
    await waitActivity('agent', 'Available');
  }
}
export const label = (agent: Agent, text: string | RegExp) => agent.page.getByTestId('phone-item-label').filter({ hasText: text }).waitFor({ timeout: 10_000 });
export const standInState = async (): Promise<StandInState> => (await fetch(`${standInUrl}/__stand-in/state`)).json() as Promise<StandInState>;
export const customerCall = (body: Record<string, unknown>) => rest<{ callSid: string }>(server.url, 'POST', '/api/twilio/stand-in/calls', body);
export const tasksFor = (callObject: string) => rest<ConsoleTask[]>(server.url, 'GET', `/api/sobjects/Task?CallObject=${encodeURIComponent(callObject)}`);
