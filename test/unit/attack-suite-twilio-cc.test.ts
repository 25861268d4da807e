// The attack suite's rows for the Twilio contact centre (`/api/twilio/cc/…`), against a real call in
// the loopback Twilio stand-in: the agent has accepted a TaskRouter reservation and talks with a
// customer in a conference. Every agent route is tried with no credentials and with expired,
// misdirected, forged, foreign and one-time credentials (401); by another agent on the agent's
// call, task and reservation, by an agent on the supervisors' list of calls, and by a user without
// a Twilio identity (403); transfers, consults and conferences to blocked destinations (refused,
// saying why); fuzzed JSON bodies (only 4xx); a consulted colleague, refused while their leg rings
// and again once they have hung up.
// Twilio's webhooks and callbacks are tried unsigned and wrongly signed (403). Whatever happens, the
// stand-in's calls, conferences, recordings, tasks, reservations and workers stay as they were.
// The server runs as in production (`salesforce` authentication), as in attack-suite.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import twilioLibrary from 'twilio';
import { CONSOLE_USERS, LOCAL_ORG_ID, type ConsoleUser } from '../../src/console/users.js';
import { twilio } from '../../src/providers/twilio/index.js';
import { LOCAL_AUDIENCE, LocalOrgSigner, SessionTokens, localOrgKeys } from '../../src/server/auth/index.js';
import { startConsoleServer, twilioSettingsFromEnv, type ConsoleServer } from '../../src/server/index.js';
import { provisionContactCentre } from '../../src/server/twilio/provision.js';
import { TEST_TWILIO_ENV } from '../support/twilio-env.js';
import { eventually, startStandInFixture, type StandInFixture } from '../support/twilio-stand-in.js';

const SECRET = 'attack-suite-cc-session-secret-0123456789';
const SESSION_AUDIENCE = `${LOCAL_AUDIENCE}#session`;
const [agent, agent2] = CONSOLE_USERS as [ConsoleUser, ConsoleUser];
/** A user the org signs in who has no Twilio identity. */
const bare: ConsoleUser = { ...agent, alias: 'bare', userId: '005000000000004AAA', name: 'Pat Doe', username: 'bare@softphone.local' };
const OTHER_ORG = '00D000000000009ZZZ';
const CALLER = '+14155550142';

let fixture: StandInFixture;
let server: ConsoleServer;
let signer: LocalOrgSigner;
const sessions: Record<string, string> = {};
/** The agent's live call: its conference, task, accepted reservation and the customer's leg. */
const call = { conferenceSid: '', taskSid: '', reservationSid: '', customerCallSid: '' };

const old = (seconds: number) => Date.now() - seconds * 1000;
const bearer = (token: string) => `Bearer ${token}`;

/** Credentials that prove nothing, each presented in the agent's name: each refused with 401. */
const CREDENTIALS: ReadonlyArray<{ readonly name: string; header(): Promise<string | undefined> }> = [
  { name: 'no credentials', header: async () => undefined },
  { name: 'expired session', header: async () => bearer((await new SessionTokens(SECRET, SESSION_AUDIENCE).issue({ userId: agent.userId, orgId: LOCAL_ORG_ID }, old(3600))).token) },
  { name: 'session for another server (aud)', header: async () => bearer((await new SessionTokens(SECRET, 'https://other.example.com#session').issue({ userId: agent.userId, orgId: LOCAL_ORG_ID })).token) },
  { name: 'session signed with another key', header: async () => bearer((await new SessionTokens('another-secret-another-secret-0123456789', SESSION_AUDIENCE).issue({ userId: agent.userId, orgId: LOCAL_ORG_ID })).token) },
  { name: "another org's session", header: async () => bearer((await new SessionTokens(SECRET, SESSION_AUDIENCE).issue({ userId: agent.userId, orgId: OTHER_ORG })).token) },
  { name: 'assertion (one-time id) sent as a session', header: async () => bearer(await signer.sign(agent)) },
  { name: 'expired assertion', header: async () => bearer(await signer.sign(agent, { nowMs: old(600), seconds: 120 })) },
  { name: 'assertion for another server (aud)', header: async () => bearer(await signer.sign(agent, { audience: 'https://other.example.com' })) },
  { name: 'replayed assertion (jti already used)', header: async () => {
    const assertion = await signer.sign(agent);
    assert.equal((await exchange(assertion)).status, 200);
    return bearer(assertion);
  } },
  { name: 'garbage bearer', header: async () => 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIwMDUwMDAwMDAwMDAwMDFBQUEifQ.' },
];

/**
 * One agent route: `scope` says whose resource it names (the agent's call, task or reservation), the
 * caller's own, or what only a supervisor may read (`supervisor`).
 */
interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly scope: 'own' | 'call' | 'task' | 'reservation' | 'supervisor';
  /** A well-formed body, so that only the credential or the owner decides. */
  readonly body?: () => object;
}

const CC = '/api/twilio/cc';
const ON_CALL = `${CC}/calls/:conferenceSid`;
const ROUTES: readonly Route[] = [
  { method: 'GET', path: `${CC}/worker-token`, scope: 'own' },
  { method: 'GET', path: `${CC}/tasks`, scope: 'own' },
  { method: 'GET', path: `${CC}/presence`, scope: 'own' },
  { method: 'GET', path: `${CC}/team-calls`, scope: 'supervisor' },
  { method: 'PUT', path: `${CC}/presence`, scope: 'own', body: () => ({ status: 'offline' }) },
  { method: 'POST', path: `${CC}/reservations/:taskSid/:reservationSid/accept`, scope: 'reservation' },
  { method: 'POST', path: `${CC}/reservations/:taskSid/:reservationSid/reject`, scope: 'reservation' },
  { method: 'POST', path: `${CC}/tasks/:taskSid/complete`, scope: 'task' },
  { method: 'GET', path: ON_CALL, scope: 'call' },
  { method: 'POST', path: `${ON_CALL}/hold`, scope: 'call', body: () => ({ callSid: call.customerCallSid }) },
  { method: 'POST', path: `${ON_CALL}/resume`, scope: 'call', body: () => ({ callSid: call.customerCallSid }) },
  { method: 'POST', path: `${ON_CALL}/merge`, scope: 'call' },
  { method: 'POST', path: `${ON_CALL}/complete-transfer`, scope: 'call' },
  { method: 'POST', path: `${ON_CALL}/transfer`, scope: 'call', body: () => ({ to: { kind: 'number', number: '+14155550199' } }) },
  { method: 'POST', path: `${ON_CALL}/participants`, scope: 'call', body: () => ({ to: { kind: 'agent', identity: agent2.twilioIdentity }, mode: 'consult' }) },
  { method: 'DELETE', path: `${ON_CALL}/participants/:callSid`, scope: 'call' },
  { method: 'POST', path: `${ON_CALL}/hangup`, scope: 'call' },
  { method: 'POST', path: `${ON_CALL}/rejoin`, scope: 'call' },
  { method: 'POST', path: `${ON_CALL}/monitor`, scope: 'call', body: () => ({ mode: 'listen' }) },
  { method: 'PUT', path: `${ON_CALL}/monitor`, scope: 'call', body: () => ({ mode: 'barge' }) },
  { method: 'POST', path: `${ON_CALL}/recording`, scope: 'call' },
  { method: 'DELETE', path: `${ON_CALL}/recording`, scope: 'call' },
];

/** Twilio's signed webhook and callbacks, with parameters that would change the agent's call if believed. */
const CALLBACKS: ReadonlyArray<{ readonly path: () => string; readonly params: () => Record<string, string> }> = [
  { path: () => `${CC}/voice`, params: () => ({ CallSid: `CA${'9'.repeat(32)}`, From: CALLER, To: '+14155550100', CallerName: 'Mallory' }) },
  { path: () => `${CC}/conference-events`, params: () => ({ ConferenceSid: call.conferenceSid, StatusCallbackEvent: 'conference-end', FriendlyName: call.taskSid }) },
  { path: () => `${CC}/leg-events?conference=${call.conferenceSid}`, params: () => ({ CallSid: call.customerCallSid, CallStatus: 'completed' }) },
  { path: () => `${CC}/taskrouter-events`, params: () => ({ EventType: 'task.canceled', TaskSid: call.taskSid, ResourceSid: call.taskSid }) },
  { path: () => `${CC}/recording-events`, params: () => ({ RecordingSid: `RE${'9'.repeat(32)}`, RecordingStatus: 'completed', CallSid: call.customerCallSid }) },
];

const urlOf = (path: string) => path.replace(':conferenceSid', call.conferenceSid).replace(':taskSid', call.taskSid).replace(':reservationSid', call.reservationSid).replace(':callSid', call.customerCallSid);

async function send(route: Route, authorization: string | undefined, body: unknown = route.body?.()): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await server.app.inject({
    method: route.method,
    url: urlOf(route.path),
    headers: authorization ? { authorization } : {},
    ...(body === undefined ? {} : { payload: body as object }),
  });
  let json: Record<string, unknown> = {};
  try {
    json = response.json<Record<string, unknown>>();
  } catch {
    json = { text: response.body };
  }
  return { status: response.statusCode, json };
}

async function exchange(assertion: unknown): Promise<{ status: number; session?: string }> {
  const response = await server.app.inject({ method: 'POST', url: '/api/auth/session', payload: { assertion } });
  return { status: response.statusCode, ...(response.statusCode === 200 ? { session: response.json<{ session: string }>().session } : {}) };
}

/** An agent's request over HTTP (the stand-in calls the server back while it runs). */
async function asAgent(user: ConsoleUser, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, { method, headers: { authorization: bearer(sessions[user.alias] ?? ''), ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Everything the stand-in holds about calls and routing, as text: equal before and after means nothing changed. */
function standInState(): string {
  const { voice, taskRouter } = fixture.standIn;
  const plain = (_key: string, value: unknown) => (value instanceof Map ? [...value.entries()] : value);
  return JSON.stringify({ calls: voice.calls, conferences: voice.conferences, recordings: voice.recordings, tasks: taskRouter.tasks, reservations: taskRouter.reservations, workers: taskRouter.workers }, plain);
}

/** One row of the table. */
interface Row {
  readonly endpoint: string;
  readonly attempt: string;
  readonly expected: string;
  readonly got: string;
  readonly ok: boolean;
}
const rows: Row[] = [];
const row = (endpoint: string, attempt: string, expected: number | string, got: number | string) => rows.push({ endpoint, attempt, expected: String(expected), got: String(got), ok: String(expected) === String(got) });
let before0 = '';

before(async () => {
  fixture = await startStandInFixture();
  const centre = await provisionContactCentre(fixture.client, { friendlyName: 'Support', reservationTimeoutSeconds: 120 });
  const workers: Record<string, string> = {};
  for (const user of [agent, agent2]) {
    const worker = await fixture.client.taskrouter.v1.workspaces(centre.workspaceSid).workers.create({ friendlyName: user.twilioIdentity ?? '', attributes: JSON.stringify({ contact_uri: `client:${user.twilioIdentity}` }) });
    workers[user.userId] = worker.sid;
  }
  const keys = await localOrgKeys();
  signer = await LocalOrgSigner.create(keys);
  const settings = twilioSettingsFromEnv(TEST_TWILIO_ENV);
  const agents = Object.fromEntries([
    ...CONSOLE_USERS.map((user) => [user.userId, { role: user.role, simulatorAgent: user.simulatorAgent, twilioIdentity: user.twilioIdentity, ...(workers[user.userId] ? { taskRouterWorkerSid: workers[user.userId] } : {}) }]),
    [bare.userId, {}],
  ]);
  server = await startConsoleServer({
    port: 0,
    inMemory: true,
    provider: twilio(),
    twilio: { settings },
    twilioContactCentre: { settings, contactCentre: { workspaceSid: centre.workspaceSid, workflowSid: centre.workflowSid, activities: { available: 'Available', busy: 'Busy', offline: 'Offline', wrapUp: 'Wrap-up' }, apiBaseUrl: fixture.standIn.url } },
    dialPolicy: { denyPrefixes: ['+1212'] },
    auth: { kind: 'salesforce', orgs: [{ orgId: LOCAL_ORG_ID, publicKeyPem: keys.publicKeyPem }], audience: LOCAL_AUDIENCE, sessionSecret: SECRET, agents },
  });
  fixture.standIn.configure({ voiceUrl: `${server.url}${CC}/voice` });
  await fixture.client.taskrouter.v1.workspaces(centre.workspaceSid).update({ eventCallbackUrl: `${server.url}${CC}/taskrouter-events` });
  for (const user of [agent, agent2, bare]) {
    const { status, session } = await exchange(await signer.sign(user));
    assert.equal(status, 200, `${user.alias} signs in`);
    sessions[user.alias] = session ?? '';
  }
  // A real call: the customer calls, TaskRouter offers it to the agent, who accepts and picks up.
  assert.equal((await asAgent(agent, 'PUT', `${CC}/presence`, { status: 'available' })).status, 200);
  const customer = await fixture.standIn.incomingCall({ from: CALLER, to: '+14155550100', callerName: 'Ada Lovelace' });
  const reservation = await eventually(() => [...fixture.standIn.taskRouter.reservations.values()].find((candidate) => candidate.workerSid === workers[agent.userId] && candidate.status === 'pending'), 'a reservation for the agent');
  const accepted = await asAgent(agent, 'POST', `${CC}/reservations/${reservation.taskSid}/${reservation.sid}/accept`);
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  const ringing = await eventually(() => fixture.standIn.ringing(`client:${agent.twilioIdentity}`)[0], 'the agent\'s leg ringing');
  fixture.standIn.voice.answer(ringing.sid);
  Object.assign(call, { conferenceSid: String(accepted.body.conferenceSid), taskSid: reservation.taskSid, reservationSid: reservation.sid, customerCallSid: customer.sid });
  const view = await asAgent(agent, 'GET', `${CC}/calls/${call.conferenceSid}`);
  assert.equal(view.status, 200, 'the agent sees the call: the rows below are refused for who asks, not for a missing call');
  await eventually(() => fixture.standIn.voice.conference(call.conferenceSid).participants.size === 2, 'customer and agent in the conference');
  before0 = standInState();
});

after(async () => {
  await server?.close();
  await fixture?.standIn.close();
});

describe('attack suite: the Twilio contact centre (/api/twilio/cc/…), on a real call in the stand-in', () => {
  it('every agent route refuses every credential that proves nothing with 401', async () => {
    for (const route of ROUTES) {
      for (const credential of CREDENTIALS) row(`${route.method} ${route.path}`, credential.name, 401, (await send(route, await credential.header())).status);
    }
    assert.equal(standInState(), before0, 'nothing changed in Twilio');
  });

  it("another agent's call, task and reservation are refused with 403, and so is a user without a Twilio identity", async () => {
    for (const route of ROUTES) {
      if (route.scope !== 'own') {
        const { status, json } = await send(route, bearer(sessions.agent2 ?? ''));
        row(`${route.method} ${route.path}`, route.scope === 'supervisor' ? 'an agent, not a supervisor' : `another agent's ${route.scope}`, 403, status);
        if (route.scope === 'supervisor') assert.match(String(json.message), /Only a supervisor/, `${route.path}: ${JSON.stringify(json)}`);
        else if (route.path.includes('monitor')) assert.match(String(json.message), /supervisor|not monitoring/, `${route.path}: ${JSON.stringify(json)}`);
        else assert.match(String(json.message), /not yours|another agent/, `${route.path}: ${JSON.stringify(json)}`);
      }
      row(`${route.method} ${route.path}`, 'user without a Twilio identity', 403, (await send(route, bearer(sessions.bare ?? ''))).status);
    }
    assert.equal(standInState(), before0, 'nothing changed in Twilio');
  });

  it('transfers, consults and conferences to blocked destinations are refused with a reason that names the number', async () => {
    const attempts: ReadonlyArray<readonly [string, string, object]> = [
      ['/transfer', 'cold transfer to a premium-rate number (+1 900)', { to: { kind: 'number', number: '+19005550123' } }],
      ['/participants', 'consult a denied prefix (+1 212)', { to: { kind: 'number', number: '+12125550100' }, mode: 'consult' }],
      ['/participants', 'conference in a number outside the allowed countries (FR)', { to: { kind: 'number', number: '+33142685300' }, mode: 'conference' }],
      ['/participants', 'consult something that is not a phone number', { to: { kind: 'number', number: 'sip:premium@evil.example' }, mode: 'consult' }],
    ];
    for (const [suffix, attempt, body] of attempts) {
      const route: Route = { method: 'POST', path: `${ON_CALL}${suffix}`, scope: 'call' };
      const { status, json } = await send(route, bearer(sessions.agent ?? ''), body);
      const number = (body as { to: { number: string } }).to.number;
      const clear = typeof json.message === 'string' && json.message.includes(number) && json.error === 'forbidden';
      row(`POST ${route.path}`, attempt, 'refused (403, names the number)', clear && status === 403 ? 'refused (403, names the number)' : `${status} ${JSON.stringify(json)}`);
    }
    assert.equal(standInState(), before0, 'nothing dialled, nobody moved');
  });

  it("Twilio's webhook and callbacks refuse an unsigned or wrongly signed request with 403", async () => {
    const settings = twilioSettingsFromEnv(TEST_TWILIO_ENV);
    for (const callback of CALLBACKS) {
      const path = callback.path();
      const params = callback.params();
      const payload = new URLSearchParams(params).toString();
      const signatures: ReadonlyArray<readonly [string, string | undefined]> = [
        ['unsigned', undefined],
        ['signed with another auth token', twilioLibrary.getExpectedTwilioSignature('another-auth-token-0123456789', `${server.url}${path}`, params)],
        ['signed for another URL', twilioLibrary.getExpectedTwilioSignature(settings.authToken, `https://attacker.example.com${path}`, params)],
      ];
      for (const [attempt, signature] of signatures) {
        const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) }, body: payload });
        row(`POST ${path.replace(/\?.*/, '').replace(call.conferenceSid, ':conference')}`, attempt, 403, response.status);
      }
    }
    assert.equal(standInState(), before0, 'nothing changed in Twilio');
  });

  it('fuzzed JSON bodies get only 4xx answers, change nothing in Twilio, and the server keeps serving', async () => {
    const bodies = fc.oneof(
      fc.jsonValue(),
      fc.record({
        status: fc.oneof(fc.string(), fc.constantFrom('available', 'busy', 'offline')),
        mode: fc.oneof(fc.string(), fc.constantFrom('consult', 'conference', 'listen', 'whisper', 'barge')),
        callSid: fc.oneof(fc.string(), fc.constant(call.customerCallSid)),
        to: fc.oneof(fc.jsonValue(), fc.record({ kind: fc.constantFrom('agent', 'number', 'queue', 'x'), identity: fc.string(), number: fc.oneof(fc.string(), fc.constantFrom('+14155550199', '+19005550123')), queueSid: fc.string() }, { requiredKeys: [] })),
      }, { requiredKeys: [] }),
    );
    // Who asks: nobody, a forged token, a user without a Twilio identity, or (on the agent's own
    // call, task and reservation) another agent. Another agent's own presence is theirs to change.
    const who = (route: Route) => fc.constantFrom<string | undefined>(undefined, 'Bearer x.y.z', bearer(sessions.bare ?? ''), ...(route.scope === 'own' ? [] : [bearer(sessions.agent2 ?? '')]));
    const withBodies = ROUTES.filter((route) => route.method !== 'GET');
    const statuses = new Map<number, number>();
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...withBodies).chain((route) => fc.tuple(fc.constant(route), who(route), bodies)), async ([route, authorization, body]) => {
        const { status } = await send(route, authorization, body);
        runs += 1;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        return status >= 400 && status < 500;
      }),
      { numRuns: 400, seed: 18 },
    );
    assert.equal(standInState(), before0, 'nothing changed in Twilio');
    assert.equal((await server.app.inject({ method: 'GET', url: '/api/health' })).statusCode, 200, 'still serving');
    assert.equal((await asAgent(agent, 'GET', `${CC}/calls/${call.conferenceSid}`)).status, 200, 'the agent still has the call');
    console.log(`fuzz: ${runs} bodies → ${[...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(', ')}`);
    row('every /api/twilio/cc body route', `fast-check fuzz (${runs} bodies)`, '4xx', [...statuses.keys()].every((status) => status >= 400 && status < 500) ? '4xx' : '5xx or 2xx');
  });

  it('prints the table of attempts and outcomes', () => {
    const keys = ['endpoint', 'attempt', 'expected', 'got'] as const;
    const widths = keys.map((key) => Math.max(key.length, ...rows.map((entry) => entry[key].length)));
    const line = (cells: readonly string[]) => cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(' | ');
    console.log([line([...keys, 'ok']), widths.map((width) => '-'.repeat(width)).join('-|-'), ...rows.map((entry) => line([...keys.map((key) => entry[key]), entry.ok ? 'yes' : 'NO']))].join('\n'));
    const byOutcome = new Map<string, number>();
    for (const entry of rows) byOutcome.set(entry.got, (byOutcome.get(entry.got) ?? 0) + 1);
    console.log(`${rows.length} attempts on /api/twilio/cc: ${[...byOutcome].map(([got, count]) => `${count} × ${got}`).join(', ')}; refused as expected: ${rows.filter((entry) => entry.ok).length}/${rows.length}; Twilio stand-in unchanged: ${standInState() === before0 ? 'yes' : 'NO'}`);
    assert.ok(rows.length >= 260, `${rows.length} attempts`);
    assert.deepEqual(rows.filter((entry) => !entry.ok).map((entry) => `${entry.endpoint} / ${entry.attempt}: got ${entry.got}, expected ${entry.expected}`), []);
  });

  // Last, as it changes the call: the colleague the agent consults gets a leg in the conference.
  it('a consulted colleague may reach the call only while their leg in it is live: ringing and after hanging up, 403', async () => {
    const consult = await asAgent(agent, 'POST', `${CC}/calls/${call.conferenceSid}/participants`, { to: { kind: 'agent', identity: agent2.twilioIdentity }, mode: 'consult' });
    assert.equal(consult.status, 200, JSON.stringify(consult.body));
    const onCall = ROUTES.filter((route) => route.scope === 'call' && !route.path.includes('monitor'));
    for (const route of onCall) assert.equal((await send(route, bearer(sessions.agent2 ?? ''))).status, 403, `${route.method} ${route.path} while agent2's phone rings`);
    await fixture.standIn.voice.answer(String(consult.body.callSid));
    assert.equal((await asAgent(agent2, 'GET', `${CC}/calls/${call.conferenceSid}`)).status, 200, 'agent2 is on the call');
    assert.equal((await send({ method: 'GET', path: ON_CALL, scope: 'call' }, bearer(sessions.bare ?? ''))).status, 403, 'a user without a Twilio identity still is not');
    assert.equal((await asAgent(agent2, 'POST', `${CC}/calls/${call.conferenceSid}/hangup`)).status, 200, 'agent2 hangs up: the agent still has the customer');
    assert.equal(fixture.standIn.voice.conference(call.conferenceSid).status, 'in-progress');
    for (const route of onCall) assert.equal((await send(route, bearer(sessions.agent2 ?? ''))).status, 403, `${route.method} ${route.path} after agent2 left`);
    assert.equal((await asAgent(agent, 'GET', `${CC}/calls/${call.conferenceSid}`)).status, 200, 'the agent still has the call');
  });
});
