import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchVoiceBrowser, startVoiceConsole, VoiceHostDriver, type RunningVoiceConsole } from './voice-driver.js';

interface StandInState {
  voiceCalls: { voiceCallId: string; vendorCallKey: string; create: Record<string, unknown>; updates: Record<string, unknown>[] }[];
  requests: { method: string; path: string; status: number }[];
}

/** The far end for the telephony simulator: the console's simulator REST API. */
const simulatorFarEnd = {
  ring: (host: VoiceHostDriver, from: string) => host.request<{ callId: string }>('POST', '/api/sim/calls', { from, name: 'Ada Lovelace' }),
};

/** The end update is reported after HANGUP, asynchronously: wait for the VoiceCall to carry it. */
async function endedVoiceCall(host: VoiceHostDriver, vendorCallKey: string): Promise<StandInState> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const state = await host.request<StandInState>('GET', '/api/voice/stand-in');
    if (state.voiceCalls.find((c) => c.vendorCallKey === vendorCallKey)?.updates.some((u) => 'endTime' in u)) return state;
    if (Date.now() > deadline) throw new Error(`VoiceCall ${vendorCallKey} got no end update: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type Call = { callId: string; callType: string; state: string; callAttributes?: { voiceCallId?: string }; callInfo?: { isOnHold?: boolean; isMuted?: boolean } };

describe('Salesforce Voice host in the local console (simulator provider, headless Chromium)', () => {
  let server: RunningVoiceConsole;
  let browser: Browser;

  before(async () => {
    server = await startVoiceConsole();
    browser = await launchVoiceBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('inbound call, accept, hold, resume, reload mid-call, blind transfer: the expected events and one VoiceCall', async (t) => {
    const host = await VoiceHostDriver.open(browser, server.url);
    t.after(() => host.page.close());
    const ready = await host.waitForReady();
    assert.equal(ready.payload.callInProgress ?? null, null);
    assert.equal(ready.payload.capabilities?.MUTE, true);
    assert.equal(ready.payload.capabilities?.BLIND_TRANSFER, true);

    // The first VoiceCall create fails before reaching "Salesforce": the server retries it.
    await host.request('POST', '/api/voice/stand-in/fail-next', { failures: ['before'] });
    const { callId } = await simulatorFarEnd.ring(host, '+14155550100');
    const started = (await host.waitForEvent('CALL_STARTED')).payload as Call;
    assert.equal(started.callId, callId);
    assert.equal(started.callType, 'Inbound');
    let standIn = await host.request<StandInState>('GET', '/api/voice/stand-in');
    assert.equal(standIn.voiceCalls.length, 1);
    assert.equal(started.callAttributes?.voiceCallId, standIn.voiceCalls[0]!.voiceCallId);
    assert.deepEqual(standIn.requests.filter((r) => r.method === 'POST').map((r) => r.status), [503, 200]);

    await host.send({ type: 'ACCEPT_CALL', call: started });
    assert.equal(((await host.waitForEvent('CALL_CONNECTED')).payload as Call).state, 'connected');
    await host.send({ type: 'HOLD', call: started });
    assert.equal(((await host.waitForEvent('HOLD_TOGGLE')).payload as { isCustomerOnHold: boolean }).isCustomerOnHold, true);
    await host.send({ type: 'RESUME', call: started });
    assert.equal(((await host.waitForEvent('HOLD_TOGGLE', 2)).payload as { isCustomerOnHold: boolean }).isCustomerOnHold, false);
    assert.deepEqual((await host.events()).map((e) => e.type), ['CALL_STARTED', 'CALL_CONNECTED', 'HOLD_TOGGLE', 'HOLD_TOGGLE']);

    // Reload mid-call: the new connector rehydrates the call through getActiveCalls.
    await host.page.reload();
    const rehydrated = await host.waitForReady();
    const inProgress = rehydrated.payload.callInProgress as Call | null | undefined;
    assert.equal(inProgress?.callId, callId);
    assert.equal(inProgress?.state, 'connected');
    assert.equal(inProgress?.callAttributes?.voiceCallId, started.callAttributes?.voiceCallId);
    await host.send({ type: 'AGENT_AVAILABLE', isAvailable: true });
    const replayed = (await host.waitForEvent('CALL_CONNECTED')).payload as Call & { isReplayedCall?: boolean };
    assert.equal(replayed.callId, callId);
    assert.equal(replayed.isReplayedCall, true);

    await host.send({ type: 'ADD_PARTICIPANT', call: inProgress!, contact: { phoneNumber: '+14155550111' }, isBlindTransfer: true });
    const added = (await host.waitForEvent('PARTICIPANT_ADDED')).payload as { phoneNumber: string; initialCallHasEnded: boolean };
    assert.equal(added.phoneNumber, '+14155550111');
    assert.equal(added.initialCallHasEnded, true);
    await host.waitForEvent('AFTER_CALL_WORK_STARTED');
    assert.deepEqual((await host.events()).map((e) => e.type), ['CALL_CONNECTED', 'PARTICIPANT_ADDED', 'HANGUP', 'AFTER_CALL_WORK_STARTED']);

    const sim = await host.request<{ state: string; endReason?: string }>('GET', `/api/sim/calls/${callId}`);
    assert.equal(sim.endReason, 'transferred');
    standIn = await endedVoiceCall(host, callId);
    const voiceCall = standIn.voiceCalls.find((c) => c.vendorCallKey === callId)!;
    assert.equal(standIn.voiceCalls.filter((c) => c.vendorCallKey === callId).length, 1);
    assert.equal(voiceCall.create.initiationMethod, 'Inbound');
    assert.equal(voiceCall.updates.at(-1)?.callDisposition, 'transferred');
    assert.equal(voiceCall.updates.at(-1)?.numberOfHolds, 1);
  });

  it('a second call through the host page buttons: accept, mute, agent hangs up → HANGUP and the VoiceCall closed as completed', async (t) => {
    const host = await VoiceHostDriver.open(browser, server.url);
    t.after(() => host.page.close());
    const { callId } = await simulatorFarEnd.ring(host, '+14155550122');
    await host.waitForEvent('CALL_STARTED');
    // This call is driven through the host page's buttons, as a developer would.
    await host.page.getByTestId('voice-accept').click();
    await host.waitForEvent('CALL_CONNECTED');
    await host.page.getByTestId('voice-current-call').filter({ hasText: 'connected' }).waitFor();
    await host.page.getByTestId('voice-mute').click();
    assert.equal(((await host.waitForEvent('MUTE_TOGGLE')).payload as { isMuted: boolean }).isMuted, true);
    await host.page.getByTestId('voice-end').click();
    const hangup = (await host.waitForEvent('HANGUP')).payload as Call[];
    assert.equal([hangup].flat()[0]!.callId, callId);
    await host.waitForEvent('AFTER_CALL_WORK_STARTED');
    assert.deepEqual((await host.events()).map((e) => e.type), ['CALL_STARTED', 'CALL_CONNECTED', 'MUTE_TOGGLE', 'HANGUP', 'AFTER_CALL_WORK_STARTED']);
    const standIn = await endedVoiceCall(host, callId);
    const calls = standIn.voiceCalls.filter((c) => c.vendorCallKey === callId);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.updates.at(-1)?.callDisposition, 'completed');
  });
});
