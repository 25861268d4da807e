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

  it('consult a number, swap, conference, drop the participant, hang up: the published events, exactly', async (t) => {
    const host = await VoiceHostDriver.open(browser, server.url);
    t.after(() => host.page.close());
    const { callId } = await simulatorFarEnd.ring(host, '+14155550133');
    const started = (await host.waitForEvent('CALL_STARTED')).payload as Call;
    await host.send({ type: 'ACCEPT_CALL', call: started });
    await host.waitForEvent('CALL_CONNECTED');

    // Consult: the customer held, the number called; the simulator's far end answers after a second.
    await host.send({ type: 'ADD_PARTICIPANT', call: started, contact: { phoneNumber: '+14155550111' }, isBlindTransfer: false });
    const added = (await host.waitForEvent('PARTICIPANT_ADDED')).payload as { callId: string; phoneNumber: string; initialCallHasEnded: boolean };
    assert.equal(added.phoneNumber, '+14155550111');
    assert.equal(added.initialCallHasEnded, false, 'a consult keeps the customer');
    const connected = (await host.waitForEvent('PARTICIPANT_CONNECTED')).payload as { callId: string };
    assert.equal(connected.callId, added.callId);
    const participant: Call = { callId: added.callId, callType: 'AddParticipant', state: 'connected' };
    let sim = await host.request<{ held: boolean; participants: Array<{ participantId: string; state: string; mode: string }> }>('GET', `/api/sim/calls/${callId}`);
    assert.equal(sim.held, true, 'the customer is on hold during the consult');
    assert.deepEqual(sim.participants.map((p) => [p.participantId, p.state, p.mode]), [[added.callId, 'connected', 'consult']]);

    // Swap: back to the customer, the consulted party held. The library publishes the connector's
    // PARTICIPANTS_SWAPPED and PARTICIPANTS_CONFERENCED results to Salesforce as HOLD_TOGGLE.
    await host.send({ type: 'SWAP_PARTICIPANTS', callToHold: participant, callToResume: started });
    const swapped = (await host.waitForEvent('HOLD_TOGGLE')).payload as { isCustomerOnHold: boolean; isThirdPartyOnHold: boolean };
    assert.deepEqual([swapped.isCustomerOnHold, swapped.isThirdPartyOnHold], [false, true]);
    sim = await host.request('GET', `/api/sim/calls/${callId}`);
    assert.deepEqual([sim.held, sim.participants[0]?.state], [false, 'held']);

    // Conference: everyone hears each other.
    await host.send({ type: 'CONFERENCE', calls: [started, participant] });
    const merged = (await host.waitForEvent('HOLD_TOGGLE', 2)).payload as { isCustomerOnHold: boolean; isThirdPartyOnHold: boolean };
    assert.deepEqual([merged.isCustomerOnHold, merged.isThirdPartyOnHold], [false, false]);
    sim = await host.request('GET', `/api/sim/calls/${callId}`);
    assert.deepEqual([sim.held, sim.participants[0]?.state, sim.participants[0]?.mode], [false, 'connected', 'conference']);

    // The agent drops the participant's leg (the customer's call goes on: PARTICIPANT_REMOVED), then ends the call.
    await host.send({ type: 'END_CALL', call: participant });
    await host.waitForEvent('PARTICIPANT_REMOVED');
    sim = await host.request('GET', `/api/sim/calls/${callId}`);
    assert.equal(sim.participants[0]?.state, 'left');
    await host.send({ type: 'END_CALL', call: started });
    await host.waitForEvent('HANGUP');
    await host.waitForEvent('AFTER_CALL_WORK_STARTED');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual((await host.events()).map((e) => e.type), [
      'CALL_STARTED', 'CALL_CONNECTED', 'PARTICIPANT_ADDED', 'PARTICIPANT_CONNECTED', 'HOLD_TOGGLE', 'HOLD_TOGGLE', 'PARTICIPANT_REMOVED', 'HANGUP', 'AFTER_CALL_WORK_STARTED',
    ]);
    const standIn = await endedVoiceCall(host, callId);
    assert.equal(standIn.voiceCalls.filter((c) => c.vendorCallKey === callId).length, 1, 'one VoiceCall: the participant\'s leg has none');
  });

  it('supervisor (a second Voice console as `supervisor`): superviseCall, supervisorBargeIn, supervisorDisconnect', async (t) => {
    const agent = await VoiceHostDriver.open(browser, server.url);
    t.after(() => agent.page.close());
    const supervisor = await VoiceHostDriver.open(browser, server.url, 'supervisor');
    t.after(() => supervisor.page.close());
    const before = new Set((await agent.request<StandInState>('GET', '/api/voice/stand-in')).voiceCalls.map((c) => c.vendorCallKey));
    const { callId } = await simulatorFarEnd.ring(agent, '+14155550144');
    const started = (await agent.waitForEvent('CALL_STARTED')).payload as Call;
    await agent.send({ type: 'ACCEPT_CALL', call: started });
    await agent.waitForEvent('CALL_CONNECTED');

    const supervised = { callId, supervisorName: 'Ana Ruiz' };
    await supervisor.send({ type: 'SUPERVISE_CALL', call: supervised });
    // The library publishes the SuperviseCallResult's call (a softphone's: SUPERVISOR_CALL_CONNECTED).
    const listening = (await supervisor.waitForEvent('SUPERVISOR_CALL_CONNECTED')).payload as Call & { callAttributes: { participantType: string; hasSupervisorBargedIn: boolean; parentId: string } };
    assert.deepEqual([listening.callAttributes.participantType, listening.callAttributes.hasSupervisorBargedIn, listening.callAttributes.parentId], ['Supervisor', false, callId]);
    const monitor = () => agent.request<{ participants: Array<{ role: string; state: string; supervisorMode?: string }> }>('GET', `/api/sim/calls/${callId}`);
    assert.deepEqual((await monitor()).participants.map((p) => [p.role, p.state, p.supervisorMode]), [['supervisor', 'connected', 'listen']]);

    await supervisor.send({ type: 'SUPERVISOR_BARGE_IN', call: supervised });
    const barged = (await supervisor.waitForEvent('SUPERVISOR_BARGED_IN')).payload as { callAttributes: { hasSupervisorBargedIn: boolean } };
    assert.equal(barged.callAttributes.hasSupervisorBargedIn, true);
    assert.deepEqual((await monitor()).participants.map((p) => p.supervisorMode), ['barge']);
    // The agent's Salesforce sees the supervisor once they barge in, and sees them leave.
    await agent.waitForEvent('PARTICIPANT_CONNECTED');

    await supervisor.send({ type: 'SUPERVISOR_DISCONNECT', call: supervised });
    const hungUp = (await supervisor.waitForEvent('SUPERVISOR_HANGUP')).payload as Call[];
    assert.equal([hungUp].flat()[0]?.state, 'ended');
    await agent.waitForEvent('PARTICIPANT_REMOVED');
    assert.deepEqual((await monitor()).participants.map((p) => p.state), ['left']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual((await supervisor.events()).map((e) => e.type), ['SUPERVISOR_CALL_CONNECTED', 'SUPERVISOR_BARGED_IN', 'SUPERVISOR_HANGUP']);
    assert.deepEqual((await agent.events()).map((e) => e.type), ['CALL_STARTED', 'CALL_CONNECTED', 'PARTICIPANT_CONNECTED', 'PARTICIPANT_REMOVED']);
    const standIn = await agent.request<StandInState>('GET', '/api/voice/stand-in');
    assert.deepEqual(standIn.voiceCalls.map((c) => c.vendorCallKey).filter((key) => !before.has(key)), [callId], 'the supervisor\'s leg has no VoiceCall');

    await agent.send({ type: 'END_CALL', call: started });
    await agent.waitForEvent('AFTER_CALL_WORK_STARTED');
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
