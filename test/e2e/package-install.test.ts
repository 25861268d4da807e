/**
 * The packed package in fresh projects, installed the way a user installs it but offline, from the
 * npm cache (test/support/offline-install.ts): a SIP-only project and a Twilio project each get
 * exactly what their provider needs and run `init` → `build` with the installed CLI; a provider whose
 * packages are missing is refused with the command that installs them; a consumer file that uses
 * every subpath type-checks under strict settings with `moduleResolution` "bundler" and "nodenext";
 * and `dev` from the SIP project serves its softphone to Chromium.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { installOffline } from '../support/offline-install.js';
import { TEST_TWILIO_ENV } from '../support/twilio-env.js';
import { httpSession } from '../support/agent-sessions.js';
import { CONSOLE_VIEWPORT, eventually, launchBrowser, startConsole, type RunningConsole } from './harness.js';

const repo = resolve('.');
const scratch = mkdtempSync(join(tmpdir(), 'softphone-install-'));
const VENDOR_PACKAGES = ['sip.js', 'twilio', '@twilio/voice-sdk', 'twilio-taskrouter', 'amazon-connect-streams', '@salesforce/scv-connector-base'];
let tarball = '';

/** A fresh project folder, installed offline with the tarball and `peers`. */
function project(name: string, peers: readonly string[]): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  installOffline({ repo, project: dir, tarball, peers });
  return dir;
}

/** `npx softphone-connector …` in `cwd`, the installed CLI of `dir`. */
function cli(dir: string, args: readonly string[], cwd = dir, env: Record<string, string> = {}) {
  return spawnSync('npx', ['--no-install', 'softphone-connector', ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, npm_config_offline: 'true', ...env } });
}

/** Every package folder npm installed (lockfile paths such as `node_modules/a/node_modules/b`). */
function installedPaths(dir: string): string[] {
  const lock = JSON.parse(readFileSync(join(dir, 'node_modules/.package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  return Object.keys(lock.packages).filter((path) => path.startsWith('node_modules/'));
}
const nameOf = (path: string): string => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

before(() => {
  if (!existsSync(join(repo, 'dist/types/core/index.d.ts')) || !existsSync(join(repo, 'dist/cli.js'))) {
    execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: repo, stdio: 'inherit' });
  }
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], { cwd: repo, encoding: 'utf8' })) as { filename: string }[];
  assert.ok(packed, 'npm pack reported no tarball');
  tarball = join(scratch, packed.filename);
});

after(() => rmSync(scratch, { recursive: true, force: true }));

describe('a SIP-only project', () => {
  let dir = '';
  let server: (RunningConsole & { readonly output: () => string }) | undefined;
  let browser: Browser | undefined;
  before(() => {
    dir = project('sip-app', ['sip.js']);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('gets softphone-connector, its dependencies and SIP.js: no other vendor package, no design system, nothing compiled', () => {
    const paths = installedPaths(dir);
    const names = new Set(paths.map(nameOf));
    for (const name of ['softphone-connector', 'sip.js', 'node-sqlite3-wasm', 'fastify', 'esbuild']) assert.ok(names.has(name), `${name} is installed`);
    for (const name of [...VENDOR_PACKAGES.filter((vendor) => vendor !== 'sip.js'), '@salesforce-ux/design-system', 'better-sqlite3']) assert.ok(!names.has(name), `${name} is not installed`);
    // A native addon is built from a binding.gyp at install; no installed package has one.
    assert.deepEqual(paths.filter((path) => existsSync(join(dir, path, 'binding.gyp'))), [], 'packages that compile native code');
    // The declarations, not the sources, are what TypeScript reads.
    const manifest = JSON.parse(readFileSync(join(dir, 'node_modules/softphone-connector/package.json'), 'utf8')) as { exports: Record<string, { types: string }> };
    for (const [subpath, { types }] of Object.entries(manifest.exports)) {
      assert.match(types, /^\.\/dist\/types\/.+\.d\.ts$/, subpath);
      assert.ok(existsSync(join(dir, 'node_modules/softphone-connector', types)), `${types} is in the package`);
    }
  });

  it('init --provider sip writes a SIP config; the project asks for softphone-connector and SIP.js only', () => {
    const result = cli(dir, ['init', '.', '--provider', 'sip', '--json']);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { files: string[]; dependencies: string[] };
    assert.deepEqual(report.dependencies, ['softphone-connector@^0.1.0', 'sip.js@^0.21.2']);
    assert.ok(report.files.includes('softphone.config.ts'));
    assert.ok(!report.files.includes('package.json'), 'the package.json already asks for both: left as it is');
    assert.match(readFileSync(join(dir, 'softphone.config.ts'), 'utf8'), /import \{ sip \} from 'softphone-connector\/providers\/sip';/);
  });

  it('build writes the Salesforce DX project around the prebuilt SIP softphone', () => {
    const result = cli(dir, ['build', '--json']);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { ok: boolean; provider: string; staticResource: { contents: { file: string; bytes: number }[] } };
    assert.equal(report.provider, 'sip');
    assert.ok(report.staticResource.contents.some((item) => item.file === 'softphone-sip.js' && item.bytes > 100_000), 'the SIP bundle, SIP.js inside');
    assert.ok(existsSync(join(dir, 'force-app/main/default/staticresources/SoftphoneConnector.resource')));
  });

  it('a Twilio config in this project is refused at load with the packages to install and the command', () => {
    const init = cli(dir, ['init', 'twilio-phone', '--provider', 'twilio']);
    assert.equal(init.status, 0, init.stderr);
    const created = JSON.parse(readFileSync(join(dir, 'twilio-phone/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.deepEqual(created.dependencies, { '@twilio/voice-sdk': '^2.18.5', 'softphone-connector': '^0.1.0', twilio: '^6.2.0' });
    const text = cli(dir, ['build'], join(dir, 'twilio-phone'));
    assert.equal(text.status, 1, text.stdout);
    assert.match(text.stderr, /the twilio provider needs twilio and @twilio\/voice-sdk, which are not installed; install them with: npm install twilio@\^6\.2\.0 @twilio\/voice-sdk@\^2\.18\.5/);
    const json = cli(dir, ['build', '--json'], join(dir, 'twilio-phone'));
    assert.equal(json.status, 1);
    assert.equal((JSON.parse(json.stdout) as { error: { code: string } }).error.code, 'missing-dependency');
  });

  it('its softphone.config.ts type-checks (strict, "bundler" and "nodenext") with nothing installed but softphone-connector and SIP.js', () => {
    for (const [module, moduleResolution] of [['esnext', 'bundler'], ['nodenext', 'nodenext']] as const) {
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: 'es2022', module, moduleResolution, lib: ['es2022', 'dom'], types: [] },
        files: ['softphone.config.ts'],
      }));
      const run = spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      assert.equal(run.status, 0, `${moduleResolution}: ${run.stdout}${run.stderr}`);
    }
  });

  it('dev serves the SIP softphone from the installed package, and Chromium loads it with every asset', async () => {
    // A PBX that refuses at once (nothing listens on port 9), instead of the template's example host.
    const file = join(dir, 'softphone.config.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace("'wss://pbx.example.com:8089/ws'", "'ws://127.0.0.1:9/ws'").replace(/credentialsUrl: '[^']*',/, "password: 'lab',"));
    server = await startConsole([], 'dev', { cli: join(dir, 'node_modules/softphone-connector/dist/cli.js'), cwd: dir });
    assert.match(server.output(), /Using .*softphone\.config\.ts/);
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: CONSOLE_VIEWPORT });
    const failed: string[] = [];
    const errors: string[] = [];
    page.on('response', (response) => void (response.status() >= 400 && failed.push(`${response.status()} ${response.url()}`)));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/`);
    await page.getByTestId('phone-item-label').waitFor();
    const frame = await eventually(() => page.frames().find((candidate) => candidate.url().includes('/softphone/')), 10_000, 'the softphone frame');
    await frame.locator('#softphone-root *').first().waitFor({ timeout: 15_000 });
    const scripts = await frame.evaluate(() => [...document.scripts].map((script) => script.src).filter(Boolean).map((src) => new URL(src).pathname));
    assert.ok(scripts.includes('/assets/softphone-sip.js'), scripts.join(', '));
    // The console's and the softphone's design-system rules, built into the package: the Lightning look without the design system.
    const sheets = await page.evaluate(() => [...document.styleSheets].map((sheet) => ({ href: sheet.href ? new URL(sheet.href).pathname : '', rules: sheet.cssRules.length })));
    assert.ok(sheets.some((sheet) => sheet.href === '/assets/slds/styles/console.css' && sheet.rules > 100), JSON.stringify(sheets));
    const phoneSheets = await frame.evaluate(() => [...document.styleSheets].map((sheet) => (sheet.href ? new URL(sheet.href).pathname : '')));
    assert.ok(phoneSheets.includes('/assets/softphone-slds.css'), phoneSheets.join(', '));
    assert.deepEqual(failed, [], 'responses that failed');
    assert.deepEqual(errors, [], 'page errors');
  });
});

describe('a Twilio project', () => {
  let dir = '';
  before(() => {
    dir = project('twilio-app', ['twilio', '@twilio/voice-sdk']);
  });

  it('gets the Twilio packages, and neither SIP.js nor Amazon Connect nor the Voice host library', () => {
    const names = new Set(installedPaths(dir).map(nameOf));
    for (const name of ['twilio', '@twilio/voice-sdk']) assert.ok(names.has(name), name);
    for (const name of ['sip.js', 'amazon-connect-streams', '@salesforce/scv-connector-base', '@salesforce-ux/design-system']) assert.ok(!names.has(name), `${name} is not installed`);
  });

  it('init --provider twilio → build: the Twilio softphone', () => {
    const init = cli(dir, ['init', '.', '--provider', 'twilio', '--json']);
    assert.equal(init.status, 0, init.stderr);
    assert.deepEqual((JSON.parse(init.stdout) as { dependencies: string[] }).dependencies, ['softphone-connector@^0.1.0', 'twilio@^6.2.0', '@twilio/voice-sdk@^2.18.5']);
    const build = cli(dir, ['build', '--json']);
    assert.equal(build.status, 0, build.stderr);
    const report = JSON.parse(build.stdout) as { provider: string; staticResource: { contents: { file: string }[] } };
    assert.equal(report.provider, 'twilio');
    assert.ok(report.staticResource.contents.some((item) => item.file === 'softphone-twilio.js'));
  });

  it('dev --provider twilio loads the twilio library when it is configured: the token endpoint answers', async () => {
    const server = await startConsole(['--provider', 'twilio'], 'dev', { cli: join(dir, 'node_modules/softphone-connector/dist/cli.js'), cwd: dir, env: TEST_TWILIO_ENV });
    try {
      assert.equal((await fetch(`${server.url}/api/twilio/token`)).status, 401, 'no token without a session');
      const response = await fetch(`${server.url}/api/twilio/token`, { headers: { authorization: `Bearer ${await httpSession(server.url)}` } });
      assert.equal(response.status, 200);
      const { token } = (await response.json()) as { token: string };
      assert.equal(token.split('.').length, 3, 'a JWT');
    } finally {
      await server.stop();
    }
  });

  it('importing softphone-connector/providers/sip here fails with the command that installs SIP.js', () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `
      try { await import('softphone-connector/providers/sip'); } catch (error) { console.log(error.name, error.message); }`], { cwd: dir, encoding: 'utf8' });
    assert.equal(run.stdout.trim(), 'MissingDependencyError softphone-connector/providers/sip needs sip.js, which is not installed; install it with: npm install sip.js@^0.21.2');
  });
});

// Uses every subpath; the @ts-expect-error lines prove the types are real (an `any` would make them unused, an error).
const CONSUMER = `
import { ProviderError, reduce, initialState, type CallEvent, type TelephonyProvider } from 'softphone-connector/core';
import { defineConfig, ConfigError, MissingDependencyError, type SoftphoneConfig } from 'softphone-connector/config';
import { simulator } from 'softphone-connector/providers/simulator';
import { sip, createSipProvider } from 'softphone-connector/providers/sip';
import { twilio, type TwilioDeviceLike } from 'softphone-connector/providers/twilio';
import { connect, type ConnectStreamsLike } from 'softphone-connector/providers/connect';
import { OpenCtiClient, type SearchAndScreenPopParams } from 'softphone-connector/salesforce';
import { mountSoftphone, SHORTCUTS } from 'softphone-connector/ui';
import { startConsoleServer, type ConsoleServerOptions } from 'softphone-connector/server';
import { FakeBridge, conformanceSuite } from 'softphone-connector/testing';

export const config: SoftphoneConfig = defineConfig({ provider: sip({ server: 'wss://pbx.example.com/ws', user: '1001', password: 'secret' }) });
export const provider: TelephonyProvider = createSipProvider(sip({ server: 'wss://pbx.example.com/ws', user: '1001', password: 'secret' }));
export const kinds: ['simulator', 'twilio', 'connect'] = [simulator().kind, twilio().kind, connect({ ccpUrl: 'https://example.my.connect.aws/ccp-v2/', region: 'us-east-1' }).kind];
export const ringing: CallEvent = { type: 'ringing', callId: 'c1', at: 0, from: '+14155550142', data: {} };
export const next = reduce(initialState(), ringing).state;
export const errors: Error[] = [new ProviderError('unknown-call', 'no such call'), new ConfigError('provider', 'a provider', undefined)];
export const missing = (error: unknown): string | undefined => (error instanceof MissingDependencyError ? error.installCommand : undefined);
export const serverOptions: ConsoleServerOptions = { port: 0, inMemory: true, provider: simulator() };
export const start = startConsoleServer;
export const shortcuts = SHORTCUTS;
export const mount = mountSoftphone;
export const bridge = new FakeBridge();
export const suite = conformanceSuite;
export const client = OpenCtiClient;
export type Pop = SearchAndScreenPopParams;
export type Device = TwilioDeviceLike;
export type Streams = ConnectStreamsLike;
// @ts-expect-error a port is a number
export const wrongPort: ConsoleServerOptions = { port: '3000' };
// @ts-expect-error sip() needs a user
sip({ server: 'wss://pbx.example.com/ws' });
`;

describe('the declarations, from a consumer with every optional peer', () => {
  let dir = '';
  before(() => {
    dir = project('types-app', [...VENDOR_PACKAGES.filter((name) => name !== '@salesforce/scv-connector-base'), '@types/node']);
    writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
  });

  for (const [module, moduleResolution] of [['esnext', 'bundler'], ['nodenext', 'nodenext']] as const) {
    it(`type-check a file that uses every subpath: strict, moduleResolution "${moduleResolution}", libraries checked too`, () => {
      const tsconfig = `tsconfig.${moduleResolution}.json`;
      writeFileSync(join(dir, tsconfig), JSON.stringify({
        compilerOptions: {
          strict: true, exactOptionalPropertyTypes: false, noUncheckedIndexedAccess: true, noEmit: true, skipLibCheck: false,
          target: 'es2022', module, moduleResolution, lib: ['es2022', 'dom', 'dom.iterable'], types: ['node'],
        },
        files: ['consumer.ts'],
      }));
      const run = spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    });
  }
});
