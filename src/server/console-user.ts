/**
 * The local console's users: `/?user=<alias>` picks who is signed in to a console page, and the
 * console hands the alias to its softphone frame (`/softphone/?user=<alias>`), whose simulator
 * provider then connects as that user's agent. Two console pages with different users are two agents
 * of one team, so a call can be consulted, transferred and supervised in one browser.
 */
import { ConfigError, type ProviderConfig } from '../core/index.js';
import { CONSOLE_USERS } from '../console/users.js';

/**
 * The softphone's provider for console user `user` (the page's `?user=` query): the simulator
 * connects as that user's agent; other providers keep their configured identity. Throws a
 * {@link ConfigError} naming the known users for an unknown alias.
 */
export function providerForConsoleUser(provider: ProviderConfig, user: unknown): ProviderConfig {
  if (user === undefined || user === '') return provider;
  const known = CONSOLE_USERS.find((candidate) => candidate.alias === user);
  if (!known) throw new ConfigError('user', `one of ${CONSOLE_USERS.map((candidate) => candidate.alias).join(', ')}`, user);
  if (provider.kind !== 'simulator') return provider;
  const options = typeof provider.options === 'object' && provider.options !== null ? provider.options : {};
  return { ...provider, options: { ...options, agentId: known.simulatorAgent, ...(known.role === 'supervisor' ? { role: known.role } : {}) } };
}
