/**
 * The package as a user gets it: `npm pack`, unpacked into a fresh project's node_modules (its
 * dependencies linked from ours, no network), imported by subpath from a separate Node process.
 * Proves that every module of ours exists once in dist however many subpaths are imported: an error
 * thrown by one subpath is `instanceof` the class exported by another, and `ProviderError` and
 * `ConfigError` are each defined in exactly one file. The unit tests run src/ through tsx, so only
 * the built package can show this.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

const repo = resolve('.');
const scratch = mkdtempSync(join(tmpdir(), 'softphone-consumer-'));
const project = join(scratch, 'app');
const installed = join(project, 'node_modules', 'softphone-connector');

/** What the consumer script reports (see CONSUMER below). */
interface Report {
  readonly exports: Record<string, string[]>;
  readonly thrown: Record<string, { name: string; code?: string; instanceOf: Record<string, boolean> }>;
  readonly identical: Record<string, boolean>;
  readonly bases: { subpath: string; name: string; base: string; identical: boolean }[];
}

// Runs in the fresh project: imports the package by its subpaths, throws its errors, compares classes.
const CONSUMER = `
import * as core from 'softphone-connector/core';
import * as sip from 'softphone-connector/providers/sip';
import * as twilio from 'softphone-connector/providers/twilio';
import * as config from 'softphone-connector/config';
import * as salesforce from 'softphone-connector/salesforce';
import * as testing from 'softphone-connector/testing';

const modules = { core, 'providers/sip': sip, 'providers/twilio': twilio, config, salesforce, testing };
const caught = async (run) => { try { await run(); } catch (error) { return error; } throw new Error('expected a throw'); };
const describe = (error) => ({
  name: error.name,
  code: error.code,
  instanceOf: {
    'core.ProviderError': error instanceof core.ProviderError,
    'core.ConfigError': error instanceof core.ConfigError,
    'config.ConfigError': error instanceof config.ConfigError,
  },
});

const thrown = {
  // A valid SIP config, then a command on a call that does not exist: no browser, no network.
  'sip unknown call': describe(await caught(() => sip.createSipProvider(sip.sip({ server: 'wss://pbx.example.com/ws', user: 'agent1', password: 'secret' })).answer('no-such-call'))),
  'sip bad config': describe(await caught(() => sip.sip({ server: 'pbx.local', user: 'agent1' }))),
  'twilio bad config': describe(await caught(() => twilio.twilio({ tokenUrl: 'http://insecure.example.com/token' }))),
  'config bad config': describe(await caught(() => config.defineConfig({ provider: sip.sip({ server: 'wss://pbx.example.com/ws', user: 'agent1', password: 'secret' }), screenPop: { objects: ['Not An Object'] } }))),
};

// Every exported class of every subpath: the classes of its prototype chain named like ours must be core's.
const roots = { ProviderError: core.ProviderError, ConfigError: core.ConfigError, SoftphoneError: core.SoftphoneError };
const bases = [];
for (const [subpath, module] of Object.entries(modules)) {
  for (const [name, value] of Object.entries(module)) {
    if (typeof value !== 'function') continue;
    for (let cls = value; typeof cls === 'function' && cls !== Function.prototype; cls = Object.getPrototypeOf(cls)) {
      const base = /^_?(ProviderError|ConfigError|SoftphoneError)\\d*$/.exec(cls.name)?.[1];
      if (base && roots[base]) bases.push({ subpath, name, base, identical: cls === roots[base] });
    }
  }
}

console.log(JSON.stringify({
  exports: Object.fromEntries(Object.entries(modules).map(([subpath, module]) => [subpath, Object.keys(module)])),
  thrown,
  identical: { 'config.ConfigError === core.ConfigError': config.ConfigError === core.ConfigError },
  bases,
}));
`;

/** Every file under `folder`, recursively. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)]));
}

let report: Report;

before(() => {
  if (!existsSync(join(repo, 'dist/lib/core.js'))) execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: repo, stdio: 'inherit' });
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], { cwd: repo, encoding: 'utf8' })) as { filename: string }[];
  assert.ok(packed, 'npm pack reported no tarball');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(scratch, packed.filename), '-C', installed, '--strip-components=1']);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // The runtime dependencies, as an install would provide them, linked from ours (scoped ones too),
  // and SIP.js: the optional peer a project that imports providers/sip installs.
  const { dependencies = {} } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of [...Object.keys(dependencies), 'sip.js']) {
    const link = join(project, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(repo, 'node_modules', name), link, 'dir');
  }
  writeFileSync(join(project, 'consumer.mjs'), CONSUMER);
  const run = spawnSync(process.execPath, ['consumer.mjs'], { cwd: project, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, `the consumer script failed:\n${run.stderr}`);
  report = JSON.parse(run.stdout) as Report;
});

after(() => rmSync(scratch, { recursive: true, force: true }));

describe('the packed package in a fresh project', () => {
  it('is the tarball, not the repository: dist/lib with its shared chunks and the subpaths resolve', () => {
    assert.ok(existsSync(join(installed, 'dist/lib/core.js')));
    assert.ok(filesUnder(join(installed, 'dist/lib')).some((file) => relative(installed, file).startsWith('dist/lib/chunks/')), 'shared chunks are packed');
    assert.ok(report.exports.core?.includes('ProviderError') && report.exports.core.includes('ConfigError'));
    assert.ok(report.exports.config?.includes('ConfigError'));
  });

  it('a ProviderError thrown by providers/sip is instanceof the ProviderError of core', () => {
    const error = report.thrown['sip unknown call'];
    assert.equal(error?.name, 'ProviderError');
    assert.equal(error.code, 'unknown-call');
    assert.equal(error.instanceOf['core.ProviderError'], true);
  });

  it('a ConfigError thrown by providers/sip, providers/twilio or config is instanceof the ConfigError of core and of config', () => {
    for (const source of ['sip bad config', 'twilio bad config', 'config bad config']) {
      const error = report.thrown[source];
      assert.equal(error?.name, 'ConfigError', source);
      assert.equal(error.instanceOf['core.ConfigError'], true, `${source}: instanceof core's ConfigError`);
      assert.equal(error.instanceOf['config.ConfigError'], true, `${source}: instanceof config's ConfigError`);
      assert.equal(error.instanceOf['core.ProviderError'], false, `${source}: not a ProviderError`);
    }
  });

  it('core is loaded once: every subpath\'s ProviderError and ConfigError is the very class core exports', () => {
    assert.deepEqual(report.identical, { 'config.ConfigError === core.ConfigError': true });
    const seen = new Set(report.bases.map(({ subpath, base }) => `${subpath} ${base}`));
    for (const expected of ['config ConfigError', 'providers/twilio ProviderError']) assert.ok(seen.has(expected), `found no ${expected} to compare`);
    assert.deepEqual(report.bases.filter(({ identical }) => !identical), [], 'classes that are copies of core\'s');
  });

  it('the ProviderError and ConfigError classes are each defined in exactly one file of dist/lib', () => {
    const scripts = filesUnder(join(installed, 'dist/lib')).filter((file) => file.endsWith('.js'));
    for (const name of ['ProviderError', 'ConfigError']) {
      const definition = new RegExp(`\\bclass ${name}\\d*\\b|\\b${name}\\d* = class\\b`);
      const defining = scripts.filter((file) => definition.test(readFileSync(file, 'utf8'))).map((file) => relative(installed, file));
      assert.equal(defining.length, 1, `${name} is defined in ${defining.join(', ') || 'no file'}`);
    }
  });
});
