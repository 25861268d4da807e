/**
 * The Salesforce Voice connector page's sign-in with the org as OpenID Connect provider
 * (authorization code with PKCE S256, `state` and `nonce` per attempt). The page asks the org's
 * authorization endpoint, in a hidden frame with `prompt=none` (the agent is signed in to
 * Salesforce already) or in a popup, for a code sent back to the connector page itself (the
 * connected app's callback URL); that page, loaded in the frame or popup, only relays the answer to
 * its opener. The code, with the verifier only this page holds, goes to the vendor server, which
 * redeems it and verifies the ID token (docs/security.md, "Salesforce Voice"). No secret here.
 */
import { ConfigError } from '../core/index.js';

/** `agentAuth.oidc` of the connector page's configuration. */
export interface OidcPageConfig {
  /** The org's authorization endpoint, `https://<My Domain>/services/oauth2/authorize` (relative in the local console). */
  readonly authorizeUrl: string;
  /** The connected app's consumer key. */
  readonly clientId: string;
  /** The connected app's callback URL: this page's address (default: this page's URL without query). */
  readonly redirectUri?: string;
  /** The org's My Domain URL, when the server trusts several orgs. */
  readonly issuer?: string;
  /** `frame` (default: hidden, `prompt=none`) or `popup` (the org may ask the agent to sign in). */
  readonly display?: 'frame' | 'popup';
  /** Give up after this long, in ms (default 15 000 in a frame, 120 000 in a popup). */
  readonly timeoutMs?: number;
}

/** What the server redeems: `POST /api/auth/session` `{ "oidc": … }`. */
export interface OidcAuthorizationResponse {
  readonly code: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
  readonly nonce: string;
  readonly issuer?: string;
}

/** The message the callback page posts to the page that started the sign-in. */
const CALLBACK_MESSAGE = 'softphone-oidc-callback';

/** Checks `agentAuth.oidc`, naming the field that is wrong. */
export function oidcPageConfig(value: unknown, field = 'agentAuth.oidc'): OidcPageConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(field, 'an object like { authorizeUrl: "https://acme.my.salesforce.com/services/oauth2/authorize", clientId: "<consumer key>" }', value);
  const { authorizeUrl, clientId, redirectUri, issuer, display, timeoutMs } = value as Record<string, unknown>;
  if (typeof authorizeUrl !== 'string' || !/^(https:\/\/[^\s/]+)?\/[^\s]*services\/oauth2\/authorize$/.test(authorizeUrl)) throw new ConfigError(`${field}.authorizeUrl`, "the org's authorization endpoint, https://<My Domain>/services/oauth2/authorize", authorizeUrl);
  if (typeof clientId !== 'string' || !/^[\w.-]{8,256}$/.test(clientId)) throw new ConfigError(`${field}.clientId`, "the connected app's consumer key", clientId);
  if (redirectUri !== undefined && (typeof redirectUri !== 'string' || !/^https:\/\/[^\s?#]+$/.test(redirectUri))) throw new ConfigError(`${field}.redirectUri`, 'the https:// address of the connector page (the callback URL of the connected app), without query', redirectUri);
  if (issuer !== undefined && (typeof issuer !== 'string' || !/^https:\/\/[^\s/]+\/?$/.test(issuer))) throw new ConfigError(`${field}.issuer`, "the org's My Domain URL", issuer);
  if (display !== undefined && display !== 'frame' && display !== 'popup') throw new ConfigError(`${field}.display`, '"frame" or "popup"', display);
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 1000 || timeoutMs > 600_000)) throw new ConfigError(`${field}.timeoutMs`, 'milliseconds from 1000 to 600000', timeoutMs);
  return value as OidcPageConfig;
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const random = (bytes: number) => base64url(crypto.getRandomValues(new Uint8Array(bytes)));

/**
 * On the callback (this page loaded by the org's redirect, in the sign-in frame or popup): posts
 * the authorization response to the page that started the sign-in, on this origin only, and says
 * so (the page must then do nothing else). False on an ordinary load.
 */
export function relayOidcCallback(win: Window = window): boolean {
  const params = new URLSearchParams(win.location.search);
  if (!params.has('state') || (!params.has('code') && !params.has('error'))) return false;
  const starter = win.opener && win.opener !== win ? (win.opener as Window) : win.parent !== win ? win.parent : undefined;
  if (!starter) return false;
  starter.postMessage({ type: CALLBACK_MESSAGE, search: win.location.search }, win.location.origin);
  if (starter === win.opener) win.close();
  return true;
}

/** Runs sign-ins; see the module comment. */
export class OidcSignIn {
  constructor(
    private readonly config: OidcPageConfig,
    private readonly win: Window = window,
  ) {}

  /** One sign-in: the org's authorization response for a fresh state, nonce and PKCE pair. */
  async authorize(): Promise<OidcAuthorizationResponse> {
    const state = random(24);
    const nonce = random(24);
    const codeVerifier = random(48);
    const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(codeVerifier))));
    const redirectUri = this.config.redirectUri ?? `${this.win.location.origin}${this.win.location.pathname}`;
    const display = this.config.display ?? 'frame';
    const url = new URL(this.config.authorizeUrl, this.win.location.href);
    const query = { response_type: 'code', client_id: this.config.clientId, redirect_uri: redirectUri, scope: 'openid', state, nonce, code_challenge: challenge, code_challenge_method: 'S256', ...(display === 'frame' ? { prompt: 'none' } : {}) };
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const params = await this.open(url.toString(), state, display);
    const error = params.get('error');
    if (error) throw new Error(`Salesforce refused the sign-in: ${error}${params.get('error_description') ? ` (${params.get('error_description')?.slice(0, 200)})` : ''}${error === 'login_required' ? ': sign in to Salesforce in this browser' : ''}`);
    const code = params.get('code');
    if (!code) throw new Error('Salesforce answered the sign-in without a code.');
    return { code, codeVerifier, redirectUri, nonce, ...(this.config.issuer ? { issuer: this.config.issuer } : {}) };
  }

  /** Opens the authorization request and waits for the callback of `state`. */
  private open(url: string, state: string, display: 'frame' | 'popup'): Promise<URLSearchParams> {
    const doc = this.win.document;
    let frame: HTMLIFrameElement | undefined;
    let popup: Window | null = null;
    if (display === 'popup') {
      popup = this.win.open(url, 'softphone-sign-in', 'popup,width=480,height=640');
      if (!popup) return Promise.reject(new Error('the browser blocked the Salesforce sign-in popup: allow popups for this page.'));
    } else {
      frame = doc.createElement('iframe');
      frame.hidden = true;
      frame.title = 'Salesforce sign-in';
      frame.src = url;
      doc.body.append(frame);
    }
    const timeoutMs = this.config.timeoutMs ?? (display === 'frame' ? 15_000 : 120_000);
    return new Promise<URLSearchParams>((resolve, reject) => {
      const done = () => {
        this.win.removeEventListener('message', listen);
        clearTimeout(timer);
        frame?.remove();
      };
      const listen = (event: MessageEvent<{ type?: unknown; search?: unknown }>) => {
        // Only this origin's callback page, in the frame or popup this sign-in opened, for this state.
        if (event.origin !== this.win.location.origin || event.data?.type !== CALLBACK_MESSAGE || typeof event.data.search !== 'string') return;
        if (event.source !== (frame?.contentWindow ?? popup)) return;
        const params = new URLSearchParams(event.data.search);
        if (params.get('state') !== state) return;
        done();
        resolve(params);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Salesforce did not answer the sign-in within ${timeoutMs / 1000} s${display === 'frame' ? ' (may this page frame the org\'s sign-in, and is the agent signed in? display: "popup" lets the org ask)' : ''}.`));
      }, timeoutMs);
      this.win.addEventListener('message', listen);
    });
  }
}
