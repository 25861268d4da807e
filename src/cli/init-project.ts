/**
 * `softphone-connector init [dir]`: scaffolds a softphone project — `softphone.config.ts` for the
 * chosen provider, a `package.json` that asks for exactly the packages that provider needs, and the
 * Salesforce DX project around it — ready for `softphone-connector build`.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { ConfigError, SoftphoneError } from '../core/index.js';
import { DEFAULT_API_VERSION } from '../config/index.js';
import { packageRoot } from '../config/load-config.js';
import { OPTIONAL_PEERS, PROVIDER_PEERS } from '../config/optional-dependencies.js';
import { forceIgnore, sfdxProject } from '../salesforce/packaging/index.js';

/** The project folder already has a config: `init` never overwrites one without `--force`. */
export class ProjectExistsError extends SoftphoneError<'project-exists'> {
  override readonly name = 'ProjectExistsError';
  /** `options.cause` is the error this one wraps, if any. */
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super('project-exists', message, options);
  }
}

/** Provider templates `init` knows, with the factory call it writes. */
const TEMPLATES: Readonly<Record<string, { readonly importName: string; readonly call: string }>> = {
  simulator: {
    importName: 'simulator',
    call: `simulator({
    // The local console's telephony simulator. In an org, point this at a simulator you host (wss://…).
    url: '/api/sim/agent',
  })`,
  },
  sip: {
    importName: 'sip',
    call: `sip({
    server: 'wss://pbx.example.com:8089/ws',
    user: 'agent1001',
    credentialsUrl: 'https://pbx.example.com/softphone/credentials',
    domain: 'pbx.example.com',
    displayName: 'Agent 1001',
  })`,
  },
  twilio: {
    importName: 'twilio',
    call: `twilio({
    // Where the softphone gets its access token (default: /api/twilio/token on the page's own server;
    // in an org, your token server's https:// URL, e.g. softphone-connector/server's Twilio routes).
    tokenUrl: '/api/twilio/token',
    edge: 'roaming',
  })`,
  },
  connect: {
    importName: 'connect',
    call: `connect({
    // Your instance's Contact Control Panel; add the softphone's origin to the instance's approved origins.
    ccpUrl: 'https://example.my.connect.aws/ccp-v2/',
    region: 'us-east-1',
  })`,
  },
};

/** Providers whose softphone bundle this installation carries and that `init` has a template for. */
export function availableProviders(root = packageRoot()): string[] {
  const bundles = existsSync(join(root, 'dist/public')) ? readdirSync(join(root, 'dist/public')) : [];
  return Object.keys(TEMPLATES).filter((kind) => bundles.includes(`softphone-${kind}.js`));
}

/** The `softphone.config.ts` that `init` writes. */
export function configTemplate(kind: string, callCenterName: string): string {
  const template = TEMPLATES[kind];
  if (!template) throw new ConfigError('--provider', `one of ${Object.keys(TEMPLATES).join(', ')}`, kind);
  return `import { defineConfig } from 'softphone-connector/config';
import { ${template.importName} } from 'softphone-connector/providers/${kind}';

export default defineConfig({
  provider: ${template.call},
  defaultRegion: 'US',
  screenPop: {
    when: 'ringing',
    // What the org's Softphone Layout decides, unless you choose here: 'new-record' / 'first' / 'nothing'.
    onNoMatch: 'layout',
    onManyMatches: 'layout',
  },
  logging: {
    dispositions: ['Resolved', 'Follow-up required', 'Left voicemail', 'Wrong number', 'Not interested'],
  },
  callCenter: {
    name: '${callCenterName}',
    displayName: 'Softphone Connector',
    width: 300,
    height: 460,
  },
  salesforce: {
    apiVersion: '${DEFAULT_API_VERSION}',
  },
});
`;
}

/** What `init` wrote. */
export interface InitResult {
  readonly dir: string;
  readonly provider: string;
  readonly files: readonly string[];
  /** The packages the project's package.json asks for (softphone-connector and the provider's), `name@range`. */
  readonly dependencies: readonly string[];
}

/** The manifest `init` reads and writes: only `dependencies` is touched in an existing one. */
interface Manifest {
  dependencies?: Record<string, string>;
  [field: string]: unknown;
}

/**
 * The dependencies of a project of `kind`: this package (by version when installed from a registry,
 * by path when it runs from a clone) and the provider's optional peers ({@link PROVIDER_PEERS}).
 */
export function projectDependencies(kind: string, dir: string, root = packageRoot()): Record<string, string> {
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const installed = root.split(sep).includes('node_modules');
  return {
    [name]: installed ? `^${version}` : `file:${relative(dir, root) || '.'}`,
    ...Object.fromEntries((PROVIDER_PEERS[kind] ?? []).map((peer) => [peer, OPTIONAL_PEERS[peer]])),
  };
}

/**
 * Writes `package.json` (a new one, or the missing dependencies added to the existing one; a
 * dependency already listed keeps its range). Returns whether the file changed.
 */
function writeManifest(dir: string, kind: string, dependencies: Record<string, string>): boolean {
  const file = join(dir, 'package.json');
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : undefined;
  const manifest: Manifest = existing ?? {
    name: basename(dir).toLowerCase().replace(/[^a-z0-9._-]/g, '-').replace(/^[._-]+/, '') || 'softphone',
    version: '0.1.0',
    private: true,
    type: 'module',
    description: `A ${kind} softphone for Salesforce, built with softphone-connector.`,
    scripts: { dev: 'softphone-connector dev', build: 'softphone-connector build' },
  };
  const missing = Object.entries(dependencies).filter(([name]) => !manifest.dependencies?.[name] && !(existing?.devDependencies as Record<string, string> | undefined)?.[name]);
  if (existing && missing.length === 0) return false;
  manifest.dependencies = Object.fromEntries(Object.entries({ ...manifest.dependencies, ...Object.fromEntries(missing) }).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return true;
}

/** Scaffolds a project in `dir`. */
export function initProject(options: { readonly dir: string; readonly provider?: string; readonly force?: boolean }): InitResult {
  const dir = resolve(options.dir);
  const provider = options.provider ?? 'simulator';
  const available = availableProviders();
  if (!available.includes(provider)) {
    throw new ConfigError('--provider', `a provider this installation can build: ${available.join(', ')}`, provider);
  }
  const configFile = join(dir, 'softphone.config.ts');
  if (existsSync(configFile) && !options.force) throw new ProjectExistsError(`${configFile} exists already; edit it, or pass --force to replace it.`);
  mkdirSync(join(dir, 'force-app/main/default'), { recursive: true });
  const files = [
    { path: 'softphone.config.ts', contents: configTemplate(provider, 'SoftphoneConnector') },
    sfdxProject(basename(dir).replace(/[^\w-]/g, '-') || 'softphone', DEFAULT_API_VERSION),
    forceIgnore(),
  ];
  const written: string[] = [];
  for (const file of files) {
    const target = join(dir, file.path);
    if (file.path !== 'softphone.config.ts' && existsSync(target)) continue;
    writeFileSync(target, file.contents);
    written.push(file.path);
  }
  const dependencies = projectDependencies(provider, dir);
  // Never this package's own manifest (an init in a clone's root).
  if (dir !== packageRoot() && writeManifest(dir, provider, dependencies)) written.push('package.json');
  return { dir, provider, files: written, dependencies: Object.entries(dependencies).map(([name, range]) => `${name}@${range}`) };
}
