/**
 * The Twilio contact-centre path in headless Chromium, against `dev --provider twilio` (the loopback
 * Twilio stand-in, the console, an agent signed in and Available): a customer calls the queue, the
 * stand-in's TaskRouter reserves the agent, the softphone rings and the console pops the caller's
 * Contact. Beside it, in the same browser and alternating call by call, the simulator's ring →
 * record (`dev`), as the baseline.
 *
 * What is timed, per call (every moment a wall-clock time on this machine):
 * - **placed**: the benchmark sends `POST /api/twilio/stand-in/calls` (the customer calls the queue
 *   number; the stand-in fetches the server's signed voice webhook and runs its `<Enqueue>`).
 * - **reservation created**: the stand-in's own `Date.now()` when its TaskRouter created the
 *   reservation for the agent (the `dateCreated` of the `reservation.created` event it streams to
 *   the agent's Worker; read by the benchmark from a second listener of that stream, so the page
 *   is not touched). Whole milliseconds: up to 1 ms is added to figure (a).
 * - **ringing shown**: the connector's `ringing:shown` mark, noted by the call card's layout effect
 *   once the DOM holds the ringing call (the softphone's own per-call timeline, page clock).
 * - **record popped**: the console page's MutationObserver sees the Contact's record page rendered.
 *
 * Figures: (a) reservation created → ringing shown, (b) ringing shown → record popped, and the
 * whole placed → popped. The simulator's baseline: its ring sent (`POST /api/sim/calls`) → ringing
 * shown, and ringing shown → record popped, the same (b). Each call ends with the customer hanging
 * up while it rings (TaskRouter cancels the task), its record tab is closed, and the next call is
 * placed once the agent is Available again and the console idle.
 *
 * The page's clock (`performance.timeOrigin + now()`) and the stand-in's `Date.now()` are the
 * same system clock; the benchmark checks their offset in the page at every call and reports the
 * largest.
 *
 * Usage: node --import tsx bench/twilio-contact-centre.ts [calls=100]   (after `node scripts/build.mjs`)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { openEventStream, type StandInEventStream } from '../src/console/twilio-stand-in/event-stream.js';
import { CONSOLE_VIEWPORT, eventually, launchBrowser, rest, softphoneFrame, startConsole, type RunningConsole } from '../test/e2e/harness.js';
import { renderContactCentreTable } from './readme.js';
import { declineCall, openReadySoftphone, SEGMENTS, softphoneIdle, startBenchConsole } from './ring-to-pop.js';
import { armPopTimer, describeMachine, lastCallTimeline, lastHostMarks, poppedAt, round, summarize, wallClock, type Mark, type Summary } from './support.js';

/** Percentiles of a figure, with p90 beside the median and the tails. */
export interface Figure extends Summary {
  readonly p90: number;
}

/** The two paths: the contact centre and its baseline. */
export type ContactCentrePath = 'twilio' | 'simulator';

/** Figures of one path; every moment after the path's start (Twilio: reservation created; simulator: ring sent). */
export interface ContactCentrePathResult {
  readonly label: string;
  /** What the path's start is. */
  readonly start: string;
  /** (a) Start → ringing shown in the softphone (the call card's DOM holds the ringing call). */
  readonly startToShown_ms: Figure;
  /** (b) Ringing shown → the Contact's record rendered in the console. */
  readonly shownToPopped_ms: Figure;
  /** Start → the Contact's record rendered. */
  readonly startToPopped_ms: Figure;
  /** The stages of {@link SEGMENTS}, from the path's start. */
  readonly stages_ms: Readonly<Record<string, Figure & { readonly label: string }>>;
  /** The search the console makes for each pop, asked of the same server from Node (no browser) after the pop, once per call. */
  readonly serverSearch_ms: Figure;
}

/** Result of {@link measureTwilioContactCentre}. */
export interface TwilioContactCentreResult {
  readonly date: string;
  readonly calls: number;
  readonly warmUp: number;
  readonly machine: Record<string, string | number | undefined>;
  /** How busy the shared cores were: the 1-minute load average when the run started and ended. */
  readonly loadAverage1m: { readonly start: number; readonly end: number };
  readonly twilio: ContactCentrePathResult & {
    /** The customer's call placed (`POST /api/twilio/stand-in/calls` sent) → the reservation created. */
    readonly placedToReservation_ms: Figure;
    /** The customer's call placed → the Contact's record rendered. */
    readonly placedToPopped_ms: Figure;
  };
  readonly simulator: ContactCentrePathResult;
  /** Twilio ÷ simulator at p50 and p99, for (a) and (b). */
  readonly ratio: { readonly startToShown: { readonly p50: number; readonly p99: number }; readonly shownToPopped: { readonly p50: number; readonly p99: number } };
  /** The largest |page clock − system clock| seen in the Twilio softphone's frame, in ms (the stand-in stamps with `Date.now()`). */
  readonly maxClockOffset_ms: number;
}

const WARM_UP = 3;
const CALLER = { from: '+14155550142', callerName: 'Maria Chen' } as const;

/** One call: its moments in ms after the path's start (`placed` is negative for Twilio). */
interface Sample {
  readonly at: Readonly<Record<string, number>>;
  readonly clockOffset: number;
  /** The console's search for the caller, asked of the same server from Node once the record is shown: the baseline of `host:search`. */
  readonly serverSearch: number;
}

/** The Twilio console's agent page, its softphone frame, and the benchmark's listener of its Worker's events. */
interface TwilioAgent {
  readonly page: Page;
  readonly frame: Frame;
  /** When each reservation offered to the agent was created (the stand-in's clock), by task sid. */
  readonly reservations: Map<string, number>;
  readonly stream: StandInEventStream;
}

/** The agent's TaskRouter activity in the stand-in (`GET /__stand-in/state`). */
async function activityOf(standInUrl: string, name: string): Promise<string | undefined> {
  const state = (await (await fetch(`${standInUrl}/__stand-in/state`)).json()) as { workers: Array<{ friendlyName: string; activity?: string }> };
  return state.workers.find((worker) => worker.friendlyName === name)?.activity;
}

const available = (standInUrl: string, what: string): Promise<true> =>
  eventually(async () => ((await activityOf(standInUrl, 'agent')) === 'Available' ? true : undefined), 10_000, what);

/**
 * Signs `agent` in to the Twilio console, opens the softphone, makes the agent Available, and
 * listens to the agent's Worker events with the token the page was given (a second listener of the
 * same stream: the page is not touched).
 */
async function openTwilioAgent(context: BrowserContext, server: RunningConsole, standInUrl: string): Promise<TwilioAgent> {
  const page = await context.newPage();
  const token = new Promise<string>((resolve) => {
    page.on('response', (response) => {
      if (response.url().includes('/api/twilio/cc/worker-token') && response.ok()) void response.json().then((body: { token: string }) => resolve(body.token), () => undefined);
    });
  });
  await page.goto(`${server.url}/?user=agent`);
  await page.getByTestId('phone-item-label').filter({ hasText: /^Phone$/ }).waitFor({ timeout: 30_000 });
  const item = page.getByRole('button', { name: /^Softphone:/ });
  if ((await item.getAttribute('aria-pressed')) !== 'true') await item.click();
  const frame = softphoneFrame(page);
  await frame.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 30_000 });
  await frame.locator('#sp-status').selectOption('available');
  await available(standInUrl, 'the agent Available');
  const reservations = new Map<string, number>();
  const stream = openEventStream(`${standInUrl}/__stand-in/browser/worker/events`, await token, {}, (event) => {
    const reservation = event.reservation as { dateCreated?: unknown; task?: { sid?: unknown } } | undefined;
    if (event.type === 'reservation' && event.eventType === 'reservation.created' && typeof reservation?.task?.sid === 'string' && typeof reservation.dateCreated === 'number') {
      reservations.set(reservation.task.sid, reservation.dateCreated);
    }
  }, () => undefined);
  await stream.opened;
  return { page, frame, reservations, stream };
}

/** The console's search for the caller, from Node: how long the console server takes when nothing else is asked of it. */
async function timeSearch(server: RunningConsole): Promise<number> {
  const started = wallClock();
  await rest(server.url, 'GET', `/api/search?${new URLSearchParams({ q: CALLER.from, types: 'Contact,Lead,Account' }).toString()}`);
  return wallClock() - started;
}

/** Waits until the console page is idle: a call reaches an agent who is not clicking at that instant. */
const idle = (page: Page): Promise<void> => page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 1000 })));

const closeRecordTab = (page: Page, name: string): Promise<void> => page.getByRole('button', { name: `Close ${name}` }).click();

/** The marks of call `callId` (connector and console), once the softphone has shown it ringing and the pop was answered. */
async function marksOf(page: Page, frame: Frame, callId: string): Promise<Mark[]> {
  const marks = await eventually(async () => {
    const timeline = await lastCallTimeline(frame);
    if (timeline.id !== callId) throw new Error(`expected the timeline of ${callId}, got ${timeline.id}`);
    return timeline.marks.some((mark) => mark.stage === 'ringing:shown') ? timeline.marks : undefined;
  }, 5000, `the ringing:shown mark of ${callId}`);
  return [...marks, ...(await lastHostMarks(page, 'searchAndScreenPop'))];
}

/** Moments of `marks` after `start`; the first mark of each stage counts. */
function momentsOf(start: number, marks: readonly Mark[], extra: Readonly<Record<string, number>>): Record<string, number> {
  const at: Record<string, number> = { sent: 0 };
  for (const [stage, time] of Object.entries(extra)) at[stage] = time - start;
  for (const mark of marks) if (!(mark.stage in at)) at[mark.stage] = mark.at - start;
  for (const [, , from, to] of SEGMENTS) for (const key of [from, to]) if (at[key] === undefined) throw new Error(`the call's timeline lacks "${key}": ${marks.map((mark) => mark.stage).join(', ')}`);
  return at;
}

async function twilioCall(agent: TwilioAgent, server: RunningConsole, standInUrl: string, contactId: string): Promise<Sample> {
  const { page, frame } = agent;
  await armPopTimer(page, contactId);
  await idle(page);
  const clockOffset = Number(await frame.evaluate('performance.timeOrigin + performance.now() - Date.now()'));
  const placed = wallClock();
  const { callSid } = await rest<{ callSid: string }>(server.url, 'POST', '/api/twilio/stand-in/calls', CALLER);
  const visible = await poppedAt(page);
  // The connector's call id of a queued call is its TaskRouter task's sid.
  const { id: taskSid } = await lastCallTimeline(frame);
  const marks = await marksOf(page, frame, taskSid);
  const created = await eventually(() => agent.reservations.get(taskSid), 5000, `the reservation of ${taskSid} on the Worker's event stream`);
  const serverSearch = await timeSearch(server);
  // The customer hangs up while it rings: TaskRouter cancels the task, the softphone logs a missed call.
  const hangUp = await fetch(`${server.url}/api/twilio/stand-in/calls/${callSid}/hangup`, { method: 'POST' });
  if (!hangUp.ok) throw new Error(`the customer's hang-up answered ${hangUp.status}: ${await hangUp.text()}`);
  await softphoneIdle(frame);
  await closeRecordTab(page, CALLER.callerName);
  await available(standInUrl, 'the agent Available again');
  return { at: momentsOf(created, marks, { placed, visible }), clockOffset, serverSearch };
}

async function simulatorCall(page: Page, frame: Frame, server: RunningConsole, contact: { Id: string; Name: string }): Promise<Sample> {
  await armPopTimer(page, contact.Id);
  await idle(page);
  const sent = wallClock();
  await rest(server.url, 'POST', '/api/sim/calls', { from: CALLER.from });
  const visible = await poppedAt(page);
  const { id } = await lastCallTimeline(frame);
  const marks = await marksOf(page, frame, id);
  const serverSearch = await timeSearch(server);
  await declineCall(frame, id);
  await softphoneIdle(frame);
  await closeRecordTab(page, contact.Name);
  return { at: momentsOf(sent, marks, { visible }), clockOffset: 0, serverSearch };
}

/** The seeded Contact the caller's number finds. */
async function contactOf(server: RunningConsole): Promise<{ Id: string; Name: string }> {
  const [contact] = await rest<Array<{ Id: string; Name: string }>>(server.url, 'GET', '/api/sobjects/Contact?LastName=Chen');
  if (!contact) throw new Error('the seeded Contact Maria Chen is missing');
  return contact;
}

/** Percentiles with p90, to two decimals. */
export function figureOf(samples: readonly number[]): Figure {
  const sorted = [...samples].sort((a, b) => a - b);
  const p90 = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(0.9 * sorted.length) - 1))] ?? NaN;
  return { ...summarize(samples, 2), p90: round(p90, 2) };
}

/** Labels of the first stage, which differs by path; the others are {@link SEGMENTS}' own. */
const TRANSPORT: Readonly<Record<ContactCentrePath, string>> = {
  twilio: 'reservation created → ringing event in the connector (stand-in\'s event stream, Worker SDK stand-in, provider)',
  simulator: 'ring sent → ringing event in the connector (HTTP to the console server, its WebSocket, provider)',
};

function pathResult(path: ContactCentrePath, label: string, start: string, samples: readonly Sample[]): ContactCentrePathResult {
  const of = (pick: (at: Readonly<Record<string, number>>) => number): Figure => figureOf(samples.map((sample) => pick(sample.at)));
  return {
    label,
    start,
    startToShown_ms: of((at) => at['ringing:shown']!),
    shownToPopped_ms: of((at) => at.visible! - at['ringing:shown']!),
    startToPopped_ms: of((at) => at.visible!),
    stages_ms: Object.fromEntries(SEGMENTS.map(([key, segment, from, to]) => [key, { label: key === 'transport' ? TRANSPORT[path] : segment, ...of((at) => at[to]! - at[from]!) }])),
    serverSearch_ms: figureOf(samples.map((sample) => sample.serverSearch)),
  };
}

/** Runs `calls` (plus warm-up) Twilio contact-centre calls and as many simulator calls, alternating, in one browser. */
export async function measureTwilioContactCentre(calls = 100): Promise<TwilioContactCentreResult> {
  const loadAtStart = Number(loadavg()[0]!.toFixed(2));
  // Both consoles served cross-origin isolated, for 5 µs timers in the pages (as bench/ring-to-pop.ts).
  const twilioServer = await startConsole(['--provider', 'twilio', '--cross-origin-isolated'], 'dev', { env: { TWILIO_ACCOUNT_SID: '', TWILIO_AGENT_IDENTITY: '' }, timeoutMs: 60_000 });
  let simulatorServer: RunningConsole | undefined;
  let browser: Browser | undefined;
  let agent: TwilioAgent | undefined;
  const samples: Record<ContactCentrePath, Sample[]> = { twilio: [], simulator: [] };
  try {
    const standInUrl = await eventually(() => /a local Twilio stand-in answers at (http:\/\/127\.0\.0\.1:\d+)/.exec(twilioServer.output())?.[1], 10_000, 'the stand-in URL');
    simulatorServer = await startBenchConsole('simulator', { isolated: true });
    browser = await launchBrowser();
    agent = await openTwilioAgent(await browser.newContext({ viewport: CONSOLE_VIEWPORT }), twilioServer, standInUrl);
    const simulator = await openReadySoftphone(await browser.newContext({ viewport: CONSOLE_VIEWPORT }), simulatorServer.url);
    const twilioContact = await contactOf(twilioServer);
    const simulatorContact = await contactOf(simulatorServer);
    for (let i = 0; i < calls + WARM_UP; i++) {
      if (process.env.BENCH_PROGRESS) process.stderr.write(`twilio-contact-centre call ${i}\n`);
      // Which path goes first alternates too, so neither always follows the other's teardown.
      const order: ContactCentrePath[] = i % 2 === 0 ? ['twilio', 'simulator'] : ['simulator', 'twilio'];
      for (const path of order) {
        const sample = path === 'twilio' ? await twilioCall(agent, twilioServer, standInUrl, twilioContact.Id) : await simulatorCall(simulator.page, simulator.frame, simulatorServer, simulatorContact);
        if (i >= WARM_UP) samples[path].push(sample);
      }
    }
  } finally {
    agent?.stream.close();
    await browser?.close();
    await simulatorServer?.stop();
    await twilioServer.stop();
  }
  const twilio = pathResult('twilio', 'Twilio contact centre: TaskRouter on the loopback stand-in (`dev --provider twilio`)', 'the moment the stand-in\'s TaskRouter created the reservation', samples.twilio);
  const simulator = pathResult('simulator', 'simulator (`dev`)', 'the moment the ring was sent (`POST /api/sim/calls`)', samples.simulator);
  const ratio = (a: Summary, b: Summary) => ({ p50: round(a.p50 / b.p50, 2), p99: round(a.p99 / b.p99, 2) });
  return {
    date: new Date().toISOString(),
    calls,
    warmUp: WARM_UP,
    machine: describeMachine(),
    loadAverage1m: { start: loadAtStart, end: Number(loadavg()[0]!.toFixed(2)) },
    twilio: {
      ...twilio,
      placedToReservation_ms: figureOf(samples.twilio.map((sample) => -sample.at.placed!)),
      placedToPopped_ms: figureOf(samples.twilio.map((sample) => sample.at.visible! - sample.at.placed!)),
    },
    simulator,
    ratio: { startToShown: ratio(twilio.startToShown_ms, simulator.startToShown_ms), shownToPopped: ratio(twilio.shownToPopped_ms, simulator.shownToPopped_ms) },
    maxClockOffset_ms: round(Math.max(...samples.twilio.map((sample) => Math.abs(sample.clockOffset))), 2),
  };
}

const pct = (figure: Figure): string => `p50 ${round(figure.p50)} ms, p90 ${round(figure.p90)} ms, p99 ${round(figure.p99)} ms`;

/** The Markdown report of a run. */
export function renderTwilioContactCentre(result: TwilioContactCentreResult): string {
  const { machine, twilio, simulator } = result;
  const row = (name: string, figure: Figure) => `| ${name} | ${figure.n} | ${round(figure.p50)} ms | ${round(figure.p90)} ms | ${round(figure.p99)} ms | ${round(figure.max)} ms |`;
  const stages = (path: ContactCentrePathResult) => [
    `### ${path.label}`,
    '',
    `From ${path.start}.`,
    '',
    '| stage | n | p50 | p90 | p99 | max |',
    '|---|---:|---:|---:|---:|---:|',
    ...Object.entries(path.stages_ms).map(([key, figure]) => row(`${key}: ${figure.label}`, figure)),
    row('baseline of host:search: the same search asked of the console server from Node, after the pop', path.serverSearch_ms),
    '',
  ];
  return [
    '# Twilio contact centre: reservation → ringing shown → record popped',
    '',
    `Run of ${result.date} by \`node --import tsx bench/twilio-contact-centre.ts\` (after \`node scripts/build.mjs\`): headless Chromium ${String(machine.chromium ?? '?').split('.')[0]}, both consoles served cross-origin isolated, on ${String(machine.cores)} shared cores with a 1-minute load average of ${result.loadAverage1m.start} at the start and ${result.loadAverage1m.end} at the end: the machine is shared, so these figures are upper bounds. ${result.calls} calls per path after ${result.warmUp} warm-up calls each, alternating between the paths${result.calls < 100 ? '; with fewer than 100 calls p99 is the slowest call' : ''}. Raw figures in \`twilio-contact-centre.json\`.`,
    '',
    'What is timed (see bench/twilio-contact-centre.ts): the reservation\'s creation is the stand-in\'s own `Date.now()` when its TaskRouter reserved the agent (the `dateCreated` it streams with `reservation.created`, whole milliseconds); ringing shown is the connector\'s `ringing:shown` mark, noted when the call card\'s DOM holds the ringing call; record popped is the console page seeing the Contact\'s record page rendered (MutationObserver). The customer\'s call placed is the benchmark sending `POST /api/twilio/stand-in/calls` (the stand-in then fetches the signed voice webhook and runs its `<Enqueue>`). ' +
      `The page's clock and the stand-in's are the same system clock: the largest offset seen in the softphone's frame was ${result.maxClockOffset_ms} ms.`,
    '',
    renderContactCentreTable(result),
    '',
    `The customer's call placed → the reservation created: ${pct(twilio.placedToReservation_ms)}.`,
    '',
    '## Stage by stage',
    '',
    'The stages are the connector\'s per-call timeline and the console\'s own marks of the screen pop (as in bench/ring-to-pop.ts). The console\'s search stands in for Salesforce\'s; under `dev --provider twilio` the console server shares its process (one event loop) with the Twilio stand-in and the server\'s Twilio routes, which handle the call\'s TaskRouter event callbacks (signed by the stand-in and checked by the server, both in that process) as the call is routed; a wider gap between `host:search` and its baseline than the simulator\'s is that local console\'s cost, not the softphone\'s.',
    '',
    ...stages(twilio),
    ...stages(simulator),
  ].join('\n');
}

/** Writes bench/results/twilio-contact-centre.json and .md (`name` for other runs, e.g. quick ones). */
export function writeTwilioContactCentre(result: TwilioContactCentreResult, name = 'twilio-contact-centre'): void {
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`bench/results/${name}.md`, `${renderTwilioContactCentre(result)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const calls = Number(process.argv[2] ?? 100);
  const result = await measureTwilioContactCentre(calls);
  writeTwilioContactCentre(result, calls >= 40 ? 'twilio-contact-centre' : 'twilio-contact-centre-quick');
  console.log(renderTwilioContactCentre(result));
}
