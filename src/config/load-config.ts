/**
 * Loads `softphone.config.ts` from Node the way Vite loads its config: bundle it with esbuild to a
 * temporary module next to the file (so its own relative and package imports resolve), import that,
 * delete it. `softphone-connector/*` imports resolve to this package's own sources, so a config works
 * in a project that has not installed the package (e.g. straight after `init` in a checkout).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ConfigError, SoftphoneError, errorMessage } from '../core/index.js';
import { defineConfig, type SoftphoneConfig } from './define-config.js';
import { OPTIONAL_PEERS, checkProviderDependencies } from './optional-dependencies.js';

/** File names looked up when no config file is given, in order. */
export const CONFIG_FILE_NAMES = ['softphone.config.ts', 'softphone.config.mts', 'softphone.config.js', 'softphone.config.mjs'] as const;

/** The config file could not be found, compiled or run (as opposed to a wrong value: {@link ConfigError}). */
export class ConfigLoadError extends SoftphoneError<'config-load-failed'> {
  override readonly name = 'ConfigLoadError';
  /** `options.cause` is the error this one wraps, if any. */
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super('config-load-failed', message, options);
  }
}

/** The folder of this package (the one holding its package.json), from this module's location. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'softphone-connector') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new ConfigLoadError('cannot find the softphone-connector package folder; reinstall the package.');
    dir = parent;
  }
}

/** The config file in `dir`, if there is one. */
export function findConfigFile(dir: string): string | undefined {
  return CONFIG_FILE_NAMES.map((name) => join(dir, name)).find((file) => existsSync(file));
}

/** A config file, loaded and validated. */
export interface LoadedConfig {
  readonly file: string;
  readonly config: SoftphoneConfig;
}

/** Our subpath exports, resolved to sources so the config shares one definition of each factory. */
function subpathAliases(root: string): Record<string, string> {
  return {
    'softphone-connector/config': join(root, 'src/config/index.ts'),
    'softphone-connector/core': join(root, 'src/core/index.ts'),
    'softphone-connector/providers/simulator': join(root, 'src/providers/simulator/index.ts'),
    ...Object.fromEntries(
      ['sip', 'twilio', 'connect']
        .filter((kind) => existsSync(join(root, `src/providers/${kind}/index.ts`)))
        .map((kind) => [`softphone-connector/providers/${kind}`, join(root, `src/providers/${kind}/index.ts`)]),
    ),
  };
}

/**
 * Bundles, imports and validates a config file. Wrong values throw {@link ConfigError}; a provider
 * whose optional peer dependencies are not installed {@link MissingDependencyError}; anything else
 * {@link ConfigLoadError}.
 */
export async function loadConfig(file: string): Promise<LoadedConfig> {
  const path = resolve(file);
  if (!existsSync(path)) throw new ConfigLoadError(`config file ${path} does not exist; run "softphone-connector init" or pass --config <file>.`);
  const root = packageRoot();
  let code: string;
  try {
    const result = await build({
      entryPoints: [path],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      alias: subpathAliases(root),
      // Third-party packages stay imports resolved from the config's folder; our own sources are bundled.
      // Our sources have no import-time effects: a module whose exports the config does not use is
      // left out, and with it its vendor SDK (a provider's factory never needs the SDK).
      plugins: [{
        name: 'external-packages',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => (!Object.hasOwn(OPTIONAL_PEERS, args.path) && (args.path.startsWith('softphone-connector/') || args.resolveDir.startsWith(root)) ? undefined : { path: args.path, external: true }));
          pluginBuild.onResolve({ filter: /^\./ }, async (args) => {
            if (args.pluginData === 'resolving' || !args.resolveDir.startsWith(join(root, 'src'))) return undefined;
            const resolved = await pluginBuild.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
            return resolved.errors.length > 0 ? undefined : { path: resolved.path, sideEffects: false };
          });
        },
      }],
    });
    code = result.outputFiles[0]?.text ?? '';
  } catch (error) {
    const detail = error && typeof error === 'object' && 'errors' in error && Array.isArray(error.errors)
      ? (error.errors as { text: string; location?: { line: number; column: number } | null }[]).map((item) => `${item.text}${item.location ? ` (line ${item.location.line}:${item.location.column})` : ''}`).join('; ')
      : String(error);
    throw new ConfigLoadError(`cannot compile ${basename(path)}: ${detail}`, { cause: error });
  }
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.mjs`);
  writeFileSync(temp, code);
  let exported: unknown;
  try {
    exported = ((await import(pathToFileURL(temp).href)) as { default?: unknown }).default;
  } catch (error) {
    // A ConfigError thrown by a factory in the (separately bundled) config: re-create ours so callers can rely on instanceof.
    if (error instanceof Error && error.name === 'ConfigError' && 'field' in error) throw rethrown(error);
    throw new ConfigLoadError(`${basename(path)} failed to run: ${errorMessage(error)}`, { cause: error });
  } finally {
    rmSync(temp, { force: true });
  }
  if (exported === undefined) throw new ConfigLoadError(`${basename(path)} has no default export; end it with "export default defineConfig({ ... })".`);
  let config: SoftphoneConfig;
  try {
    config = defineConfig(exported as Parameters<typeof defineConfig>[0]);
  } catch (error) {
    throw error instanceof Error && error.name === 'ConfigError' && 'field' in error ? rethrown(error) : error;
  }
  // The provider's optional peer dependencies, from where this package loads them.
  checkProviderDependencies(config.provider.kind, root);
  return { file: path, config };
}

function rethrown(error: Error & { field?: unknown }): ConfigError {
  const copy = new ConfigError(String(error.field), '', undefined, { cause: error });
  copy.message = error.message;
  return copy;
}
