/**
 * `softphone-connector init [dir]`: scaffolds a softphone project — `softphone.config.ts` for the
 * chosen provider and the Salesforce DX project around it — ready for `softphone-connector build`.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ConfigError, SoftphoneError } from '../core/index.js';
import { DEFAULT_API_VERSION } from '../config/index.js';
import { packageRoot } from '../config/load-config.js';
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
  return { dir, provider, files: written };
}
