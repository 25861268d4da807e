import { ConfigError } from '../../core/index.js';
import type { HardeningOptions } from './hardening.js';

/**
 * Hardening settings from the environment: `SOFTPHONE_CORS_ORIGINS`, a comma-separated list of the
 * exact origins the softphone is hosted on (e.g. `https://acme--c.vf.force.com`). The error names
 * the variable and the entry that is wrong.
 */
export function hardeningFromEnv(env: Readonly<Record<string, string | undefined>>): HardeningOptions {
  const text = env.SOFTPHONE_CORS_ORIGINS?.trim();
  if (!text) return {};
  const corsOrigins = text.split(',').map((entry) => entry.trim()).filter(Boolean).map((entry) => {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== entry.replace(/\/$/, '')) {
      throw new ConfigError('SOFTPHONE_CORS_ORIGINS', 'comma-separated origins such as https://acme--c.vf.force.com (scheme, host and port only)', entry);
    }
    return url.origin;
  });
  return { corsOrigins };
}
