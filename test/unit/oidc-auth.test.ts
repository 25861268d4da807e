// OpenID Connect sign-in (the Salesforce Voice connector page): the ID token verifier claim by claim
// against a JWKS served over HTTP (jose's remote key set, as in production), the config checks, and
// the whole authorization-code + PKCE exchange against the local console playing the org's provider.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { SignJWT, calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, exportJWK, importPKCS8, importSPKI, type CryptoKey } from 'jose';
import { CONSOLE_USERS, LOCAL_ORG_ID, type ConsoleUser } from '../../src/console/users.js';
import { ConfigError } from '../../src/core/index.js';
import { AgentAuth, IdTokenVerifier, LOCAL_OIDC_CLIENT_ID, LOCAL_OIDC_ISSUER, localAgentDirectory, localOrgKeys, validateOidcOrgs } from '../../src/server/auth/index.js';
import { startConsoleServer, type ConsoleServer } from '../../src/server/index.js';
import { authRefusal as refusal } from '../support/agent-sessions.js';

const ISSUER = 'https://acme.my.salesforce.com';
const CLIENT_ID = '3MVG9acmeConsumerKey.softphone';
const [agent, agent2] = CONSOLE_USERS as [ConsoleUser, ConsoleUser];
const keys = await localOrgKeys();
const foreignKeys = await localOrgKeys();
let orgKey: CryptoKey;
let foreignKey: CryptoKey;
let kid = '';
let jwks: FastifyInstance;
let jwksUrl = '';

before(async () => {
  orgKey = await importPKCS8(keys.privateKeyPem, 'RS256');
  foreignKey = await importPKCS8(foreignKeys.privateKeyPem, 'RS256');
  const jwk = await exportJWK(await importSPKI(keys.publicKeyPem, 'RS256', { extractable: true }));
  kid = await calculateJwkThumbprint(jwk);
  // The org's /id/keys, over loopback HTTP: the verifier fetches it with jose's remote JWK set.
  jwks = Fastify();
  jwks.get('/id/keys', () => ({ keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] }));
  jwksUrl = `${await jwks.listen({ port: 0, host: '127.0.0.1' })}/id/keys`;
});
after(() => jwks?.close());

const verifier = () => new IdTokenVerifier({ orgs: [{ orgId: LOCAL_ORG_ID, issuer: ISSUER, clientId: CLIENT_ID, jwksUrl }] });
const nonceOf = () => randomBytes(16).toString('base64url');

/** An ID token as Salesforce writes one; `claims` overrides or (with `undefined`) removes claims. */
async function idToken(nonce: string, claims: Record<string, unknown> = {}, options: { key?: CryptoKey; nowMs?: number; seconds?: number; alg?: string } = {}): Promise<string> {
  const iat = Math.floor((options.nowMs ?? Date.now()) / 1000);
  const payload: Record<string, unknown> = { iss: ISSUER, aud: CLIENT_ID, sub: `https://login.salesforce.com/id/${LOCAL_ORG_ID}/${agent.userId}`, iat, exp: iat + (options.seconds ?? 300), nonce, at_hash: 'x', preferred_username: agent.username, ...claims };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  if (options.alg === 'HS256') return new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('s'.repeat(32)));
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).sign(options.key ?? orgKey);
}

describe('ID token verifier', () => {
  it('accepts a valid ID token once, naming the org and user of its identity URL', async () => {
    const check = verifier();
    const nonce = nonceOf();
    const token = await idToken(nonce);
    const verified = await check.verify(token, nonce);
    assert.deepEqual({ userId: verified.userId, orgId: verified.orgId, username: verified.username }, { userId: agent.userId, orgId: LOCAL_ORG_ID, username: agent.username });
    const replay = await refusal(check.verify(token, nonce));
    assert.deepEqual([replay.code, replay.status], ['replayed', 401]);
    // The same nonce with a fresh token is a replay of the sign-in too.
    const again = await refusal(check.verify(await idToken(nonce, { iat: Math.floor(Date.now() / 1000) - 1 }), nonce));
    assert.equal(again.code, 'replayed');
  });

  const cases: Array<[string, (nonce: string) => Promise<string>, string, RegExp]> = [
    ['another issuer', (n) => idToken(n, { iss: 'https://evil.my.salesforce.com' }), 'wrong-issuer', /issuer "https:\/\/evil.my.salesforce.com" is not an org this server trusts/],
    ['another connected app (aud)', (n) => idToken(n, { aud: '3MVG9someoneElse' }), 'wrong-audience', /another connected app \(aud/],
    ['signed with another key', (n) => idToken(n, {}, { key: foreignKey }), 'bad-signature', /signature does not verify/],
    ['signed with HS256', (n) => idToken(n, {}, { alg: 'HS256' }), 'bad-signature', /RS256/],
    ['expired', (n) => idToken(n, {}, { nowMs: Date.now() - 900_000, seconds: 300 }), 'expired', /expired/],
    ['older than the maximum age', (n) => idToken(n, {}, { nowMs: Date.now() - 400_000, seconds: 3600 }), 'expired', /older than/],
    ['without a nonce claim', (n) => idToken(n, { nonce: undefined }), 'invalid-id-token', /has no nonce/],
    ["with another sign-in's nonce", () => idToken(nonceOf()), 'invalid-id-token', /not the one of this sign-in/],
    ['with a subject that is no identity URL', (n) => idToken(n, { sub: agent.userId }), 'invalid-id-token', /identity URL/],
    ["of another org's user", (n) => idToken(n, { sub: `https://login.salesforce.com/id/00D000000000009ZZZ/${agent.userId}` }), 'wrong-issuer', /org 00D000000000009ZZZ/],
    ['that is not a JWT', async () => 'not.a.jwt', 'invalid-id-token', /not a JWT/],
  ];
  for (const [name, make, code, message] of cases) {
    it(`refuses an ID token ${name} with 401 ${code}`, async () => {
      const nonce = nonceOf();
      const error = await refusal(verifier().verify(await make(nonce), nonce));
      assert.deepEqual([error.code, error.status], [code, 401]);
      assert.match(error.message, message);
    });
  }

  it('refuses a sign-in that sends no nonce', async () => {
    const error = await refusal(verifier().verify(await idToken(nonceOf()), undefined));
    assert.deepEqual([error.code, error.status], ['invalid-id-token', 401]);
    assert.match(error.message, /nonce is missing/);
  });

  it('checks auth.oidc, naming the field', () => {
    const bad: Array<[unknown, RegExp]> = [
      [[], /auth\.oidc/],
      [[{ orgId: '00X', issuer: ISSUER, clientId: CLIENT_ID }], /auth\.oidc\[0\]\.orgId/],
      [[{ orgId: LOCAL_ORG_ID, issuer: 'http://acme.my.salesforce.com', clientId: CLIENT_ID }], /auth\.oidc\[0\]\.issuer/],
      [[{ orgId: LOCAL_ORG_ID, issuer: `${ISSUER}/services`, clientId: CLIENT_ID }], /auth\.oidc\[0\]\.issuer/],
      [[{ orgId: LOCAL_ORG_ID, issuer: ISSUER, clientId: '' }], /auth\.oidc\[0\]\.clientId/],
      [[{ orgId: LOCAL_ORG_ID, issuer: ISSUER, clientId: CLIENT_ID, jwksUrl: 'ftp://x' }], /auth\.oidc\[0\]\.jwksUrl/],
      [[{ orgId: LOCAL_ORG_ID, issuer: ISSUER, clientId: CLIENT_ID, audience: 'x' }], /auth\.oidc\[0\]\.audience/],
    ];
    for (const [orgs, field] of bad) assert.throws(() => validateOidcOrgs(orgs), (error: unknown) => error instanceof ConfigError && field.test(error.message));
    assert.deepEqual(validateOidcOrgs([{ orgId: LOCAL_ORG_ID, issuer: `${ISSUER}/`, clientId: CLIENT_ID }])[0], { orgId: LOCAL_ORG_ID, issuer: ISSUER, clientId: CLIENT_ID, jwksUrl: `${ISSUER}/id/keys`, tokenUrl: `${ISSUER}/services/oauth2/token` });
    assert.throws(() => new AgentAuth({ audience: 'https://x.example', sessionSecret: 'x'.repeat(32), agents: localAgentDirectory() }), /auth\.orgs/);
  });
});

describe('authorization code + PKCE against the local console org', () => {
  let server: ConsoleServer;
  before(async () => {
    server = await startConsoleServer({ port: 0, inMemory: true });
  });
  after(() => server?.close());

  const redirectUri = () => `${server.url}/voice/connector.html`;
  const pkce = () => {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  };
  /** The authorization request as the connector page makes it; answers the redirect's query. */
  async function authorize(user: string | undefined, params: Record<string, string>): Promise<{ status: number; query: URLSearchParams }> {
    const query = new URLSearchParams({ response_type: 'code', client_id: LOCAL_OIDC_CLIENT_ID, redirect_uri: redirectUri(), scope: 'openid', state: 'st4te', prompt: 'none', ...params });
    const response = await server.app.inject({ method: 'GET', url: `/services/oauth2/authorize?${query}`, headers: { host: new URL(server.url).host, ...(user ? { cookie: `console_user=${user}` } : {}) } });
    const location = response.headers.location;
    return { status: response.statusCode, query: new URL(typeof location === 'string' ? location : 'http://x/').searchParams };
  }
  const exchange = (oidc: Record<string, unknown>) => server.app.inject({ method: 'POST', url: '/api/auth/session', payload: { oidc } });

  it('publishes the discovery document and the keys the ID tokens verify with', async () => {
    const discovery = (await server.app.inject({ method: 'GET', url: '/.well-known/openid-configuration', headers: { host: new URL(server.url).host } })).json<Record<string, unknown>>();
    assert.equal(discovery.issuer, LOCAL_OIDC_ISSUER);
    assert.equal(discovery.authorization_endpoint, `${server.url}/services/oauth2/authorize`);
    assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
    const { keys: published } = (await server.app.inject({ method: 'GET', url: '/id/keys' })).json<{ keys: Array<Record<string, unknown>> }>();
    assert.equal(published.length, 1);
    assert.deepEqual([published[0]?.kty, published[0]?.alg, published[0]?.use, typeof published[0]?.kid], ['RSA', 'RS256', 'sig', 'string']);
    assert.equal(published[0]?.d, undefined, 'no private part');
  });

  it('signs the console user in: code with PKCE → ID token (nonce echoed) → the same session as an assertion', async () => {
    const { verifier: codeVerifier, challenge } = pkce();
    const nonce = nonceOf();
    const { status, query } = await authorize('agent2', { nonce, code_challenge: challenge, code_challenge_method: 'S256' });
    assert.equal(status, 302);
    assert.equal(query.get('state'), 'st4te');
    const code = query.get('code') ?? '';
    assert.ok(code.length >= 40);
    // The token endpoint's ID token, as the server gets it.
    const response = await exchange({ code, codeVerifier, redirectUri: redirectUri(), nonce });
    assert.equal(response.statusCode, 200, response.body);
    const { session, identity } = response.json<{ session: string; identity: { userId: string; simulatorAgent: string } }>();
    assert.deepEqual([identity.userId, identity.simulatorAgent], [agent2.userId, 'agent2']);
    const header = decodeProtectedHeader(session);
    assert.equal(header.alg, 'HS256', 'one session format');
    assert.equal(decodeJwt(session).sub, agent2.userId);
    const reused = await exchange({ code, codeVerifier, redirectUri: redirectUri(), nonce });
    assert.equal(reused.statusCode, 401);
    assert.match(reused.json<{ message: string }>().message, /refused the authorization code \(invalid_grant/);
  });

  it('refuses a code redeemed with the wrong PKCE verifier, and a replayed nonce', async () => {
    const { challenge } = pkce();
    const nonce = nonceOf();
    const { query } = await authorize('agent', { nonce, code_challenge: challenge, code_challenge_method: 'S256' });
    const wrong = await exchange({ code: query.get('code'), codeVerifier: pkce().verifier, redirectUri: redirectUri(), nonce });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.json<{ message: string }>().message, /invalid code verifier/);

    const first = pkce();
    const { query: q1 } = await authorize('agent', { nonce, code_challenge: first.challenge, code_challenge_method: 'S256' });
    assert.equal((await exchange({ code: q1.get('code'), codeVerifier: first.verifier, redirectUri: redirectUri(), nonce })).statusCode, 200);
    const second = pkce();
    const { query: q2 } = await authorize('agent', { nonce, code_challenge: second.challenge, code_challenge_method: 'S256' });
    const replay = await exchange({ code: q2.get('code'), codeVerifier: second.verifier, redirectUri: redirectUri(), nonce });
    assert.deepEqual([replay.statusCode, replay.json<{ error: string }>().error], [401, 'replayed']);
  });

  it('answers prompt=none without a signed-in user with login_required, and requires PKCE S256', async () => {
    const { challenge } = pkce();
    assert.equal((await authorize(undefined, { nonce: nonceOf(), code_challenge: challenge, code_challenge_method: 'S256' })).query.get('error'), 'login_required');
    assert.equal((await authorize('agent', { nonce: nonceOf() })).query.get('error'), 'invalid_request');
    assert.equal((await authorize('agent', { nonce: nonceOf(), code_challenge: challenge, code_challenge_method: 'plain' })).query.get('error'), 'invalid_request');
    const foreign = await authorize('agent', { code_challenge: challenge, code_challenge_method: 'S256', redirect_uri: 'https://evil.example/voice/connector.html' });
    assert.equal(foreign.status, 400, 'a callback that is not registered is never redirected to');
  });

  it('refuses sign-in requests that lack a part, naming it', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ codeVerifier: pkce().verifier, redirectUri: redirectUri(), nonce: nonceOf() }, /oidc\.code is missing/],
      [{ code: 'x', codeVerifier: 'short', redirectUri: redirectUri(), nonce: nonceOf() }, /oidc\.codeVerifier/],
      [{ code: 'x', codeVerifier: pkce().verifier, nonce: nonceOf() }, /oidc\.redirectUri/],
      [{ code: 'x', codeVerifier: pkce().verifier, redirectUri: redirectUri() }, /oidc\.nonce is missing/],
    ];
    for (const [body, message] of cases) {
      const response = await exchange(body);
      assert.equal(response.statusCode, 401);
      assert.match(response.json<{ message: string }>().message, message);
    }
  });
});
