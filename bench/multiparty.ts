/**
 * Multi-party timings in headless Chromium, on the simulator and on the SIP path:
 *
 * - **consult → transfer completed**: from the agent's `add-participant` (consult) to the customer
 *   talking with the second party without the agent. The second party answers the moment it rings
 *   and the agent completes the moment it is connected (no think time), so the figure is the
 *   system's own. Simulator: a second console page signed in as `agent2`, done when its softphone
 *   has the customer (the first agent has left) and the first agent's call has ended. SIP (Kamailio
 *   lab): lab phone B (`agent2`, auto-answer), done when the caller A and B are connected in the
 *   REFER/Replaces dialog and the agent's call has ended.
 * - **merge → conference**: from the agent's `merge` to the conference working. Simulator (no
 *   audio): both agents' softphones show the conference. SIP: **audio flowing**, i.e. the first
 *   moment the caller A hears B's tone and B hears A's (an AnalyserNode on each lab phone's
 *   received audio, 2,048-sample FFT polled every 5 ms: the figure includes up to one FFT window,
 *   about 43 ms, of detection lag).
 *
 * Usage: node --import tsx bench/multiparty.ts simulator|sip [rounds=20]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Browser, BrowserContext, Frame } from 'playwright-core';
import { CONSOLE_VIEWPORT, eventually, launchBrowser, rest, startConsole, type RunningConsole } from '../test/e2e/harness.js';
import { describeMachine, round, summarize, wallClock, type Summary } from './support.js';

/** Where the calls run. */
export type MultipartyPath = 'simulator' | 'sip';

/** The lab ports of this benchmark (other suites use their own). */
export const MULTIPARTY_SIP_PORT = 15240;
export const MULTIPARTY_WS_PORT = 18240;

/** Tones of the SIP path's microphones: caller A, the agent, lab phone B. */
const TONES = { a: 440, agent: 700, b: 1000 } as const;

/** Result of one path. */
export interface MultipartyResult {
  readonly path: MultipartyPath;
  readonly rounds: number;
  readonly consultToTransfer_ms: Summary & { readonly label: string };
  readonly mergeToConference_ms: Summary & { readonly label: string };
}

const WARM_UP = 2;

interface Call {
  id: string;
  phase: string;
  held?: boolean;
  conferenced?: true;
  participants?: Array<{ id: string; role: string; number?: string; phase: string }>;
}

/** In a softphone frame: the connector as the benchmark uses it. */
const CONNECTOR = `window.softphone`;

/** Every call of a softphone frame. */
const callsOf = (frame: Frame): Promise<Call[]> => frame.evaluate(callsIn);

interface SoftphoneWindow {
  softphone: { getState(): { calls: Record<string, Call> } };
}

/**
 * Resolves with the page's wall-clock time once `check(arg)` holds in the frame; polled every 5 ms.
 * `check` runs in the page: self-contained, reading `window.softphone` (the page's CSP forbids eval,
 * so it is a function, not a string).
 */
async function when<T>(frame: Frame, check: (arg: T) => boolean, arg: T, what: string, timeout = 10_000): Promise<number> {
  try {
    // The page notes the time it saw `check` hold (within the 5 ms polling), not when Node hears of it.
    const handle = await frame.waitForFunction(({ source, arg }) => {
      const holds = (globalThis as unknown as Record<string, (arg: unknown) => boolean>)[source]!(arg);
      return holds ? performance.timeOrigin + performance.now() : false;
    }, { source: await installed(frame, check), arg }, { polling: 5, timeout });
    return Number(await handle.jsonValue());
  } catch (error) {
    throw new Error(`${what}: not within ${timeout} ms; calls: ${JSON.stringify(await callsOf(frame))}`, { cause: error });
  }
}

/** Installs `check` in the frame once (as a global, by CDP evaluation, which the CSP allows), and returns its name. */
async function installed(frame: Frame, check: (arg: never) => boolean): Promise<string> {
  const name = `__check_${check.name}`;
  await frame.evaluate(`globalThis.${name} ??= (${check.toString()});`);
  return name;
}

const callsIn = (): Call[] => Object.values((window as unknown as SoftphoneWindow).softphone.getState().calls);

/** The agent's call `callId` is connected. */
const connected = (callId: string): boolean => Object.values((window as unknown as SoftphoneWindow).softphone.getState().calls).some((call) => call.id === callId && call.phase === 'connected');
/** The consulted party is connected on the agent's call. */
const consulted = (callId: string): boolean =>
  Object.values((window as unknown as SoftphoneWindow).softphone.getState().calls).some((call) => call.id === callId && (call.participants ?? []).some((p) => p.role !== 'supervisor' && p.phase === 'connected'));
/** The agent's own call is over (ended or in wrap-up). */
const over = (callId: string): boolean => !Object.values((window as unknown as SoftphoneWindow).softphone.getState().calls).some((call) => call.id === callId && call.phase !== 'ended' && call.phase !== 'wrap-up');
/** The call `callId` (or any call, for `''`) is in conference. */
const conferenced = (callId: string): boolean => Object.values((window as unknown as SoftphoneWindow).softphone.getState().calls).some((call) => (callId === '' || call.id === callId) && call.conferenced === true);
/** A connected call on which agent `first` has left: the second agent has the customer. */
const handedOver = (first: string): boolean =>
  Object.values((window as unknown as SoftphoneWindow).softphone.getState().calls).some((call) => call.phase === 'connected' && (call.participants ?? []).some((p) => p.role === 'agent' && p.number === first && p.phase === 'left'));
/** Some call is connected. */
const anyConnected = (): boolean => Object.values((window as unknown as SoftphoneWindow).softphone.getState().calls).some((call) => call.phase === 'connected');

/** How long a command may take before the benchmark gives up on the run, saying which command. */
const COMMAND_TIMEOUT_MS = 15_000;

/** Runs a command in the frame's connector and resolves with its result. */
async function execute(frame: Frame, command: object): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      void callsOf(frame).then(
        (calls) => reject(new Error(`${JSON.stringify(command)} did not settle within ${COMMAND_TIMEOUT_MS} ms; calls: ${JSON.stringify(calls)}`)),
        reject,
      );
    }, COMMAND_TIMEOUT_MS);
  });
  try {
    return await Promise.race([frame.evaluate(`${CONNECTOR}.execute(${JSON.stringify(command)})`) as Promise<string | undefined>, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Makes a softphone frame answer every call the moment it rings (an agent with a hand on Accept). */
async function autoAnswer(frame: Frame): Promise<void> {
  await frame.evaluate(`(() => {
    const c = ${CONNECTOR};
    const answered = new Set();
    c.subscribe((state) => {
      for (const call of Object.values(state.calls)) {
        if (call.phase === 'ringing' && !answered.has(call.id)) { answered.add(call.id); void c.execute({ type: 'answer', callId: call.id }); }
      }
    });
  })()`);
}

/** Ends the wrap-up of every call in wrap-up, and resolves once the softphone is idle. */
async function settle(frame: Frame): Promise<void> {
  await eventually(async () => {
    for (const call of await callsOf(frame)) {
      if (call.phase === 'wrap-up' || call.phase === 'ended') await frame.evaluate(`${CONNECTOR}.saveWrapUp(${JSON.stringify(call.id)}, { notes: '' })`).catch(() => undefined);
    }
    return (await callsOf(frame)).length === 0 ? true : undefined;
  }, 10_000, 'the softphone idle');
}

const ringingId = (frame: Frame): Promise<string> =>
  eventually(async () => (await callsOf(frame)).find((call) => call.phase === 'ringing')?.id, 10_000, 'a call ringing at the agent');

/** A browser context for one agent's pages. */
async function benchContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: CONSOLE_VIEWPORT });
  // tsx keeps function names with a `__name` helper that the pages lack: functions sent to them need it.
  await context.addInitScript('globalThis.__name ??= (target) => target;');
  return context;
}

/** The softphone frame of a console page opened as `user`. */
async function consoleAs(context: BrowserContext, url: string, user: string): Promise<Frame> {
  const page = await context.newPage();
  await page.goto(`${url}/?user=${user}`);
  const frame = await eventually(() => page.frames().find((candidate) => candidate.url().includes('/softphone/')), 10_000, `${user}'s softphone frame`);
  await frame.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 15_000 });
  return frame;
}

async function simulatorRounds(server: RunningConsole, browser: Browser, rounds: number): Promise<{ transfer: number[]; merge: number[] }> {
  const agent = await consoleAs(await benchContext(browser), server.url, 'agent');
  const agent2 = await consoleAs(await benchContext(browser), server.url, 'agent2');
  await autoAnswer(agent2);
  const transfer: number[] = [];
  const merge: number[] = [];
  const customerCall = async (): Promise<string> => {
    await rest(server.url, 'POST', '/api/sim/calls', { from: '+1 415-555-0142', name: 'Maria Chen' });
    const callId = await ringingId(agent);
    await execute(agent, { type: 'answer', callId });
    await when(agent, connected, callId, 'the agent connected');
    return callId;
  };
  for (let i = 0; i < rounds + WARM_UP; i++) {
    // Consult → transfer completed.
    let callId = await customerCall();
    const started = wallClock();
    await execute(agent, { type: 'add-participant', callId, to: 'agent2', mode: 'consult' });
    await when(agent, consulted, callId, 'agent2 connected in consultation');
    await execute(agent, { type: 'complete-transfer', callId });
    const done = await Promise.all([when(agent, over, callId, 'the agent\'s call ended'), when(agent2, handedOver, 'agent', 'agent2 has the customer')]);
    if (i >= WARM_UP) transfer.push(Math.max(...done) - started);
    await settle(agent);
    const [kept] = await callsOf(agent2);
    if (kept) await execute(agent2, { type: 'hangup', callId: kept.id });
    await settle(agent2);

    // Merge → conference shown on both softphones.
    callId = await customerCall();
    await execute(agent, { type: 'add-participant', callId, to: 'agent2', mode: 'consult' });
    await when(agent, consulted, callId, 'agent2 connected in consultation');
    await when(agent2, anyConnected, undefined, 'agent2 connected');
    const merging = wallClock();
    await execute(agent, { type: 'merge', callId });
    const shown = Math.max(...(await Promise.all([when(agent, conferenced, callId, 'the agent in conference'), when(agent2, conferenced, '', 'agent2 in conference')])));
    if (i >= WARM_UP) merge.push(shown - merging);
    await execute(agent, { type: 'hangup', callId });
    await settle(agent);
    const [left] = await callsOf(agent2);
    if (left && left.phase !== 'ended' && left.phase !== 'wrap-up') await execute(agent2, { type: 'hangup', callId: left.id });
    await settle(agent2);
  }
  return { transfer, merge };
}

/** Runs in every frame before its scripts: the microphones of the softphone and the lab phones are sine tones. */
function toneMicrophones(tones: typeof TONES): void {
  const query = new URLSearchParams(location.search);
  const hz = location.pathname.startsWith('/softphone') ? tones.agent : location.pathname.startsWith('/lab/phone') ? (query.get('user') === 'agent2' ? tones.b : tones.a) : 0;
  if (!hz || !navigator.mediaDevices) return;
  // One context per frame for every microphone it asks for, never one per call: with a new context
  // per microphone left open, the agent's `merge` hung on the fifth round here (the conference
  // mixer's own context never resumed); with one, every round completes.
  let context: AudioContext | undefined;
  navigator.mediaDevices.getUserMedia = async () => {
    context ??= new AudioContext();
    const oscillator = context.createOscillator();
    oscillator.frequency.value = hz;
    const gain = context.createGain();
    gain.gain.value = 0.2;
    const output = context.createMediaStreamDestination();
    oscillator.connect(gain).connect(output);
    oscillator.start();
    return output.stream;
  };
}

/**
 * Starts watching a lab phone's received audio for tone `hz`: `window.__heard` becomes the wall-clock
 * time it is first loud (≥ -50 dBFS, 30 dB over a quiet 2,500 Hz reference).
 */
async function listenFor(frame: Frame, hz: number): Promise<void> {
  await frame.evaluate(`(() => {
    const stream = document.querySelector('audio')?.srcObject;
    if (!(stream instanceof MediaStream)) throw new Error('the lab phone plays no audio stream');
    window.__heard = undefined;
    clearInterval(window.__listening);
    window.__listenContext?.close();
    const context = new AudioContext();
    window.__listenContext = context;
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    analyser.smoothingTimeConstant = 0;
    context.createMediaStreamSource(stream).connect(analyser);
    const data = new Float32Array(analyser.frequencyBinCount);
    const binHz = context.sampleRate / analyser.fftSize;
    const level = (f) => { let peak = -Infinity; for (let b = Math.floor((f - 30) / binHz); b <= Math.ceil((f + 30) / binHz); b++) peak = Math.max(peak, data[b]); return peak; };
    window.__listening = setInterval(() => {
      analyser.getFloatFrequencyData(data);
      const tone = level(${hz});
      if (window.__heard === undefined && tone >= -50 && tone - level(2500) >= 30) window.__heard = performance.timeOrigin + performance.now();
    }, 5);
  })()`);
}

const heardAt = async (frame: Frame, who: string): Promise<number> =>
  Number(await (await frame.waitForFunction(() => (window as unknown as { __heard?: number }).__heard, undefined, { polling: 5, timeout: 10_000 }).catch((error: unknown) => {
    throw new Error(`${who} never heard the other far end`, { cause: error });
  })).jsonValue());

interface LabPhone {
  labPhone: { call(options: object): Promise<string>; current(): { id: string; state: string } | undefined; hangup(): Promise<void> };
}
const labCall = (frame: Frame) => frame.evaluate(() => (window as unknown as LabPhone).labPhone.current());

async function sipRounds(server: RunningConsole, browser: Browser, rounds: number): Promise<{ transfer: number[]; merge: number[] }> {
  const context = await benchContext(browser);
  await context.addInitScript(toneMicrophones, TONES);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  const agent = await eventually(() => page.frames().find((frame) => frame.url().includes('/softphone/')), 10_000, 'the softphone frame');
  await agent.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 15_000 });
  const labA = await eventually(() => page.frames().find((frame) => frame.url().includes('/lab/phone/')), 10_000, 'lab phone A');
  await labA.waitForFunction(() => 'labPhone' in window);
  const pageB = await context.newPage();
  await pageB.goto(`${server.url}/lab/phone/?user=agent2&answer=auto`);
  await pageB.getByText('Registered as agent2@127.0.0.1').waitFor({ timeout: 10_000 });
  const labB = pageB.mainFrame();
  const transfer: number[] = [];
  const merge: number[] = [];
  const customerCall = async (): Promise<string> => {
    await labA.evaluate(() => (window as unknown as LabPhone).labPhone.call({ from: '+14155550142', name: 'Maria Chen' }));
    const callId = await ringingId(agent);
    await execute(agent, { type: 'answer', callId });
    await when(agent, connected, callId, 'the agent connected');
    await eventually(async () => ((await labCall(labA))?.state === 'connected' ? true : undefined), 10_000, 'A connected');
    return callId;
  };
  const idle = async (): Promise<void> => {
    for (const [frame, who] of [[labA, 'A'], [labB, 'B']] as const) await eventually(async () => ((await labCall(frame)) === undefined ? true : undefined), 10_000, `${who} idle`);
    await settle(agent);
  };
  for (let i = 0; i < rounds + WARM_UP; i++) {
    if (process.env.BENCH_PROGRESS) process.stderr.write(`sip round ${i}\n`);
    // Consult → transfer completed: A and B in the Replaces dialog.
    let callId = await customerCall();
    const dialogA = (await labCall(labA))!.id;
    const started = wallClock();
    await execute(agent, { type: 'add-participant', callId, to: 'agent2', mode: 'consult' });
    await when(agent, consulted, callId, 'B connected in consultation');
    const dialogB = (await labCall(labB))!.id;
    await execute(agent, { type: 'complete-transfer', callId });
    const inNewDialog = ([frame, before, who]: readonly [Frame, string, string]): Promise<number> =>
      frame
        .waitForFunction((id) => {
          const current = (window as unknown as LabPhone).labPhone.current();
          return current !== undefined && current.id !== id && current.state === 'connected' ? performance.timeOrigin + performance.now() : false;
        }, before, { polling: 5, timeout: 10_000 })
        .then(async (handle) => Number(await handle.jsonValue()))
        .catch((error: unknown) => {
          throw new Error(`${who} not in the new dialog`, { cause: error });
        });
    const done = await Promise.all([when(agent, over, callId, 'the agent\'s call ended'), inNewDialog([labA, dialogA, 'A']), inNewDialog([labB, dialogB, 'B'])]);
    if (i >= WARM_UP) transfer.push(Math.max(...done) - started);
    await labA.evaluate(() => (window as unknown as LabPhone).labPhone.hangup());
    await idle();

    // Merge → conference audio flowing: A hears B's tone and B hears A's.
    callId = await customerCall();
    await execute(agent, { type: 'add-participant', callId, to: 'agent2', mode: 'consult' });
    await when(agent, consulted, callId, 'B connected in consultation');
    await listenFor(labA, TONES.b);
    await listenFor(labB, TONES.a);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const [frame, who] of [[labA, 'A'], [labB, 'B']] as const) {
      if (await frame.evaluate('window.__heard')) throw new Error(`${who} hears the other far end before the merge`);
    }
    const merging = wallClock();
    await execute(agent, { type: 'merge', callId });
    const flowing = Math.max(await heardAt(labA, 'A'), await heardAt(labB, 'B'));
    if (i >= WARM_UP) merge.push(flowing - merging);
    await execute(agent, { type: 'hangup', callId });
    await labA.evaluate(() => (window as unknown as LabPhone).labPhone.current() && (window as unknown as LabPhone).labPhone.hangup()).catch(() => undefined);
    await labB.evaluate(() => (window as unknown as LabPhone).labPhone.current() && (window as unknown as LabPhone).labPhone.hangup()).catch(() => undefined);
    await idle();
  }
  return { transfer, merge };
}

/** Runs `rounds` consult → transfer and merge → conference flows on `path` and summarises them. */
export async function measureMultiparty(path: MultipartyPath, rounds = 20): Promise<MultipartyResult> {
  const server = path === 'sip' ? await startConsole(['--sip-port', String(MULTIPARTY_SIP_PORT), '--ws-port', String(MULTIPARTY_WS_PORT)], 'lab') : await startConsole();
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser(['--autoplay-policy=no-user-gesture-required']);
    const { transfer, merge } = path === 'sip' ? await sipRounds(server, browser, rounds) : await simulatorRounds(server, browser, rounds);
    return {
      path,
      rounds,
      consultToTransfer_ms: { label: path === 'sip' ? 'consult → A and B talking in the Replaces dialog, agent gone' : 'consult → agent2 has the customer, agent\'s call ended', ...summarize(transfer) },
      mergeToConference_ms: { label: path === 'sip' ? 'merge → A hears B and B hears A (audio)' : 'merge → both softphones show the conference', ...summarize(merge) },
    };
  } finally {
    await browser?.close();
    await server.stop();
  }
}

/**
 * Writes the figures of both paths to bench/results/multiparty.json and multiparty.md (quick runs:
 * multiparty-quick.*), beside the other benchmarks' results.
 */
export function writeMultipartyResults(results: readonly MultipartyResult[], quick: boolean): string {
  const name = quick ? 'multiparty-quick' : 'multiparty';
  // The load average says how busy the shared cores were: these flows cross several processes.
  const machine = describeMachine();
  const loadAverage1m = Number(loadavg()[0]!.toFixed(1));
  const report = { date: new Date().toISOString(), quick, machine: { ...machine, loadAverage1m }, results };
  const row = (result: MultipartyResult, figure: MultipartyResult['consultToTransfer_ms']): string =>
    `| ${result.path} | ${figure.label} | ${figure.n} | ${round(figure.p50)} ms | ${round(figure.p95)} ms | ${round(figure.p99)} ms |`;
  const markdown = [
    '# Multi-party calls',
    '',
    `Run of ${report.date} by \`npm run bench\` (or \`node --import tsx bench/multiparty.ts simulator|sip\`), headless Chromium, on ${String(machine.cores)} cores (load average ${loadAverage1m} when written); see bench/multiparty.ts for what each figure starts and stops at. With fewer than 100 rounds (here ${results[0]?.rounds ?? 0}), p99 is the slowest round. Raw figures in \`${name}.json\`.`,
    '',
    '## consult → transfer completed',
    '',
    '| path | ends when | n | p50 | p95 | p99 |',
    '|---|---|---:|---:|---:|---:|',
    ...results.map((result) => row(result, result.consultToTransfer_ms)),
    '',
    '## merge → conference (audio flowing on SIP)',
    '',
    '| path | ends when | n | p50 | p95 | p99 |',
    '|---|---|---:|---:|---:|---:|',
    ...results.map((result) => row(result, result.mergeToConference_ms)),
    '',
  ].join('\n');
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/${name}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`bench/results/${name}.md`, markdown);
  return name;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = (process.argv[2] ?? 'simulator') as MultipartyPath;
  const result = await measureMultiparty(path, Number(process.argv[3] ?? 20));
  console.log(JSON.stringify(result, null, 2));
  console.log(`${path}: consult → transfer p50 ${round(result.consultToTransfer_ms.p50)} ms, p99 ${round(result.consultToTransfer_ms.p99)} ms; merge → conference p50 ${round(result.mergeToConference_ms.p50)} ms, p99 ${round(result.mergeToConference_ms.p99)} ms`);
}
