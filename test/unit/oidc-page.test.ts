// The connector page's OpenID Connect sign-in (src/app/oidc-sign-in.ts) against a stand-in window:
// the authorization request (PKCE S256 of the verifier it returns, state, nonce, prompt=none), and
// which callbacks it takes: only its own origin, from its own frame, with its own state.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { OidcSignIn, relayOidcCallback } from '../../src/app/oidc-sign-in.js';

const ORIGIN = 'https://phone.example.com';

/** Just enough of a Window for the sign-in: location, a document that makes frames, messages. */
function fakeWindow() {
  const win = new EventTarget() as EventTarget & { location: URL; document: unknown; frames: Array<{ src: string; removed: boolean; contentWindow: object }> };
  win.location = new URL(`${ORIGIN}/voice/connector.html`);
  win.frames = [];
  win.document = {
    createElement: () => {
      const frame = { src: '', hidden: false, title: '', removed: false, contentWindow: {}, remove() { frame.removed = true; } };
      return frame;
    },
    body: { append: (frame: { src: string; removed: boolean; contentWindow: object }) => win.frames.push(frame) },
  };
  return win;
}

function deliver(win: EventTarget, init: { origin: string; source: unknown; search: string }): void {
  win.dispatchEvent(Object.assign(new Event('message'), { origin: init.origin, source: init.source, data: { type: 'softphone-oidc-callback', search: init.search } }));
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));
/** Waits until the sign-in opened its frame (after hashing its verifier). */
async function frameOf(win: ReturnType<typeof fakeWindow>) {
  for (let i = 0; i < 200 && win.frames.length === 0; i += 1) await tick();
  return win.frames[0]!;
}

describe('connector page OIDC sign-in', () => {
  it('asks for a code with PKCE S256, state and nonce, and takes only its own callback', async () => {
    const win = fakeWindow();
    const signIn = new OidcSignIn({ authorizeUrl: '/services/oauth2/authorize', clientId: 'softphone-connector-local-console' }, win as unknown as Window);
    const pending = signIn.authorize();
    const frame = await frameOf(win);
    const request = new URL(frame.src);
    assert.equal(`${request.origin}${request.pathname}`, `${ORIGIN}/services/oauth2/authorize`);
    const params = request.searchParams;
    assert.deepEqual(['response_type', 'client_id', 'redirect_uri', 'scope', 'prompt', 'code_challenge_method'].map((name) => params.get(name)), ['code', 'softphone-connector-local-console', `${ORIGIN}/voice/connector.html`, 'openid', 'none', 'S256']);
    const state = params.get('state') ?? '';
    let settled = false;
    void pending.then(() => (settled = true), () => (settled = true));
    // Ignored: another state, another origin, a window other than its frame.
    deliver(win, { origin: ORIGIN, source: frame.contentWindow, search: `?code=forged&state=${state}x` });
    deliver(win, { origin: 'https://evil.example', source: frame.contentWindow, search: `?code=forged&state=${state}` });
    deliver(win, { origin: ORIGIN, source: {}, search: `?code=forged&state=${state}` });
    await tick();
    assert.equal(settled, false, 'no forged callback was taken');
    deliver(win, { origin: ORIGIN, source: frame.contentWindow, search: `?code=the-code&state=${state}` });
    const answer = await pending;
    assert.equal(answer.code, 'the-code');
    assert.equal(answer.nonce, params.get('nonce'));
    assert.equal(answer.redirectUri, `${ORIGIN}/voice/connector.html`);
    assert.equal(createHash('sha256').update(answer.codeVerifier).digest('base64url'), params.get('code_challenge'), 'the challenge is S256 of the verifier');
    assert.equal(frame.removed, true, 'the sign-in frame is gone');
  });

  it('reports the org\'s refusal and a sign-in that never answers', async () => {
    const win = fakeWindow();
    const pending = new OidcSignIn({ authorizeUrl: '/services/oauth2/authorize', clientId: 'softphone-connector-local-console' }, win as unknown as Window).authorize();
    const frame = await frameOf(win);
    deliver(win, { origin: ORIGIN, source: frame.contentWindow, search: `?error=login_required&state=${new URL(frame.src).searchParams.get('state')}` });
    await assert.rejects(pending, /refused the sign-in: login_required.*sign in to Salesforce/);
    const silent = new OidcSignIn({ authorizeUrl: '/services/oauth2/authorize', clientId: 'softphone-connector-local-console', timeoutMs: 1000 }, fakeWindow() as unknown as Window).authorize();
    await assert.rejects(silent, /did not answer the sign-in within 1 s/);
  });

  it('as the callback, relays the answer to the page that opened it, on its own origin only', () => {
    const posted: Array<[unknown, string]> = [];
    const parent = { postMessage: (message: unknown, origin: string) => posted.push([message, origin]) };
    const callback = { location: new URL(`${ORIGIN}/voice/connector.html?code=c&state=s`), parent, opener: null };
    assert.equal(relayOidcCallback(callback as unknown as Window), true);
    assert.deepEqual(posted, [[{ type: 'softphone-oidc-callback', search: '?code=c&state=s' }, ORIGIN]]);
    const ordinary = { location: new URL(`${ORIGIN}/voice/connector.html`), parent, opener: null };
    assert.equal(relayOidcCallback(ordinary as unknown as Window), false, 'an ordinary load starts the connector');
  });
});
