// The attack suite: every server endpoint, tried the ways an attacker would — no credentials, an
// expired, misdirected, forged, replayed or foreign credential (401); a report or command about
// another agent's call, or an agent without that telephony identity (403); fuzzed JSON bodies (only
// 4xx, nothing written, the server still serving); toll fraud through the signed Twilio voice webhook
// (a premium-rate, a denied and an out-of-policy destination, and one call past the per-agent rate:
// each answered with TwiML that dials nothing). The server runs as in production (`salesforce`
// authentication, no relaxation), trusting the local console org's certificate; the console org's
// signer plays Salesforce. Attempts are data (`ATTEMPTS`): more rows are added by pushing to it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { SignJWT, calculateJwkThumbprint, exportJWK, importPKCS8, importSPKI, type CryptoKey } from 'jose';
import WebSocket from 'ws';
import { CONSOLE_USERS, LOCAL_ORG_ID, type ConsoleUser } from '../../src/console/users.js';
import { twilio } from '../../src/providers/twilio/index.js';
import { LOCAL_AUDIENCE, LocalOrgSigner, SessionTokens, localOrgKeys } from '../../src/server/auth/index.js';
import { startConsoleServer, twilioSettingsFromEnv, type ConsoleServer } from '../../src/server/index.js';
import { TEST_TWILIO_ENV } from '../support/twilio-env.js';
import { postOutboundWebhook } from '../support/twilio-webhook.js';

const SECRET = 'attack-suite-session-secret-0123456789abcdef';
const SESSION_AUDIENCE = `${LOCAL_AUDIENCE}#session`;
const [agent, agent2] = CONSOLE_USERS as [ConsoleUser, ConsoleUser];
/** A user the org signs in who has no Twilio identity and no simulator agent. */
const bare: ConsoleUser = { ...agent, alias: 'bare', userId: '005000000000004AAA', name: 'Pat Doe', username: 'bare@softphone.local' };
const OTHER_ORG = '00D000000000009ZZZ';

let server: ConsoleServer;
let signer: LocalOrgSigner;
/** The org's OpenID Connect side (keys and token endpoint) for the Voice connector's sign-in. */
let oidcOrg: FastifyInstance;
/** Authorization codes the org's token endpoint redeems, each for the ID token the attempt forges. */
const idTokensByCode = new Map<string, string>();
let orgKey: CryptoKey;
let foreignKey: CryptoKey;
let orgKid = '';
const OIDC_ISSUER = 'https://acme.my.salesforce.com';
const OIDC_CLIENT = '3MVG9attackSuite.consumerKey';
let foreignSigner: LocalOrgSigner;
/** Session tokens of the attackers' own accounts, got the legitimate way. */
const sessions: Record<string, string> = {};
/** A call of `agent` on the simulator: reports about it from anyone else are refused. */
let agentCall = '';
let agentSocket: WebSocket | undefined;

/** One way of presenting (or not) a credential. */
interface Credential {
  readonly name: string;
  readonly expect: 401 | 403;
  /** The `Authorization` header value, or none. */
  header(): Promise<string | undefined>;
}

/** One endpoint, reached with a credential; answers the HTTP status. */
interface Endpoint {
  readonly name: string;
  send(authorization: string | undefined, body?: unknown): Promise<number>;
}

/** One row of the table: an attempt and what it must get. */
export interface Attempt {
  readonly endpoint: string;
  readonly attempt: string;
  /** The HTTP status (or WebSocket refusal status) it must get. */
  readonly expect: number;
  run(): Promise<number>;
}

const old = (seconds: number) => Date.now() - seconds * 1000;
const bearer = (token: string) => `Bearer ${token}`;

/** Credentials that prove nothing: each refused with 401. */
const CREDENTIALS: Credential[] = [
  { name: 'no credentials', expect: 401, header: async () => undefined },
  { name: 'expired session', expect: 401, header: async () => bearer((await new SessionTokens(SECRET, SESSION_AUDIENCE).issue({ userId: agent.userId, orgId: LOCAL_ORG_ID }, old(3600))).token) },
  { name: 'session for another server (aud)', expect: 401, header: async () => bearer((await new SessionTokens(SECRET, 'https://other.example.com#session').issue({ userId: agent.userId, orgId: LOCAL_ORG_ID })).token) },
  { name: 'session signed with another key', expect: 401, header: async () => bearer((await new SessionTokens('another-secret-another-secret-0123456789', SESSION_AUDIENCE).issue({ userId: agent.userId, orgId: LOCAL_ORG_ID })).token) },
  { name: "another org's session", expect: 401, header: async () => bearer((await new SessionTokens(SECRET, SESSION_AUDIENCE).issue({ userId: agent.userId, orgId: OTHER_ORG })).token) },
  { name: 'assertion (one-time) sent as a session', expect: 401, header: async () => bearer(await signer.sign(agent)) },
  { name: 'garbage bearer', expect: 401, header: async () => 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIwMDUwMDAwMDAwMDAwMDFBQUEifQ.' },
];

/** Assertions exchanged at /api/auth/session that must not sign anyone in. */
const ASSERTIONS: Array<{ readonly name: string; readonly expect: 401 | 403; make(): Promise<unknown> }> = [
  { name: 'no assertion', expect: 401, make: async () => undefined },
  { name: 'expired assertion', expect: 401, make: () => signer.sign(agent, { nowMs: old(600), seconds: 120 }) },
  { name: 'assertion older than the maximum age', expect: 401, make: () => signer.sign(agent, { nowMs: old(400), seconds: 600 }) },
  { name: 'assertion for another server (aud)', expect: 401, make: () => signer.sign(agent, { audience: 'https://other.example.com' }) },
  { name: 'assertion signed with another key', expect: 401, make: () => foreignSigner.sign(agent) },
  { name: "another org's assertion", expect: 401, make: () => foreignSigner.sign(agent, { orgId: OTHER_ORG }) },
  {
    name: 'replayed assertion (jti seen)',
    expect: 401,
    make: async () => {
      const assertion = await signer.sign(agent2);
      await exchange(assertion);
      return assertion;
    },
  },
  { name: 'user not in the agent directory', expect: 403, make: () => signer.sign({ ...agent, userId: '005000000000099AAA' }) },
];

const redirectUri = 'https://phone.example.com/voice/connector.html';
const codeVerifier = 'v'.repeat(43);
let codes = 0;
/** An ID token as the org's token endpoint returns one (claims overridden, or removed with `undefined`). */
async function forgedIdToken(nonce: string, claims: Record<string, unknown> = {}, options: { key?: CryptoKey; nowMs?: number } = {}): Promise<string> {
  const iat = Math.floor((options.nowMs ?? Date.now()) / 1000);
  const payload: Record<string, unknown> = { iss: OIDC_ISSUER, aud: OIDC_CLIENT, sub: `https://login.salesforce.com/id/${LOCAL_ORG_ID}/${agent.userId}`, iat, exp: iat + 300, nonce, ...claims };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: orgKid }).sign(options.key ?? orgKey);
}
/** Signs in with OpenID Connect: an authorization code whose redemption yields `idToken`, with `nonce`. */
async function oidcExchange(idToken: string | undefined, nonce: string): Promise<number> {
  const code = `code-${(codes += 1)}`;
  if (idToken !== undefined) idTokensByCode.set(code, idToken);
  const response = await server.app.inject({ method: 'POST', url: '/api/auth/session', payload: { oidc: { code, codeVerifier, redirectUri, nonce } } });
  return response.statusCode;
}
const nonceOf = (label: string) => `nonce-${label}-${Math.random().toString(36).slice(2)}`.replace(/[^\w-]/g, '').padEnd(16, 'x');

/** OpenID Connect sign-ins (the Voice connector page) at /api/auth/session that must not sign anyone in. */
const OIDC_SIGN_INS: Array<{ readonly name: string; readonly expect: 401 | 403; run(): Promise<number> }> = [
  { name: 'OIDC: no code', expect: 401, run: async () => (await server.app.inject({ method: 'POST', url: '/api/auth/session', payload: { oidc: { codeVerifier, redirectUri, nonce: nonceOf('a') } } })).statusCode },
  { name: 'OIDC: code the org does not know (invalid_grant)', expect: 401, run: () => oidcExchange(undefined, nonceOf('b')) },
  { name: 'OIDC: expired ID token', expect: 401, run: async () => { const n = nonceOf('c'); return oidcExchange(await forgedIdToken(n, {}, { nowMs: old(900) }), n); } },
  { name: 'OIDC: ID token for another connected app (aud)', expect: 401, run: async () => { const n = nonceOf('d'); return oidcExchange(await forgedIdToken(n, { aud: '3MVG9someoneElse' }), n); } },
  { name: 'OIDC: ID token signed with another key', expect: 401, run: async () => { const n = nonceOf('e'); return oidcExchange(await forgedIdToken(n, {}, { key: foreignKey }), n); } },
  { name: "OIDC: another org's ID token (iss)", expect: 401, run: async () => { const n = nonceOf('f'); return oidcExchange(await forgedIdToken(n, { iss: 'https://evil.my.salesforce.com' }), n); } },
  { name: "OIDC: ID token of another org's user (sub)", expect: 401, run: async () => { const n = nonceOf('g'); return oidcExchange(await forgedIdToken(n, { sub: `https://login.salesforce.com/id/${OTHER_ORG}/${agent.userId}` }), n); } },
  { name: 'OIDC: ID token without a nonce', expect: 401, run: async () => { const n = nonceOf('h'); return oidcExchange(await forgedIdToken(n, { nonce: undefined }), n); } },
  { name: "OIDC: ID token of another sign-in's nonce", expect: 401, run: async () => oidcExchange(await forgedIdToken(nonceOf('i')), nonceOf('j')) },
  {
    name: 'OIDC: replayed ID token (nonce and token seen)',
    expect: 401,
    run: async () => {
      const n = nonceOf('k');
      const token = await forgedIdToken(n, { sub: `https://login.salesforce.com/id/${LOCAL_ORG_ID}/${agent2.userId}` });
      assert.equal(await oidcExchange(token, n), 200, 'the first sign-in works');
      return oidcExchange(token, n);
    },
  },
  { name: 'OIDC: user not in the agent directory', expect: 403, run: async () => { const n = nonceOf('l'); return oidcExchange(await forgedIdToken(n, { sub: `https://login.salesforce.com/id/${LOCAL_ORG_ID}/005000000000099AAA` }), n); } },
];

async function exchange(assertion: unknown): Promise<{ status: number; session?: string }> {
  const response = await server.app.inject({ method: 'POST', url: '/api/auth/session', payload: assertion === undefined ? {} : { assertion } });
  return { status: response.statusCode, ...(response.statusCode === 200 ? { session: response.json<{ session: string }>().session } : {}) };
}

const post = (url: string): Endpoint => ({
  name: `POST ${url.replace(/SIM-[\w-]+/, ':call')}`,
  send: async (authorization, body = {}) =>
    (await server.app.inject({ method: 'POST', url: url.replace(':call', agentCall), payload: body as object, headers: authorization ? { authorization } : {} })).statusCode,
});

/** Every endpoint that needs a session. */
const ENDPOINTS = (): Endpoint[] => [
  { name: 'GET /api/twilio/token', send: async (authorization) => (await server.app.inject({ method: 'GET', url: '/api/twilio/token', headers: authorization ? { authorization } : {} })).statusCode },
  post('/api/voice/calls'),
  post('/api/voice/calls/:call/connected'),
  post('/api/voice/calls/:call/ended'),
  post('/api/voice/calls/:call/messages'),
  post('/api/voice/calls/:call/omni-flow'),
  { name: 'WS /api/sim/agent', send: (authorization) => socketStatus(authorization?.replace(/^Bearer /, '')) },
];

/** Opens the simulator's agent socket with a session (as a page does, in the subprotocols): 101 when it opens, else the refusal's status. */
function socketStatus(token: string | undefined, agentQuery = 'agent'): Promise<number> {
  return new Promise((resolve) => {
    const url = `${server.url.replace('http', 'ws')}/api/sim/agent?agent=${agentQuery}`;
    const socket = token ? new WebSocket(url, ['softphone-session', token]) : new WebSocket(url);
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', () => resolve(0));
  });
}

/**
 * An outbound call the agent's softphone places (Twilio posts the signed voice webhook): `0`
 * ("refused") when the TwiML dials nothing and hangs up, 200 when it dials.
 */
async function placeOutbound(from: string, to: string): Promise<number> {
  const { status, twiml } = await postOutboundWebhook(server.url, from, to);
  if (status !== 200) return status;
  return /<Dial/.test(twiml) ? 200 : /<Hangup\/>/.test(twiml) ? 0 : -1;
}

/** The table's rows: built once the server runs. Push more (e.g. toll-fraud limits) in the same shape. */
export const ATTEMPTS: Attempt[] = [];
const results: Array<Attempt & { readonly got: number }> = [];

function voiceCallsWritten(): Promise<number> {
  return server.app.inject({ method: 'GET', url: '/api/voice/stand-in' }).then((response) => response.json<{ voiceCalls: unknown[] }>().voiceCalls.length);
}

before(async () => {
  const keys = await localOrgKeys();
  signer = await LocalOrgSigner.create(keys);
  foreignSigner = await LocalOrgSigner.create(await localOrgKeys());
  orgKey = await importPKCS8(keys.privateKeyPem, 'RS256');
  foreignKey = await importPKCS8((await localOrgKeys()).privateKeyPem, 'RS256');
  const jwk = await exportJWK(await importSPKI(keys.publicKeyPem, 'RS256', { extractable: true }));
  orgKid = await calculateJwkThumbprint(jwk);
  // The org's /id/keys and /services/oauth2/token on loopback: its token endpoint redeems a code
  // once, for the ID token the attempt forged (or answers invalid_grant, as Salesforce does).
  oidcOrg = Fastify();
  await oidcOrg.register(fastifyFormbody);
  oidcOrg.get('/id/keys', () => ({ keys: [{ ...jwk, kid: orgKid, alg: 'RS256', use: 'sig' }] }));
  oidcOrg.post('/services/oauth2/token', (request, reply) => {
    const { code, code_verifier: verifier } = request.body as Record<string, string>;
    const idToken = idTokensByCode.get(code ?? '');
    idTokensByCode.delete(code ?? '');
    if (!idToken || verifier !== codeVerifier) return reply.code(400).send({ error: 'invalid_grant', error_description: 'invalid authorization code' });
    return { access_token: 'x', id_token: idToken, token_type: 'Bearer' };
  });
  const oidcOrgUrl = await oidcOrg.listen({ port: 0, host: '127.0.0.1' });
  const agents = Object.fromEntries([
    ...CONSOLE_USERS.map((user) => [user.userId, { role: user.role, simulatorAgent: user.simulatorAgent, twilioIdentity: user.twilioIdentity }]),
    [bare.userId, {}],
  ]);
  server = await startConsoleServer({
    port: 0,
    inMemory: true,
    provider: twilio(),
    twilio: { settings: twilioSettingsFromEnv(TEST_TWILIO_ENV) },
    dialPolicy: { denyPrefixes: ['+1212'], rate: { perMinute: 3, perHour: 20 } },
    auth: {
      kind: 'salesforce',
      orgs: [{ orgId: LOCAL_ORG_ID, publicKeyPem: keys.publicKeyPem }],
      oidc: [{ orgId: LOCAL_ORG_ID, issuer: OIDC_ISSUER, clientId: OIDC_CLIENT, jwksUrl: `${oidcOrgUrl}/id/keys`, tokenUrl: `${oidcOrgUrl}/services/oauth2/token` }],
      audience: LOCAL_AUDIENCE,
      sessionSecret: SECRET,
      agents,
    },
  });
  for (const user of [agent, agent2, bare]) {
    const { status, session } = await exchange(await signer.sign(user));
    assert.equal(status, 200, `${user.alias} signs in`);
    sessions[user.alias] = session ?? '';
  }
  // The agent's own softphone is connected (with its session), so a call rings it.
  agentSocket = new WebSocket(`${server.url.replace('http', 'ws')}/api/sim/agent`, ['softphone-session', sessions.agent ?? '']);
  await new Promise<void>((resolve, reject) => {
    agentSocket?.once('message', () => resolve());
    agentSocket?.once('error', reject);
  });
  agentCall = server.simulator.placeInbound({ from: '+14155550142', agent: 'agent' });

  for (const endpoint of ENDPOINTS()) {
    for (const credential of CREDENTIALS) {
      ATTEMPTS.push({ endpoint: endpoint.name, attempt: credential.name, expect: credential.expect, run: async () => endpoint.send(await credential.header()) });
    }
  }
  for (const assertion of ASSERTIONS) {
    ATTEMPTS.push({ endpoint: 'POST /api/auth/session', attempt: assertion.name, expect: assertion.expect, run: async () => (await exchange(await assertion.make())).status });
  }
  for (const signIn of OIDC_SIGN_INS) ATTEMPTS.push({ endpoint: 'POST /api/auth/session', attempt: signIn.name, expect: signIn.expect, run: () => signIn.run() });
  const asAgent2 = bearer(sessions.agent2 ?? '');
  const report = { startTime: '2026-01-02T03:04:05.000Z', endTime: '2026-01-02T03:05:00.000Z', reason: 'hangup-remote', totalHoldDurationSeconds: 0, numberOfHolds: 0 };
  ATTEMPTS.push(
    { endpoint: 'POST /api/voice/calls', attempt: "another agent's call: start report", expect: 403, run: () => post('/api/voice/calls').send(asAgent2, { vendorCallKey: agentCall, direction: 'inbound', from: '+14155550142', to: '+14155550100', startTime: report.startTime }) },
    { endpoint: 'POST /api/voice/calls/:call/connected', attempt: "another agent's call", expect: 403, run: () => post('/api/voice/calls/:call/connected').send(asAgent2, { acceptTime: report.startTime }) },
    { endpoint: 'POST /api/voice/calls/:call/ended', attempt: "another agent's call", expect: 403, run: () => post('/api/voice/calls/:call/ended').send(asAgent2, report) },
    { endpoint: 'POST /api/voice/calls/:call/messages', attempt: "another agent's call", expect: 403, run: () => post('/api/voice/calls/:call/messages').send(asAgent2, { messageId: 'm1', participantId: 'x', senderType: 'END_USER', content: 'hi', startTime: 1, endTime: 2 }) },
    { endpoint: 'POST /api/voice/calls/:call/omni-flow', attempt: "another agent's call", expect: 403, run: () => post('/api/voice/calls/:call/omni-flow').send(asAgent2, { flowDevName: 'Route', fallbackQueue: 'Q' }) },
    { endpoint: 'GET /api/twilio/token', attempt: 'agent without a Twilio identity', expect: 403, run: () => ENDPOINTS()[0]!.send(bearer(sessions.bare ?? '')) },
    { endpoint: 'WS /api/sim/agent', attempt: 'agent without a simulator agent', expect: 403, run: () => socketStatus(sessions.bare) },
    // Toll fraud: the policy (default: the phone regions, costly number types blocked; here also a
    // denied prefix and 3 calls a minute per agent) decides on the server, whatever the browser asks.
    { endpoint: 'POST /api/twilio/voice', attempt: 'dial a premium-rate number (+1 900)', expect: 0, run: () => placeOutbound(agent.twilioIdentity, '+19005550123') },
    { endpoint: 'POST /api/twilio/voice', attempt: 'dial a denied prefix (+1 212)', expect: 0, run: () => placeOutbound(agent.twilioIdentity, '+12125550100') },
    { endpoint: 'POST /api/twilio/voice', attempt: 'dial outside the allowed countries (FR)', expect: 0, run: () => placeOutbound(agent.twilioIdentity, '+33142685300') },
    {
      endpoint: 'POST /api/twilio/voice',
      attempt: 'a 4th call in a minute (rate 3/min per agent)',
      expect: 0,
      run: async () => {
        for (let i = 1; i <= 3; i += 1) assert.equal(await placeOutbound(agent2.twilioIdentity, `+1415555010${i}`), 200, `allowed call ${i}`);
        return placeOutbound(agent2.twilioIdentity, '+14155550109');
      },
    },
  );
});

after(async () => {
  agentSocket?.close();
  await server?.close();
  await oidcOrg?.close();
});

describe('attack suite (production authentication)', () => {
  it('refuses every attempt with the expected status, and writes nothing', async () => {
    assert.ok(ATTEMPTS.length >= 60, `${ATTEMPTS.length} attempts`);
    for (const attempt of ATTEMPTS) results.push({ ...attempt, got: await attempt.run() });
    assert.equal(await voiceCallsWritten(), 0, 'no VoiceCall written');
    const wrong = results.filter((row) => row.got !== row.expect);
    assert.deepEqual(wrong.map((row) => `${row.endpoint} / ${row.attempt}: got ${row.got}, expected ${row.expect}`), []);
  });

  it('a command about another agent\'s call on the simulator socket is refused as an unknown call', async () => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/sim/agent?agent=agent`, ['softphone-session', sessions.agent2 ?? '']);
    const answer = await new Promise<{ ok: boolean; code?: string; requestId: number }>((resolve, reject) => {
      socket.on('message', (raw: Buffer) => {
        const message = JSON.parse(raw.toString()) as { type: string; ok: boolean; code?: string; requestId: number };
        if (message.type === 'hello') socket.send(JSON.stringify({ type: 'command', requestId: 1, command: { type: 'hangup', callId: agentCall } }));
        if (message.type === 'result') resolve(message);
      });
      socket.on('error', reject);
    });
    socket.close();
    assert.deepEqual([answer.requestId, answer.ok, answer.code], [1, false, 'unknown-call'], 'the other agent\'s call does not exist for this agent');
    assert.equal(server.simulator.get(agentCall).state, 'ringing', 'the call is untouched');
    results.push({ endpoint: 'WS /api/sim/agent', attempt: "command (hang up) on another agent's call", expect: 0, run: async () => 0, got: 0 });
  });

  it('fuzzed JSON bodies get only 4xx answers, write nothing, and the server keeps serving', async () => {
    const bodies = fc.oneof(
      fc.jsonValue(),
      fc.record({ vendorCallKey: fc.oneof(fc.string(), fc.constant(agentCall)), direction: fc.oneof(fc.string(), fc.constantFrom('inbound', 'outbound')), from: fc.string(), to: fc.string(), startTime: fc.oneof(fc.string(), fc.date().map((d) => (Number.isNaN(d.getTime()) ? '' : d.toISOString()))), data: fc.jsonValue() }, { requiredKeys: [] }),
      fc.record({ assertion: fc.oneof(fc.string(), fc.jsonValue()), acceptTime: fc.string(), reason: fc.string(), messageId: fc.string(), flowDevName: fc.string() }, { requiredKeys: [] }),
      fc.record({ oidc: fc.oneof(fc.jsonValue(), fc.record({ code: fc.string(), codeVerifier: fc.oneof(fc.string(), fc.constant(codeVerifier)), redirectUri: fc.oneof(fc.string(), fc.webUrl()), nonce: fc.string(), issuer: fc.oneof(fc.string(), fc.constant(OIDC_ISSUER)) }, { requiredKeys: [] })) }),
    );
    const endpoints = [...ENDPOINTS().filter((endpoint) => endpoint.name.startsWith('POST')), { name: 'POST /api/auth/session', send: async (_authorization: string | undefined, body?: unknown) => (await server.app.inject({ method: 'POST', url: '/api/auth/session', payload: body as object })).statusCode }];
    const who = fc.constantFrom<string | undefined>(undefined, bearer(sessions.agent2 ?? ''), 'Bearer x.y.z');
    let runs = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), who, bodies, async (endpoint, authorization, body) => {
        const status = await endpoint.send(authorization, body);
        runs += 1;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        return status >= 400 && status < 500;
      }),
      { numRuns: 400, seed: 15 },
    );
    assert.equal(await voiceCallsWritten(), 0, 'no VoiceCall written');
    assert.equal((await server.app.inject({ method: 'GET', url: '/api/health' })).statusCode, 200, 'still serving');
    console.log(`fuzz: ${runs} bodies → ${[...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(', ')}`);
    results.push({ endpoint: 'every JSON body', attempt: `fast-check fuzz (${runs} bodies)`, expect: 4, run: async () => 4, got: [...statuses.keys()].every((status) => status >= 400 && status < 500) ? 4 : 5 });
  });

  it('prints the table of attempts and outcomes', () => {
    const rows = results.map((row) => ({ endpoint: row.endpoint, attempt: row.attempt, expected: row.expect === 4 ? '4xx' : row.expect === 0 ? 'refused' : String(row.expect), got: row.got === 4 ? '4xx' : row.got === 0 ? 'refused' : String(row.got), ok: row.got === row.expect ? 'yes' : 'NO' }));
    const widths = ['endpoint', 'attempt', 'expected', 'got', 'ok'].map((key) => Math.max(key.length, ...rows.map((row) => row[key as keyof typeof row].length)));
    const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(' | ');
    console.log([line(['endpoint', 'attempt', 'expected', 'got', 'ok']), widths.map((width) => '-'.repeat(width)).join('-|-'), ...rows.map((row) => line([row.endpoint, row.attempt, row.expected, row.got, row.ok]))].join('\n'));
    const byOutcome = new Map<string, number>();
    for (const row of rows) byOutcome.set(row.got, (byOutcome.get(row.got) ?? 0) + 1);
    console.log(`${rows.length} attempts: ${[...byOutcome].map(([got, count]) => `${count} × ${got}`).join(', ')}; refused as expected: ${rows.filter((row) => row.ok === 'yes').length}/${rows.length}; VoiceCalls written: 0`);
    assert.ok(rows.every((row) => row.ok === 'yes'));
  });
});
