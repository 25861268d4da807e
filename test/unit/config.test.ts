import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, DEFAULT_API_VERSION, defineConfig, type SoftphoneConfigInput } from '../../src/config/index.js';
import { ConfigLoadError, loadConfig } from '../../src/config/load-config.js';
import { simulator } from '../../src/providers/simulator/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'softphone-config-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Asserts that `run` throws a ConfigError for `field` whose message contains `expected`. */
function rejects(run: () => unknown, field: string, expected: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ConfigError, `a ConfigError, got ${String(error)}`);
    assert.equal(error.field, field);
    assert.match(error.message, expected);
    assert.ok(error.message.startsWith(`${field} must be `), error.message);
    return true;
  });
}

const base = { provider: simulator() };
const withInput = (extra: Record<string, unknown>): SoftphoneConfigInput => ({ ...base, ...extra }) as SoftphoneConfigInput;

describe('defineConfig', () => {
  it('fills every default', () => {
    const config = defineConfig(base);
    assert.equal(config.defaultRegion, 'US');
    assert.deepEqual(config.phoneRegions, ['US']);
    assert.deepEqual(config.screenPop, { when: 'ringing', onNoMatch: 'layout', newRecordObject: 'Contact', onManyMatches: 'layout', ivrFields: {} });
    assert.equal(config.logging.subject, undefined);
    assert.equal(config.logging.dispositions.length, 5);
    assert.deepEqual(config.callCenter, { name: 'SoftphoneConnector', displayName: 'Softphone Connector', width: 300, height: 460 });
    assert.deepEqual(config.salesforce, { apiVersion: DEFAULT_API_VERSION, trustedSites: [], corsOrigins: [] });
  });

  it('defaults to the current Salesforce API version, which the shipped Apex metadata carries too', () => {
    // Winter '27: 68.0. Bumped once a release, in DEFAULT_API_VERSION only.
    assert.ok(Number(DEFAULT_API_VERSION) >= 68, `DEFAULT_API_VERSION is ${DEFAULT_API_VERSION}`);
    for (const file of ['SoftphoneCallLog.cls-meta.xml', 'SoftphoneCallLogTest.cls-meta.xml']) {
      const xml = readFileSync(new URL(`../../src/salesforce/apex/${file}`, import.meta.url), 'utf8');
      assert.match(xml, new RegExp(`<apiVersion>${DEFAULT_API_VERSION.replace('.', '\\.')}</apiVersion>`), file);
    }
  });

  it('always includes the default region in the phone regions, first and once', () => {
    assert.deepEqual(defineConfig(withInput({ defaultRegion: 'GB' })).phoneRegions, ['GB']);
    assert.deepEqual(defineConfig(withInput({ defaultRegion: 'GB', phoneRegions: ['IE', 'GB', 'IE'] })).phoneRegions, ['GB', 'IE']);
    assert.deepEqual(defineConfig(withInput({ phoneRegions: ['CA'] })).phoneRegions, ['US', 'CA']);
  });

  it('is idempotent: validating a validated config changes nothing', () => {
    const once = defineConfig(withInput({ salesforce: { trustedSites: ['wss://pbx.example.com:8089/'] }, logging: { subject: '{direction} call' } }));
    assert.deepEqual(defineConfig(once), once);
    assert.deepEqual(once.salesforce.trustedSites, ['wss://pbx.example.com:8089'], 'origins are normalised');
  });

  it('names the dotted field of every mistake', () => {
    rejects(() => defineConfig(withInput({ screenPop: { objects: ['Contact', 'Bad Name'] } })), 'screenPop.objects[1]', /an API name/);
    rejects(() => defineConfig(withInput({ screenPop: { when: 'always' } })), 'screenPop.when', /"ringing" or "answer", got "always"/);
    rejects(() => defineConfig(withInput({ screenPop: { onNoMatch: 'pop' } })), 'screenPop.onNoMatch', /"layout" or "new-record" or "nothing"/);
    rejects(() => defineConfig(withInput({ screenPop: { ivrFields: { account: 'Account Number' } } })), 'screenPop.ivrFields.account', /an API name/);
    rejects(() => defineConfig(withInput({ logging: { subject: 'Call with {caller}' } })), 'logging.subject', /\{direction\}.*got "\{caller\}"/);
    rejects(() => defineConfig(withInput({ logging: { dispositions: [] } })), 'logging.dispositions', /non-empty list/);
    rejects(() => defineConfig(withInput({ logging: { dispositions: ['Done', 'Done'] } })), 'logging.dispositions[1]', /not already in the list/);
    rejects(() => defineConfig(withInput({ logging: { whatObjects: 'Account' } })), 'logging.whatObjects', /non-empty list/);
    rejects(() => defineConfig(withInput({ callCenter: { width: 120 } })), 'callCenter.width', /200 to 1000, got 120/);
    rejects(() => defineConfig(withInput({ callCenter: { name: 'My__Centre' } })), 'callCenter.name', /single underscores/);
    rejects(() => defineConfig(withInput({ callCenter: { displayName: '' } })), 'callCenter.displayName', /text of 1 to 80/);
    rejects(() => defineConfig(withInput({ defaultRegion: 'XX' })), 'defaultRegion', /two-letter country code/);
    rejects(() => defineConfig(withInput({ phoneRegions: ['CA', 'gb'] })), 'phoneRegions[1]', /two-letter country code such as US or GB, got "gb"/);
    rejects(() => defineConfig(withInput({ phoneRegions: 'CA' })), 'phoneRegions', /list of two-letter country codes/);
    rejects(() => defineConfig(withInput({ salesforce: { apiVersion: '62' } })), 'salesforce.apiVersion', new RegExp(`written like "${DEFAULT_API_VERSION}", got "62"`));
    rejects(() => defineConfig(withInput({ salesforce: { trustedSites: ['pbx.example.com'] } })), 'salesforce.trustedSites[0]', /origin such as wss:/);
    rejects(() => defineConfig(withInput({ salesforce: { corsOrigins: ['https://a.example.com/path'] } })), 'salesforce.corsOrigins[0]', /no path/);
    rejects(() => defineConfig(withInput({ callCentre: {} })), 'callCentre', /known options/);
    rejects(() => defineConfig(withInput({ logging: { subjects: 'x' } })), 'logging.subjects', /known options/);
    rejects(() => defineConfig({ provider: 'simulator' } as unknown as SoftphoneConfigInput), 'provider', /an object, got "simulator"/);
    rejects(() => defineConfig({ provider: { kind: 'simulator', options: {} } } as unknown as SoftphoneConfigInput), 'provider.connectSources', /factory/);
  });
});

describe('loadConfig', () => {
  const write = (name: string, text: string): string => {
    const file = join(scratch, name);
    writeFileSync(file, text);
    return file;
  };

  it('bundles a TypeScript config that imports the package by name, and cleans up after itself', async () => {
    const file = write('ok.config.ts', `import { defineConfig } from 'softphone-connector/config';
import { simulator } from 'softphone-connector/providers/simulator';
const height: number = 500;
export default defineConfig({ provider: simulator({ agentId: 'agent-1' }), callCenter: { height } });
`);
    const { config } = await loadConfig(file);
    assert.deepEqual(config.provider, { kind: 'simulator', options: { url: '/api/sim/agent', agentId: 'agent-1' }, connectSources: [] });
    assert.equal(config.callCenter.height, 500);
    assert.deepEqual(readdirSync(scratch).filter((name) => name.endsWith('.mjs')), [], 'no temporary module left behind');
  });

  it('validates a plain default export too', async () => {
    const file = write('plain.config.ts', `export default { provider: { kind: 'simulator', options: {}, connectSources: [] }, callCenter: { width: 5000 } };\n`);
    await assert.rejects(loadConfig(file), (error: unknown) => error instanceof ConfigError && error.field === 'callCenter.width');
  });

  it('reports a factory\'s ConfigError as a ConfigError with its field', async () => {
    const file = write('bad-provider.config.ts', `import { defineConfig } from 'softphone-connector/config';
import { simulator } from 'softphone-connector/providers/simulator';
export default defineConfig({ provider: simulator({ url: 'sim.example.com' }) });
`);
    await assert.rejects(loadConfig(file), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.field, 'provider.simulator.url');
      assert.match(error.message, /got "sim.example.com"/);
      return true;
    });
  });

  it('explains files that are missing, do not compile or export nothing', async () => {
    await assert.rejects(loadConfig(join(scratch, 'none.config.ts')), (error: unknown) => error instanceof ConfigLoadError && /does not exist; run "softphone-connector init"/.test(error.message));
    await assert.rejects(loadConfig(write('syntax.config.ts', 'export default {\n')), (error: unknown) => error instanceof ConfigLoadError && /cannot compile syntax.config.ts: .*line/.test(error.message));
    await assert.rejects(loadConfig(write('empty.config.ts', 'export const x = 1;\n')), (error: unknown) => error instanceof ConfigLoadError && /no default export/.test(error.message));
  });
});
