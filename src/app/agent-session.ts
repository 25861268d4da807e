/**
 * The softphone page's session with the vendor's server: a Salesforce-signed assertion of the
 * signed-in user (the `SoftphoneAgentAssertion` Apex class through Open CTI `runApex`, or the org's
 * identity provider for the Salesforce Voice host), exchanged at the server for a short-lived
 * session token, renewed the same way a minute before it expires. The page holds no secret.
 */
import { SoftphoneError, errorMessage, type ServerSession } from '../core/index.js';
import { OpenCtiClient } from '../salesforce/index.js';
import type { OidcAuthorizationResponse, OidcPageConfig } from './oidc-sign-in.js';

/** Where the page's session comes from, as the page's configuration says (`agentAuth`). */
export interface AgentAuthPageConfig {
  /** The server's exchange endpoint, e.g. `/api/auth/session` or `https://telephony.example.com/api/auth/session`. */
  readonly sessionUrl: string;
  /** The Apex class and method that sign the assertion (Open CTI host). */
  readonly apexClass?: string;
  readonly methodName?: string;
  /** Where the Salesforce Voice connector page gets its assertion (local Voice console only). */
  readonly assertionUrl?: string;
  /** Sign in with the org as OpenID Connect provider (the Salesforce Voice connector page). */
  readonly oidc?: OidcPageConfig;
}

/** What the page proves its agent with: an assertion (JWT), or the org's OpenID Connect authorization response. */
export type SessionCredential = string | { readonly oidc: OidcAuthorizationResponse };

/** Who the server says this softphone's agent is. */
export interface SessionIdentity {
  readonly userId: string;
  readonly orgId: string;
  readonly role: string;
}

/** The page could not prove who its agent is. */
export class AgentSessionError extends SoftphoneError<'agent-auth'> {
  override readonly name = 'AgentSessionError';
  /** `options.cause` is the error this one wraps, if any. */
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super('agent-auth', message, options);
  }
}

/** Renew a session this long before it expires. */
const RENEW_MARGIN_MS = 60_000;

/** A {@link ServerSession} from assertions; see the module comment. */
export class AgentSessionClient implements ServerSession {
  private current?: { readonly session: string; readonly expiresAt: number; readonly identity: SessionIdentity };
  private pending?: Promise<{ readonly session: string; readonly expiresAt: number; readonly identity: SessionIdentity }>;

  constructor(
    private readonly assertion: () => Promise<SessionCredential>,
    private readonly sessionUrl: string,
  ) {}

  /** A session from the Open CTI host's `runApex` (the page must load `opencti_min.js`). */
  static forOpenCti(win: Window, config: AgentAuthPageConfig): AgentSessionClient {
    const api = win.sforce?.opencti;
    if (!api) throw new AgentSessionError('sforce.opencti is not loaded: the softphone page must run in Salesforce to sign in its agent.');
    const client = new OpenCtiClient(api);
    const apexClass = config.apexClass ?? 'SoftphoneAgentAssertion';
    const methodName = config.methodName ?? 'issue';
    return new AgentSessionClient(async () => {
      const result = await client.runApex({ apexClass, methodName, methodParams: '' });
      if (typeof result?.runApex !== 'string' || result.runApex.split('.').length !== 3) {
        throw new AgentSessionError(`${apexClass}.${methodName} returned no assertion: is the Apex class deployed and its certificate in place?`);
      }
      return result.runApex;
    }, config.sessionUrl);
  }

  /** Signs in (first session) and says who the server says the agent is. */
  async start(): Promise<SessionIdentity> {
    return (await this.fresh()).identity;
  }

  async token(): Promise<string> {
    if (this.current && this.current.expiresAt - RENEW_MARGIN_MS > Date.now()) return this.current.session;
    return (await this.fresh()).session;
  }

  invalidate(): void {
    this.current = undefined;
  }

  private fresh(): Promise<{ readonly session: string; readonly expiresAt: number; readonly identity: SessionIdentity }> {
    this.pending ??= this.exchange().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async exchange(): Promise<{ readonly session: string; readonly expiresAt: number; readonly identity: SessionIdentity }> {
    let assertion: SessionCredential;
    try {
      assertion = await this.assertion();
    } catch (error) {
      throw new AgentSessionError(`Salesforce did not sign in this agent: ${errorMessage(error)}`, { cause: error });
    }
    let response: Response;
    try {
      response = await fetch(this.sessionUrl, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(typeof assertion === 'string' ? { assertion } : assertion) });
    } catch (error) {
      throw new AgentSessionError(`Could not reach ${this.sessionUrl} to sign in: ${errorMessage(error)}.`, { cause: error });
    }
    const body = (await response.json().catch(() => undefined)) as { session?: unknown; expiresAt?: unknown; identity?: SessionIdentity; message?: unknown } | undefined;
    if (!response.ok || typeof body?.session !== 'string' || typeof body.expiresAt !== 'number' || typeof body.identity?.userId !== 'string') {
      const reason = typeof body?.message === 'string' ? body.message.slice(0, 300) : `HTTP ${response.status}`;
      throw new AgentSessionError(`The server refused this agent's sign-in: ${reason}`);
    }
    this.current = { session: body.session, expiresAt: body.expiresAt, identity: body.identity };
    return this.current;
  }
}
