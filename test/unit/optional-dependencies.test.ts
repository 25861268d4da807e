/**
 * Vendor packages are optional peers: the table in src/config matches package.json, a provider's
 * missing packages are named with the command that installs them, and code that loads one at run
 * time (the Twilio routes of the server, the SIP subpath of the library) fails with that error when
 * Node cannot resolve it. A resolve hook (test/support/hide-packages.mjs) hides installed packages.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MissingDependencyError } from '../../src/config/index.js';
import { OPTIONAL_PEERS, PROVIDER_PEERS, checkProviderDependencies, importOptional, installCommand, isInstalled } from '../../src/config/optional-dependencies.js';
import { SoftphoneError } from '../../src/core/index.js';
import { TEST_TWILIO_ENV } from '../support/twilio-env.js';

const repo = resolve('.');
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};
const empty = mkdtempSync(join(tmpdir(), 'softphone-no-modules-'));
after(() => rmSync(empty, { recursive: true, force: true }));

/** Runs `script` (ESM) in a Node process that cannot resolve `hidden`. */
function withHidden(hidden: readonly string[], args: readonly string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/support/hide-packages.mjs', ...args], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env, HIDE_PACKAGES: hidden.join(',') },
  });
}

describe('the optional peer dependencies', () => {
  it('are the ones package.json declares as optional peers (and installs for this repository as dev dependencies only)', () => {
    assert.deepEqual(OPTIONAL_PEERS, manifest.peerDependencies);
    for (const name of Object.keys(OPTIONAL_PEERS)) {
      assert.equal(manifest.peerDependenciesMeta[name]?.optional, true, `${name} is optional`);
      assert.equal(manifest.devDependencies[name], manifest.peerDependencies[name], `${name} is a dev dependency at the same range`);
      assert.equal(manifest.dependencies[name], undefined, `${name} is not a dependency`);
    }
    // Nothing a user did not choose: the design system and a native SQLite are not installed with the package.
    for (const name of ['@salesforce-ux/design-system', 'better-sqlite3']) assert.equal(manifest.dependencies[name], undefined, name);
  });

  it('have an entry for every provider, naming only optional peers', () => {
    const providers = readdirSync('src/providers', { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
    assert.deepEqual(Object.keys(PROVIDER_PEERS).sort(), providers);
    assert.deepEqual(PROVIDER_PEERS.sip, ['sip.js']);
    assert.deepEqual(PROVIDER_PEERS.simulator, []);
    assert.ok(!PROVIDER_PEERS.sip?.includes('twilio'), 'a SIP project never needs twilio');
  });

  it('are named with the command that installs them, in a SoftphoneError with its own code', () => {
    assert.equal(installCommand(['twilio']), 'npm install twilio@^6.2.0');
    assert.equal(installCommand(['sip.js', '@twilio/voice-sdk']), 'npm install sip.js@^0.21.2 @twilio/voice-sdk@^2.18.5');
    const error = new MissingDependencyError(['twilio', '@twilio/voice-sdk'], 'the twilio provider');
    assert.ok(error instanceof SoftphoneError);
    assert.equal(error.name, 'MissingDependencyError');
    assert.equal(error.code, 'missing-dependency');
    assert.deepEqual(error.packages, ['twilio', '@twilio/voice-sdk']);
    assert.equal(error.message, 'the twilio provider needs twilio and @twilio/voice-sdk, which are not installed; install them with: npm install twilio@^6.2.0 @twilio/voice-sdk@^2.18.5');
  });

  it('checkProviderDependencies names what a folder cannot resolve, and passes where it can', () => {
    assert.equal(isInstalled('sip.js', repo), true);
    assert.equal(isInstalled('sip.js', empty), false);
    assert.doesNotThrow(() => checkProviderDependencies('simulator', empty));
    assert.doesNotThrow(() => checkProviderDependencies('twilio', repo));
    assert.throws(() => checkProviderDependencies('twilio', empty), (error: MissingDependencyError) => {
      assert.deepEqual(error.packages, ['twilio', '@twilio/voice-sdk']);
      assert.equal(error.installCommand, 'npm install twilio@^6.2.0 @twilio/voice-sdk@^2.18.5');
      return true;
    });
    assert.throws(() => checkProviderDependencies('sip', empty), /the sip provider needs sip\.js, which is not installed; install it with: npm install sip\.js@\^0\.21\.2/);
  });

  it('importOptional turns only "cannot find the package itself" into MissingDependencyError', async () => {
    const notFound = (name: string) => Object.assign(new Error(`Cannot find package '${name}' imported from /x.js`), { code: 'ERR_MODULE_NOT_FOUND' });
    await assert.rejects(importOptional('twilio', 'the test', () => Promise.reject(notFound('twilio'))), (error: MissingDependencyError) => error.code === 'missing-dependency' && error.cause instanceof Error);
    // A dependency *of* the package missing is another problem: reported as Node reported it.
    await assert.rejects(importOptional('twilio', 'the test', () => Promise.reject(notFound('axios'))), { code: 'ERR_MODULE_NOT_FOUND' });
    assert.equal(await importOptional('twilio', 'the test', () => Promise.resolve(42)), 42);
  });
});

describe('a missing optional peer, as Node resolves it', () => {
  before(() => {
    if (!existsSync('dist/lib/providers-sip.js') || !existsSync('dist/cli.js')) execFileSync(process.execPath, ['scripts/build.mjs', '--quiet', '--no-types'], { stdio: 'inherit' });
  });

  it('the server\'s Twilio routes: startConsoleServer fails with the install command', () => {
    const script = `
      import { buildConsoleServer } from './src/server/index.ts';
      import { twilioSettingsFromEnv } from './src/server/twilio-settings.ts';
      try {
        await buildConsoleServer({ inMemory: true, twilio: { settings: twilioSettingsFromEnv(${JSON.stringify(TEST_TWILIO_ENV)}) } });
        console.log('started');
      } catch (error) { console.log(JSON.stringify({ name: error.name, code: error.code, message: error.message })); }`;
    const run = withHidden(['twilio'], ['--input-type=module', '-e', script]);
    assert.equal(run.status, 0, run.stderr);
    const reported = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { name: string; code: string; message: string };
    assert.equal(reported.name, 'MissingDependencyError');
    assert.equal(reported.code, 'missing-dependency');
    assert.match(reported.message, /the Twilio token endpoint and voice webhook needs twilio, which is not installed; install it with: npm install twilio@\^6\.2\.0$/);
  });

  it('the built CLI: `dev --provider twilio` without twilio exits 1 with the install command; with it, the routes load', () => {
    const env = { ...TEST_TWILIO_ENV };
    const run = withHidden(['twilio'], ['dist/cli.js', 'dev', '--provider', 'twilio', '--port', '0', '--data', join(empty, 'data')], env);
    assert.equal(run.status, 1, run.stdout);
    assert.match(run.stderr, /softphone-connector: the Twilio token endpoint and voice webhook needs twilio, which is not installed; install it with: npm install twilio@\^6\.2\.0/);
  });

  it('the built CLI loads none of them to build: a SIP project builds with every vendor package unresolvable', () => {
    const out = join(empty, 'sip-build');
    const run = withHidden(Object.keys(OPTIONAL_PEERS), ['dist/cli.js', 'build', '--config', 'examples/sip/softphone.config.ts', '--out', out, '--json']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { provider: string }).provider, 'sip');
  });

  it('the library: importing softphone-connector/providers/sip without sip.js fails with the install command', () => {
    const script = `
      try { await import('./dist/lib/providers-sip.js'); console.log('{}'); }
      catch (error) { console.log(JSON.stringify({ name: error.name, code: error.code, message: error.message })); }`;
    const run = withHidden(['sip.js'], ['--input-type=module', '-e', script]);
    assert.equal(run.status, 0, run.stderr);
    const reported = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { name?: string; code?: string; message?: string };
    assert.equal(reported.name, 'MissingDependencyError');
    assert.equal(reported.code, 'missing-dependency');
    assert.equal(reported.message, 'softphone-connector/providers/sip needs sip.js, which is not installed; install it with: npm install sip.js@^0.21.2');
    // With sip.js present the same import works, and the other subpaths never need it.
    const ok = withHidden(['twilio', '@twilio/voice-sdk', 'amazon-connect-streams', '@salesforce/scv-connector-base'], ['--input-type=module', '-e', `
      const sip = await import('./dist/lib/providers-sip.js');
      for (const subpath of ['core', 'config', 'salesforce', 'providers-simulator', 'providers-twilio', 'providers-connect', 'server', 'testing']) await import('./dist/lib/' + subpath + '.js');
      console.log(typeof sip.createSipProvider);`]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout.trim(), 'function');
  });
});
