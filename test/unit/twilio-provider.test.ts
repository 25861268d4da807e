// The Twilio provider on a fake of the Voice SDK (type-checked against the SDK's own types):
// the conformance kit, plus what is specific to Twilio.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, ProviderError, type CallEvent } from '../../src/core/index.js';
import { createTwilioProvider, twilio, TwilioVoiceError, type TwilioProvider } from '../../src/providers/twilio/index.js';
import { conformanceSuite, EventRecorder, nodeHandles, type ConformanceDriver } from '../../src/testing/index.js';
import { FakeDevice, twilioError } from './fakes/twilio-sdk.js';

/** A provider on a fake device; `devices` collects every device it creates. */
function setup(configOptions: Parameters<typeof twilio>[0] = {}, onDevice?: (device: FakeDevice) => void) {
  const devices: FakeDevice[] = [];
  let issued = 0;
  const fetchToken = async () => ({ token: `token-${++issued}`, identity: 'agent' });
  const provider = createTwilioProvider(twilio(configOptions), {
    createDevice: (token, options) => {
      const device = new FakeDevice(token, options);
      onDevice?.(device);
      devices.push(device);
      return device;
    },
    fetchToken,
    reregisterMs: 20,
  });
  return { provider, devices, device: () => devices.at(-1)!, issued: () => issued };
}

let current: ReturnType<typeof setup> | undefined;
const device = (): FakeDevice => {
  const found = current?.device();
  if (!found) throw new Error('no Twilio device was created yet');
  return found;
};

const driver: ConformanceDriver = {
  ring: async (call) => void device().ring(call.from, { ...call.data, ...(call.displayName ? { callerName: call.displayName } : {}) }),
  remoteHangup: async (callId) => device().find(callId).remoteEnd(),
  ringOut: async (callId) => device().find(callId).remoteEnd(),
  remoteAnswer: async (callId) => device().find(callId).open(),
  remoteReject: async (callId) => device().find(callId).disconnect(),
  failOutbound: async (callId) => void device().find(callId).emit('error', twilioError(31003)),
  dropTransport: async () => device().drop(),
  openHandles: () => (current?.devices ?? []).reduce((sum, candidate) => sum + candidate.openListeners(), 0) + nodeHandles(),
};

conformanceSuite({
  name: 'twilio (fake Voice SDK)',
  createProvider: () => {
    current = setup();
    return current.provider;
  },
  driver,
});

async function connected(options: Parameters<typeof twilio>[0] = {}) {
  const setupResult = setup(options);
  const recorder = new EventRecorder();
  await setupResult.provider.connect(recorder.context);
  return { ...setupResult, recorder, events: recorder.events as CallEvent[] };
}

describe('twilio provider specifics', () => {
  it('passes config to the Device and renews the token on tokenWillExpire', async () => {
    const { provider, device, issued } = await connected({ edge: ['dublin', 'frankfurt'], codecPreferences: ['pcmu', 'opus'] });
    assert.deepEqual(device().options.edge, ['dublin', 'frankfurt']);
    assert.deepEqual(device().options.codecPreferences, ['pcmu', 'opus']);
    assert.deepEqual(device().tokens, ['token-1']);
    device().emit('tokenWillExpire', device());
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(issued(), 2);
    assert.deepEqual(device().tokens, ['token-1', 'token-2']);
    await provider.disconnect();
  });

  it('rings with caller id, caller name and custom parameters as data', async () => {
    const { provider, device, events } = await connected();
    const call = device().ring('+14155550142', { callerName: 'Maria Chen', caseNumber: '00001026', ivrChoice: 'billing' });
    const ringing = events.find((event) => event.type === 'ringing');
    assert.deepEqual(ringing && { ...ringing, at: 0 }, {
      type: 'ringing', callId: call.parameters.CallSid, at: 0, from: '+14155550142', to: 'agent', displayName: 'Maria Chen', data: { caseNumber: '00001026', ivrChoice: 'billing' },
    });
    await provider.disconnect();
  });

  it('dials through device.connect with To, call data and the configured params', async () => {
    const { provider, device } = await connected({ connectParams: { agentQueue: 'support' } });
    const id = await provider.dial(' +14155550199 ', { data: { recordId: '003000000000001' } });
    assert.deepEqual(device().connects[0]?.params, { recordId: '003000000000001', agentQueue: 'support', To: '+14155550199' });
    assert.equal(id, device().calls[0]?.outboundConnectionId);
    await provider.disconnect();
  });

  it('turns SDK quality warnings into vendor-neutral warning events', async () => {
    const { provider, device, events } = await connected();
    const call = device().ring('+14155550142');
    await provider.answer(call.id);
    call.emit('warning', 'high-rtt', { name: 'rtt', threshold: { name: 'max', value: 400 } });
    call.emit('warning', 'something-new', {});
    call.emit('warning-cleared', 'high-rtt');
    const warnings = events.filter((event) => event.type === 'warning').map((event) => event.type === 'warning' && `${event.kind}:${event.active}`);
    assert.deepEqual(warnings, ['latency:true', 'latency:false']);
    await provider.disconnect();
  });

  it('maps SDK error codes to typed errors with what to do', async () => {
    const { provider, device, events } = await connected();
    const call = device().ring('+14155550142');
    call.emit('error', twilioError(31401));
    const ended = events.find((event) => event.type === 'ended');
    assert.equal(ended?.type === 'ended' && ended.reason, 'failed');
    assert.match(ended?.type === 'ended' ? (ended.message ?? '') : '', /allow microphone access/);
    await provider.disconnect();

    const failing = setup({}, (created) => {
      created.registerError = twilioError(20101);
    });
    const recorder = new EventRecorder();
    const original = failing.provider as TwilioProvider;
    const connecting = original.connect(recorder.context);
    await assert.rejects(connecting, (error: unknown) => {
      assert.ok(error instanceof TwilioVoiceError && error instanceof ProviderError);
      assert.equal(error.code, 'not-connected');
      assert.equal(error.twilioCode, 20101);
      assert.match(error.message, /TWILIO_API_KEY_SID/);
      return true;
    });
    assert.equal(original.health, 'failed');
  });

  it('rejects bad configuration naming the field', () => {
    assert.throws(() => twilio({ tokenUrl: 'http://example.com/token' }), (error: unknown) => error instanceof ConfigError && error.field === 'provider.twilio.tokenUrl');
    assert.throws(() => twilio({ edge: 'Not An Edge' }), /provider\.twilio\.edge must be/);
    assert.throws(() => twilio({ codecPreferences: ['g729' as 'opus'] }), /provider\.twilio\.codecPreferences/);
    assert.throws(() => twilio({ connectParams: { To: 'x' } }), /provider\.twilio\.connectParams/);
    const config = twilio({ tokenUrl: 'https://tokens.example.com/twilio' });
    assert.ok(config.connectSources.includes('https://tokens.example.com'));
    assert.ok(config.connectSources.includes('wss://voice-js.twilio.com'));
    assert.deepEqual(JSON.parse(JSON.stringify(config)), config);
  });
});
