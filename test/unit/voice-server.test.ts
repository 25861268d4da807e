import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildConsoleServer } from '../../src/server/index.js';
import { injectedSession } from '../support/agent-sessions.js';

type Server = Awaited<ReturnType<typeof buildConsoleServer>>;
let server: Server;
let session: string;

before(async () => {
  server = await buildConsoleServer({ inMemory: true });
  session = await injectedSession(server.app);
});
after(() => server.close());

const post = (url: string, payload: unknown) => server.app.inject({ method: 'POST', url, payload: payload as object, headers: { authorization: `Bearer ${session}` } });

describe('Voice endpoints of the console server', () => {
  it('creates one VoiceCall per call through the signed Telephony Integration API, then updates it', async () => {
    const start = { vendorCallKey: 'SIM-42', direction: 'inbound', from: '+14155550100', to: '+18005550199', startTime: '2026-01-02T03:04:05.000Z', data: { ivr: 'billing' } };
    const first = await post('/api/voice/calls', start);
    const again = await post('/api/voice/calls', start);
    assert.equal(first.statusCode, 200);
    assert.match(first.json<{ voiceCallId: string }>().voiceCallId, /^0LQ/);
    assert.deepEqual(again.json(), first.json());
    assert.equal((await post('/api/voice/calls/SIM-42/connected', { acceptTime: '2026-01-02T03:04:09.000Z' })).statusCode, 200);
    const ended = await post('/api/voice/calls/SIM-42/ended', { startTime: start.startTime, endTime: '2026-01-02T03:05:00.000Z', reason: 'missed', totalHoldDurationSeconds: 0, numberOfHolds: 0 });
    assert.equal(ended.statusCode, 200);
    const state = (await server.app.inject({ method: 'GET', url: '/api/voice/stand-in' })).json<{
      voiceCalls: { vendorCallKey: string; create: Record<string, unknown>; updates: Record<string, unknown>[] }[];
      requests: { method: string; status: number }[];
    }>();
    assert.equal(state.voiceCalls.length, 1);
    assert.equal(state.voiceCalls[0]!.create.callAttributes, JSON.stringify({ ivr: 'billing' }));
    assert.deepEqual(state.voiceCalls[0]!.updates.map((u) => u.callDisposition ?? 'connect'), ['connect', 'missed']);
    assert.deepEqual(state.requests.map((r) => `${r.method} ${r.status}`), ['POST 200', 'PATCH 200', 'PATCH 200']);
  });

  it('adds transcript messages and routes through an Omni flow', async () => {
    const start = { vendorCallKey: 'SIM-43', direction: 'inbound', from: '+14155550100', to: '+18005550199', startTime: '2026-01-02T03:04:05.000Z' };
    const { voiceCallId } = (await post('/api/voice/calls', start)).json<{ voiceCallId: string }>();
    const message = { messageId: 'm-1', participantId: '+14155550100', senderType: 'END_USER', content: 'My invoice is wrong', startTime: 1767323045000, endTime: 1767323047000 };
    assert.equal((await post('/api/voice/calls/SIM-43/messages', message)).statusCode, 200);
    assert.equal((await post('/api/voice/calls/SIM-43/messages', message)).statusCode, 200);
    assert.equal((await post('/api/voice/calls/SIM-43/omni-flow', { flowDevName: 'Route_Billing', fallbackQueue: 'Billing' })).statusCode, 200);
    const bad = await post('/api/voice/calls/SIM-43/messages', { ...message, senderType: 'ROBOT' });
    assert.match(bad.json<{ message: string }>().message, /^senderType must be "END_USER", "HUMAN_AGENT" or "VIRTUAL_AGENT"$/);
    const state = (await server.app.inject({ method: 'GET', url: '/api/voice/stand-in' })).json<{ voiceCalls: { vendorCallKey: string; messages: unknown[]; omniFlow: unknown[] }[]; requests: { method: string; path: string }[] }>();
    const call = state.voiceCalls.find((c) => c.vendorCallKey === 'SIM-43')!;
    assert.equal(call.messages.length, 1);
    assert.deepEqual(call.omniFlow, [{ flowDevName: 'Route_Billing', fallbackQueue: 'Billing' }]);
    assert.ok(state.requests.some((r) => r.method === 'PATCH' && r.path === `/telephony/v1/voiceCalls/${voiceCallId}/omniFlow`));
  });

  it('rejects bad reports with 400 naming each wrong field', async () => {
    const bad = await post('/api/voice/calls', { vendorCallKey: '', direction: 'sideways', from: '+1', to: '+1', startTime: 'yesterday' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json<{ message: string }>().message, /^vendorCallKey must be a call id; direction must be "inbound" or "outbound"; startTime must be an ISO 8601 UTC time$/);
    const ended = await post('/api/voice/calls/SIM-1/ended', { startTime: '2026-01-02T03:04:05.000Z', endTime: '2026-01-02T03:05:00.000Z', reason: 'bored', totalHoldDurationSeconds: -1, numberOfHolds: 0 });
    assert.equal(ended.statusCode, 400);
    assert.match(ended.json<{ message: string }>().message, /reason must be one of hangup-local, .*; totalHoldDurationSeconds must be a whole number of seconds/);
    const failures = await post('/api/voice/stand-in/fail-next', { failures: ['never'] });
    assert.equal(failures.statusCode, 400);
  });

  it('serves the Voice host and the connector page with a CSP and the provider bundle', async () => {
    const connector = await server.app.inject({ method: 'GET', url: '/voice/connector.html' });
    assert.equal(connector.statusCode, 200);
    assert.match(connector.body, /<script type="module" src="\/assets\/voice-connector-simulator.js"><\/script>/);
    assert.match(connector.body, /"kind":"simulator"/);
    assert.match(String(connector.headers['content-security-policy']), /frame-ancestors 'self'/);
    const host = await server.app.inject({ method: 'GET', url: '/voice/' });
    assert.match(host.body, /src="\/assets\/voice-host.js"/);
    assert.match(String(host.headers['content-security-policy']), /frame-src 'self'/);
  });
});
