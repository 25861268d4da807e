/**
 * `softphone-connector build`: from a config file to a Salesforce DX project. Loads and validates the
 * config, packs the provider's softphone bundle into a static resource (zip), runs the packaging
 * generators and writes their files.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { loadConfig, packageRoot } from '../config/load-config.js';
import type { SoftphoneConfig } from '../config/index.js';
import { phoneMetadataFor } from '../config/phone-metadata.js';
import { SoftphoneError, type CallLogRules, type ProviderConfig } from '../core/index.js';
import type { PopRules } from '../salesforce/index.js';
import { AGENT_ASSERTION_APEX, generateProject, omniSetupSteps, type SoftphonePackage } from '../salesforce/packaging/index.js';

/** The softphone bundle of a provider is missing from this installation. */
export class BundleMissingError extends SoftphoneError<'bundle-missing'> {
  override readonly name = 'BundleMissingError';
  /** `options.cause` is the error this one wraps, if any. */
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super('bundle-missing', message, options);
  }
}

/** The screen-pop and call-log rules of a config, as the softphone page's configuration carries them. */
export function pageRules(config: SoftphoneConfig): { readonly screenPop: PopRules; readonly logging: CallLogRules } {
  const { when: _when, ...screenPop } = config.screenPop;
  const { dispositions: _dispositions, ...logging } = config.logging;
  return { screenPop, logging };
}

/** Maps a validated config to what the packaging generators need. */
export function toPackage(config: SoftphoneConfig): SoftphonePackage {
  const name = config.callCenter.name;
  return {
    apiVersion: config.salesforce.apiVersion,
    callCenterName: name,
    callCenterDisplayName: config.callCenter.displayName,
    softphoneWidth: config.callCenter.width,
    softphoneHeight: config.callCenter.height,
    pageName: name,
    resourceName: name,
    scriptFile: `softphone-${config.provider.kind}.js`,
    styleFile: 'softphone.css',
    pageConfig: {
      provider: config.provider,
      popOn: config.screenPop.when,
      defaultRegion: config.defaultRegion,
      phoneMetadata: phoneMetadataFor(config.phoneRegions),
      dispositions: config.logging.dispositions,
      ...pageRules(config),
      ...(config.omni ? { omni: config.omni } : {}),
      ...(config.agentIdentity ? { agentAuth: { sessionUrl: config.agentIdentity.sessionUrl, ...AGENT_ASSERTION_APEX } } : {}),
    },
    ...(config.agentIdentity
      ? { agentAssertion: { audience: config.agentIdentity.server, certificate: config.agentIdentity.certificate, lifetimeSeconds: config.agentIdentity.lifetimeSeconds } }
      : {}),
    connectSources: [...new Set([...config.provider.connectSources, ...config.salesforce.trustedSites, ...(config.agentIdentity ? [config.agentIdentity.server] : [])])],
    corsOrigins: config.salesforce.corsOrigins,
    ...(config.omni ? { omni: { channel: config.omni.channel, statuses: [...new Set([...Object.keys(config.omni.statuses), ...Object.values(config.omni.toOmni), ...(config.omni.onCall ? [config.omni.onCall] : [])])] } } : {}),
    settings: [
      { name: 'provider', label: 'Provider', value: config.provider.kind },
      { name: 'connectSources', label: 'Telephony connections', value: config.provider.connectSources.join(' ') || '(same origin)' },
      { name: 'popOn', label: 'Screen pop on', value: config.screenPop.when },
      { name: 'defaultRegion', label: 'Default phone region', value: config.defaultRegion },
      { name: 'phoneRegions', label: 'Phone regions', value: config.phoneRegions.join(' ') },
    ],
  };
}

/**
 * Warnings about the provider's options: a secret in them ends up in the page every agent loads
 * (the page carries the options as JSON), so say so and name the option.
 */
export function providerWarnings(provider: ProviderConfig): string[] {
  const warnings: string[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value !== 'object' || value === null) return;
    for (const [key, item] of Object.entries(value)) {
      const at = `${path}.${key}`;
      if (typeof item === 'string' && item !== '' && /password|secret|token|apikey|api_key/i.test(key)) {
        warnings.push(`${at} is written into the softphone page, readable by every agent; prefer a credentials URL that returns short-lived credentials.`);
      } else visit(item, at);
    }
  };
  visit(provider.options, `provider.${provider.kind}`);
  return warnings;
}

/** Size of one file of the static resource. */
export interface BundleFile {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** What a build produced. */
export interface BuildResult {
  readonly configFile: string;
  readonly outDir: string;
  readonly provider: string;
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
  readonly staticResource: { readonly path: string; readonly bytes: number; readonly contents: readonly BundleFile[] };
  readonly nextSteps: readonly string[];
  readonly warnings: readonly string[];
  /** Files of the previous build that this one no longer generates (e.g. a trusted site for a host no longer used), deleted. */
  readonly removed: readonly string[];
}

/** Options of {@link buildProject}. */
export interface BuildOptions {
  readonly configFile: string;
  /** Project folder to write (default: the config file's folder). */
  readonly outDir?: string;
  /** Called at the start of each step. */
  readonly progress?: (message: string) => void;
}

// Fixed timestamps make the zip depend on its contents only: rebuilding an unchanged softphone gives an identical resource.
const ZIP_MTIME = new Date('2020-01-01T00:00:00Z');

/** Reads the prebuilt browser bundle of a provider and packs it (with its stylesheet) as the static resource. */
export function packStaticResource(pkg: SoftphonePackage, publicDir = join(packageRoot(), 'dist/public')): { zip: Uint8Array; contents: BundleFile[] } {
  const script = join(publicDir, pkg.scriptFile);
  if (!existsSync(script)) {
    throw new BundleMissingError(`no softphone bundle for the "${pkg.pageConfig.provider.kind}" provider (${script}); check provider in the config, or build the package (npm run build).`);
  }
  const files: Record<string, Uint8Array> = {
    [pkg.scriptFile]: readFileSync(script),
    [pkg.styleFile]: readFileSync(join(publicDir, 'softphone.css')),
  };
  if (existsSync(`${script}.map`)) files[`${pkg.scriptFile}.map`] = readFileSync(`${script}.map`);
  // Split bundles (Twilio's lazily loaded TaskRouter SDK) import chunks by relative path: they go along.
  for (const chunk of chunksOf(files[pkg.scriptFile] as Uint8Array, publicDir)) files[chunk] = readFileSync(join(publicDir, chunk));
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([file, data]) => [file, [data, { level: 9, mtime: ZIP_MTIME }]])));
  const contents = Object.entries(files).map(([file, data]) => ({ file, bytes: data.byteLength, gzipBytes: gzipSync(data, { level: 9 }).byteLength }));
  return { zip, contents };
}

/** The `chunks/…js` files a script imports (statically or on demand), and theirs, as paths relative to `publicDir`. */
function chunksOf(script: Uint8Array, publicDir: string, found = new Set<string>()): Set<string> {
  for (const [, name] of new TextDecoder().decode(script).matchAll(/["'](?:\.\.?\/)*(?:chunks\/)?([\w.-]+\.js)["']/g)) {
    const chunk = `chunks/${name}`;
    if (found.has(chunk) || !existsSync(join(publicDir, chunk))) continue;
    found.add(chunk);
    chunksOf(readFileSync(join(publicDir, chunk)), publicDir, found);
  }
  return found;
}

/** The manual steps after deployment, for the printed summary. */
export function nextSteps(pkg: SoftphonePackage, outDir: string): string[] {
  return [
    `Deploy:  cd ${outDir} && sf project deploy start --source-dir force-app --target-org <alias>`,
    `Or import call-center/${pkg.callCenterName}.xml in Setup → Call Centers → Import (if you do not deploy the CallCenter metadata).`,
    `Setup → Call Centers → ${pkg.callCenterDisplayName} → Manage Call Center Users: add the agents.`,
    'Setup → App Manager → your console app → Edit → Utility Items: add "Open CTI Softphone", then save.',
    'Setup → Softphone Layouts: choose which objects a caller\'s number is searched in and what to pop.',
    ...(pkg.omni ? omniSetupSteps({ ...pkg, omni: pkg.omni }) : []),
    ...(pkg.agentAssertion
      ? [`Setup → Certificate and Key Management: create the certificate "${pkg.agentAssertion.certificate}" (before deploying: SoftphoneAgentAssertion signs with it), download it and configure the server with it (auth.orgs[].certificatePem, audience ${pkg.agentAssertion.audience}).`]
      : []),
  ];
}

/** Lists what a build generated, so the next build can delete what it no longer generates. */
export const BUILD_MANIFEST = '.softphone-build.json';

/**
 * Deletes the files the previous build generated and this one does not, and records this build's
 * files. Only files a build wrote are ever deleted; the project's own files are left alone.
 */
function removeStale(outDir: string, paths: readonly string[]): string[] {
  const manifest = join(outDir, BUILD_MANIFEST);
  let previous: string[] = [];
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
    if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { files?: unknown }).files)) previous = (parsed as { files: unknown[] }).files.filter((item): item is string => typeof item === 'string');
  } catch {
    // No manifest yet (first build) or an unreadable one: nothing is known to be stale.
  }
  const current = new Set(paths);
  const removed = previous.filter((path) => !current.has(path) && /^(force-app|call-center)\//.test(path) && !path.includes('..') && existsSync(join(outDir, path)));
  for (const path of removed) rmSync(join(outDir, path));
  writeFileSync(manifest, `${JSON.stringify({ files: [...current].filter((path) => path !== 'sfdx-project.json' && path !== '.forceignore') }, null, 2)}\n`);
  return removed;
}

/** Builds the Salesforce DX project for a config file. */
export async function buildProject(options: BuildOptions): Promise<BuildResult> {
  const progress = options.progress ?? (() => undefined);
  progress(`Loading ${basename(options.configFile)}`);
  const { file, config } = await loadConfig(options.configFile);
  const outDir = resolve(options.outDir ?? dirname(file));
  const pkg = toPackage(config);
  progress(`Packing the ${config.provider.kind} softphone into static resource ${pkg.resourceName}`);
  const { zip, contents } = packStaticResource(pkg);
  progress('Generating Salesforce metadata');
  const generated = generateProject(pkg, zip, basename(outDir));
  progress(`Writing ${generated.length} files to ${outDir}`);
  const written: { path: string; bytes: number }[] = [];
  for (const item of generated) {
    const target = join(outDir, item.path);
    // The project's own files belong to the user once they exist; everything else is regenerated.
    if ((item.path === 'sfdx-project.json' || item.path === '.forceignore') && existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, item.contents);
    written.push({ path: item.path, bytes: typeof item.contents === 'string' ? Buffer.byteLength(item.contents) : item.contents.byteLength });
  }
  const removed = removeStale(outDir, generated.map((item) => item.path));
  const resourcePath = `force-app/main/default/staticresources/${pkg.resourceName}.resource`;
  return {
    configFile: file,
    outDir,
    provider: config.provider.kind,
    files: written,
    staticResource: { path: resourcePath, bytes: zip.byteLength, contents },
    nextSteps: nextSteps(pkg, outDir),
    warnings: providerWarnings(config.provider),
    removed,
  };
}
