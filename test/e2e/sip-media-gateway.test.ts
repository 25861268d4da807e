/**
 * Plain SIP phones and trunks through the lab's media gateway (rtpengine): SIPp with plain RTP
 * (no ICE, no DTLS) and `-rtp_echo` calls the softphone in headless Chromium, or answers its call
 * with early media; the browser's fake microphone goes through rtpengine to SIPp and comes back.
 * Ports: Kamailio SIP 15200, WebSocket 18200; rtpengine ng 22220, RTP 30000-30099; SIPp 15210-15211
 * with RTP on 30900-30901.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import { sippMediaCall } from '../../src/lab/sipp.js';
import { linkedRecording, startGatewayLab, type GatewayLab } from './gateway-lab.js';
import { eventually, launchBrowser, openConsole, rest, softphoneFrame, startConsole, type ConsoleTask } from './harness.js';

const SIP_PORT = 15200;
const WS_PORT = 18200;
const NG_PORT = 22220;

interface Stats {
  packetsSent: number;
  packetsReceived: number;
  packetsLost: number;
  jitterMs?: number;
  audioLevel?: number;
  totalAudioEnergy?: number;
}

let lab: GatewayLab;
let server: GatewayLab['server'];
let browser: Browser;
let page: Page;
let phone: FrameLocator;
let agent: Frame;

const tasksFor = (callId: string) => rest<ConsoleTask[]>(server.url, 'GET', `/api/sobjects/Task?CallObject=${encodeURIComponent(callId)}`);
const label = () => page.getByTestId('phone-item-label');
const agentCallId = () => eventually(() => agent.evaluate(() => {
  const state = (window as unknown as { softphone: { getState(): { calls: Record<string, { id: string; phase: string }> } } }).softphone.getState();
  return Object.values(state.calls).find((call) => call.phase === 'ringing' || call.phase === 'dialing' || call.phase === 'connected')?.id;
}), 8000, 'the agent call');
const agentStats = (callId: string) => agent.evaluate((id) => (window as unknown as { softphone: { provider: { mediaStats(id: string): Promise<Stats> } } }).softphone.provider.mediaStats(id), callId);
const loggedTask = (callId: string) => eventually(async () => {
  const found = await tasksFor(callId);
  return found.length > 0 ? found : undefined;
}, 8000, 'the call Task');

describe('plain-RTP SIP peers through the lab\'s media gateway (rtpengine), real WebRTC in Chromium', () => {
  before(async () => {
    lab = await startGatewayLab({ sipPort: SIP_PORT, wsPort: WS_PORT, ngPort: NG_PORT, rtpPorts: '30000-30099' });
    ({ server, browser, page, phone, agent } = lab);
  });
  after(() => lab?.stop());

  it('a SIPp caller with plain RTP rings the softphone; accepted, the browser\'s audio goes through rtpengine to SIPp and back; SIPp hangs up: one Task with the call\'s duration', async (t) => {
    const holdMs = 4000;
    const run = sippMediaCall({ sipPort: SIP_PORT, localPort: 15210, mediaPort: 30900, holdMs });
    await label().filter({ hasText: 'Incoming call' }).waitFor({ timeout: 8000 });
    await phone.getByRole('button', { name: 'Accept' }).click();
    await label().filter({ hasText: 'On call' }).waitFor();
    const callId = await agentCallId();
    const start = await agentStats(callId);
    await page.waitForTimeout(2000);
    const audio = await agentStats(callId);
    assert.ok(audio.packetsReceived - start.packetsReceived > 50, `inbound packets in 2 s: ${JSON.stringify({ start, audio })}`);
    assert.ok(audio.packetsSent > 50, `outbound packets: ${JSON.stringify(audio)}`);
    t.diagnostic(`through rtpengine in 2 s: ${audio.packetsReceived - start.packetsReceived} packets in, audio energy ${audio.totalAudioEnergy?.toFixed(3)}, jitter ${audio.jitterMs} ms, lost ${audio.packetsLost}`);
    // The fake microphone's beeps, echoed by SIPp: energy well above a silent stream's 0.
    assert.ok((audio.totalAudioEnergy ?? 0) > 0.01, `the echoed audio is not silence: ${JSON.stringify(audio)}`);
    const result = await run;
    assert.equal(result.exitCode, 0, result.output.slice(-2000));
    const tasks = await loggedTask(callId);
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0]?.CallType, 'Inbound');
    assert.ok(Math.abs((tasks[0]?.CallDurationInSeconds ?? 0) - holdMs / 1000) <= 1, `duration ${tasks[0]?.CallDurationInSeconds} s for a ${holdMs / 1000} s call`);
    await phone.getByRole('button', { name: 'Save' }).click();
  });

  it('early media: an outbound call answered 183 with SDP then 200 plays the far end before the answer; the card shows it ringing; the call logs once', async (t) => {
    const earlyMs = 3000;
    const callee = sippMediaCall({ sipPort: SIP_PORT, localPort: 15211, mediaPort: 30901, scenario: 'answer-early-media', earlyMs });
    // SIPp listens before it is called.
    await page.waitForTimeout(300);
    const item = page.getByRole('button', { name: /^Softphone:/ });
    if ((await item.getAttribute('aria-pressed')) !== 'true') await item.click();
    await phone.getByLabel('Phone number').fill('sip:early@127.0.0.1:15211');
    await phone.getByRole('button', { name: 'Call', exact: true }).click();
    await phone.getByText('Ringing (early audio)…').waitFor({ timeout: 5000 });
    const callId = await agentCallId();
    const phase = () => agent.evaluate((id) => (window as unknown as { softphone: { getState(): { calls: Record<string, { phase: string }> } } }).softphone.getState().calls[id]?.phase, callId);
    await page.waitForTimeout(1800);
    const early = await agentStats(callId);
    assert.equal(await phase(), 'dialing', 'not answered yet');
    assert.ok(early.packetsReceived > 50, `early media packets before the answer: ${JSON.stringify(early)}`);
    t.diagnostic(`early media before the answer: ${early.packetsReceived} packets, energy ${early.totalAudioEnergy?.toFixed(3)}`);
    assert.ok((early.totalAudioEnergy ?? 0) > 0.01, `early media is audible: ${JSON.stringify(early)}`);
    await label().filter({ hasText: 'On call' }).waitFor({ timeout: 5000 });
    await page.waitForTimeout(1000);
    await phone.getByRole('button', { name: 'Hang up' }).click();
    const result = await callee;
    assert.equal(result.exitCode, 0, result.output.slice(-2000));
    const tasks = await loggedTask(callId);
    await page.waitForTimeout(500);
    assert.equal((await tasksFor(callId)).length, 1, 'logged once');
    assert.equal(tasks[0]?.CallType, 'Outbound');
    assert.ok(Math.abs((tasks[0]?.CallDurationInSeconds ?? 0) - 1) <= 1, `duration counts from the answer: ${tasks[0]?.CallDurationInSeconds} s`);
    await phone.getByRole('button', { name: 'Save' }).click().catch(() => undefined);
  });

  it('recording through the gateway: the agent records the call; the Task links the recording, a WAV file as long as the call', async (t) => {
    const run = sippMediaCall({ sipPort: SIP_PORT, localPort: 15210, mediaPort: 30900, holdMs: 5000 });
    await label().filter({ hasText: 'Incoming call' }).waitFor({ timeout: 8000 });
    await phone.getByRole('button', { name: 'Accept' }).click();
    await label().filter({ hasText: 'On call' }).waitFor();
    const callId = await agentCallId();
    await phone.getByRole('button', { name: 'Record' }).click();
    await phone.locator('button[aria-pressed="true"]', { hasText: 'Recording' }).waitFor({ timeout: 5000 });
    assert.equal((await run).exitCode, 0);
    const [task] = await loggedTask(callId);
    const recording = await linkedRecording(task, callId);
    t.diagnostic(`recording ${recording.seconds.toFixed(2)} s (${recording.bytes} bytes, RMS ${recording.rms.toFixed(0)}) for a call logged at ${task?.CallDurationInSeconds} s`);
    await phone.getByRole('button', { name: 'Save' }).click();
  });
});

describe('the same plain-RTP caller with the lab started without a media gateway', () => {
  let bare: Awaited<ReturnType<typeof startConsole>>;
  let barePage: Page;
  let barePhone: FrameLocator;
  before(async () => {
    bare = await startConsole(['--sip-port', '15205', '--ws-port', '18205', '--no-media-gateway'], 'lab', { timeoutMs: 40_000 });
    browser ??= await launchBrowser();
    ({ page: barePage, phone: barePhone } = await openConsole(browser, bare.url));
    await barePhone.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
  });
  after(async () => {
    await barePage?.close();
    await bare?.stop();
    await browser?.close();
  });

  it('Accept refuses the offer with 488; the agent reads what the PBX administrator must enable; one Failed Task', async () => {
    const run = sippMediaCall({ sipPort: 15205, localPort: 15212, mediaPort: 30902, holdMs: 2000, timeoutMs: 8000 });
    await barePage.getByTestId('phone-item-label').filter({ hasText: 'Incoming call' }).waitFor({ timeout: 8000 });
    const frame = softphoneFrame(barePage);
    const callId = await eventually(() => frame.evaluate(() => {
      const state = (window as unknown as { softphone: { getState(): { calls: Record<string, { id: string; phase: string }> } } }).softphone.getState();
      return Object.values(state.calls).find((call) => call.phase === 'ringing')?.id;
    }), 5000, 'the ringing call');
    await barePhone.getByRole('button', { name: 'Accept' }).click();
    const shown = await barePhone.getByRole('alert').filter({ hasText: 'plain RTP' }).innerText({ timeout: 5000 });
    assert.match(shown, /PBX administrator/);
    assert.match(shown, /WebRTC media/);
    assert.match(shown, /media gateway/);
    assert.doesNotMatch(shown, /setRemoteDescription|fingerprint/, 'no browser error text');
    const result = await run;
    assert.match(result.output, /488/, `SIPp was answered 488: ${result.output.slice(-1500)}`);
    const tasks = await eventually(async () => {
      const found = await rest<ConsoleTask[]>(bare.url, 'GET', `/api/sobjects/Task?CallObject=${encodeURIComponent(callId)}`);
      return found.length > 0 ? found : undefined;
    }, 8000, 'the failed call Task');
    await barePage.waitForTimeout(500);
    assert.equal((await rest<ConsoleTask[]>(bare.url, 'GET', `/api/sobjects/Task?CallObject=${encodeURIComponent(callId)}`)).length, 1);
    assert.equal(tasks[0]?.CallDisposition, 'Failed');
  });
});
