// The server's hardening over real HTTP: security headers that leave the pages' own CSP and
// framing alone, CORS and writes refused for foreign origins, 429 with Retry-After past a rate
// limit (per agent), 413 past an endpoint's body limit, and log lines free of secrets.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import twilioLibrary from 'twilio';
import { twilio } from '../../src/providers/twilio/index.js';
import { buildConsoleServer, hardeningFromEnv, startConsoleServer, twilioSettingsFromEnv, type ConsoleServer } from '../../src/server/index.js';
import { httpSession } from '../support/agent-sessions.js';
import { TEST_TWILIO_ENV } from '../support/twilio-env.js';

const settings = twilioSettingsFromEnv(TEST_TWILIO_ENV);
const SOFTPHONE_ORIGIN = 'https://acme--c.vf.force.com';
const FOREIGN_ORIGIN = 'https://evil.example';

/** Log lines the server wrote. */
const lines: string[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

let local: Pick<ConsoleServer, 'url' | 'close'>;
let deployed: ConsoleServer;

before(async () => {
  const built = await buildConsoleServer({
    inMemory: true, provider: twilio(), twilio: { settings },
    logger: { level: 'debug', stream: logStream },
    hardening: { rateLimits: { token: { max: 3, windowMs: 60_000 } } },
  });
  // A handler that logs carelessly: whole headers, a body with a token, a token in the message.
  built.app.post('/api/careless', (request) => {
    const body = (request.body ?? {}) as { token?: string };
    request.log.info({ headers: request.headers, body }, `received token ${body.token ?? ''}`);
    request.log.info({ upstream: { answer: JSON.stringify(body) } }, 'upstream answered');
    return { ok: true };
  });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const address = built.app.server.address();
  local = { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, close: built.close };
  // A deployment: not local development, the softphone hosted on a Visualforce domain.
  deployed = await startConsoleServer({ port: 0, inMemory: true, hardening: { local: false, corsOrigins: [SOFTPHONE_ORIGIN], rateLimits: { writes: { max: 2, windowMs: 60_000 } }, agentOf: (request) => (typeof request.headers['x-agent'] === 'string' ? request.headers['x-agent'] : undefined) } });
});
after(async () => {
  await Promise.all([local.close(), deployed.close()]);
});

describe('security headers', () => {
  it('sends helmet\'s headers, with a CSP that lets nothing run or frame a JSON answer', async () => {
    const response = await fetch(`${local.url}/api/health`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(response.headers.get('cross-origin-resource-policy'), 'same-site');
    assert.equal(response.headers.get('content-security-policy'), "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
    assert.equal(response.headers.get('x-frame-options'), null, 'framing is decided by each page\'s frame-ancestors');
    assert.equal(response.headers.get('strict-transport-security'), null, 'no HSTS on a local console');
    const remote = await fetch(`${deployed.url}/api/health`);
    assert.equal(remote.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
  });

  it('leaves the console\'s and the softphone\'s own CSP, and their framing, as the pages set them', async () => {
    const softphone = await fetch(`${local.url}/softphone/`);
    assert.match(softphone.headers.get('content-security-policy') ?? '', /frame-ancestors 'self' http:\/\/127\.0\.0\.1:\* http:\/\/localhost:\*/);
    assert.match(softphone.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.equal(softphone.headers.get('x-content-type-options'), 'nosniff');
    const consolePage = await fetch(`${local.url}/`);
    assert.match(consolePage.headers.get('content-security-policy') ?? '', /frame-src 'self' http:\/\/127\.0\.0\.1:\*/);
  });
});

describe('CORS and foreign origins', () => {
  const preflight = (server: Pick<ConsoleServer, 'url'>, origin: string) =>
    fetch(`${server.url}/api/voice/calls`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });

  it('allows the softphone\'s configured origin and refuses a foreign one', async () => {
    const allowed = await preflight(deployed, SOFTPHONE_ORIGIN);
    assert.equal(allowed.headers.get('access-control-allow-origin'), SOFTPHONE_ORIGIN);
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /authorization/);
    const foreign = await preflight(deployed, FOREIGN_ORIGIN);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    // Loopback origins are for local development only.
    assert.equal((await preflight(deployed, 'http://127.0.0.1:3000')).headers.get('access-control-allow-origin'), null);
    assert.equal((await preflight(local, 'http://localhost:5173')).headers.get('access-control-allow-origin'), 'http://localhost:5173');
  });

  it('refuses a write from a foreign origin with 403 before it does anything', async () => {
    const before = (await (await fetch(`${deployed.url}/api/sim/calls`)).json()) as { calls: unknown[] };
    // A cross-site form post needs no preflight: CORS alone would let it land.
    const response = await fetch(`${deployed.url}/api/sim/calls`, { method: 'POST', headers: { origin: FOREIGN_ORIGIN, 'content-type': 'text/plain' }, body: '{"from":"+14155550142"}' });
    assert.equal(response.status, 403);
    assert.match(((await response.json()) as { message: string }).message, /Origin https:\/\/evil\.example may not call this server/);
    const afterwards = (await (await fetch(`${deployed.url}/api/sim/calls`)).json()) as { calls: unknown[] };
    assert.equal(afterwards.calls.length, before.calls.length, 'no call was started');
    // The server's own pages write with their own origin (any scheme: a proxy may end TLS in front).
    const own = await fetch(`${deployed.url}/api/admin/faults/drop-connections`, { method: 'POST', headers: { origin: deployed.url.replace('http:', 'https:'), 'x-agent': 'own-page' } });
    assert.equal(own.status, 200);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the token endpoint\'s limit, counted per agent', async () => {
    // Real sessions: the limit counts the signed-in agent, whatever address the requests come from.
    const sessions = { agent: await httpSession(local.url, 'agent'), agent2: await httpSession(local.url, 'agent2') };
    const token = (agent: keyof typeof sessions) => fetch(`${local.url}/api/twilio/token`, { headers: { authorization: `Bearer ${sessions[agent]}` } });
    for (let i = 0; i < 3; i += 1) assert.equal((await token('agent')).status, 200);
    const limited = await token('agent');
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0, 'Retry-After in seconds');
    assert.match(((await limited.json()) as { message: string }).message, /Too many requests to the token endpoint \/api\/twilio\/token: at most 3 per 60 s for each agent/);
    assert.equal((await token('agent2')).status, 200, 'another agent has its own budget');
  });

  it('limits writes on a deployed server, and leaves the local console\'s own endpoints alone', async () => {
    const post = (server: Pick<ConsoleServer, 'url'>) => fetch(`${server.url}/api/admin/faults/drop-connections`, { method: 'POST' });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await post(deployed)).status);
    assert.deepEqual(statuses, [200, 200, 429]);
    for (let i = 0; i < 5; i += 1) assert.equal((await post(local)).status, 200);
  });
});

describe('rate limits and the telephony system\'s own callbacks', () => {
  it('never limits requests Twilio signed (every call\'s callbacks come from its addresses); unsigned ones to the same route are limited', async () => {
    const server = await buildConsoleServer({ inMemory: true, provider: twilio(), twilio: { settings }, hardening: { local: false, rateLimits: { webhook: { max: 3, windowMs: 60_000 } } } });
    try {
      await server.app.listen({ port: 0, host: '127.0.0.1' });
      const address = server.app.server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/twilio/voice`;
      const post = (index: number, sign: boolean) => {
        const params = { CallSid: `CA${String(index).padStart(32, '0')}`, From: '+14155550142', To: 'client:maria' };
        const signature = sign ? twilioLibrary.getExpectedTwilioSignature(TEST_TWILIO_ENV.TWILIO_AUTH_TOKEN, url, params) : 'forged';
        return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
      };
      const signed = [];
      for (let i = 0; i < 10; i += 1) signed.push((await post(i, true)).status);
      assert.deepEqual(signed, Array(10).fill(200), 'ten signed callbacks from one address, past a limit of 3');
      const unsigned = [];
      for (let i = 0; i < 4; i += 1) unsigned.push((await post(i, false)).status);
      assert.deepEqual(unsigned, [403, 403, 403, 429], 'unsigned posts are refused, and limited per address');
    } finally {
      await server.close();
    }
  });
});

describe('body limits', () => {
  it('answers 413 past an endpoint\'s body limit: 32 KB for webhooks, 64 KB for call reports', async () => {
    const webhook = await fetch(`${local.url}/api/twilio/voice`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `From=client%3Aa&To=${'1'.repeat(33 * 1024)}` });
    assert.equal(webhook.status, 413);
    const report = await fetch(`${local.url}/api/voice/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ vendorCallKey: 'x', data: { note: 'x'.repeat(65 * 1024) } }) });
    assert.equal(report.status, 413);
    // A record write keeps the console's 256 KB: a long call note (30,000 three-byte characters, 90 KB) still saves.
    const task = await fetch(`${local.url}/api/sobjects/Task`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Subject: 'Long note', Description: '€'.repeat(30_000) }) });
    assert.equal(task.status, 201);
  });
});

describe('log redaction', () => {
  it('writes no secret, token or signature in any log line', async () => {
    const before = lines.length;
    const assertion = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwMDV4eDAwMDAwMDFBQUEifQ.c2lnbmF0dXJlLXZhbHVl';
    const cookie = 'sid=00Dxx0000001!AQ0AQSessionSecretValue';
    const issued = (await (await fetch(`${local.url}/api/twilio/token`, { headers: { authorization: `Bearer ${assertion}`, cookie, 'x-agent': 'logger' } })).json()) as { token: string };
    await fetch(`${local.url}/api/health?token=query-secret-123456&assertion=${assertion}&agent=maria`);
    const url = `${local.url}/api/twilio/voice`;
    const params = { CallSid: `CA${'a7'.repeat(16)}`, From: 'client:maria', To: '+19005550123' };
    const signature = twilioLibrary.getExpectedTwilioSignature(TEST_TWILIO_ENV.TWILIO_AUTH_TOKEN, url, params);
    const webhook = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
    assert.match(await webhook.text(), /<Say>This call was not placed: the number you dialled is not allowed from this phone\.<\/Say><Hangup\/>/);
    await fetch(`${local.url}/api/careless`, { method: 'POST', headers: { authorization: `Bearer ${assertion}`, 'content-type': 'application/json', 'x-twilio-signature': signature }, body: JSON.stringify({ token: issued.token }) });
    const written = lines.slice(before);
    assert.ok(written.length >= 8, `request lines were logged (${written.length})`);
    assert.ok(written.some((line) => line.includes('/api/health?token=[redacted]&assertion=[redacted]&agent=maria')), 'the URL is logged, its secrets blanked');
    assert.ok(written.some((line) => /outbound call refused: blocked-number-type: \+19005550123/.test(line)), 'the refusal is logged with its rule and number');
    const secrets = { assertion, cookie, signature, 'query secret': 'query-secret-123456', 'Twilio token': issued.token, 'API key secret': TEST_TWILIO_ENV.TWILIO_API_KEY_SECRET, 'auth token': TEST_TWILIO_ENV.TWILIO_AUTH_TOKEN };
    for (const line of written) {
      for (const [name, secret] of Object.entries(secrets)) assert.ok(!line.includes(secret), `the ${name} is in a log line: ${line.slice(0, 300)}`);
    }
  });
});

describe('hardening from the environment', () => {
  it('reads SOFTPHONE_CORS_ORIGINS and names the variable and entry that is wrong', () => {
    assert.deepEqual(hardeningFromEnv({ SOFTPHONE_CORS_ORIGINS: 'https://acme--c.vf.force.com, https://acme.lightning.force.com/' }), { corsOrigins: ['https://acme--c.vf.force.com', 'https://acme.lightning.force.com'] });
    assert.deepEqual(hardeningFromEnv({}), {});
    assert.throws(() => hardeningFromEnv({ SOFTPHONE_CORS_ORIGINS: 'https://ok.example,acme.example/path' }), /SOFTPHONE_CORS_ORIGINS must be comma-separated origins .*got "acme\.example\/path"/);
  });
});

describe('rate limits by the authenticated agent', () => {
  it('count by request.agent.id when authentication has set it', async () => {
    const server = await buildConsoleServer({ inMemory: true, hardening: { local: false, rateLimits: { writes: { max: 1, windowMs: 60_000 } } } });
    try {
      // Stands in for the authentication hook: it decorates the request with the agent it verified.
      server.app.decorateRequest('agent', null);
      server.app.addHook('onRequest', (request, _reply, done) => {
        Object.assign(request, { agent: { id: String(request.headers['x-verified-agent']) } });
        done();
      });
      const post = (agent: string) => server.app.inject({ method: 'POST', url: '/api/admin/faults/drop-connections', headers: { 'x-verified-agent': agent } });
      assert.deepEqual([(await post('005A')).statusCode, (await post('005A')).statusCode, (await post('005B')).statusCode], [200, 429, 200]);
    } finally {
      await server.close();
    }
  });
});
