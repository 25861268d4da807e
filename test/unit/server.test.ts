import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { CallEvent } from '../../src/core/index.js';
import { SimulatorProvider, type WebSocketLike } from '../../src/providers/simulator/index.js';
import { connect } from '../../src/providers/connect/index.js';
import { buildConsoleServer, startConsoleServer, type ConsoleServer } from '../../src/server/index.js';

let server: ConsoleServer;

before(async () => {
  server = await startConsoleServer({ port: 0, inMemory: true, simulator: { outboundAnswerMs: 50, ringTimeoutMs: 400 } });
});
after(async () => {
  await server.close();
});

async function json(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('REST records', () => {
  it('lists seeded contacts and finds one by a phone number in another format', async () => {
    const contacts = await json('GET', '/api/sobjects/Contact');
    assert.equal(contacts.status, 200);
    assert.ok(Array.isArray(contacts.body) && contacts.body.length >= 5);
    for (const q of ['4155550142', '+1 415-555-0142', '(415) 555-0142']) {
      const found = await json('GET', `/api/search?q=${encodeURIComponent(q)}`);
      assert.deepEqual((found.body as Array<{ Name: string }>).map((record) => record.Name), ['Maria Chen'], q);
    }
  });

  it('creates, reads and updates a Task with call fields', async () => {
    const contacts = (await json('GET', '/api/sobjects/Contact?LastName=Chen')).body as Array<{ Id: string }>;
    const whoId = contacts[0]?.Id;
    const created = await json('POST', '/api/sobjects/Task', {
      Subject: 'Inbound call', CallType: 'Inbound', CallDurationInSeconds: 42, CallObject: 'SIM-1', WhoId: whoId, Status: 'Completed', TaskSubtype: 'Call',
    });
    assert.equal(created.status, 201);
    const id = (created.body as { id: string }).id;
    assert.match(id, /^00T[0-9A-Za-z]{15}$/);
    assert.equal((await json('PATCH', `/api/sobjects/Task/${id}`, { Description: 'notes' })).status, 204);
    const task = (await json('GET', `/api/sobjects/Task/${id}`)).body as Record<string, unknown>;
    assert.equal(task.Description, 'notes');
    assert.equal(task.CallDurationInSeconds, 42);
    assert.equal(task.WhoId, whoId);
  });

  it('rejects bad input naming the field', async () => {
    const unknownField = await json('POST', '/api/sobjects/Task', { Sbject: 'x' });
    assert.equal(unknownField.status, 400);
    assert.match(JSON.stringify(unknownField.body), /Sbject/);
    const badDuration = await json('POST', '/api/sobjects/Task', { CallDurationInSeconds: 'long' });
    assert.equal(badDuration.status, 400);
    assert.match(JSON.stringify(badDuration.body), /CallDurationInSeconds must be a whole number/);
    const dangling = await json('POST', '/api/sobjects/Task', { WhoId: '003000000000000AAA' });
    assert.match(JSON.stringify(dangling.body), /WhoId must be the id of an existing Contact or Lead/);
    const missing = await json('POST', '/api/sobjects/Contact', { FirstName: 'No' });
    assert.match(JSON.stringify(missing.body), /LastName/);
    assert.equal((await json('GET', '/api/sobjects/Widget')).status, 404);
    assert.equal((await json('GET', '/api/sobjects/Contact/003000000000000AAA')).status, 404);
  });
});

describe('telephony simulator over its provider', () => {
  function connectProvider(): Promise<{ provider: SimulatorProvider; agentId: string; next: (type: CallEvent['type']) => Promise<CallEvent> }> {
    const events: CallEvent[] = [];
    const agentId = `agent-${Math.random()}`;
    const waiters: Array<{ type: CallEvent['type']; resolve: (event: CallEvent) => void }> = [];
    const provider = new SimulatorProvider({
      url: `${server.url.replace('http', 'ws')}/api/sim/agent`,
      agentId,
      WebSocket: WebSocket as unknown as new (url: string) => WebSocketLike,
    });
    const next = (type: CallEvent['type']): Promise<CallEvent> => {
      const seen = events.findIndex((event) => event.type === type);
      if (seen >= 0) return Promise.resolve(events.splice(seen, 1)[0] as CallEvent);
      return new Promise((resolve) => waiters.push({ type, resolve }));
    };
    return provider
      .connect({
        now: Date.now,
        emit: (event) => {
          const index = waiters.findIndex((waiter) => waiter.type === event.type);
          if (index >= 0) waiters.splice(index, 1)[0]?.resolve(event);
          else events.push(event);
        },
      })
      .then(() => ({ provider, agentId, next }));
  }

  it('rejects a call with no agent connected, with a clear message', async () => {
    const response = await json('POST', '/api/sim/calls', { from: '+14155550142', agent: 'nobody' });
    assert.equal(response.status, 409);
    assert.match(JSON.stringify(response.body), /No softphone is connected/);
  });

  it('validates the call request, naming the field', async () => {
    const response = await json('POST', '/api/sim/calls', { from: 42 });
    assert.equal(response.status, 400);
    assert.match(JSON.stringify(response.body), /from must be the caller's number/);
  });

  it('rings, answers, holds, sends digits and hangs up from the far end', async () => {
    const { provider, agentId, next } = await connectProvider();
    try {
      assert.equal(provider.health, 'ready');
      const placed = await json('POST', '/api/sim/calls', { from: '(415) 555-0142', name: 'Maria Chen', agent: agentId });
      const callId = (placed.body as { callId: string }).callId;
      const ringing = await next('ringing');
      assert.equal(ringing.type === 'ringing' && ringing.from, '(415) 555-0142');
      assert.equal(ringing.type === 'ringing' && ringing.displayName, 'Maria Chen');
      await provider.answer(callId);
      await next('connected');
      await provider.hold(callId);
      await next('held');
      await provider.sendDtmf(callId, '12#');
      assert.equal(((await json('GET', `/api/sim/calls/${callId}`)).body as { digits: string }).digits, '12#');
      await assert.rejects(provider.answer(callId), /Cannot answer call/);
      await assert.rejects(provider.hangup('SIM-none'), (error: Error & { code?: string }) => error.code === 'unknown-call');
      await json('POST', `/api/sim/calls/${callId}/hangup`);
      const end = await next('ended');
      assert.equal(end.type === 'ended' && end.reason, 'hangup-remote');
    } finally {
      await provider.disconnect();
    }
  });

  it('places an outbound call that the far end answers', async () => {
    const { provider, next } = await connectProvider();
    try {
      const callId = await provider.dial('+1 212-555-0188');
      const dialing = await next('dialing');
      assert.equal(dialing.type === 'dialing' && dialing.callId, callId);
      await next('connected');
      await provider.hangup(callId);
      const end = await next('ended');
      assert.equal(end.type === 'ended' && end.reason, 'hangup-local');
    } finally {
      await provider.disconnect();
    }
  });

  it('an unanswered inbound call ends as missed after the ring timeout', async () => {
    const { provider, agentId, next } = await connectProvider();
    try {
      await json('POST', '/api/sim/calls', { from: '5125550167', ringTimeoutMs: 150, agent: agentId });
      await next('ringing');
      const end = await next('ended');
      assert.equal(end.type === 'ended' && end.reason, 'missed');
    } finally {
      await provider.disconnect();
    }
  });

  it('an agent that sets itself offline gets no calls', async () => {
    const { provider, agentId, next } = await connectProvider();
    try {
      const initial = await next('presence-changed');
      assert.equal(initial.type === 'presence-changed' && initial.status, 'available');
      await provider.setPresence('offline');
      const presence = await next('presence-changed');
      assert.equal(presence.type === 'presence-changed' && presence.status, 'offline');
      const refused = await json('POST', '/api/sim/calls', { from: '5125550167', agent: agentId });
      assert.equal(refused.status, 409);
      assert.match(JSON.stringify(refused.body), /is offline/);
    } finally {
      await provider.disconnect();
    }
  });
});

describe('cross-origin isolation', () => {
  it('isolates every response when asked, so pages get fine-grained timers', async () => {
    const isolated = await buildConsoleServer({ inMemory: true, crossOriginIsolated: true });
    try {
      for (const url of ['/', '/softphone/', '/assets/softphone-simulator.js', '/api/health']) {
        const response = await isolated.app.inject({ method: 'GET', url });
        assert.equal(response.headers['cross-origin-opener-policy'], 'same-origin', url);
        assert.equal(response.headers['cross-origin-embedder-policy'], 'require-corp', url);
        assert.equal(response.headers['cross-origin-resource-policy'], 'cross-origin', url);
      }
    } finally {
      await isolated.close();
    }
    const plain = await fetch(`${server.url}/`);
    assert.equal(plain.headers.get('cross-origin-embedder-policy'), null, 'off by default');
  });

  it('refuses isolation for a provider that frames a page from elsewhere', async () => {
    const provider = connect({ ccpUrl: 'https://example.my.connect.aws/ccp-v2/', region: 'us-east-1' });
    await assert.rejects(buildConsoleServer({ inMemory: true, crossOriginIsolated: true, provider }), (error: Error) => {
      assert.equal(error.name, 'ConfigError');
      assert.match(error.message, /^crossOriginIsolated must be off for the connect provider: it frames https:\/\/example\.my\.connect\.aws/);
      return true;
    });
  });
});
