import { fetchWithSession, type ServerSession } from '../../core/index.js';
import { TwilioTokenError } from './errors.js';

/** What the token endpoint answers. */
export interface TwilioToken {
  readonly token: string;
  readonly identity: string;
}

/** Fetches an access token from our server's endpoint (as the session's agent), with errors that say what to check. */
export async function fetchTwilioToken(url: string, session?: ServerSession): Promise<TwilioToken> {
  let response: Response;
  try {
    response = await fetchWithSession(session, url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch (error) {
    throw new TwilioTokenError(`Could not reach the token endpoint ${url}: ${String(error)}.`, { cause: error });
  }
  if (response.status === 401 || response.status === 403) {
    const reason = ((await response.json().catch(() => undefined)) as { message?: unknown } | undefined)?.message;
    throw new TwilioTokenError(`The token endpoint ${url} refused this agent (${response.status}${typeof reason === 'string' ? `: ${reason.slice(0, 200)}` : ''}).`);
  }
  if (!response.ok) throw new TwilioTokenError(`The token endpoint ${url} answered ${response.status}: check the server's Twilio settings.`);
  const body = (await response.json().catch(() => undefined)) as Partial<TwilioToken> | undefined;
  if (typeof body?.token !== 'string' || typeof body.identity !== 'string') {
    throw new TwilioTokenError(`The token endpoint ${url} must answer {"token": "...", "identity": "..."}.`);
  }
  return { token: body.token, identity: body.identity };
}
