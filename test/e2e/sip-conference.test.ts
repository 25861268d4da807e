/**
 * A three-way conference mixed in the agent's browser, with real WebRTC audio through the Kamailio
 * lab: the agent (the SIP softphone in the console) takes a call from lab phone A, consults lab
 * phone B, merges, and hands the call over (REFER with Replaces). Every microphone is a tone (A
 * 440 Hz, B 1,000 Hz, the agent 700 Hz), and each page's RECEIVED audio is analysed (AnalyserNode
 * FFT) to prove who hears whom.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';
import { CONSOLE_VIEWPORT, eventually, eventuallyPasses, launchBrowser, openConsole, softphoneFrame, startConsole } from './harness.js';

const SIP_PORT = 15140;
const WS_PORT = 18168;
const TONES = { a: 440, agent: 700, b: 1000 } as const;
/** A frequency with no tone and no intermodulation of the others: the noise floor's reference. */
const QUIET = 2500;

/**
 * Runs in every frame before its scripts: the microphone of the softphone, lab phone A (the console's
 * panel) and lab phone B (`?user=agent2`) becomes a sine tone; the tracks handed out and every
 * AudioContext the page creates are kept, to prove that all are released.
 */
function toneMicrophones(tones: typeof TONES): void {
  const query = new URLSearchParams(location.search);
  const hz = location.pathname.startsWith('/softphone') ? tones.agent : location.pathname.startsWith('/lab/phone') ? (query.get('user') === 'agent2' ? tones.b : tones.a) : 0;
  if (!hz || !navigator.mediaDevices) return;
  const Context = window.AudioContext;
  const made = { tracks: [] as MediaStreamTrack[], contexts: [] as AudioContext[] };
  (window as unknown as { made: typeof made }).made = made;
  window.AudioContext = class extends Context {
    constructor(options?: AudioContextOptions) {
      super(options);
      made.contexts.push(this);
    }
  };
  navigator.mediaDevices.getUserMedia = async () => {
    const context = new Context();
    const oscillator = context.createOscillator();
    oscillator.frequency.value = hz;
    const gain = context.createGain();
    gain.gain.value = 0.2;
    const output = context.createMediaStreamDestination();
    oscillator.connect(gain).connect(output);
    oscillator.start();
    made.tracks.push(...output.stream.getAudioTracks());
    return output.stream;
  };
}

/** Levels (dBFS, peak within ±20 Hz) of the tones and of the quiet reference in a frame's received audio. */
type Spectrum = Record<number, number>;

/** Analyses the stream an `<audio>` element of the frame plays: 10 FFTs of 8,192 samples over a second, averaged. */
function received(frame: Frame, selector: string): Promise<Spectrum> {
  return frame.evaluate(
    async ({ selector, frequencies }) => {
      const stream = (document.querySelector(selector) as HTMLAudioElement | null)?.srcObject;
      if (!(stream instanceof MediaStream) || stream.getAudioTracks().length === 0) throw new Error(`${selector} plays no audio stream`);
      const context = new AudioContext();
      // The test's own context is not the page's: uncounted (and closed below).
      const made = (window as unknown as { made?: { contexts: AudioContext[] } }).made;
      made?.contexts.splice(made.contexts.indexOf(context), 1);
      const analyser = context.createAnalyser();
      analyser.fftSize = 8192;
      analyser.smoothingTimeConstant = 0;
      context.createMediaStreamSource(stream).connect(analyser);
      const frame = new Float32Array(analyser.frequencyBinCount);
      const power = new Float64Array(frame.length);
      await new Promise((resolve) => setTimeout(resolve, 400));
      for (let i = 0; i < 10; i++) {
        analyser.getFloatFrequencyData(frame);
        frame.forEach((db, bin) => (power[bin]! += 10 ** (db / 10) / 10));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const binHz = context.sampleRate / analyser.fftSize;
      await context.close();
      const level = (hz: number) => {
        let peak = -Infinity;
        for (let bin = Math.floor((hz - 20) / binHz); bin <= Math.ceil((hz + 20) / binHz); bin++) peak = Math.max(peak, 10 * Math.log10(power[bin]!));
        return Math.round(peak);
      };
      return Object.fromEntries(frequencies.map((hz) => [hz, level(hz)]));
    },
    { selector, frequencies: [TONES.a, TONES.agent, TONES.b, QUIET] },
  );
}

/** A tone is heard: loud, and far above the quiet reference. */
const HEARD_DB = -50;
const ABOVE_FLOOR_DB = 30;

function assertHears(who: string, spectrum: Spectrum, heard: readonly number[], notHeard: readonly number[]): void {
  const shown = `${who} receives ${Object.entries(spectrum).map(([hz, db]) => `${hz} Hz ${db}`).join(', ')} (dBFS)`;
  console.log(shown);
  for (const hz of heard) assert.ok(spectrum[hz]! >= HEARD_DB && spectrum[hz]! - spectrum[QUIET]! >= ABOVE_FLOOR_DB, `${shown}: ${hz} Hz must be heard`);
  const softest = Math.min(...heard.map((hz) => spectrum[hz]!));
  for (const hz of notHeard) assert.ok(spectrum[hz]! <= softest - ABOVE_FLOOR_DB, `${shown}: ${hz} Hz must not be heard`);
}

let server: Awaited<ReturnType<typeof startConsole>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let phone: FrameLocator;
let agent: Frame;
let labA: Frame;
let labB: Frame;

interface AgentCall {
  id: string;
  phase: string;
  held?: boolean;
  conferenced?: true;
  participants?: Array<{ id: string; phase: string; mode: string }>;
}
type Command = Record<string, string>;

const agentCall = (callId: string) => agent.evaluate((id) => (window as unknown as { softphone: { getState(): { calls: Record<string, AgentCall> } } }).softphone.getState().calls[id], callId);
const execute = (command: Command) => agent.evaluate((command) => (window as unknown as { softphone: { execute(command: Command): Promise<string | undefined> } }).softphone.execute(command), command);
const labCall = (frame: Frame) => frame.evaluate(() => (window as unknown as { labPhone: { current(): { id: string; state: string } | undefined } }).labPhone.current());
/** Waits until `check` holds of the agent's call. */
const agentCallWhere = (callId: string, what: string, check: (call: AgentCall) => boolean) => eventually(async () => {
  const call = await agentCall(callId);
  return call && check(call) ? call : undefined;
}, 10_000, what);

/** Kamailio's log of the run (the lab prints it with SOFTPHONE_LAB_LOG=1), shown when a test fails. */
async function withLabLog(test: () => Promise<void>): Promise<void> {
  try {
    await test();
  } catch (error) {
    console.log(`Kamailio's log:\n${server.output().split('\n').filter((line) => line.startsWith('kamailio: ')).slice(-200).join('\n')}`);
    throw error;
  }
}

describe('SIP conference mixed in the agent’s browser, real WebRTC audio through the Kamailio lab', () => {
  before(async () => {
    process.env.SOFTPHONE_LAB_LOG = '1';
    server = await startConsole(['--sip-port', String(SIP_PORT), '--ws-port', String(WS_PORT)], 'lab');
    // The mixer starts its AudioContext without a click in this page (a real agent has clicked).
    browser = await launchBrowser(['--autoplay-policy=no-user-gesture-required']);
    context = await browser.newContext({ viewport: CONSOLE_VIEWPORT });
    // tsx keeps function names with a `__name` helper that the page lacks: functions sent to the page need it.
    await context.addInitScript('globalThis.__name ??= (target) => target;');
    await context.addInitScript(toneMicrophones, TONES);
    ({ page, phone } = await openConsole(context, server.url));
    agent = softphoneFrame(page);
    await phone.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
    labA = await eventually(() => page.frames().find((frame) => frame.url().includes('/lab/phone/')), 5000, 'the lab phone frame');
    await labA.waitForFunction(() => 'labPhone' in window);
    const pageB = await context.newPage();
    await pageB.goto(`${server.url}/lab/phone/?user=agent2&answer=auto`);
    await pageB.getByText('Registered as agent2@127.0.0.1').waitFor({ timeout: 10_000 });
    labB = pageB.mainFrame();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('consult B, merge: everyone hears the two others and not themselves; complete transfer: A and B hear each other and the agent has released every track and context', () => withLabLog(async () => {
    await labA.evaluate(() => (window as unknown as { labPhone: { call(options: object): Promise<string> } }).labPhone.call({ from: '+14155550142', name: 'Maria Chen' }));
    // The agent is driven through the connector (its commands are what the softphone's buttons run).
    const callId = await eventually(() => agent.evaluate(() => Object.values((window as unknown as { softphone: { getState(): { calls: Record<string, AgentCall> } } }).softphone.getState().calls).find((call) => call.phase === 'ringing')?.id), 5000, 'the call ringing at the agent');
    await execute({ type: 'answer', callId });
    await agentCallWhere(callId, 'the agent connected', (call) => call.phase === 'connected');
    await eventually(async () => ((await labCall(labA))?.state === 'connected' ? true : undefined), 5000, 'A connected');
    await eventuallyPasses(async () => assertHears('A, talking to the agent', await received(labA, 'audio'), [TONES.agent], [TONES.b, TONES.a]));

    // Consult: A on hold hears nobody; the agent and B hear each other.
    const participantId = await execute({ type: 'add-participant', callId, to: 'agent2', mode: 'consult' });
    await agentCallWhere(callId, 'B connected in consultation', (call) => call.held === true && call.participants?.some((p) => p.id === participantId && p.phase === 'connected') === true);
    assert.equal(Object.keys(await agent.evaluate(() => (window as unknown as { softphone: { getState(): { calls: object } } }).softphone.getState().calls)).length, 1, 'B is a participant, not a second call');
    await eventuallyPasses(async () => assertHears('the agent, consulting', await received(agent, '#softphone-remote-audio'), [TONES.b], [TONES.a, TONES.agent]));
    await eventuallyPasses(async () => assertHears('B, consulted', await received(labB, 'audio'), [TONES.agent], [TONES.a, TONES.b]));
    await eventuallyPasses(async () => {
      const heldA = await received(labA, 'audio');
      assert.ok(heldA[TONES.agent]! < HEARD_DB && heldA[TONES.b]! < HEARD_DB, `A on hold must not overhear the consultation: ${JSON.stringify(heldA)}`);
    });

    // Merge: mixed in the agent's page.
    const merged = Date.now();
    await execute({ type: 'merge', callId });
    await agentCallWhere(callId, 'the conference', (call) => call.conferenced === true && call.held === false);
    console.log(`merge → conferenced in ${Date.now() - merged} ms`);
    await eventuallyPasses(async () => assertHears('A in the conference', await received(labA, 'audio'), [TONES.agent, TONES.b], [TONES.a]));
    await eventuallyPasses(async () => assertHears('B in the conference', await received(labB, 'audio'), [TONES.agent, TONES.a], [TONES.b]));
    await eventuallyPasses(async () => assertHears('the agent in the conference', await received(agent, '#softphone-remote-audio'), [TONES.a, TONES.b], [TONES.agent]));

    // Complete the transfer: A calls B with Replaces, the agent leaves.
    const [dialogA, dialogB] = [(await labCall(labA))!.id, (await labCall(labB))!.id];
    await execute({ type: 'complete-transfer', callId });
    await agentCallWhere(callId, 'the agent’s call ended', (call) => call.phase === 'ended' || call.phase === 'wrap-up');
    for (const [frame, before, who] of [[labA, dialogA, 'A'], [labB, dialogB, 'B']] as const) {
      await eventually(async () => {
        const current = await labCall(frame);
        return current && current.id !== before && current.state === 'connected' ? true : undefined;
      }, 10_000, `${who} in the new dialog`);
    }
    await eventuallyPasses(async () => assertHears('A after the transfer', await received(labA, 'audio'), [TONES.b], [TONES.agent, TONES.a]));
    await eventuallyPasses(async () => assertHears('B after the transfer', await received(labB, 'audio'), [TONES.a], [TONES.agent, TONES.b]));
    const leftovers = await eventually(async () => {
      const state = await agent.evaluate(() => {
        const { made } = window as unknown as { made: { tracks: MediaStreamTrack[]; contexts: AudioContext[] } };
        return {
          liveTracks: made.tracks.filter((track) => track.readyState === 'live').length,
          openContexts: made.contexts.filter((context) => context.state !== 'closed').length,
          mixers: made.contexts.length,
          sink: (document.getElementById('softphone-remote-audio') as HTMLAudioElement).srcObject !== null,
        };
      });
      return state.liveTracks === 0 && state.openContexts === 0 && !state.sink ? state : undefined;
    }, 12_000, 'the agent’s microphones, mixer and audio released');
    assert.ok(leftovers.mixers >= 1, 'the conference was mixed in an AudioContext of the page');
    await labA.evaluate(() => (window as unknown as { labPhone: { hangup(): Promise<void> } }).labPhone.hangup());
    await eventually(async () => ((await labCall(labB)) === undefined ? true : undefined), 5000, 'B sees A hang up');
  }));
});
