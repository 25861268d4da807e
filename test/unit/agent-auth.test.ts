// Agent identity: assertions verified with jose against the org's certificate (issuer, audience,
// expiry, maximum age, one-time id), sessions, the agent directory, and the Apex class `build` emits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { defineConfig } from '../../src/config/index.js';
import { toPackage } from '../../src/cli/build-project.js';
import { CONSOLE_USERS, LOCAL_ORG_ID, type ConsoleUser } from '../../src/console/users.js';
import { simulator } from '../../src/providers/simulator/index.js';
import { generateProject } from '../../src/salesforce/packaging/index.js';
import { createTelephonyCredentials } from '../../src/server/voice/index.js';
import { AgentAuth, LOCAL_AUDIENCE, LocalOrgSigner, ReplayCache, SessionTokens, localAgentDirectory, localOrgKeys, sessionTokenOf, validateAgentDirectory } from '../../src/server/auth/index.js';
import { authRefusal as refusal } from '../support/agent-sessions.js';

const keys = await localOrgKeys();
const signer = await LocalOrgSigner.create(keys);
const agent = CONSOLE_USERS[0] as ConsoleUser;
const supervisor = CONSOLE_USERS[2] as ConsoleUser;
const newAuth = () => new AgentAuth({ orgs: [{ orgId: LOCAL_ORG_ID, publicKeyPem: keys.publicKeyPem }], audience: LOCAL_AUDIENCE, sessionSecret: 'x'.repeat(32), agents: localAgentDirectory() });

describe('assertion exchange', () => {
  it('exchanges a valid assertion once for a session naming the user and their telephony identity', async () => {
    const auth = newAuth();
    const assertion = await signer.sign(supervisor);
    const claims = decodeJwt(assertion);
    assert.equal(claims.iss, LOCAL_ORG_ID);
    assert.equal(claims.sub, supervisor.userId);
    assert.equal(claims.aud, LOCAL_AUDIENCE);
    const { session, identity, expiresAt } = await auth.exchange(assertion);
    assert.deepEqual({ userId: identity.userId, role: identity.role, simulatorAgent: identity.simulatorAgent }, { userId: supervisor.userId, role: 'supervisor', simulatorAgent: 'supervisor' });
    assert.ok(expiresAt > Date.now() + 500_000 && expiresAt <= Date.now() + 600_000);
    const again = await auth.authenticate({ headers: { authorization: `Bearer ${session}` } });
    assert.equal(again.simulatorAgent, 'supervisor');
    const replay = await refusal(auth.exchange(assertion));
    assert.deepEqual([replay.code, replay.status], ['replayed', 401]);
  });

  const cases: Array<[string, () => Promise<string>, string]> = [
    ['expired', () => signer.sign(agent, { nowMs: Date.now() - 600_000, seconds: 120 }), 'expired'],
    ['older than the maximum age, though not expired', () => signer.sign(agent, { nowMs: Date.now() - 400_000, seconds: 600 }), 'expired'],
    ['for another server', () => signer.sign(agent, { audience: 'https://other.example.com' }), 'wrong-audience'],
    ['from another org', () => signer.sign(agent, { orgId: '00D000000000009ZZZ' }), 'wrong-issuer'],
    ['signed with another key', async () => (await LocalOrgSigner.create(await localOrgKeys())).sign(agent), 'bad-signature'],
    ['not a JWT', async () => 'not.a.jwt', 'invalid-assertion'],
    ['unsigned (alg none)', async () => {
      const [, payload] = (await signer.sign(agent)).split('.');
      return `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    }, 'bad-signature'],
  ];
  for (const [name, make, code] of cases) {
    it(`refuses an assertion ${name} with 401 ${code}`, async () => {
      const error = await refusal(newAuth().exchange(await make()));
      assert.deepEqual([error.code, error.status], [code, 401]);
      assert.doesNotMatch(error.message, /eyJ/, 'no token in the message');
    });
  }

  it('verifies against the PEM certificate an org exports (Setup → Certificate and Key Management)', async () => {
    const org = await createTelephonyCredentials({ commonName: 'SoftphoneAgentAssertion' });
    const orgSigner = await LocalOrgSigner.create({ privateKeyPem: org.privateKeyPem, publicKeyPem: '' });
    const auth = new AgentAuth({ orgs: [{ orgId: LOCAL_ORG_ID, certificatePem: org.certificatePem }], audience: LOCAL_AUDIENCE, sessionSecret: 'x'.repeat(32), agents: localAgentDirectory() });
    assert.equal((await auth.exchange(await orgSigner.sign(agent))).identity.userId, agent.userId);
    assert.equal((await refusal(auth.exchange(await signer.sign(agent)))).code, 'bad-signature', 'another key than the certificate\'s');
  });

  it('refuses a user who is not in the agent directory with 403, naming the user and the setting', async () => {
    const error = await refusal(newAuth().exchange(await signer.sign({ ...agent, userId: '005000000000099AAA' })));
    assert.deepEqual([error.code, error.status], ['not-an-agent', 403]);
    assert.match(error.message, /005000000000099AAA.*auth\.agents/);
  });
});

describe('sessions', () => {
  it('refuses no session, a forged one and an expired one with 401', async () => {
    const auth = newAuth();
    assert.equal((await refusal(auth.authenticate({ headers: {} }))).code, 'unauthenticated');
    const other = new SessionTokens('y'.repeat(32), `${LOCAL_AUDIENCE}#session`);
    const forged = (await other.issue({ userId: agent.userId, orgId: LOCAL_ORG_ID })).token;
    assert.equal((await refusal(auth.authenticate({ headers: { authorization: `Bearer ${forged}` } }))).code, 'invalid-session');
    const mine = new SessionTokens('x'.repeat(32), `${LOCAL_AUDIENCE}#session`);
    const old = (await mine.issue({ userId: agent.userId, orgId: LOCAL_ORG_ID }, Date.now() - 3_600_000)).token;
    assert.equal((await refusal(auth.authenticate({ headers: { authorization: `Bearer ${old}` } }))).code, 'expired');
  });

  it('reads the token from the bearer header or the WebSocket subprotocols', () => {
    assert.equal(sessionTokenOf({ headers: { authorization: 'Bearer a.b.c' } }), 'a.b.c');
    assert.equal(sessionTokenOf({ headers: { 'sec-websocket-protocol': 'softphone-session, a.b.c' } }), 'a.b.c');
    assert.equal(sessionTokenOf({ headers: { 'sec-websocket-protocol': 'other, a.b.c' } }), undefined);
    assert.equal(sessionTokenOf({ headers: { authorization: 'Basic abc' } }), undefined);
  });

  it('takes a secret of at least 32 bytes only', () => {
    assert.throws(() => new SessionTokens('short', 'aud'), /auth\.sessionSecret must be at least 32 bytes/);
  });
});

describe('agent directory and replay cache', () => {
  it('names the wrong field of a directory', () => {
    assert.throws(() => validateAgentDirectory({ '005000000000001AAA': { twilioIdentity: 'has space' } }), /auth\.agents\["005000000000001AAA"\]\.twilioIdentity/);
    assert.throws(() => validateAgentDirectory({ bob: {} }), /Salesforce user ids/);
    assert.throws(() => validateAgentDirectory({ '005000000000001AAA': { role: 'admin' } }), /role must be "agent" or "supervisor"/);
  });

  it('remembers an id until its expiry, and refuses rather than forgets when full', () => {
    const cache = new ReplayCache(2);
    assert.equal(cache.use('a', 2000, 1000), true);
    assert.equal(cache.use('a', 2000, 1500), false);
    assert.equal(cache.use('b', 2000, 1000), true);
    assert.equal(cache.use('c', 2000, 1000), false, 'full of live ids');
    assert.equal(cache.use('c', 4000, 3000), true, 'expired ids pruned');
  });
});

describe('build: the org side', () => {
  const config = defineConfig({ provider: simulator({ url: 'wss://sim.example.com/api/sim/agent' }), agentIdentity: { server: 'https://telephony.example.com', certificate: 'Softphone_Assertions', lifetimeSeconds: 90 } });
  const files = generateProject(toPackage(config), new Uint8Array(), 'demo');
  const file = (path: string) => String(files.find((item) => item.path === path)?.contents ?? '');

  it('emits the Apex class that signs with the named certificate for the server, and its test class', () => {
    const source = file('force-app/main/default/classes/SoftphoneAgentAssertion.cls');
    assert.match(source, /global with sharing class SoftphoneAgentAssertion \{/);
    assert.match(source, /webService static String issue\(\)/);
    assert.match(source, /AUDIENCE = 'https:\/\/telephony\.example\.com';/);
    assert.match(source, /CERTIFICATE = 'Softphone_Assertions';/);
    assert.match(source, /LIFETIME_SECONDS = 90;/);
    assert.match(source, /new Auth\.JWS\(claims\(\), CERTIFICATE\)\.getCompactSerialization\(\)/);
    for (const claim of ['iss', 'sub', 'aud', 'iat', 'nbf', 'exp', 'jti']) assert.match(source, new RegExp(`'${claim}' =>`));
    assert.match(file('force-app/main/default/classes/SoftphoneAgentAssertionTest.cls'), /@IsTest\s+private class SoftphoneAgentAssertionTest/);
    assert.match(file('force-app/main/default/classes/SoftphoneAgentAssertion.cls-meta.xml'), /<apiVersion>68\.0<\/apiVersion>\s+<status>Active<\/status>/);
  });

  it('tells the page where to sign in, trusts the server as a CSP site, and names no secret', () => {
    const pkg = toPackage(config);
    assert.deepEqual(pkg.pageConfig.agentAuth, { sessionUrl: 'https://telephony.example.com/api/auth/session', apexClass: 'SoftphoneAgentAssertion', methodName: 'issue' });
    assert.ok(pkg.connectSources.includes('https://telephony.example.com'));
    assert.ok(!files.some((item) => typeof item.contents === 'string' && /PRIVATE KEY/.test(item.contents)));
  });

  it('escapes nothing into Apex and rejects a certificate name that is not an API name', () => {
    assert.throws(() => defineConfig({ provider: simulator(), agentIdentity: { server: 'https://x.example.com', certificate: "a'; delete" } }), /agentIdentity\.certificate/);
    assert.throws(() => defineConfig({ provider: simulator(), agentIdentity: { server: 'http://x.example.com', certificate: 'C' } }), /agentIdentity\.server/);
    assert.equal(generateProject(toPackage(defineConfig({ provider: simulator() })), new Uint8Array(), 'demo').some((item) => item.path.includes('SoftphoneAgentAssertion')), false);
  });
});
