/**
 * The SIP/WebRTC provider for real: `softphone-connector lab` (Kamailio + the console with the SIP
 * softphone), the lab phone as the caller in the same headless Chromium with fake media devices, a
 * third extension for transfers, SIPp for signalling-only calls. Audio is checked with getStats.
 *
 * Steady on a loaded machine: every state is waited for (media counters too), never read once; a
 * failure reports Kamailio's and SIPp's output; each test cleans up after itself (extra phones
 * closed, calls left at the agent or the lab phone ended, wrap-ups saved), so one failure does not
 * leave a call card for the next test.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import { startKamailio, type RunningKamailio } from '../../src/lab/kamailio.js';
import { ringAgent, type SippResult } from '../../src/lab/sipp.js';
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

/** Waits until the media counters read by `read` satisfy `enough` (RTP needs CPU: on a busy machine it lags). */
async function stats<T extends Stats>(read: () => Promise<T | undefined>, enough: (stats: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  let last: T | undefined;
  return eventually(async () => {
    last = await read();
    return last && enough(last) ? last : undefined;
  }, timeoutMs, `${what} (last read ${JSON.stringify(last)})`);
}

/** Pages opened by the running test (third extensions, callees): closed after it, passed or not. */
const extraPages: Page[] = [];
/** The last SIPp run, for the failure report. */
let lastSipp: SippResult | undefined;

/** Kamailio's and SIPp's recent output, to append to a failure. */
function labOutput(): string {
  const kamailio = (server?.output() ?? '').split('\n').filter((line) => /kamailio: .*(?:INVITE|CANCEL|BYE|ACK|REFER|REGISTER|reply|ERROR|WARN)|Kamailio \(pid/.test(line)).slice(-40).map((line) => line.slice(0, 240));
  const sipp = lastSipp ? `\n--- SIPp (exit ${lastSipp.exitCode}) ---\n${lastSipp.output.slice(-3000)}` : '';
  return `\n--- Kamailio (last ${kamailio.length} lines) ---\n${kamailio.join('\n')}${sipp}`;
}

/**
 * Ends whatever a test left: the lab phone's call, the agent's live calls and open wrap-ups, extra
 * pages; then waits for the softphone to be idle.
 */
async function cleanUp(): Promise<void> {
  for (const extra of extraPages.splice(0)) await extra.close().catch(() => undefined);
  await labFrame?.evaluate(() => (window as unknown as { labPhone: { hangup(): Promise<void> } }).labPhone.hangup()).catch(() => undefined);
  await agent?.evaluate(async () => {
    type Phone = {
      getState(): { calls: Record<string, { id: string; phase: string }> };
      execute(command: { type: string; callId: string }): Promise<unknown>;
      saveWrapUp(callId: string, wrapUp: { notes: string }): Promise<void>;
    };
    const softphone = (window as unknown as { softphone: Phone }).softphone;
    for (const call of Object.values(softphone.getState().calls)) {
      if (call.phase === 'ringing') await softphone.execute({ type: 'decline', callId: call.id }).catch(() => undefined);
      else if (call.phase === 'dialing' || call.phase === 'connected') await softphone.execute({ type: 'hangup', callId: call.id }).catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const call of Object.values(softphone.getState().calls)) if (call.phase === 'wrap-up') await softphone.saveWrapUp(call.id, { notes: '' });
  }).catch(() => undefined);
  await phoneIdle();
}

/** A lab test: on failure its error carries Kamailio's and SIPp's output; afterwards, {@link cleanUp}. */
function labTest(name: string, body: () => Promise<void>): void {
  it(name, async () => {
    lastSipp = undefined;
    let failed = false;
    try {
      await body();
    } catch (error) {
      failed = true;
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${message}${labOutput()}`, { cause: error });
    } finally {
      // A cleanup failure after a failed test must not hide the test's own error.
      await cleanUp().catch((error: unknown) => {
        if (!failed) throw error;
      });
    }
  });
}

async function callAgent(from: string, name: string, account?: string): Promise<void> {
  await labFrame.evaluate(({ from, name, account }) => (window as unknown as { labPhone: { call(options: object): Promise<string> } }).labPhone.call({ from, name, account }), { from, name, account });
}

describe('SIP softphone through the Kamailio lab, real WebRTC in Chromium', () => {
  before(async () => {
    // SOFTPHONE_LAB_LOG: Kamailio logs every request and reply it handles, for the failure report.
    server = await startConsole(['--sip-port', String(SIP_PORT), '--ws-port', String(WS_PORT)], 'lab', { env: { SOFTPHONE_LAB_LOG: '1' }, timeoutMs: 60_000 });
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

  labTest('a call from the lab phone pops the Contact, carries IVR data, has audio both ways, holds, sends DTMF, and the caller hangs up: one Task', async () => {
    await callAgent('+14155550142', 'Maria Chen', 'ACME-0042');
    // Seeded as "(415) 555-0142": the From user is E.164.
    await page.getByRole('tab', { name: 'Maria Chen', selected: true }).waitFor({ timeout: 5000 });
    await phone.getByText('ACME-0042').waitFor();
    await phone.getByRole('button', { name: 'Accept' }).click();
    await label().filter({ hasText: 'On call' }).waitFor();
    const callId = await agentCallId();
    // 50 packets/s with 20 ms frames: over a second of real media each way.
    await stats(() => agentStats(callId), (audio) => audio.packetsSent > 50 && audio.packetsReceived > 50, 'agent audio both ways');
    await stats(() => callerStats(labFrame), (audio) => audio.packetsSent > 50 && audio.packetsReceived > 50, 'caller audio both ways');

    await phone.getByRole('button', { name: 'Hold' }).click();
    await label().filter({ hasText: 'On hold' }).waitFor();
    // On hold the caller stops sending: wait for a quiet second (packets already in flight may still land).
    let heldTo = 0;
    await eventually(async () => {
      const from = (await agentStats(callId)).packetsReceived;
      await page.waitForTimeout(1000);
      heldTo = (await agentStats(callId)).packetsReceived;
      return heldTo - from < 10 ? true : undefined;
    }, 10_000, 'the caller to stop sending while held');
    await phone.getByRole('button', { name: 'Hold' }).click();
    await label().filter({ hasText: 'On call' }).waitFor();
    await stats(() => agentStats(callId), (audio) => audio.packetsReceived - heldTo > 25, 'audio flowing again after resume');

    await phone.getByRole('button', { name: 'Keypad' }).click();
    await phone.getByRole('button', { name: '5 JKL', exact: true }).click();
    await phone.getByRole('button', { name: '#', exact: true }).click();
    await page.waitForTimeout(300);
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

  labTest('blind transfer: the agent sends the caller to a third extension, who talks with the caller; the agent logs one Transferred Task', async () => {
    const third = await browser.newPage();
    extraPages.push(third);
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
    await eventually(async () => ((await callerState(labFrame)) === 'connected' ? true : undefined), 8000, 'the caller in a call with agent2');
    await stats(() => callerStats(thirdFrame), (audio) => audio.packetsReceived > 40 && audio.packetsSent > 40, 'agent2 audio both ways');
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
  });

  labTest('outbound from the dialler to an extension that answers; the agent hangs up: an Outbound Task', async () => {
    const callee = await browser.newPage();
    extraPages.push(callee);
    await callee.goto(`${server.url}/lab/phone/?user=agent3&answer=auto`);
    await callee.getByText('Registered as agent3@127.0.0.1').waitFor({ timeout: 10_000 });
    const item = page.getByRole('button', { name: /^Softphone:/ });
    if ((await item.getAttribute('aria-pressed')) !== 'true') await item.click();
    await phone.getByLabel('Phone number').fill('agent3');
    await phone.getByRole('button', { name: 'Call', exact: true }).click();
    await label().filter({ hasText: 'On call' }).waitFor({ timeout: 8000 });
    const callId = await agentCallId();
    await stats(() => agentStats(callId), (audio) => audio.packetsReceived > 30 && audio.packetsSent > 30, 'agent audio both ways');
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
  });

  labTest('a SIPp INVITE over UDP rings the softphone with the caller number and pops the Contact; the caller gives up: Missed', async () => {
    // Long enough a ring for a loaded machine to show it before the caller gives up.
    const run = ringAgent({ sipPort: SIP_PORT, callers: [{ number: '+14155550142', name: 'Maria Chen' }], ringMs: 4000 }).then((result) => (lastSipp = result));
    await label().filter({ hasText: 'Incoming call' }).waitFor({ timeout: 8000 });
    const callId = await agentCallId();
    await phone.getByText('+1 415 555 0142', { exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Maria Chen', selected: true }).waitFor();
    const sipp = await run;
    assert.equal(sipp.exitCode, 0, `SIPp exited with ${sipp.exitCode}`);
    const tasks = await eventually(async () => {
      const found = await tasksFor(callId);
      return found.length > 0 ? found : undefined;
    }, 5000, 'the missed call Task');
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0]?.CallDisposition, 'Missed');
    await phoneIdle();
  });

  labTest('Kamailio killed mid-call: the call is still logged when the agent hangs up; after a restart the softphone re-registers by itself and the next call works', async () => {
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
