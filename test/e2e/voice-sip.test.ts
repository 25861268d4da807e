/**
 * The SIP provider as a Salesforce Voice connector, through the real lab: `softphone-connector lab
 * --voice` (Kamailio + the console with the Voice host), lab phones as the caller and the transfer
 * target, real WebRTC in Chromium. The same provider code as the Open CTI softphone, another host.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { eventuallyPasses } from './harness.js';
import { launchVoiceBrowser, startVoiceConsole, VoiceHostDriver, type RunningVoiceConsole } from './voice-driver.js';

interface StandInState {
  voiceCalls: { voiceCallId: string; vendorCallKey: string; create: Record<string, unknown>; updates: Record<string, unknown>[] }[];
  requests: { method: string; path: string; status: number }[];
}
type Call = { callId: string; callType: string; state: string; phoneNumber?: string; callAttributes?: { voiceCallId?: string } };
type LabPhone = { call(options: object): Promise<string>; current(): { state: string } | undefined; stats(): Promise<{ packetsReceived: number } | undefined> };

describe('Salesforce Voice host with the SIP provider (Kamailio lab, headless Chromium)', () => {
  let server: RunningVoiceConsole;
  let browser: Browser;
  const pages: Page[] = [];

  before(async () => {
    server = await startVoiceConsole(['--sip-port', '15110', '--ws-port', '18138'], 'lab');
    browser = await launchVoiceBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function labPhone(query: string): Promise<Page> {
    const page = await browser.newPage();
    pages.push(page);
    await page.goto(`${server.url}/lab/phone/${query}`);
    await page.waitForFunction(() => 'labPhone' in window);
    return page;
  }
  const state = (page: Page) => page.evaluate(() => (window as unknown as { labPhone: LabPhone }).labPhone.current()?.state ?? 'idle');

  it('inbound SIP call, accept, hold, resume, blind transfer to another extension: the expected events and exactly one VoiceCall', async (t) => {
    const host = await VoiceHostDriver.open(browser, server.url);
    t.after(() => host.page.close());
    const ready = await host.waitForReady();
    assert.equal(ready.payload.capabilities?.BLIND_TRANSFER, true);
    const target = await labPhone('?user=agent2&answer=auto');
    await target.getByText('Registered as agent2@127.0.0.1').waitFor({ timeout: 10_000 });
    const caller = await labPhone('');

    // The first VoiceCall create fails before reaching "Salesforce": it is retried, never doubled.
    await host.request('POST', '/api/voice/stand-in/fail-next', { failures: ['before'] });
    await caller.evaluate(() => (window as unknown as { labPhone: LabPhone }).labPhone.call({ from: '+14155550142', name: 'Maria Chen' }));
    const started = (await host.waitForEvent('CALL_STARTED')).payload as Call;
    assert.equal(started.callType, 'Inbound');
    await host.send({ type: 'ACCEPT_CALL', call: started } as Parameters<VoiceHostDriver['send']>[0]);
    assert.equal(((await host.waitForEvent('CALL_CONNECTED')).payload as Call).state, 'connected');
    // The caller's side settles after the host heard of the call: waited for, not read once.
    await eventuallyPasses(async () => assert.equal(await state(caller), 'connected'), 8000);
    await eventuallyPasses(async () => {
      const heard = await caller.evaluate(() => (window as unknown as { labPhone: LabPhone }).labPhone.stats());
      assert.ok((heard?.packetsReceived ?? 0) > 40, `the caller hears the agent: ${JSON.stringify(heard)}`);
    }, 10_000);

    await host.send({ type: 'HOLD', call: started } as Parameters<VoiceHostDriver['send']>[0]);
    assert.equal(((await host.waitForEvent('HOLD_TOGGLE')).payload as { isCustomerOnHold: boolean }).isCustomerOnHold, true);
    await host.send({ type: 'RESUME', call: started } as Parameters<VoiceHostDriver['send']>[0]);
    assert.equal(((await host.waitForEvent('HOLD_TOGGLE', 2)).payload as { isCustomerOnHold: boolean }).isCustomerOnHold, false);

    await host.send({ type: 'ADD_PARTICIPANT', call: started, contact: { phoneNumber: 'agent2' }, isBlindTransfer: true } as Parameters<VoiceHostDriver['send']>[0]);
    await host.waitForEvent('PARTICIPANT_ADDED');
    await host.waitForEvent('AFTER_CALL_WORK_STARTED');
    assert.deepEqual((await host.events()).map((e) => e.type), ['CALL_STARTED', 'CALL_CONNECTED', 'HOLD_TOGGLE', 'HOLD_TOGGLE', 'PARTICIPANT_ADDED', 'HANGUP', 'AFTER_CALL_WORK_STARTED']);
    const deadline = Date.now() + 8000;
    while ((await state(target)) !== 'connected' || (await state(caller)) !== 'connected') {
      if (Date.now() > deadline) throw new Error(`after the transfer: caller ${await state(caller)}, agent2 ${await state(target)}`);
      await target.waitForTimeout(100);
    }

    const key = started.callId;
    let standIn = await host.request<StandInState>('GET', '/api/voice/stand-in');
    for (const until = Date.now() + 10_000; !standIn.voiceCalls.find((c) => c.vendorCallKey === key)?.updates.some((u) => 'endTime' in u); ) {
      if (Date.now() > until) throw new Error(`no end update: ${JSON.stringify(standIn)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      standIn = await host.request<StandInState>('GET', '/api/voice/stand-in');
    }
    const calls = standIn.voiceCalls.filter((c) => c.vendorCallKey === key);
    assert.equal(calls.length, 1, 'one VoiceCall per call, also after a failed first create');
    assert.deepEqual(standIn.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/voiceCalls')).map((r) => r.status).slice(0, 2), [503, 200]);
    assert.equal(calls[0]!.create.initiationMethod, 'Inbound');
    assert.equal(calls[0]!.updates.at(-1)?.callDisposition, 'transferred');
    assert.equal(calls[0]!.updates.at(-1)?.numberOfHolds, 1);
  });
});
