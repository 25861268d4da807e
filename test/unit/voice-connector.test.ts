import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallEvent, CallId, ProviderContext, ProviderHealth, TelephonyProvider } from '../../src/core/index.js';
import { scv, VoiceHostError, VoiceVendorConnector, type VoiceCallSync, type VoicePublisher } from '../../src/salesforce/voice/index.js';

/** A provider played by the test: commands are confirmed by the events a phone system would send. */
class ScriptedProvider implements TelephonyProvider {
  readonly id = 'scripted';
  readonly capabilities = { outbound: true, hold: true, mute: true, dtmf: true, transfer: { blind: true, consult: false }, conference: false, recording: false, presence: false };
  health: ProviderHealth = 'disconnected';
  ctx?: ProviderContext;
  readonly commands: string[] = [];
  /** Calls the "phone system" re-reports on connect, as after a page reload. */
  live: CallEvent[] = [];
  async connect(ctx: ProviderContext): Promise<void> {
    this.ctx = ctx;
    this.health = 'ready';
    for (const event of this.live) ctx.emit(event);
  }
  async disconnect(): Promise<void> {
    this.health = 'disconnected';
  }
  emit(event: CallEvent): void {
    this.ctx!.emit(event);
  }
  private then(name: string, callId: CallId, ...events: CallEvent['type'][]): Promise<void> {
    this.commands.push(`${name} ${callId}`);
    for (const type of events) this.emit({ type, callId, at: 1000 } as CallEvent);
    return Promise.resolve();
  }
  answer = (id: CallId) => this.then('answer', id, 'connected');
  decline = async (id: CallId) => void this.emit({ type: 'ended', callId: id, at: 1000, reason: 'rejected' });
  hangup = async (id: CallId) => void this.emit({ type: 'ended', callId: id, at: 5000, reason: 'hangup-local' });
  hold = (id: CallId) => this.then('hold', id, 'held');
  resume = (id: CallId) => this.then('resume', id, 'resumed');
  mute = (id: CallId) => this.then('mute', id, 'muted');
  unmute = (id: CallId) => this.then('unmute', id, 'unmuted');
  sendDtmf = async (id: CallId, digits: string) => void this.commands.push(`dtmf ${id} ${digits}`);
  dial = async (to: string) => {
    this.emit({ type: 'dialing', callId: 'out-1', at: 1000, to });
    return 'out-1';
  };
  transfer = async (id: CallId, to: string) => {
    this.commands.push(`transfer ${id} ${to}`);
    this.emit({ type: 'transferred', callId: id, at: 2000, to });
    this.emit({ type: 'ended', callId: id, at: 2000, reason: 'transferred' });
  };
  setPresence = async () => undefined;
}

function recorder(): VoicePublisher & { events: { type: string; payload: object }[] } {
  const events: { type: string; payload: object }[] = [];
  return { events, event: (type, payload) => void events.push({ type, payload }), error: (type, error) => void events.push({ type: `error:${type}`, payload: error }) };
}

function syncRecorder(): VoiceCallSync & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    started: async (call) => (log.push(`start ${call.vendorCallKey} ${call.direction} ${call.from}`), { voiceCallId: `0LQ-${call.vendorCallKey}` }),
    connected: async (key) => void log.push(`connected ${key}`),
    ended: async (call) => void log.push(`ended ${call.vendorCallKey} ${call.reason} holds=${call.numberOfHolds}`),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('Salesforce Voice vendor connector', () => {
  it('inbound call, accept, hold, resume, blind transfer: each event once, typed as the library’s results', async () => {
    const provider = new ScriptedProvider();
    const publisher = recorder();
    const sync = syncRecorder();
    const connector = new VoiceVendorConnector({ provider, publisher, voiceCalls: sync });
    assert.ok((await connector.init({})) instanceof scv.InitResult);
    provider.emit({ type: 'ringing', callId: 'c1', at: 900, from: '+14155550100', to: '+18005550199', displayName: 'Ada' });
    await settle();
    assert.deepEqual(publisher.events.map((e) => e.type), ['CALL_STARTED']);
    const started = publisher.events[0]!.payload as InstanceType<typeof scv.CallResult>;
    assert.ok(started instanceof scv.CallResult);
    assert.equal(started.call.callId, 'c1');
    assert.equal(started.call.callType, scv.Constants.CALL_TYPE.INBOUND);
    assert.equal(started.call.callAttributes.voiceCallId, '0LQ-c1');
    assert.equal(started.call.contact.phoneNumber, '+14155550100');

    const accepted = await connector.acceptCall(started.call);
    assert.ok(accepted instanceof scv.CallResult);
    assert.equal(accepted.call.state, scv.Constants.CALL_STATE.CONNECTED);
    const held = await connector.hold(accepted.call);
    assert.ok(held instanceof scv.HoldToggleResult);
    assert.equal(held.isCustomerOnHold, true);
    assert.equal((await connector.resume(accepted.call)).isCustomerOnHold, false);
    const transfer = await connector.addParticipant(new scv.Contact({ phoneNumber: '+14155550111' }), accepted.call, true);
    assert.ok(transfer instanceof scv.ParticipantResult);
    assert.equal(transfer.initialCallHasEnded, true);
    await settle();
    // Confirmations of Salesforce's own commands are not published again (the library publishes the results).
    assert.deepEqual(publisher.events.map((e) => e.type), ['CALL_STARTED', 'AFTER_CALL_WORK_STARTED']);
    assert.deepEqual(provider.commands, ['answer c1', 'hold c1', 'resume c1', 'transfer c1 +14155550111']);
    assert.deepEqual(sync.log, ['start c1 inbound +14155550100', 'connected c1', 'ended c1 transferred holds=1']);
    assert.deepEqual((await connector.getActiveCalls()).activeCalls, []);
  });

  it('publishes what the phone system does on its own: remote connect, hold, mute, hang-up', async () => {
    const provider = new ScriptedProvider();
    const publisher = recorder();
    const connector = new VoiceVendorConnector({ provider, publisher, afterCallWork: false });
    await connector.init({});
    const call = await connector.dial(new scv.Contact({ phoneNumber: '+14155550123' }));
    assert.equal(call.call.callType, scv.Constants.CALL_TYPE.OUTBOUND);
    for (const type of ['connected', 'held', 'muted'] as const) provider.emit({ type, callId: 'out-1', at: 2000 });
    provider.emit({ type: 'ended', callId: 'out-1', at: 3000, reason: 'hangup-remote' });
    await settle();
    assert.deepEqual(publisher.events.map((e) => e.type), ['CALL_CONNECTED', 'HOLD_TOGGLE', 'MUTE_TOGGLE', 'HANGUP']);
    const hangup = publisher.events[3]!.payload as InstanceType<typeof scv.HangupResult>;
    assert.ok(hangup instanceof scv.HangupResult);
    assert.equal(hangup.calls[0]!.reason, 'hangup-remote');
  });

  it('rehydrates live calls after a reload through getActiveCalls', async () => {
    const provider = new ScriptedProvider();
    provider.live = [
      { type: 'ringing', callId: 'c9', at: 100, from: '+14155550100', to: '+18005550199' },
      { type: 'connected', callId: 'c9', at: 200 },
      { type: 'held', callId: 'c9', at: 300 },
    ];
    const sync = syncRecorder();
    const connector = new VoiceVendorConnector({ provider, publisher: recorder(), voiceCalls: sync });
    await connector.init({});
    const { activeCalls } = await connector.getActiveCalls();
    assert.equal(activeCalls.length, 1);
    assert.equal(activeCalls[0]!.state, scv.Constants.CALL_STATE.CONNECTED);
    assert.equal(activeCalls[0]!.callInfo.isOnHold, true);
    assert.equal(activeCalls[0]!.callAttributes.voiceCallId, '0LQ-c9');
  });

  it('keeps a call’s hold history across a reload when given page memory', async () => {
    const store = new Map<string, string>();
    const memory = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
    const first = new ScriptedProvider();
    const before = new VoiceVendorConnector({ provider: first, publisher: recorder(), voiceCalls: syncRecorder(), memory });
    await before.init({});
    first.emit({ type: 'ringing', callId: 'c5', at: 100, from: '+14155550100', to: '+18005550199' });
    await settle();
    const call = (await before.getActiveCalls()).activeCalls[0]!;
    await before.acceptCall(call);
    await before.hold(call);
    first.emit({ type: 'held', callId: 'c5', at: 1000 });
    // The page reloads while the call is on hold: a new connector, the provider re-reports the call.
    const second = new ScriptedProvider();
    second.live = [
      { type: 'ringing', callId: 'c5', at: 5000, from: '+14155550100', to: '+18005550199' },
      { type: 'connected', callId: 'c5', at: 5000 },
      { type: 'held', callId: 'c5', at: 5000 },
    ];
    const sync = syncRecorder();
    const after = new VoiceVendorConnector({ provider: second, publisher: recorder(), voiceCalls: sync, memory });
    await after.init({});
    second.emit({ type: 'resumed', callId: 'c5', at: 7000 });
    second.emit({ type: 'ended', callId: 'c5', at: 8000, reason: 'hangup-remote' });
    await settle();
    assert.deepEqual(sync.log.slice(-1), ['ended c5 hangup-remote holds=1']);
    assert.equal(store.size, 0);
  });

  it('decline, digits, agent status, wrap-up, presence and connection failures', async () => {
    const provider = new ScriptedProvider();
    const publisher = recorder();
    const connector = new VoiceVendorConnector({ provider, publisher, afterCallWork: false });
    await connector.init({});
    provider.emit({ type: 'ringing', callId: 'c7', at: 100, from: '+14155550100' });
    await settle();
    const declined = await connector.declineCall(new scv.PhoneCall({ callId: 'c7' }));
    assert.ok(declined instanceof scv.CallResult);
    assert.equal(declined.call.state, scv.Constants.CALL_STATE.ENDED);
    provider.emit({ type: 'ringing', callId: 'c8', at: 200, from: '+14155550100' });
    provider.emit({ type: 'connected', callId: 'c8', at: 300 });
    await settle();
    connector.sendDigits('12#');
    assert.ok((await connector.setAgentStatus(scv.Constants.AGENT_STATUS.ONLINE, {}, false)) instanceof scv.GenericResult);
    const status = await connector.getAgentStatus();
    assert.ok((status as unknown) instanceof scv.AgentVendorStatusInfo);
    assert.equal((status as unknown as { statusType: string }).statusType, 'available');
    connector.wrapUpCall(new scv.PhoneCall({ callId: 'c8' }));
    provider.emit({ type: 'presence-changed', at: 400, status: 'busy' });
    provider.emit({ type: 'provider-state', at: 500, health: 'failed', message: 'registrar unreachable' });
    await settle();
    assert.deepEqual(provider.commands, ['dtmf c8 12#']);
    assert.deepEqual(publisher.events.map((e) => e.type), ['CALL_STARTED', 'CALL_STARTED', 'CALL_CONNECTED', 'WRAP_UP_ENDED', 'STATE_CHANGE', 'error:SOFTPHONE_ERROR']);
    const change = publisher.events[4]!.payload as InstanceType<typeof scv.StateChangeResult>;
    assert.equal(change.newVendorStateInfo.statusType, 'busy');
    assert.equal(change.oldVendorStateInfo.statusType, 'available');
    assert.match(JSON.stringify(publisher.events[5]!.payload), /registrar unreachable/);
  });

  it('derives capabilities from the provider and refuses what it cannot do with a clear error', async () => {
    const connector = new VoiceVendorConnector({ provider: new ScriptedProvider(), publisher: recorder(), directory: [{ id: 'q', name: 'Billing', phoneNumber: '+14155550150' }] });
    const caps = await connector.getCapabilities();
    assert.ok(caps instanceof scv.CapabilitiesResult);
    assert.deepEqual([caps.hasMute, caps.hasBlindTransfer, caps.hasSwap, caps.hasMerge, caps.hasRecord, caps.hasPhoneBook], [true, true, false, false, false, true]);
    await assert.rejects(connector.swap(new scv.PhoneCall({}), new scv.PhoneCall({})), (error: unknown) => error instanceof VoiceHostError && error.code === 'unsupported');
    await assert.rejects(connector.hold(new scv.PhoneCall({ callId: 'nope' })), /no call with id nope/);
    const contacts = await connector.getPhoneContacts();
    assert.equal(contacts.contacts[0]!.phoneNumber, '+14155550150');
  });
});
