/** The `init` and `build` commands and the config part of `dev`: argument handling and output. */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ConfigError } from '../core/index.js';
import { findConfigFile, loadConfig, type LoadedConfig } from '../config/load-config.js';
import type { ConsoleServerOptions } from '../server/index.js';
import { buildProject, pageRules, toPackage } from './build-project.js';
import { buildVoiceProject } from './build-voice.js';
import { initProject } from './init-project.js';

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** Where the config is: `--config`, else `./softphone.config.*` if present. */
function configFileFrom(option: string | undefined, required: boolean): string | undefined {
  if (option) return resolve(option);
  const found = findConfigFile(process.cwd());
  if (!found && required) throw new ConfigError('--config', 'a config file (none given and no softphone.config.ts here; run "softphone-connector init")');
  return found;
}

/** `init [dir] [--provider p] [--force]` */
export function runInit(dir: string | undefined, options: { provider?: string; force?: boolean; json?: boolean }): void {
  const result = initProject({ dir: dir ?? '.', provider: options.provider, force: options.force });
  if (options.json) {
    console.log(JSON.stringify({ ok: true, ...result }));
    return;
  }
  const shown = relative(process.cwd(), result.dir) || '.';
  console.log(`Created a ${result.provider} softphone project in ${shown}:`);
  for (const file of result.files) console.log(`  ${file}`);
  console.log(`\nIts package.json asks for ${result.dependencies.join(', ')}.`);
  console.log(`\nNext: edit softphone.config.ts, then\n  cd ${shown}\n  npm install                    # what its package.json asks for\n  npx softphone-connector dev    # try it in the local console\n  npx softphone-connector build  # write the Salesforce metadata`);
}

/** `build [--config f] [--out dir] [--json]` */
export async function runBuild(options: { config?: string; out?: string; json?: boolean; host?: string; 'connector-url'?: string }): Promise<void> {
  const configFile = configFileFrom(options.config, true) as string;
  const started = performance.now();
  // With --json stdout carries the result only; progress goes to stderr.
  const progress = (message: string): void => void (options.json ? process.stderr : process.stdout).write(`• ${message}…\n`);
  const host = options.host ?? 'opencti';
  if (host !== 'opencti' && host !== 'voice') throw new ConfigError('--host', '"opencti" (default) or "voice"', host);
  if (host === 'voice') {
    if (!options['connector-url']) throw new ConfigError('--connector-url', 'the https:// address where the Voice connector page will be hosted, e.g. https://phone.example.com/salesforce/connector.html');
    const result = await buildVoiceProject({ configFile, outDir: options.out, connectorUrl: options['connector-url'], progress });
    const ms = Math.round(performance.now() - started);
    if (options.json) {
      console.log(JSON.stringify({ ok: true, durationMs: ms, ...result }));
      return;
    }
    console.log(`\nBuilt the ${result.provider} connector for Salesforce Voice into ${relative(process.cwd(), result.outDir) || '.'} in ${ms} ms:`);
    for (const file of result.files) console.log(`  ${file.path}  ${kb(file.bytes)}`);
    console.log(`  ${result.credentials.certificate}, ${result.credentials.privateKey}  (${result.credentials.created ? 'new key pair' : 'kept from the last build'})`);
    console.log('\nNext steps:');
    result.nextSteps.forEach((step, index) => console.log(`  ${index + 1}. ${step}`));
    return;
  }
  const result = await buildProject({ configFile, outDir: options.out, progress });
  const ms = Math.round(performance.now() - started);
  if (options.json) {
    console.log(JSON.stringify({ ok: true, durationMs: ms, ...result }));
    return;
  }
  console.log(`\nBuilt the ${result.provider} softphone into ${relative(process.cwd(), result.outDir) || '.'} in ${ms} ms:`);
  for (const file of result.files) console.log(`  ${file.path}  ${kb(file.bytes)}`);
  console.log(`\nStatic resource ${kb(result.staticResource.bytes)} (zip):`);
  for (const item of result.staticResource.contents) console.log(`  ${item.file}  ${kb(item.bytes)}, ${kb(item.gzipBytes)} gzipped`);
  for (const path of result.removed) console.log(`  removed ${path} (no longer generated)`);
  for (const warning of result.warnings) console.log(`\nWarning: ${warning}`);
  console.log('\nNext steps:');
  result.nextSteps.forEach((step, index) => console.log(`  ${index + 1}. ${step}`));
}

/** Server options a config (and optionally its built package) gives `dev`. */
export async function devOptionsFromConfig(options: { config?: string; package?: string }): Promise<{ loaded?: LoadedConfig; server: Partial<ConsoleServerOptions> }> {
  const file = configFileFrom(options.config, options.package !== undefined);
  if (!file) return { server: {} };
  const loaded = await loadConfig(file);
  const { config } = loaded;
  const server: Partial<ConsoleServerOptions> = {
    provider: config.provider,
    popOn: config.screenPop.when,
    defaultRegion: config.defaultRegion,
    phoneRegions: config.phoneRegions,
    apiVersion: config.salesforce.apiVersion,
    pageConfig: { dispositions: config.logging.dispositions, ...pageRules(config), ...(config.omni ? { omni: config.omni } : {}) },
    // getCallCenterSettings answers the call centre that `build` writes for this config.
    callCenter: toPackage(config),
    dialPolicy: config.dialPolicy,
  };
  if (options.package === undefined) return { loaded, server };
  const pkg = server.callCenter ?? toPackage(config);
  const resourceFile = join(resolve(options.package), `force-app/main/default/staticresources/${pkg.resourceName}.resource`);
  if (!existsSync(resourceFile)) throw new ConfigError('--package', `a folder built by "softphone-connector build" (missing ${resourceFile})`);
  return { loaded, server: { ...server, packagePreview: { pkg, staticResource: readFileSync(resourceFile) } } };
}

/** Prints a config error (as JSON with --json) and sets a failing exit code. Returns whether it handled the error. */
export function reportConfigError(error: unknown, json: boolean): boolean {
  if (!(error instanceof Error) || !['ConfigError', 'ConfigLoadError', 'BundleMissingError', 'ProjectExistsError', 'MissingDependencyError'].includes(error.name)) return false;
  const code = 'code' in error ? String(error.code) : 'error';
  if (json) console.log(JSON.stringify({ ok: false, error: { code, message: error.message, ...('field' in error ? { field: error.field } : {}) } }));
  else console.error(`softphone-connector: ${error.name === 'ConfigError' ? 'invalid configuration: ' : ''}${error.message}`);
  process.exitCode = 1;
  return true;
}
