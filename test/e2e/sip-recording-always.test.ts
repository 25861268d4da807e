/**
 * Recording by configuration (`provider.sip.recording.start: 'always'`, the lab's `--record-calls`):
 * a plain-RTP SIPp caller through the lab's media gateway (rtpengine) is answered in headless
 * Chromium and nobody presses Record; the call still leaves a playable WAV file as long as the call,
 * linked on its Task. Ports: Kamailio SIP 15500, WebSocket 18500; rtpengine ng 22230, RTP
 * 31000-31099; SIPp 15510 with RTP on 31900.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import { sippMediaCall } from '../../src/lab/sipp.js';
import { eventually, launchBrowser, openConsole, rest, softphoneFrame, startConsole, type ConsoleTask } from './harness.js';

const SIP_PORT = 15500;
const WS_PORT = 18500;
const NG_PORT = 22230;

let server: Awaited<ReturnType<typeof startConsole>>;
let browser: Browser;
let page: Page;
let phone: FrameLocator;
let agent: Frame;

const tasksFor = (callId: string) => rest<ConsoleTask[]>(server.url, 'GET', `/api/sobjects/Task?CallObject=${encodeURIComponent(callId)}`);

describe('every call recorded by configuration (--record-calls → recording.start: "always"), through rtpengine', () => {
  before(async () => {
    server = await startConsole(['--sip-port', String(SIP_PORT), '--ws-port', String(WS_PORT), '--rtp-ng-port', String(NG_PORT), '--rtp-ports', '31000-31099', '--record-calls'], 'lab', { timeoutMs: 40_000 });
    browser = await launchBrowser();
    ({ page, phone } = await openConsole(browser, server.url));
    agent = softphoneFrame(page);
    await phone.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
  });
  after(async () => {
    if (process.env.SOFTPHONE_LAB_LOG === '1') console.log(server?.output());
    await page?.close();
    await browser?.close();
    await server?.stop();
  });

  it('a call answered with no Record press leaves a playable WAV file within 1 s of the call\'s duration, linked on the Task', async (t) => {
    const holdMs = 5000;
    const run = sippMediaCall({ sipPort: SIP_PORT, localPort: 15510, mediaPort: 31900, holdMs });
    await page.getByTestId('phone-item-label').filter({ hasText: 'Incoming call' }).waitFor({ timeout: 8000 });
    await phone.getByRole('button', { name: 'Accept' }).click();
    await page.getByTestId('phone-item-label').filter({ hasText: 'On call' }).waitFor();
    const callId = await eventually(() => agent.evaluate(() => {
      const state = (window as unknown as { softphone: { getState(): { calls: Record<string, { id: string; phase: string }> } } }).softphone.getState();
      return Object.values(state.calls).find((call) => call.phase === 'connected')?.id;
    }), 8000, 'the connected call');
    // The card shows the recording the configuration started; the agent never touched it.
    await phone.locator('button[aria-pressed="true"]', { hasText: 'Recording' }).waitFor({ timeout: 5000 });
    const result = await run;
    assert.equal(result.exitCode, 0, result.output.slice(-2000));
    const [task] = await eventually(async () => {
      const found = await tasksFor(callId);
      return found.length > 0 ? found : undefined;
    }, 8000, 'the call Task');
    await page.waitForTimeout(500);
    assert.equal((await tasksFor(callId)).length, 1, 'logged once');
    const location = /Recording: (\S+)/.exec(task?.Description ?? '')?.[1];
    assert.match(location ?? '', /^http:\/\/127\.0\.0\.1:\d+\/lab\/recordings\/[^/]+\.wav$/, `recording linked on the Task: ${JSON.stringify(task?.Description)}`);
    assert.ok(location?.includes(encodeURIComponent(callId)), 'the link names the call');
    const response = await fetch(location!);
    assert.equal(response.status, 200, `${location}: ${await response.clone().text()}`);
    assert.equal(response.headers.get('content-type'), 'audio/wav');
    const wav = Buffer.from(await response.arrayBuffer());
    assert.equal(wav.toString('ascii', 0, 4), 'RIFF');
    assert.equal(wav.toString('ascii', 8, 12), 'WAVE');
    assert.equal(wav.readUInt16LE(20), 1, 'PCM');
    const rate = wav.readUInt32LE(24);
    const seconds = wav.readUInt32LE(40) / (rate * 2);
    const callSeconds = task?.CallDurationInSeconds ?? 0;
    assert.ok(Math.abs(callSeconds - holdMs / 1000) <= 1, `the Task's duration ${callSeconds} s for a ${holdMs / 1000} s call`);
    assert.ok(Math.abs(seconds - callSeconds) <= 1, `recording ${seconds.toFixed(2)} s for a ${callSeconds} s call`);
    let energy = 0;
    for (let offset = 44; offset + 1 < wav.length; offset += 2) energy += wav.readInt16LE(offset) ** 2;
    const rms = Math.sqrt(energy / ((wav.length - 44) / 2));
    assert.ok(rms > 100, `the recording holds sound, not silence: RMS ${rms.toFixed(0)}`);
    t.diagnostic(`recorded by configuration: ${seconds.toFixed(2)} s (${wav.length} bytes, RMS ${rms.toFixed(0)}) for a call logged at ${callSeconds} s`);
    await phone.getByRole('button', { name: 'Save' }).click();
  });
});
