/**
 * The SIP/WebRTC provider for real: `softphone-connector lab` (Kamailio + the console with the SIP
 * softphone), the lab phone as the caller in the same headless Chromium with fake media devices, a
 * third extension for transfers, SIPp for signalling-only calls. Audio is checked with getStats.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import { startKamailio, type RunningKamailio } from '../../src/lab/kamailio.js';
import { ringAgent } from '../../src/lab/sipp.js';
import { eventually, launchBrowser, openConsole, rest, softphoneFrame, startConsole, type ConsoleTask } from './harness.js';

const SIP_PORT = 15070;
const WS_PORT = 18098;

type Task = ConsoleTask;
interface Stats {
  packetsSent: number;
  packetsReceived: number;
}

let server: Awaited<ReturnType<typeof startConsole>>;
let browser: Browser;
let page: Page;
let phone: FrameLocator;
let agent: Frame;
let labFrame: Frame;
let extraKamailio: RunningKamailio | undefined;

const tasksFor = (callId: string) => rest<Task[]>(server.url, 'GET', `/api/sobjects/Task?CallObject=${encodeURIComponent(callId)}`);
const label = () => page.getByTestId('phone-item-label');
const phoneIdle = () =>
  label().filter({ hasText: /^Phone$/ }).waitFor({ timeout: 10_000 }).catch(async (error: unknown) => {
    throw new Error(`softphone not idle: label "${await label().textContent()}", panel: ${(await phone.locator('body').innerText()).slice(0, 400)}`, { cause: error });
  });

/** The agent softphone's current call id (the SIP Call-ID). */
const agentCallId = () => eventually(() => agent.evaluate(() => {
  const state = (window as unknown as { softphone: { getState(): { calls: Record<string, { id: string; phase: string }> } } }).softphone.getState();
  return Object.values(state.calls).find((call) => call.phase !== 'ended')?.id;
}), 5000, 'the agent call');
const agentStats = (callId: string) => agent.evaluate((id) => (window as unknown as { softphone: { provider: { mediaStats(id: string): Promise<Stats> } } }).softphone.provider.mediaStats(id), callId);
const callerStats = (frame: Frame) => frame.evaluate(() => (window as unknown as { labPhone: { stats(): Promise<Stats | undefined> } }).labPhone.stats());
const callerState = (frame: Frame) => frame.evaluate(() => (window as unknown as { labPhone: { current(): { state: string } | undefined } }).labPhone.current()?.state ?? 'idle');

async function callAgent(from: string, name: string, account?: string): Promise<void> {
  await labFrame.evaluate(({ from, name, account }) => (window as unknown as { labPhone: { call(options: object): Promise<string> } }).labPhone.call({ from, name, account }), { from, name, account });
}

describe('SIP softphone through the Kamailio lab, real WebRTC in Chromium', () => {
  before(async () => {
    server = await startConsole(['--sip-port', String(SIP_PORT), '--ws-port', String(WS_PORT)], 'lab');
    browser = await launchBrowser();
    ({ page, phone } = await openConsole(browser, server.url));
    agent = softphoneFrame(page);
    await phone.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
    labFrame = await eventually(() => page.frames().find((frame) => frame.url().includes('/lab/phone/')), 5000, 'the lab phone frame');
    await labFrame.waitForFunction(() => 'labPhone' in window);
  });
  after(async () => {
    if (process.env.SOFTPHONE_LAB_LOG === '1') console.log(server?.output().split('\n').filter((line) => /kamailio: .*(INVITE|BYE|ACK|reply)/.test(line)).map((line) => line.slice(0, 200)).join('\n'));
    await browser?.close();
    await server?.stop();
    await extraKamailio?.stop();
  });

  it('a call from the lab phone pops the Contact, carries IVR data, has audio both ways, holds, sends DTMF, and the caller hangs up: one Task', async () => {
    await callAgent('+14155550142', 'Maria Chen', 'ACME-0042');
    // Seeded as "(415) 555-0142": the From user is E.164.
    await page.getByRole('tab', { name: 'Maria Chen', selected: true }).waitFor({ timeout: 5000 });
    await phone.getByText('ACME-0042').waitFor();
    await phone.getByRole('button', { name: 'Accept' }).click();
    await label().filter({ hasText: 'On call' }).waitFor();
    const callId = await agentCallId();
    await page.waitForTimeout(2000);
    const agentAudio = await agentStats(callId);
    const callerAudio = (await callerStats(labFrame))!;
    // 50 packets/s with 20 ms frames: two seconds of real media each way.
    assert.ok(agentAudio.packetsSent > 50 && agentAudio.packetsReceived > 50, `agent audio ${JSON.stringify(agentAudio)}`);
    assert.ok(callerAudio.packetsSent > 50 && callerAudio.packetsReceived > 50, `caller audio ${JSON.stringify(callerAudio)}`);

    await phone.getByRole('button', { name: 'Hold' }).click();
    await label().filter({ hasText: 'On hold' }).waitFor();
    await page.waitForTimeout(500);
    const heldFrom = (await agentStats(callId)).packetsReceived;
    await page.waitForTimeout(1000);
    const heldTo = (await agentStats(callId)).packetsReceived;
    assert.ok(heldTo - heldFrom < 10, `on hold the caller stops sending: ${heldTo - heldFrom} packets in 1 s`);
    await phone.getByRole('button', { name: 'Hold' }).click();
    await label().filter({ hasText: 'On call' }).waitFor();
    await page.waitForTimeout(1000);
    assert.ok((await agentStats(callId)).packetsReceived - heldTo > 25, 'audio flows again after resume');

    await phone.getByRole('button', { name: 'Keypad' }).click();
    await phone.getByRole('button', { name: '5 JKL', exact: true }).click();
    await phone.getByRole('button', { name: '#', exact: true }).click();
    assert.equal(await phone.locator('.sp-error').count(), 0, 'no DTMF error shown');
    // RFC 4733: digits are queued on the real RTCDTMFSender and played out into the RTP stream.
    const queued = await agent.evaluate((id) => {
      const provider = (window as unknown as { softphone: { provider: { sendDtmf(id: string, digits: string): Promise<void>; mediaStats(id: string): Promise<{ dtmfQueued: string }> } } }).softphone.provider;
      return provider.sendDtmf(id, '123456789').then(() => provider.mediaStats(id)).then((stats) => stats.dtmfQueued);
    }, callId);
    assert.ok(queued.length >= 5, `tones queued on the RTP sender: "${queued}"`);
    await eventually(async () => ((await agentStats(callId)) as Stats & { dtmfQueued: string }).dtmfQueued === '' || undefined, 5000, 'the tones played out');

    await labFrame.evaluate(() => (window as unknown as { labPhone: { hangup(): Promise<void> } }).labPhone.hangup());
    await phone.getByLabel('Notes').fill('Recalibration walked through.');
    await phone.getByRole('button', { name: 'Save' }).click();
    const tasks = await eventually(async () => {
      const found = await tasksFor(callId);
      return found[0]?.Description ? found : undefined;
    }, 5000, 'the Task with notes');
    assert.equal(tasks.length, 1);
    const [maria] = await rest<Array<{ Id: string }>>(server.url, 'GET', '/api/sobjects/Contact?LastName=Chen');
    assert.equal(tasks[0]?.WhoId, maria?.Id);
    assert.equal(tasks[0]?.CallType, 'Inbound');
    assert.ok((tasks[0]?.CallDurationInSeconds ?? 0) >= 4);
    await phoneIdle();
  });

  it('blind transfer: the agent sends the caller to a third extension, who talks with the caller; the agent logs one Transferred Task', async () => {
    const third = await browser.newPage();
    await third.goto(`${server.url}/lab/phone/?user=agent2&answer=auto`);
    await third.getByText('Registered as agent2@127.0.0.1').waitFor({ timeout: 10_000 });
    const thirdFrame = third.mainFrame();
    await callAgent('+14155550142', 'Maria Chen');
    await phone.getByRole('button', { name: 'Accept' }).click();
    await label().filter({ hasText: 'On call' }).waitFor();
    const callId = await agentCallId();
    await phone.getByRole('button', { name: 'Transfer' }).click();
    await phone.getByLabel('Transfer to').fill('agent2');
    await phone.locator('form.sp-transfer').getByRole('button', { name: 'Transfer' }).click();
    await eventually(async () => ((await callerState(thirdFrame)) === 'connected' ? true : undefined), 8000, 'agent2 connected with the caller');
    // The caller's 200 OK comes a moment after agent2's side is up.
    await eventually(async () => ((await callerState(labFrame)) === 'connected' ? true : undefined), 3000, 'the caller in a call with agent2');
    await third.waitForTimeout(1500);
    const audio = (await callerStats(thirdFrame))!;
    assert.ok(audio.packetsReceived > 40 && audio.packetsSent > 40, `agent2 audio ${JSON.stringify(audio)}`);
    const tasks = await eventually(async () => {
      const found = await tasksFor(callId);
      return found.length > 0 ? found : undefined;
    }, 5000, 'the transferred call Task');
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0]?.CallDisposition, 'Transferred');
    await phone.getByRole('button', { name: 'Save' }).click();
    await phoneIdle();
    await thirdFrame.evaluate(() => (window as unknown as { labPhone: { hangup(): Promise<void> } }).labPhone.hangup());
    await eventually(async () => ((await callerState(labFrame)) === 'idle' ? true : undefined), 5000, 'the caller hung up by agent2');
    assert.equal((await tasksFor(callId)).length, 1, 'still one Task after wrap-up');
    await third.close();
  });

  it('outbound from the dialler to an extension that answers; the agent hangs up: an Outbound Task', async () => {
    const callee = await browser.newPage();
    await callee.goto(`${server.url}/lab/phone/?user=agent3&answer=auto`);
    await callee.getByText('Registered as agent3@127.0.0.1').waitFor({ timeout: 10_000 });
    const item = page.getByRole('button', { name: /^Softphone:/ });
    if ((await item.getAttribute('aria-pressed')) !== 'true') await item.click();
    await phone.getByLabel('Phone number').fill('agent3');
    await phone.getByRole('button', { name: 'Call', exact: true }).click();
    await label().filter({ hasText: 'On call' }).waitFor({ timeout: 8000 });
    const callId = await agentCallId();
    await callee.waitForTimeout(1200);
    const audio = await agentStats(callId);
    assert.ok(audio.packetsReceived > 30 && audio.packetsSent > 30, `agent audio ${JSON.stringify(audio)}`);
    await phone.getByRole('button', { name: 'Hang up' }).click();
    await eventually(async () => ((await callerState(callee.mainFrame())) === 'idle' ? true : undefined), 5000, 'the callee saw the hang-up');
    const tasks = await eventually(async () => {
      const found = await tasksFor(callId);
      return found.length > 0 ? found : undefined;
    }, 5000, 'the outbound Task');
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0]?.CallType, 'Outbound');
    assert.ok((tasks[0]?.CallDurationInSeconds ?? 0) >= 1);
    await phone.getByRole('button', { name: 'Save' }).click();
    await phoneIdle();
    await callee.close();
  });

  it('a SIPp INVITE over UDP rings the softphone with the caller number and pops the Contact; the caller gives up: Missed', async () => {
    const run = ringAgent({ sipPort: SIP_PORT, callers: [{ number: '+14155550142', name: 'Maria Chen' }], ringMs: 1500 });
    await label().filter({ hasText: 'Incoming call' }).waitFor({ timeout: 5000 });
    await phone.getByText('+1 415 555 0142', { exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Maria Chen', selected: true }).waitFor();
    const callId = await agentCallId();
    assert.equal((await run).exitCode, 0);
    const tasks = await eventually(async () => {
      const found = await tasksFor(callId);
      return found.length > 0 ? found : undefined;
    }, 5000, 'the missed call Task');
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0]?.CallDisposition, 'Missed');
    await phoneIdle();
  });

  it('Kamailio killed mid-call: the call is still logged when the agent hangs up; after a restart the softphone re-registers by itself and the next call works', async () => {
    const pid = Number(/Kamailio \(pid (\d+)\)/.exec(server.output())?.[1]);
    assert.ok(pid > 0, 'the lab printed Kamailio\'s pid');
    await callAgent('+14155550142', 'Maria Chen');
    await phone.getByRole('button', { name: 'Accept' }).click();
    await label().filter({ hasText: 'On call' }).waitFor();
    const interrupted = await agentCallId();
    // The whole service dies at once: main process and workers (its own process group).
    process.kill(-pid, 'SIGKILL');
    await phone.locator('[data-health="reconnecting"]').waitFor({ state: 'attached', timeout: 10_000 });
    await phone.getByRole('button', { name: 'Hang up' }).click();
    const logged = await eventually(async () => {
      const found = await tasksFor(interrupted);
      return found.length > 0 ? found : undefined;
    }, 5000, 'the interrupted call Task');
    assert.equal(logged.length, 1);
    await phone.getByRole('button', { name: 'Save' }).click();

    extraKamailio = await startKamailio({ sipPort: SIP_PORT, wsPort: WS_PORT });
    const restarted = Date.now();
    await phone.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
    assert.ok(Date.now() - restarted < 10_000, 're-registered within 10 s');
    await callAgent('+12125550123', 'After Restart');
    await label().filter({ hasText: 'Incoming call' }).waitFor({ timeout: 5000 });
    await phone.getByRole('button', { name: 'Decline' }).click();
    await phoneIdle();
  });
});
