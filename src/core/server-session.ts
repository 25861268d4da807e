/**
 * The agent's session with the vendor's server, as providers and hosts see it: a bearer token that
 * proves which Salesforce user this softphone is (got by exchanging a Salesforce-signed assertion;
 * the page supplies it). No token is ever configured in a page.
 */

/** A short-lived proof of the agent's identity for the vendor's server. */
export interface ServerSession {
  /** A valid session token, renewed before it expires. */
  token(): Promise<string>;
  /** The server refused the last token (401): the next {@link ServerSession.token} gets a new one. */
  invalidate(): void;
}

/** What a page supplies to a provider besides its configuration. */
export interface ProviderServices {
  /** The agent's session, when the page authenticates with its server. */
  readonly session?: ServerSession;
}

/** `fetch` with the session's bearer token, retried once with a new token after a 401. */
export async function fetchWithSession(session: ServerSession | undefined, url: string, init: RequestInit = {}): Promise<Response> {
  if (!session) return fetch(url, init);
  const attempt = async (): Promise<Response> => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${await session.token()}`);
    return fetch(url, { ...init, headers });
  };
  const response = await attempt();
  if (response.status !== 401) return response;
  session.invalidate();
  return attempt();
}
