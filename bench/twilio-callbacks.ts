/**
 * The Twilio contact centre's server under load on this machine: two server instances, each a
 * process of its own (Node's `cluster`), behind one port, sharing nothing but Twilio (here the
 * loopback stand-in, through the official library). The cluster's primary hands each new
 * connection to the instances in turn, as a load balancer would; the instances tell which of them
 * answered in an `x-instance` header, which the benchmark counts.
 *
 * Measured, `CONCURRENCY` requests at a time over keep-alive connections to the one port:
 * - signed voice webhooks (the TwiML `<Enqueue>` of a customer's call): requests per second, p50, p99;
 * - signed conference status callbacks (`participant-join`) of one live call, accepted through
 *   whichever instance took that request: each one reads the conference and its participants from
 *   Twilio. Requests per second, p50, p99, and how many each instance answered, so the report shows
 *   both answering callbacks of a call the other one set up.
 *
 * And once, as proof that an instance acts on a call it never saw: the agent puts the customer on
 * hold through one instance, and a `participant-join` callback answered by the other takes the
 * customer off hold (what the server does when the agent's reloaded page rejoins); the stand-in's
 * conference is checked after each step.
 *
 * Then the same load on one instance alone, with its own stand-in, as the baseline of what the
 * second process adds on this machine.
 *
 * The stand-in, the cluster's primary and the load generator share this process, so their work
 * weighs on the figures too; on shared cores they are upper bounds of latency, lower bounds of rate.
 *
 * Usage: node --import tsx bench/twilio-callbacks.ts [--quick]
 */
import cluster, { type Worker } from 'node:cluster';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import twilioLibrary from 'twilio';
import { twilioSettingsFromEnv } from '../src/server/index.js';
import { createTwilioClient } from '../src/server/twilio/client.js';
import { provisionContactCentre } from '../src/server/twilio/provision.js';
import { contactCentreRoutes } from '../src/server/twilio/routes.js';
import { HOLD_MUSIC } from '../test/support/twilio-contact-centre.js';
import { TEST_TWILIO_ENV } from '../test/support/twilio-env.js';
import { eventually, startStandInFixture } from '../test/support/twilio-stand-in.js';
import { renderCallbacksTable } from './readme.js';
import { describeMachine } from './support.js';

const CONCURRENCY = 16;
const INSTANCES = 2;
const AGENT = 'maria';

/** What the primary tells each instance. */
interface InstanceConfig {
  readonly standInUrl: string;
  readonly workspaceSid: string;
  readonly workflowSid: string;
  readonly workerSid: string;
}

/** One kind of request under load. */
export interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  /** Requests answered, by instance (`x-instance`). */
  readonly byInstance: Readonly<Record<string, number>>;
}

/** The rates of one round. */
export interface RoundRates {
  readonly voiceWebhook: number;
  readonly conferenceCallback: number;
  readonly loadAverage1m: number;
}

/** CPU seconds each process used while the load ran (both kinds of request), and the wall-clock seconds it took. */
export interface CpuTime {
  readonly seconds: number;
  /** This process: the stand-in, the load generator and the cluster's primary. */
  readonly primary: number;
  readonly instances: Readonly<Record<string, number>>;
}

/** Result of {@link measureTwilioCallbacks}. */
export interface TwilioCallbacksResult {
  readonly date: string;
  readonly machine: Record<string, string | number | undefined>;
  /** How busy the shared cores were: the 1-minute load average when the run started and ended. */
  readonly loadAverage1m: { readonly start: number; readonly end: number };
  readonly instances: number;
  /** Every instance's process id: two processes, one port. */
  readonly pids: readonly number[];
  readonly port: number;
  readonly concurrency: number;
  readonly voiceWebhook: LoadResult;
  readonly conferenceCallback: LoadResult & {
    /** The instance the agent accepted the call through. */
    readonly acceptedBy: string;
    /** Callbacks of that call answered by the other instance. */
    readonly answeredByTheOther: number;
  };
  /** Where the time went while the load ran. */
  readonly cpu: CpuTime;
  /** The customer held through one instance, taken off hold by a callback the other answered. */
  readonly crossInstance: { readonly heldBy: string; readonly callbackBy: string; readonly heldInTwilio: boolean; readonly resumedInTwilio: boolean };
  /** The baseline: the same load, after, on one instance alone behind its port (its own stand-in). */
  /** Requests per second of every round, and the load average at its start: two instances, one instance. */
  readonly rounds: { readonly two: readonly RoundRates[]; readonly one: readonly RoundRates[] };
  readonly oneInstance: { readonly loadAverage1m: { readonly start: number; readonly end: number }; readonly voiceWebhook: LoadResult; readonly conferenceCallback: LoadResult; readonly cpu: CpuTime };
}

/** An instance: the contact-centre routes on the shared port, naming itself in every answer. */
async function runInstance(config: InstanceConfig): Promise<void> {
  const settings = twilioSettingsFromEnv(TEST_TWILIO_ENV);
  const client = createTwilioClient(twilioLibrary, { accountSid: settings.accountSid, apiKeySid: TEST_TWILIO_ENV.TWILIO_API_KEY_SID, apiKeySecret: TEST_TWILIO_ENV.TWILIO_API_KEY_SECRET, baseUrl: config.standInUrl, maxRetries: 3, maxRetryDelayMs: 50 });
  const server = Fastify();
  const name = process.env.TWILIO_CALLBACKS_NAME ?? `instance-${cluster.worker?.id ?? 0}`;
  server.addHook('onSend', async (_request, reply) => void reply.header('x-instance', name));
  const agent = { agentId: `005${AGENT}`, twilioIdentity: AGENT, workerSid: config.workerSid, role: 'agent' as const };
  await contactCentreRoutes(server, {
    settings,
    contactCentre: { workspaceSid: config.workspaceSid, workflowSid: config.workflowSid, holdMusicUrl: HOLD_MUSIC, activities: { available: 'Available', busy: 'Busy', offline: 'Offline', wrapUp: 'Wrap-up' }, apiBaseUrl: config.standInUrl },
    library: twilioLibrary,
    client,
    // The benchmark's agent, named in a header: identity is not what is measured here.
    authenticate: async (request) => (request.headers['x-test-agent'] === AGENT ? agent : undefined),
  });
  // Port 0 in every worker of a cluster is one port, chosen once by the primary.
  const address = await server.listen({ host: '127.0.0.1', port: 0 });
  process.send?.({ listening: address, name, pid: process.pid });
  // The CPU time this instance has used, when the primary asks (to show where the load's time went).
  process.on('message', (message) => {
    if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  });
}

/** CPU seconds `worker` has used so far. */
function cpuOf(worker: Worker): Promise<number> {
  return new Promise((resolve) => {
    worker.once('message', (message: { cpu: NodeJS.CpuUsage }) => resolve((message.cpu.user + message.cpu.system) / 1e6));
    worker.send('cpu');
  });
}

/** CPU seconds this process has used so far. */
const ownCpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const sign = (url: string, body: Record<string, string>): string => twilioLibrary.getExpectedTwilioSignature(TEST_TWILIO_ENV.TWILIO_AUTH_TOKEN, url, body);

/** A signed form POST as Twilio sends it; `close` asks for a new connection (so the next goes to the other instance). */
async function signedPost(url: string, body: Record<string, string>, close = false): Promise<{ status: number; instance: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign(url, body), ...(close ? { connection: 'close' } : {}) }, body: new URLSearchParams(body).toString() });
  await response.arrayBuffer();
  return { status: response.status, instance: response.headers.get('x-instance') ?? '?' };
}

/** Sends `count` signed form POSTs to `url`, `CONCURRENCY` at a time; every answer must be `expected`. */
async function load(url: string, count: number, params: (index: number) => Record<string, string>, expected: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const byInstance: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const at = performance.now();
      const { status, instance } = await signedPost(url, params(index));
      if (status !== expected) throw new Error(`${url} answered ${status} (${instance}), not ${expected}`);
      latencies.push(performance.now() - at);
      byInstance[instance] = (byInstance[instance] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: count, perSecond: Math.round(count / seconds), p50_ms: +percentile(latencies, 50).toFixed(2), p99_ms: +percentile(latencies, 99).toFixed(2), byInstance };
}

/** An agent's JSON request to the one port; resolves with the body and the instance that answered. */
async function asAgent(url: string, method: string, path: string, body?: unknown): Promise<{ body: Record<string, unknown>; instance: string }> {
  const response = await fetch(`${url}${path}`, { method, headers: { 'x-test-agent': AGENT, connection: 'close', ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return { body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, instance: response.headers.get('x-instance') ?? '?' };
}

/** One run: its own stand-in and `instances` processes behind one port. */
interface Run {
  readonly loadAverage1m: { readonly start: number; readonly end: number };
  readonly pids: readonly number[];
  readonly port: number;
  readonly voiceWebhook: LoadResult;
  readonly conferenceCallback: TwilioCallbacksResult['conferenceCallback'];
  readonly cpu: CpuTime;
  readonly crossInstance?: TwilioCallbacksResult['crossInstance'];
}

/** Starts a stand-in and `instances` server processes, places one live call, and loads the one port. */
async function run(instances: number, quick: boolean): Promise<Run> {
  const loadAtStart = Number(loadavg()[0]!.toFixed(2));
  const { standIn, client } = await startStandInFixture();
  const workers: Worker[] = [];
  try {
    const centre = await provisionContactCentre(client, { friendlyName: 'Support', reservationTimeoutSeconds: 20 });
    const worker = await client.taskrouter.v1.workspaces(centre.workspaceSid).workers.create({ friendlyName: AGENT, attributes: JSON.stringify({ contact_uri: `client:${AGENT}` }) });
    const config: InstanceConfig = { standInUrl: standIn.url, workspaceSid: centre.workspaceSid, workflowSid: centre.workflowSid, workerSid: worker.sid };
    cluster.setupPrimary({ exec: fileURLToPath(import.meta.url), silent: false });
    const listening: Array<{ listening: string; name: string; pid: number }> = [];
    for (let index = 0; index < instances; index += 1) {
      const instance = cluster.fork({ TWILIO_CALLBACKS_INSTANCE: JSON.stringify(config), TWILIO_CALLBACKS_NAME: instances > 1 ? `instance-${index + 1}` : 'alone' });
      workers.push(instance);
      listening.push(await new Promise((resolve, reject) => {
        instance.once('message', resolve);
        instance.once('exit', (code) => reject(new Error(`instance ${index} exited with ${code} before listening`)));
      }));
    }
    const urls = new Set(listening.map((each) => each.listening));
    if (urls.size !== 1 || new Set(listening.map((each) => each.pid)).size !== instances) throw new Error(`expected ${instances} processes on one port, got ${JSON.stringify(listening)}`);
    const [url = ''] = urls;
    standIn.configure({ voiceUrl: `${url}/api/twilio/cc/voice` });
    await client.taskrouter.v1.workspaces(centre.workspaceSid).update({ eventCallbackUrl: `${url}/api/twilio/cc/taskrouter-events` });

    // One live call: the agent Available, the customer queued, the reservation accepted, the agent's leg answered.
    await asAgent(url, 'PUT', '/api/twilio/cc/presence', { status: 'available' });
    const customerCall = await standIn.incomingCall({ from: '+14155550142', to: TEST_TWILIO_ENV.TWILIO_CALLER_ID });
    const reservation = await eventually(() => [...standIn.taskRouter.reservations.values()].find((candidate) => candidate.status === 'pending'), 'a reservation');
    const accepted = await asAgent(url, 'POST', `/api/twilio/cc/reservations/${reservation.taskSid}/${reservation.sid}/accept`);
    const ringing = await eventually(() => standIn.ringing(`client:${AGENT}`)[0], `a call ringing ${AGENT}`);
    await standIn.voice.answer(ringing.sid);
    const conferenceSid = String(accepted.body.conferenceSid);
    const conference = standIn.voice.conference(conferenceSid);
    const agentLeg = await eventually(() => [...conference.participants.keys()].find((sid) => sid !== customerCall.sid), 'the agent in the conference');
    const customerHold = () => conference.participants.get(customerCall.sid)?.hold === true;
    const events = `${url}/api/twilio/cc/conference-events`;
    const join = (index: number) => ({ AccountSid: TEST_TWILIO_ENV.TWILIO_ACCOUNT_SID, ConferenceSid: conferenceSid, FriendlyName: reservation.taskSid, StatusCallbackEvent: 'participant-join', CallSid: agentLeg, SequenceNumber: String(index) });

    // An instance acting on a call it never saw: held through one, resumed by a callback the other answers.
    let crossInstance: TwilioCallbacksResult['crossInstance'] | undefined;
    for (let attempt = 0; instances > 1 && attempt < 10 && !crossInstance; attempt += 1) {
      const held = await asAgent(url, 'POST', `/api/twilio/cc/calls/${conferenceSid}/hold`);
      const heldInTwilio = customerHold();
      const callback = await signedPost(events, join(attempt), true);
      if (callback.status !== 204) throw new Error(`the participant-join callback answered ${callback.status}`);
      if (callback.instance !== held.instance) crossInstance = { heldBy: held.instance, callbackBy: callback.instance, heldInTwilio, resumedInTwilio: !customerHold() };
      else if (customerHold()) await asAgent(url, 'POST', `/api/twilio/cc/calls/${conferenceSid}/resume`);
    }
    if (instances > 1 && !crossInstance) throw new Error('no callback reached the other instance in 10 attempts: is the port balanced?');
    if (crossInstance && (!crossInstance.heldInTwilio || !crossInstance.resumedInTwilio)) throw new Error(`the customer was ${crossInstance.heldInTwilio ? '' : 'not '}held through ${crossInstance.heldBy} and ${crossInstance.resumedInTwilio ? '' : 'not '}resumed by ${crossInstance.callbackBy}'s callback`);

    const n = quick ? 200 : 3000;
    const voice = `${url}/api/twilio/cc/voice`;
    const customer = (i: number) => ({ CallSid: `CA${String(i).padStart(32, '0')}`, From: '+14155550142', To: TEST_TWILIO_ENV.TWILIO_CALLER_ID, CallerName: 'Ada Lovelace' });
    await load(voice, 100, customer, 200);
    const cpuBefore = { primary: ownCpu(), instances: await Promise.all(workers.map(cpuOf)), at: performance.now() };
    const voiceWebhook = await load(voice, n, customer, 200);
    const callbacks = await load(events, Math.round(n / 3), (i) => join(100 + i), 204);
    const seconds = (performance.now() - cpuBefore.at) / 1000;
    const instanceCpu = await Promise.all(workers.map(cpuOf));
    const cpu = {
      seconds: +seconds.toFixed(2),
      primary: +(ownCpu() - cpuBefore.primary).toFixed(2),
      instances: Object.fromEntries(listening.map((each, index) => [each.name, +((instanceCpu[index] ?? 0) - (cpuBefore.instances[index] ?? 0)).toFixed(2)])),
    };
    const answeredByTheOther = Object.entries(callbacks.byInstance).filter(([name]) => name !== accepted.instance).reduce((sum, [, count]) => sum + count, 0);
    return {
      loadAverage1m: { start: loadAtStart, end: Number(loadavg()[0]!.toFixed(2)) },
      pids: listening.map((each) => each.pid),
      port: Number(new URL(url).port),
      voiceWebhook,
      conferenceCallback: { ...callbacks, acceptedBy: accepted.instance, answeredByTheOther },
      cpu,
      ...(crossInstance ? { crossInstance } : {}),
    };
  } finally {
    for (const instance of workers) instance.kill();
    await standIn.close();
  }
}

/** Rounds of each configuration, alternating: the machine is shared, so one round may be disturbed by other work. */
const ROUNDS = 3;

/** The round least disturbed by other processes: the highest webhook rate. */
const best = (runs: readonly Run[]): Run => runs.reduce((found, each) => (each.voiceWebhook.perSecond > found.voiceWebhook.perSecond ? each : found));

/**
 * Two instances behind one port, and one instance alone behind its port as the baseline, in
 * {@link ROUNDS} alternating rounds (each its own stand-in); reports each configuration's least
 * disturbed round and every round's rates.
 */
export async function measureTwilioCallbacks({ quick = false }: { quick?: boolean } = {}): Promise<TwilioCallbacksResult> {
  const twos: Run[] = [];
  const ones: Run[] = [];
  for (let round = 0; round < (quick ? 1 : ROUNDS); round += 1) {
    twos.push(await run(INSTANCES, quick));
    ones.push(await run(1, quick));
  }
  const two = best(twos);
  const one = best(ones);
  if (!two.crossInstance) throw new Error('the two-instance run has no cross-instance check');
  const rates = (runs: readonly Run[]) => runs.map((each) => ({ voiceWebhook: each.voiceWebhook.perSecond, conferenceCallback: each.conferenceCallback.perSecond, loadAverage1m: each.loadAverage1m.start }));
  return {
    date: new Date().toISOString(),
    machine: describeMachine(),
    loadAverage1m: two.loadAverage1m,
    instances: INSTANCES,
    pids: two.pids,
    port: two.port,
    concurrency: CONCURRENCY,
    voiceWebhook: two.voiceWebhook,
    conferenceCallback: two.conferenceCallback,
    cpu: two.cpu,
    crossInstance: two.crossInstance,
    oneInstance: { loadAverage1m: one.loadAverage1m, voiceWebhook: one.voiceWebhook, conferenceCallback: one.conferenceCallback, cpu: one.cpu },
    rounds: { two: rates(twos), one: rates(ones) },
  };
}

const roundsLine = (rounds: readonly RoundRates[]): string => rounds.map((each) => `${each.voiceWebhook}/${each.conferenceCallback} (${each.loadAverage1m})`).join(', ');
const cpuLine = (cpu: CpuTime): string => [`this process (stand-in, load generator, cluster primary) ${cpu.primary} s`, ...Object.entries(cpu.instances).map(([name, value]) => `${name} ${value} s`)].join(', ');

const coresBusy = (cpu: CpuTime): string => ((cpu.primary + Object.values(cpu.instances).reduce((sum, value) => sum + value, 0)) / cpu.seconds).toFixed(2);

/** The Markdown report of a run. */
export function renderTwilioCallbacks(result: TwilioCallbacksResult): string {
  const { machine, crossInstance } = result;
  return [
    '# Twilio contact centre: webhooks and status callbacks under load',
    '',
    `Run of ${result.date} by \`node --import tsx bench/twilio-callbacks.ts\`: ${result.instances} server instances, each its own process (pids ${result.pids.join(', ')}), behind one port (${result.port}; Node's cluster hands each new connection to them in turn), sharing nothing but Twilio (the loopback stand-in, reached through the official library). ${result.concurrency} requests at a time over keep-alive connections. On ${String(machine.cores)} shared cores (${machine.cpu ?? 'unknown CPU'}, Node ${machine.node ?? '?'}) with a 1-minute load average of ${result.loadAverage1m.start} at the start and ${result.loadAverage1m.end} at the end: the stand-in, the load generator and both instances share them, and so do other processes, so rates are lower bounds and latencies upper bounds. The baseline is one instance alone behind its port, with its own stand-in (load average ${result.oneInstance.loadAverage1m.start} at its start, ${result.oneInstance.loadAverage1m.end} at its end). Each configuration ran ${result.rounds.two.length} rounds, alternating; shown is each one's least disturbed round (the highest webhook rate). Raw figures in \`twilio-callbacks.json\`.`,
    '',
    renderCallbacksTable(result),
    '',
    `Every round, webhooks and callbacks per second (load average at its start): two instances ${roundsLine(result.rounds.two)}; one instance ${roundsLine(result.rounds.one)}.`,
    '',
    `CPU time while the load ran (${result.cpu.seconds} s): ${cpuLine(result.cpu)}; on average ${coresBusy(result.cpu)} of the ${String(machine.cores)} cores busy with these processes. Baseline (${result.oneInstance.cpu.seconds} s): ${cpuLine(result.oneInstance.cpu)}; ${coresBusy(result.oneInstance.cpu)} cores busy. Other processes on the machine used the rest.`,
    '',
    `An instance acting on a call it never saw: the customer put on hold through ${crossInstance.heldBy} (held in Twilio: ${crossInstance.heldInTwilio ? 'yes' : '**no**'}), then a \`participant-join\` callback of the agent answered by ${crossInstance.callbackBy} took the customer off hold (off hold in Twilio: ${crossInstance.resumedInTwilio ? 'yes' : '**no**'}).`,
    '',
  ].join('\n');
}

/** Writes bench/results/twilio-callbacks.json and .md (`name` for other runs, e.g. quick ones). */
export function writeTwilioCallbacks(result: TwilioCallbacksResult, name = 'twilio-callbacks'): void {
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`bench/results/${name}.md`, renderTwilioCallbacks(result));
}

if (cluster.isWorker && process.env.TWILIO_CALLBACKS_INSTANCE) {
  await runInstance(JSON.parse(process.env.TWILIO_CALLBACKS_INSTANCE) as InstanceConfig);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const result = await measureTwilioCallbacks({ quick });
  writeTwilioCallbacks(result, quick ? 'twilio-callbacks-quick' : 'twilio-callbacks');
  process.stdout.write(renderTwilioCallbacks(result));
}
