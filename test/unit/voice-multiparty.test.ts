/**
 * Multi-party calls on the Salesforce Voice host: Salesforce's addParticipant (consult), swap,
 * conference, ending a participant's leg and the three supervisor calls, mapped onto the core's
 * model and the library's published contract — results typed as the library's classes, and the
 * exact events published for what the phone system did on its own.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallEvent, CallId, ParticipantId, SupervisorMode } from '../../src/core/index.js';
import { EmittingProvider } from './fakes/emitting-provider.js';
import { VoiceHostError, VoiceVendorConnector, scv, type VoiceCallSync, type VoicePublisher } from '../../src/salesforce/voice/index.js';

/** A phone system with a conference bridge, played by the test: each command answers with the events it would send. */
class BridgeProvider extends EmittingProvider {
  override readonly id = 'bridge';
  override readonly capabilities = {
    outbound: true, hold: true, mute: true, dtmf: true, transfer: { blind: true, consult: true }, conference: true, recording: false, presence: false,
    supervisor: { listen: true, whisper: true, barge: true },
  };
  readonly commands: string[] = [];
  private at = 10_000;
  private tick(): number {
    return (this.at += 1_000);
  }
  private say(callId: CallId, ...types: CallEvent['type'][]): void {
    for (const type of types) this.emit({ type, callId, at: this.tick() } as CallEvent);
  }
  override answer = async (id: CallId) => this.say(id, 'connected');
  override hangup = async (id: CallId) => {
    this.commands.push(`hangup ${id}`);
    this.emit({ type: 'ended', callId: id, at: this.tick(), reason: 'hangup-local' });
  };
  override hold = async (id: CallId) => this.say(id, 'held');
  override resume = async (id: CallId) => this.say(id, 'resumed');
  addParticipant = async (callId: CallId, to: string, options: { mode: string }): Promise<ParticipantId> => {
    this.commands.push(`add ${callId} ${to} ${options.mode}`);
    this.say(callId, 'held');
    this.emit({ type: 'participant-added', callId, at: this.tick(), participantId: 'p1', role: 'external', number: to, mode: 'consult' });
    return 'p1';
  };
  swap = async (callId: CallId) => {
    this.commands.push(`swap ${callId}`);
    this.say(callId, 'resumed');
    this.emit({ type: 'participant-held', callId, at: this.tick(), participantId: 'p1' });
  };
  merge = async (callId: CallId) => {
    this.commands.push(`merge ${callId}`);
    this.say(callId, 'conferenced');
  };
  removeParticipant = async (callId: CallId, participantId: ParticipantId) => {
    this.commands.push(`remove ${participantId}`);
    this.emit({ type: 'participant-left', callId, at: this.tick(), participantId, reason: 'removed' });
  };
  monitor = async (teamCallId: CallId, mode: SupervisorMode): Promise<CallId> => {
    this.commands.push(`monitor ${teamCallId} ${mode}`);
    setTimeout(() => this.emit({ type: 'monitoring', callId: 'm1', at: this.tick(), teamCallId, mode, agent: 'Sam Lee', remote: '+14155550142' }), 5);
    return 'm1';
  };
  setMonitorMode = async (callId: CallId, mode: SupervisorMode) => {
    this.commands.push(`mode ${callId} ${mode}`);
    this.emit({ type: 'monitoring', callId, at: this.tick(), teamCallId: 'team-1', mode });
  };
}

async function host(): Promise<{ provider: BridgeProvider; connector: VoiceVendorConnector; published: string[]; payloads: object[]; synced: string[] }> {
  const provider = new BridgeProvider();
  const published: string[] = [];
  const payloads: object[] = [];
  const synced: string[] = [];
  const publisher: VoicePublisher = { event: (type, payload) => void (published.push(type), payloads.push(payload)), error: (type) => void published.push(`error:${type}`) };
  const sync: VoiceCallSync = {
    started: async (call) => (synced.push(`start ${call.vendorCallKey}`), { voiceCallId: `0LQ-${call.vendorCallKey}` }),
    connected: async (key) => void synced.push(`connected ${key}`),
    ended: async (call) => void synced.push(`ended ${call.vendorCallKey} ${call.reason}`),
  };
  const connector = new VoiceVendorConnector({ provider, publisher, voiceCalls: sync, afterCallWork: false });
  await connector.init({});
  return { provider, connector, published, payloads, synced };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

async function connectedCall(h: Awaited<ReturnType<typeof host>>) {
  h.provider.emit({ type: 'ringing', callId: 'c1', at: 1_000, from: '+14155550142' });
  await settle();
  const { call } = await h.connector.acceptCall(new scv.PhoneCall({ callId: 'c1' }));
  return call;
}

describe('Salesforce Voice host: multi-party calls', () => {
  it('consult, swap, conference and dropping the participant, as the library expects them', async () => {
    const h = await host();
    const call = await connectedCall(h);
    const { Constants } = scv;

    const added = await h.connector.addParticipant(new scv.Contact({ phoneNumber: '+14155550111' }), call, false);
    assert.ok(added instanceof scv.ParticipantResult);
    assert.deepEqual([added.callId, added.phoneNumber, added.initialCallHasEnded], ['p1', '+14155550111', false]);
    h.provider.emit({ type: 'participant-connected', callId: 'c1', at: 20_000, participantId: 'p1' });
    await settle();
    // The consult's own events were Salesforce's command (the library publishes PARTICIPANT_ADDED);
    // the far end answering is news, published once.
    assert.deepEqual(h.published, ['CALL_STARTED', 'PARTICIPANT_CONNECTED']);
    const connected = h.payloads[1] as InstanceType<typeof scv.ParticipantResult>;
    assert.ok(connected instanceof scv.ParticipantResult);
    assert.equal(connected.callId, 'p1');

    const active = (await h.connector.getActiveCalls()).activeCalls;
    assert.deepEqual(active.map((c) => [c.callId, c.callType, c.state, c.callAttributes.participantType, c.callAttributes.isOnHold]), [
      ['c1', Constants.CALL_TYPE.INBOUND, Constants.CALL_STATE.CONNECTED, Constants.PARTICIPANT_TYPE.INITIAL_CALLER, true],
      ['p1', Constants.CALL_TYPE.ADD_PARTICIPANT, Constants.CALL_STATE.TRANSFERRED, Constants.PARTICIPANT_TYPE.THIRD_PARTY, false],
    ]);
    assert.equal(active[1]!.callAttributes.parentId, 'c1');

    const swapped = await h.connector.swap(active[0]!, active[1]!);
    assert.ok(swapped instanceof scv.HoldToggleResult);
    assert.deepEqual([swapped.isCustomerOnHold, swapped.isThirdPartyOnHold], [false, true]);

    const merged = await h.connector.conference(active);
    assert.ok(merged instanceof scv.HoldToggleResult);
    assert.deepEqual([merged.isCustomerOnHold, merged.isThirdPartyOnHold, merged.calls.length], [false, false, 2]);

    const dropped = await h.connector.endCall(active[1]!, '');
    assert.ok(dropped instanceof scv.HangupResult);
    assert.equal(dropped.calls[0]!.state, Constants.CALL_STATE.ENDED);
    await settle();
    assert.deepEqual(h.provider.commands, ['add c1 +14155550111 consult', 'swap c1', 'merge c1', 'remove p1']);
    assert.deepEqual(h.published, ['CALL_STARTED', 'PARTICIPANT_CONNECTED'], 'what Salesforce asked for is not published again');
    assert.deepEqual((await h.connector.getActiveCalls()).activeCalls.map((c) => c.callId), ['c1']);
  });

  it('publishes what the phone system does on its own: a participant joins, is held, merged and leaves', async () => {
    const h = await host();
    await connectedCall(h);
    const events: CallEvent[] = [
      { type: 'participant-added', callId: 'c1', at: 20_000, participantId: 'p2', role: 'agent', number: '202', mode: 'conference' },
      { type: 'participant-connected', callId: 'c1', at: 21_000, participantId: 'p2' },
      { type: 'participant-held', callId: 'c1', at: 22_000, participantId: 'p2' },
      { type: 'participant-held', callId: 'c1', at: 22_100, participantId: 'p2' },
      { type: 'conferenced', callId: 'c1', at: 23_000 },
      { type: 'participant-left', callId: 'c1', at: 24_000, participantId: 'p2', reason: 'hangup' },
      { type: 'participant-connected', callId: 'c1', at: 24_500, participantId: 'p2' },
    ];
    for (const event of events) h.provider.emit(event);
    await settle();
    assert.deepEqual(h.published, ['CALL_STARTED', 'PARTICIPANT_ADDED', 'PARTICIPANT_CONNECTED', 'HOLD_TOGGLE', 'PARTICIPANTS_CONFERENCED', 'PARTICIPANT_REMOVED']);
    const removed = h.payloads[5] as InstanceType<typeof scv.CallResult>;
    assert.equal(removed.call.callAttributes.participantType, scv.Constants.PARTICIPANT_TYPE.AGENT);
  });

  it('supervisor: listen in, barge in, disconnect; the leg gets no VoiceCall of its own', async () => {
    const h = await host();
    const supervised = new scv.SupervisedCallInfo({ callId: 'team-1', supervisorName: 'Ana Ruiz' });
    const listening = await h.connector.superviseCall(supervised);
    assert.ok(listening instanceof scv.SuperviseCallResult);
    assert.deepEqual([listening.call.callId, listening.call.callAttributes.participantType, listening.call.callAttributes.hasSupervisorBargedIn, listening.call.callAttributes.parentId], ['m1', scv.Constants.PARTICIPANT_TYPE.SUPERVISOR, false, 'team-1']);
    const barged = await h.connector.supervisorBargeIn(supervised);
    assert.ok(barged instanceof scv.SuperviseCallResult);
    assert.equal(barged.call.callAttributes.hasSupervisorBargedIn, true);
    const left = await h.connector.supervisorDisconnect(supervised);
    assert.ok(left instanceof scv.SupervisorHangupResult);
    assert.equal(left.calls[0]!.state, scv.Constants.CALL_STATE.ENDED);
    await settle();
    assert.deepEqual(h.provider.commands, ['monitor team-1 listen', 'mode m1 barge', 'hangup m1']);
    assert.deepEqual(h.published, []);
    assert.deepEqual(h.synced, []);
    assert.ok((await h.connector.supervisorDisconnect()) instanceof scv.SupervisorHangupResult, 'with no supervised call, nothing to leave');
  });

  it('on the agent’s side a supervisor shows only once they barge in', async () => {
    const h = await host();
    await connectedCall(h);
    for (const event of [
      { type: 'participant-added', callId: 'c1', at: 20_000, participantId: 's1', role: 'supervisor', mode: 'conference', supervisorMode: 'listen' },
      { type: 'participant-connected', callId: 'c1', at: 20_100, participantId: 's1' },
      { type: 'supervisor-mode', callId: 'c1', at: 21_000, participantId: 's1', mode: 'whisper' },
    ] as CallEvent[]) h.provider.emit(event);
    await settle();
    assert.deepEqual(h.published, ['CALL_STARTED']);
    h.provider.emit({ type: 'supervisor-mode', callId: 'c1', at: 22_000, participantId: 's1', mode: 'barge' });
    h.provider.emit({ type: 'participant-left', callId: 'c1', at: 23_000, participantId: 's1', reason: 'hangup' });
    await settle();
    assert.deepEqual(h.published, ['CALL_STARTED', 'PARTICIPANT_CONNECTED', 'PARTICIPANT_REMOVED']);
    assert.equal((h.payloads[1] as InstanceType<typeof scv.ParticipantResult>).callId, 's1');
  });

  it('capabilities follow the provider; without multi-party, swap and supervise are refused in words', async () => {
    const h = await host();
    const caps = await h.connector.getCapabilities();
    assert.deepEqual([caps.hasMerge, caps.hasSwap, caps.hasSupervisorListenIn, caps.hasSupervisorBargeIn], [true, true, true, true]);
    const plain = new BridgeProvider();
    Object.assign(plain, { capabilities: { ...plain.capabilities, transfer: { blind: true, consult: false }, conference: false, supervisor: undefined } });
    const connector = new VoiceVendorConnector({ provider: plain, publisher: { event: () => undefined, error: () => undefined } });
    await connector.init({});
    const none = await connector.getCapabilities();
    assert.deepEqual([none.hasMerge, none.hasSwap, none.hasSupervisorListenIn, none.hasSupervisorBargeIn], [false, false, false, false]);
    plain.emit({ type: 'ringing', callId: 'c1', at: 1_000, from: '+14155550142' });
    await settle();
    const call = new scv.PhoneCall({ callId: 'c1' });
    await assert.rejects(connector.swap(call, call), (error: unknown) => error instanceof VoiceHostError && error.code === 'unsupported' && /does not support swapping calls/.test(error.message));
    await assert.rejects(connector.superviseCall(new scv.SupervisedCallInfo({ callId: 'team-1' })), (error: unknown) => error instanceof VoiceHostError && /does not support monitor/.test(error.message));
    assert.deepEqual(plain.commands, []);
  });
});
