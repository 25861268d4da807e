import { ProviderError, fetchWithSession, type ProviderServices, type ServerSession } from '../../core/index.js';
import type { SipConfig } from './config.js';
import { SipProvider, type SipCredentials, type SipProviderOptions } from './sip-provider.js';

/**
 * Fetches `{ password, authorizationUser? }` from the configured credentials URL, as the session's
 * agent (`Authorization: Bearer`) when the page has a session; with the page's cookies otherwise.
 */
async function fetchCredentials(url: string, session?: ServerSession): Promise<SipCredentials> {
  const response = await fetchWithSession(session, url, { credentials: 'include', headers: { accept: 'application/json' } });
  if (!response.ok) throw new ProviderError('rejected', `${url} answered ${response.status}; expected SIP credentials as JSON.`);
  const body = (await response.json()) as Partial<SipCredentials>;
  if (typeof body.password !== 'string' || body.password === '') {
    throw new ProviderError('rejected', `${url} must answer { "password": "…" }; the password is missing.`);
  }
  return { password: body.password, ...(typeof body.authorizationUser === 'string' ? { authorizationUser: body.authorizationUser } : {}) };
}

/** Creates the provider of a {@link SipConfig}; `extra` adds what only the page can supply (audio element…). */
export function createSipProvider(config: SipConfig, extra: Omit<Partial<SipProviderOptions>, keyof SipConfig['options']> = {}, services: ProviderServices = {}): SipProvider {
  const { credentialsUrl } = config.options;
  return new SipProvider({
    ...config.options,
    ...(credentialsUrl && !extra.getCredentials ? { getCredentials: () => fetchCredentials(credentialsUrl, services.session) } : {}),
    ...extra,
  });
}
