/**
 * The local console's users: `/?user=<alias>` picks who is signed in to a console page, and the
 * console hands the alias to its softphone frame (`/softphone/?user=<alias>`), whose simulator
 * provider then connects as that user's agent. Two console pages with different users are two agents
 * of one team, so a call can be consulted, transferred and supervised in one browser.
 */
import { ConfigError, type ProviderConfig } from '../core/index.js';

/** The simulator agent of each console user; absent, the page is `agent`'s. */
export const CONSOLE_USERS: Readonly<Record<string, { readonly agentId: string; readonly role?: 'supervisor' }>> = {
  agent: { agentId: 'agent' },
  agent2: { agentId: 'agent2' },
  supervisor: { agentId: 'supervisor', role: 'supervisor' },
};

/**
 * The softphone's provider for console user `user` (the page's `?user=` query): the simulator
 * connects as that user's agent; other providers keep their configured identity. Throws a
 * {@link ConfigError} naming the known users for an unknown alias.
 */
export function providerForConsoleUser(provider: ProviderConfig, user: unknown): ProviderConfig {
  if (user === undefined || user === '') return provider;
  const known = typeof user === 'string' && Object.hasOwn(CONSOLE_USERS, user) ? CONSOLE_USERS[user] : undefined;
  if (!known) throw new ConfigError('user', `one of ${Object.keys(CONSOLE_USERS).join(', ')}`, user);
  if (provider.kind !== 'simulator') return provider;
  const options = typeof provider.options === 'object' && provider.options !== null ? provider.options : {};
  return { ...provider, options: { ...options, agentId: known.agentId, ...(known.role ? { role: known.role } : {}) } };
}
