// The Amazon Connect provider on a fake of Streams (type-checked against Streams' own definitions):
// the conformance kit, plus what is specific to Connect.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, type CallEvent } from '../../src/core/index.js';
import { connect, createConnectProvider } from '../../src/providers/connect/index.js';
import { conformanceSuite, EventRecorder, nodeHandles, type ConformanceDriver } from '../../src/testing/index.js';
import { FakeStreams } from './fakes/connect-streams.js';

const CONFIG = connect({ ccpUrl: 'https://example.my.connect.aws/ccp-v2/', region: 'eu-west-2' });
/** Node has no DOM; the fake only keeps the container it is given. */
const container = {} as HTMLElement;

let streams = new FakeStreams();
const newProvider = () => {
  streams = new FakeStreams();
  return createConnectProvider(CONFIG, { streams, container, dialTimeoutMs: 1000 });
};

/** The third-party connection behind a participant id (`<connectionId>` or `<connectionId>#<n>` for a returning one). */
function party(callId: string, participantId: string) {
  const connectionId = participantId.split('#')[0];
  const found = streams.find(callId).connections.find((connection) => connection.connectionId === connectionId);
  if (!found) throw new Error(`no connection ${connectionId} on contact ${callId}`);
  return found;
}

const driver: ConformanceDriver = {
  ring: async (call) => void streams.ring(call.from, call.data ?? {}),
  remoteHangup: async (callId) => streams.find(callId).finish(),
  ringOut: async (callId) => streams.find(callId).miss(),
  remoteAnswer: async (callId) => streams.find(callId).connectNow(),
  remoteReject: async (callId) => streams.find(callId).finish(),
  failOutbound: async (callId) => streams.find(callId).fail(),
  // A participant is a third-party connection of the contact; its id is the connection's.
  answerParticipant: async (callId, participantId) => streams.find(callId).answer(party(callId, participantId)),
  rejectParticipant: async (callId, participantId) => streams.find(callId).partyHangsUp(party(callId, participantId)),
  hangupParticipant: async (callId, participantId) => streams.find(callId).partyHangsUp(party(callId, participantId)),
  async dropTransport() {
    streams.agentObject.listeners.fire('ws-lost', streams.agentObject);
    setTimeout(() => streams.agentObject.listeners.fire('ws-gained', streams.agentObject), 20);
  },
  openHandles: () => streams.openListeners() + nodeHandles(),
};

conformanceSuite({ name: 'connect (fake Streams)', createProvider: newProvider, driver });

async function connected() {
  const provider = newProvider();
  const recorder = new EventRecorder();
  await provider.connect(recorder.context);
  return { provider, streams, events: recorder.events as CallEvent[] };
}

describe('connect provider specifics', () => {
  it('initialises the CCP into the container with the instance settings', async () => {
    const { provider, streams: fake } = await connected();
    assert.equal(fake.container, container);
    assert.equal(fake.initOptions?.ccpUrl, 'https://example.my.connect.aws/ccp-v2/');
    assert.equal(fake.initOptions?.region, 'eu-west-2');
    assert.equal(fake.initOptions?.softphone?.allowFramedSoftphone, true);
    await provider.disconnect();
    assert.equal(fake.terminated, 1);
  });

  it('rings with the caller, the queue and contact attributes as data; clears after-call work', async () => {
    const { provider, streams: fake, events } = await connected();
    const contact = fake.ring('sip:+14155550142@example', { caseNumber: '00001026', intent: 'billing' });
    const ringing = events.find((event) => event.type === 'ringing');
    assert.deepEqual(ringing && { ...ringing, at: 0 }, { type: 'ringing', callId: contact.id, at: 0, from: '+14155550142', queue: 'Support', data: { caseNumber: '00001026', intent: 'billing' } });
    await provider.answer(contact.id);
    await new Promise((resolve) => setImmediate(resolve));
    contact.finish();
    assert.equal(contact.cleared, true, 'after-call work is cleared so the agent is routable again');
    assert.deepEqual(events.filter((event) => 'callId' in event).map((event) => (event.type === 'ended' ? `ended:${event.reason}` : event.type)), ['ringing', 'connected', 'ended:hangup-remote']);
    await provider.disconnect();
  });

  it('maps agent states to presence both ways, using the configured busy status', async () => {
    const provider = createConnectProvider(connect({ ...CONFIG.options, busyStatus: 'Lunch' }), { streams: (streams = new FakeStreams()), container });
    const recorder = new EventRecorder();
    await provider.connect(recorder.context);
    await provider.setPresence('busy');
    assert.equal(streams.agentObject.state.name, 'Lunch');
    streams.agentObject.setState(streams.agentObject.getAgentStates()[3]!);
    const presence = recorder.events.flatMap((event) => (event.type === 'presence-changed' ? [event.status] : []));
    assert.deepEqual(presence, ['available', 'busy', 'offline']);
    await provider.disconnect();
  });

  it('transfers blind to a quick connect by name, or to a number', async () => {
    const { provider, streams: fake, events } = await connected();
    const contact = fake.ring('+14155550142');
    await provider.answer(contact.id);
    await new Promise((resolve) => setImmediate(resolve));
    await provider.transfer(contact.id, 'billing desk', 'blind');
    assert.equal(contact.added[0]?.name, 'Billing desk');
    const transferred = events.find((event) => event.type === 'transferred');
    assert.equal(transferred?.type === 'transferred' && transferred.to, 'Billing desk');
    const second = fake.ring('+14155550143');
    await provider.answer(second.id);
    await new Promise((resolve) => setImmediate(resolve));
    await assert.rejects(provider.transfer(second.id, 'Nobody', 'blind'), /No quick connect is named "Nobody"; pick one of: Billing desk/);
    await provider.transfer(second.id, '+44 20 7946 0000', 'blind');
    assert.equal(second.added[0]?.phoneNumber, '+442079460000');
    await provider.disconnect();
  });

  it('reports a failed sign-in as failed health and a rejected connect()', async () => {
    const provider = newProvider();
    streams.signedIn = false;
    const recorder = new EventRecorder();
    const connecting = provider.connect(recorder.context);
    streams.listeners.fire('auth-fail', undefined);
    await assert.rejects(connecting, /sign-in failed/);
    assert.equal(provider.health, 'failed');
  });

  it('rejects bad configuration naming the field', () => {
    assert.throws(() => connect({ ccpUrl: 'http://example.my.connect.aws/ccp-v2/', region: 'us-east-1' }), (error: unknown) => error instanceof ConfigError && error.field === 'provider.connect.ccpUrl');
    assert.throws(() => connect({ ccpUrl: 'https://example.my.connect.aws/ccp-v2/', region: 'Frankfurt' }), /provider\.connect\.region must be an AWS region/);
    assert.throws(() => connect({ ...CONFIG.options, ccp: 'shown' as 'visible' }), /provider\.connect\.ccp must be/);
    assert.deepEqual(CONFIG.frameSources, ['https://example.my.connect.aws']);
  });
});

describe('connect softphone page', () => {
  it('lets the page frame the CCP (frame-src) and talk to it (connect-src)', async () => {
    const { startConsoleServer } = await import('../../src/server/index.js');
    const server = await startConsoleServer({ port: 0, inMemory: true, provider: CONFIG });
    try {
      const response = await fetch(`${server.url}/softphone/`);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /frame-src 'self' https:\/\/example\.my\.connect\.aws/);
      assert.match(csp, /connect-src 'self' https:\/\/example\.my\.connect\.aws/);
      assert.match(await response.text(), /\/assets\/softphone-connect\.js/);
    } finally {
      await server.close();
    }
  });
});
