/**
 * Salesforce Voice sign-in with OpenID Connect, in Chromium against the local Voice console: two
 * agents (two browser profiles, each signed in to the console org as a different user) open the
 * Voice host with `?signIn=oidc`. Their connector pages name no user; each signs in through the
 * org's authorization endpoint (hidden frame, `prompt=none`, PKCE S256, `state`, `nonce`), the
 * server redeems the code and verifies the ID token, and the session makes each the right
 * simulator agent, who gets only their own calls, reported as VoiceCalls with that session.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Request } from 'playwright-core';
import { launchVoiceBrowser, startVoiceConsole, VoiceHostDriver, type RunningVoiceConsole } from './voice-driver.js';

let server: RunningVoiceConsole;
let browser: Browser;

before(async () => {
  server = await startVoiceConsole();
  browser = await launchVoiceBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

interface SignInTrace {
  readonly authorize: URL[];
  readonly sessionBodies: Record<string, unknown>[];
  /** ms from the authorization request to the session answer, as the browser saw them. */
  signInMs?: number;
}

/** Opens the Voice host signed in to the console org as `user`, the connector signing in with OIDC; records its sign-in requests. */
async function openAs(user: string, signIn = 'oidc'): Promise<{ host: VoiceHostDriver; trace: SignInTrace; errors: string[] }> {
  const page = await browser.newPage(); // a new browser profile: its own org session cookie
  const trace: SignInTrace = { authorize: [], sessionBodies: [] };
  let authorizeAt = 0;
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // The context's requests: the sign-in frame's, and a popup's (another page of the context).
  page.context().on('request', (request: Request) => {
    const url = new URL(request.url());
    if (url.pathname === '/services/oauth2/authorize') {
      trace.authorize.push(url);
      authorizeAt = performance.now();
    }
    if (url.pathname === '/api/auth/session' && request.method() === 'POST') trace.sessionBodies.push(JSON.parse(request.postData() ?? '{}') as Record<string, unknown>);
  });
  page.context().on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/auth/session' && trace.signInMs === undefined) trace.signInMs = performance.now() - authorizeAt;
  });
  await page.goto(`${server.url}/voice/?user=${user}&signIn=${signIn}`);
  const host = new VoiceHostDriver(page);
  await host.waitForReady();
  return { host, trace, errors };
}

async function connectedAgents(host: VoiceHostDriver): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const agents = (await host.request<{ agents: Array<{ agentId: string }> }>('GET', '/api/sim/calls')).agents.map((agent) => agent.agentId).sort();
    if (agents.length >= 2 || Date.now() > deadline) return agents;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Salesforce Voice connector signed in with OpenID Connect (local console org, headless Chromium)', () => {
  it('two agents get their own identities from the org and only their own calls', async () => {
    const alex = await openAs('agent');
    const sam = await openAs('agent2');

    // Each connector page signed in through the org's authorization endpoint, as the PKCE flow requires.
    for (const { trace } of [alex, sam]) {
      assert.equal(trace.authorize.length, 1, 'one authorization request');
      const params = trace.authorize[0]!.searchParams;
      assert.deepEqual(
        ['response_type', 'scope', 'prompt', 'code_challenge_method'].map((name) => params.get(name)),
        ['code', 'openid', 'none', 'S256'],
      );
      assert.match(params.get('code_challenge') ?? '', /^[\w-]{43}$/);
      assert.match(params.get('state') ?? '', /^[\w-]{32}$/);
      assert.match(params.get('nonce') ?? '', /^[\w-]{32}$/);
      assert.equal(params.get('redirect_uri'), `${server.url}/voice/connector.html`);
      const body = trace.sessionBodies.at(0) as { oidc?: Record<string, string> } | undefined;
      assert.ok(body?.oidc, 'the page sent the authorization response');
      assert.deepEqual(Object.keys(body.oidc).sort(), ['code', 'codeVerifier', 'nonce', 'redirectUri'], 'no ID token, no secret in the browser');
      assert.equal(body.oidc.nonce, params.get('nonce'));
      assert.match(body.oidc.codeVerifier ?? '', /^[\w-]{64}$/);
    }
    assert.notEqual(alex.trace.authorize[0]!.searchParams.get('state'), sam.trace.authorize[0]!.searchParams.get('state'));
    console.log(`OIDC sign-in (authorize → code → token → ID token verified → session), as the browser saw it: ${[alex, sam].map(({ trace }) => `${trace.signInMs?.toFixed(0)} ms`).join(', ')}`);

    // Neither connector page names an agent: the simulator agents come from the sessions.
    assert.deepEqual(await connectedAgents(alex.host), ['agent', 'agent2']);

    const { callId: samCall } = await sam.host.request<{ callId: string }>('POST', '/api/sim/calls', { from: '+14155550123', agent: 'agent2' });
    const started = (await sam.host.waitForEvent('CALL_STARTED')).payload as { callId: string; callAttributes?: { voiceCallId?: string } };
    assert.equal(started.callId, samCall);
    assert.ok(started.callAttributes?.voiceCallId, 'the call report (with the OIDC session) created a VoiceCall');
    const { callId: alexCall } = await alex.host.request<{ callId: string }>('POST', '/api/sim/calls', { from: '+14155550124', agent: 'agent' });
    assert.equal(((await alex.host.waitForEvent('CALL_STARTED')).payload as { callId: string }).callId, alexCall);
    // Only their own: each host saw exactly one call, its own.
    const startedOf = async (host: VoiceHostDriver) => (await host.events()).filter((event) => event.type === 'CALL_STARTED').map((event) => (event.payload as { callId: string }).callId);
    assert.deepEqual(await startedOf(sam.host), [samCall]);
    assert.deepEqual(await startedOf(alex.host), [alexCall]);
    const standIn = await alex.host.request<{ voiceCalls: Array<{ vendorCallKey: string }> }>('GET', '/api/voice/stand-in');
    assert.deepEqual(standIn.voiceCalls.map((call) => call.vendorCallKey).sort(), [alexCall, samCall].sort());
    assert.deepEqual([...alex.errors, ...sam.errors], []);
    await Promise.all([alex.host.page.close(), sam.host.page.close()]);
  });

  it('signs in through a popup too (display: "popup": no prompt=none, the org may ask)', async () => {
    const { host, trace, errors } = await openAs('supervisor', 'oidc-popup');
    assert.equal(trace.authorize.length, 1);
    assert.equal(trace.authorize[0]!.searchParams.get('prompt'), null, 'a popup lets the org show its sign-in');
    assert.deepEqual(Object.keys((trace.sessionBodies[0] as { oidc: object }).oidc).sort(), ['code', 'codeVerifier', 'nonce', 'redirectUri']);
    const agents = await host.request<{ agents: Array<{ agentId: string; supervisor?: boolean }> }>('GET', '/api/sim/calls');
    assert.ok(agents.agents.some((agent) => agent.agentId === 'supervisor' && agent.supervisor), 'the supervisor, from the session');
    assert.deepEqual(errors, []);
    assert.equal(host.page.context().pages().length, 1, 'the popup closed itself');
    await host.page.close();
  });

  it('a browser profile not signed in to the org is sent back with login_required; one signed in gets a code', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const authorize = `${server.url}/services/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'softphone-connector-local-console', redirect_uri: `${server.url}/voice/connector.html`, scope: 'openid', state: 'st', prompt: 'none', code_challenge: 'a'.repeat(43), code_challenge_method: 'S256' })}`;
    await page.goto(authorize);
    let back = new URL(page.url());
    assert.deepEqual([back.pathname, back.searchParams.get('error'), back.searchParams.get('state'), back.searchParams.has('code')], ['/voice/connector.html', 'login_required', 'st', false]);
    // Opening the Voice console as a user signs this profile in to the console org (its session cookie).
    await page.goto(`${server.url}/voice/?user=agent2`);
    await page.goto(authorize);
    back = new URL(page.url());
    assert.deepEqual([back.searchParams.get('error'), back.searchParams.get('state')], [null, 'st']);
    assert.match(back.searchParams.get('code') ?? '', /^[\w-]{43}$/);
    await context.close();
  });
});
