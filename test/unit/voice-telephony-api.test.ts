import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { SignJWT, importPKCS8 } from 'jose';
import {
  TelephonyApiClient,
  TelephonyApiError,
  TelephonyApiStandIn,
  VoiceCallService,
  createTelephonyCredentials,
  type TelephonyCredentials,
} from '../../src/server/voice/index.js';

const ORG = '00Dxx0000001gEREAY';
const CENTRE = 'AcmeVoice';

describe('Telephony Integration API client against a local stand-in', () => {
  let app: FastifyInstance;
  let standIn: TelephonyApiStandIn;
  let credentials: TelephonyCredentials;
  let baseUrl: string;
  const client = (overrides: Partial<ConstructorParameters<typeof TelephonyApiClient>[0]> = {}) =>
    new TelephonyApiClient({ baseUrl, orgId: ORG, callCenterApiName: CENTRE, privateKeyPem: credentials.privateKeyPem, retryDelayMs: 5, providerName: 'softphone-connector', ...overrides });
  const inbound = (key: string) => ({
    vendorCallKey: key,
    from: '+14155550100',
    to: '+18005550199',
    initiationMethod: 'Inbound' as const,
    startTime: '2026-01-02T03:04:05.000Z',
    participants: [{ participantKey: '+14155550100', type: 'END_USER' as const }],
  });

  before(async () => {
    credentials = await createTelephonyCredentials({ commonName: CENTRE });
    app = Fastify();
    standIn = new TelephonyApiStandIn({ orgId: ORG, callCenterApiName: CENTRE, certificatePem: credentials.certificatePem });
    standIn.register(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/telephony/v1`;
  });
  after(() => app.close());
  beforeEach(() => {
    standIn.voiceCalls.clear();
    standIn.requests.length = 0;
  });

  it('creates, updates, adds a transcript and routes, each request signed and shaped as documented', async () => {
    const api = client();
    const { voiceCallId } = await api.createVoiceCall({ ...inbound('call-1'), callAttributes: JSON.stringify({ ivrChoice: 'billing' }) });
    assert.match(voiceCallId ?? '', /^0LQ/);
    await api.updateVoiceCall(voiceCallId!, { acceptTime: '2026-01-02T03:04:09.000Z' });
    await api.addTranscriptMessage('call-1', { messageId: 'm1', participantId: '+14155550100', senderType: 'END_USER', content: 'Hello', startTime: 1, endTime: 2 });
    await api.routeThroughOmniFlow(voiceCallId!, { flowDevName: 'Route_Calls', fallbackQueue: 'Support' });
    assert.deepEqual(standIn.requests.map((r) => `${r.method} ${r.path} ${r.status}`), [
      'POST /telephony/v1/voiceCalls 200',
      `PATCH /telephony/v1/voiceCalls/${voiceCallId} 200`,
      'POST /telephony/v1/voiceCalls/call-1/messages 200',
      `PATCH /telephony/v1/voiceCalls/${voiceCallId}/omniFlow 200`,
    ]);
    const call = standIn.find('call-1')!;
    assert.equal(call.create.callCenterApiName, CENTRE);
    assert.equal(call.updates.length, 1);
    assert.equal(call.messages.length, 1);
    assert.equal(call.omniFlow.length, 1);
  });

  it('retries a create that failed before reaching Salesforce: one VoiceCall', async () => {
    standIn.failNext('before', 'before');
    const { voiceCallId } = await client().createVoiceCall(inbound('call-2'));
    assert.deepEqual(standIn.requests.map((r) => r.status), [503, 503, 200]);
    assert.equal(standIn.voiceCalls.size, 1);
    assert.equal(standIn.find('call-2')!.voiceCallId, voiceCallId);
  });

  it('retries a create whose response was lost: the duplicate answer counts as created, still one VoiceCall', async () => {
    standIn.failNext('after');
    const result = await client().createVoiceCall(inbound('call-3'));
    assert.deepEqual(standIn.requests.map((r) => r.status), [503, 400]);
    assert.equal(standIn.voiceCalls.size, 1);
    assert.deepEqual(result, {});
  });

  it('sends one create for repeated and concurrent reports of the same call', async () => {
    const api = client();
    const [a, b] = await Promise.all([api.createVoiceCall(inbound('call-4')), api.createVoiceCall(inbound('call-4'))]);
    const c = await api.createVoiceCall(inbound('call-4'));
    assert.equal(a.voiceCallId, b.voiceCallId);
    assert.equal(a.voiceCallId, c.voiceCallId);
    assert.equal(standIn.requests.length, 1);
  });

  it('gives up after the configured attempts with an error that says what failed', async () => {
    standIn.failNext('before', 'before');
    await assert.rejects(client({ attempts: 2 }).createVoiceCall(inbound('call-5')), (error: unknown) => error instanceof TelephonyApiError && error.code === 'unavailable' && /503/.test(error.message));
    assert.equal(standIn.voiceCalls.size, 0);
  });

  it('is refused with a key whose certificate the call centre does not hold, and does not retry', async () => {
    const other = await createTelephonyCredentials({ commonName: 'Other' });
    await assert.rejects(client({ privateKeyPem: other.privateKeyPem }).createVoiceCall(inbound('call-6')), (error: unknown) => error instanceof TelephonyApiError && error.code === 'unauthorized' && /certificate/.test(error.message));
    assert.equal(standIn.requests.length, 1);
  });

  it('the stand-in rejects wrong claims and wrong shapes, so the checks above can fail', async () => {
    const key = await importPKCS8(credentials.privateKeyPem, 'RS256');
    const token = (sub: string) => new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer(ORG).setSubject(sub).setAudience('https://scrt.salesforce.com').setIssuedAt().setExpirationTime('5m').sign(key);
    const post = async (jwt: string, body: object) =>
      fetch(`${baseUrl}/voiceCalls`, { method: 'POST', headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await post(await token('SomeOtherCentre'), { callCenterApiName: CENTRE, ...inbound('x') })).status, 401);
    const badShape = await post(await token(CENTRE), { callCenterApiName: CENTRE, ...inbound('x'), initiationMethod: 'Sideways', extra: 1 });
    assert.equal(badShape.status, 400);
    assert.match(((await badShape.json()) as { message: string }).message, /unknown field extra; .*initiationMethod must be one of/);
  });

  it('the VoiceCall service creates once and writes connect and end as updates of the same VoiceCall', async () => {
    const service = new VoiceCallService(client());
    standIn.failNext('before');
    const start = { vendorCallKey: 'call-7', direction: 'inbound' as const, from: '+14155550100', to: '+18005550199', startTime: '2026-01-02T03:04:05.000Z' };
    const [{ voiceCallId }] = await Promise.all([service.started(start), service.connected('call-7', '2026-01-02T03:04:09.000Z')]);
    await service.started(start);
    await service.ended({ vendorCallKey: 'call-7', startTime: start.startTime, acceptTime: '2026-01-02T03:04:09.000Z', endTime: '2026-01-02T03:06:00.000Z', reason: 'hangup-remote', totalHoldDurationSeconds: 12, numberOfHolds: 1 });
    assert.equal(standIn.voiceCalls.size, 1);
    assert.equal(standIn.requests.filter((r) => r.method === 'POST').length, 2);
    const call = standIn.find('call-7')!;
    assert.equal(call.voiceCallId, voiceCallId);
    assert.deepEqual(call.updates.at(-1), { startTime: start.startTime, acceptTime: '2026-01-02T03:04:09.000Z', endTime: '2026-01-02T03:06:00.000Z', totalHoldDuration: 12, numberOfHolds: 1, callDisposition: 'completed' });
    assert.equal(call.create.initiationMethod, 'Inbound');
  });
});
