/**
 * Recording by configuration (`provider.sip.recording.start: 'always'`, the lab's `--record-calls`):
 * a plain-RTP SIPp caller through the lab's media gateway (rtpengine) is answered in headless
 * Chromium and nobody presses Record; the call still leaves a playable WAV file as long as the call,
 * linked on its Task. Ports: Kamailio SIP 15500, WebSocket 18500; rtpengine ng 22230, RTP
 * 31000-31099; SIPp 15510 with RTP on 31900.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { sippMediaCall } from '../../src/lab/sipp.js';
import { linkedRecording, startGatewayLab, type GatewayLab } from './gateway-lab.js';
import { eventually, rest, type ConsoleTask } from './harness.js';

const SIP_PORT = 15500;
const WS_PORT = 18500;
const NG_PORT = 22230;

let lab: GatewayLab;
let server: GatewayLab['server'];
let page: Page;
let phone: FrameLocator;
let agent: Frame;

const tasksFor = (callId: string) => rest<ConsoleTask[]>(server.url, 'GET', `/api/sobjects/Task?CallObject=${encodeURIComponent(callId)}`);

describe('every call recorded by configuration (--record-calls → recording.start: "always"), through rtpengine', () => {
  before(async () => {
    lab = await startGatewayLab({ sipPort: SIP_PORT, wsPort: WS_PORT, ngPort: NG_PORT, rtpPorts: '31000-31099' }, ['--record-calls']);
    ({ server, page, phone, agent } = lab);
  });
  after(async () => {
    await lab?.stop();
    await lab?.browser.close();
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
    const callSeconds = task?.CallDurationInSeconds ?? 0;
    assert.ok(Math.abs(callSeconds - holdMs / 1000) <= 1, `the Task's duration ${callSeconds} s for a ${holdMs / 1000} s call`);
    const { seconds, bytes, rms } = await linkedRecording(task, callId);
    t.diagnostic(`recorded by configuration: ${seconds.toFixed(2)} s (${bytes} bytes, RMS ${rms.toFixed(0)}) for a call logged at ${callSeconds} s`);
    await phone.getByRole('button', { name: 'Save' }).click();
  });
});
