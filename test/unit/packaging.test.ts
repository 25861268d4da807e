/**
 * Builds every example config and checks the project it writes: each XML file is well-formed and
 * has the elements Salesforce requires with the configured values; the page has no inline script.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { BUNDLE_BUDGETS_KB, type BundleName } from '../../bench/bundle-size.js';
import { buildProject, providerWarnings, toPackage, type BuildResult } from '../../src/cli/build-project.js';
import { defineConfig } from '../../src/config/index.js';
import { loadConfig } from '../../src/config/load-config.js';
import { phoneMetadataFor } from '../../src/config/phone-metadata.js';
import { simulator } from '../../src/providers/simulator/index.js';
import { callCenterDefinition, callCenterMetadata, cspTrustedSites, jsonForPage, visualforcePage } from '../../src/salesforce/packaging/index.js';

type Node = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (name) => ['sections', 'items', 'section', 'item', 'target', 'script', 'link'].includes(name) });
const scratch = mkdtempSync(join(tmpdir(), 'softphone-build-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
}
function parseXml(file: string): Node {
  const text = readFileSync(file, 'utf8');
  const valid = XMLValidator.validate(text);
  assert.equal(valid, true, `${file} is well-formed XML: ${JSON.stringify(valid)}`);
  return parser.parse(text) as Node;
}
const examples = readdirSync('examples').filter((name) => existsSync(join('examples', name, 'softphone.config.ts')));

describe('build of each example config', () => {
  it('has examples to build', () => assert.ok(examples.length >= 2, examples.join(', ')));

  for (const example of examples) {
    describe(example, () => {
      let result: BuildResult;
      let config: Awaited<ReturnType<typeof loadConfig>>['config'];
      const out = join(scratch, example);
      const at = (path: string): string => join(out, 'force-app/main/default', path);

      before(async () => {
        const lines: string[] = [];
        result = await buildProject({ configFile: join('examples', example, 'softphone.config.ts'), outDir: out, progress: (line) => lines.push(line) });
        ({ config } = await loadConfig(join('examples', example, 'softphone.config.ts')));
        assert.ok(lines.length >= 3, 'progress is reported');
      });

      it('writes a parseable file for every XML it generates', () => {
        const xmlFiles = walk(out).filter((file) => file.endsWith('.xml'));
        assert.ok(xmlFiles.length >= 5, xmlFiles.map((file) => relative(out, file)).join(', '));
        for (const file of xmlFiles) parseXml(file);
        const written = result.files.map((file) => file.path).sort();
        assert.deepEqual(written, walk(out).map((file) => relative(out, file)).filter((path) => !path.startsWith('softphone.config') && path !== '.softphone-build.json').sort());
      });

      it('describes the call centre as deployable metadata with the required values', () => {
        const name = config.callCenter.name;
        const root = parseXml(at(`callCenters/${name}.callCenter-meta.xml`)).CallCenter as Node;
        assert.equal(root['@xmlns'], 'http://soap.sforce.com/2006/04/metadata');
        assert.equal(root.adapterUrl, `/apex/${name}`);
        assert.equal(root.displayName, config.callCenter.displayName);
        assert.ok(root.displayNameLabel && root.internalNameLabel);
        const sections = root.sections as Node[];
        assert.equal(sections[0]?.name, 'reqGeneralInfo', 'reqGeneralInfo comes first');
        const items = Object.fromEntries((sections[0]?.items as Node[]).map((item) => [item.name, item.value]));
        assert.deepEqual(items, {
          reqInternalName: name,
          reqDisplayName: config.callCenter.displayName,
          reqAdapterUrl: `/apex/${name}`,
          reqUseApi: 'true',
          reqSoftphoneHeight: String(config.callCenter.height),
          reqSoftphoneWidth: String(config.callCenter.width),
          reqSalesforceCompatibilityMode: 'Lightning',
        });
        const ours = sections.find((section) => section.name === 'softphoneConnector');
        assert.equal((ours?.items as Node[]).find((item) => item.name === 'provider')?.value, config.provider.kind);
      });

      it('writes the importable call-centre definition file with the same values', () => {
        const root = parseXml(join(out, `call-center/${config.callCenter.name}.xml`)).callCenter as Node;
        const sections = root.section as Node[];
        assert.equal(sections[0]?.['@name'], 'reqGeneralInfo');
        assert.equal(sections[0]?.['@sortOrder'], '0');
        const items = Object.fromEntries((sections[0]?.item as Node[]).map((item) => [item['@name'], item['#text']]));
        assert.equal(items.reqInternalName, config.callCenter.name);
        assert.equal(items.reqAdapterUrl, `/apex/${config.callCenter.name}`);
        assert.equal(items.reqUseApi, 'true');
        assert.equal(items.reqSoftphoneWidth, String(config.callCenter.width));
        assert.equal(items.reqSalesforceCompatibilityMode, 'Lightning');
        assert.ok(readFileSync(join(out, '.forceignore'), 'utf8').includes('call-center/'), 'the import file is never deployed');
      });

      it('writes a Visualforce page that loads Open CTI for the API version and the bundle, with no inline script', () => {
        const name = config.callCenter.name;
        const page = parseXml(at(`pages/${name}.page`))['apex:page'] as Node;
        const head = (page.html as Node).head as Node;
        const scripts = head.script as Node[];
        assert.deepEqual(scripts.map((script) => script['@src'] ?? script['@type']), [
          'application/json',
          `/support/api/${config.salesforce.apiVersion}/lightning/opencti_min.js`,
          `{!URLFOR($Resource.${name}, 'softphone-${config.provider.kind}.js')}`,
        ]);
        for (const script of scripts) assert.ok(script['@src'] || script['@type'] === 'application/json', 'every script is external or inert JSON');
        const embedded = JSON.parse(String(scripts[0]?.['#text'])) as Node;
        const { when, ...screenPop } = config.screenPop;
        const { dispositions, ...logging } = config.logging;
        assert.deepEqual(embedded, { provider: config.provider, popOn: when, defaultRegion: config.defaultRegion, phoneMetadata: phoneMetadataFor(config.phoneRegions), dispositions, screenPop, logging, ...(config.omni ? { omni: config.omni } : {}) });
        assert.deepEqual(Object.keys((embedded.phoneMetadata as { countries: object }).countries), [...config.phoneRegions], 'the numbering plans of the configured regions only');
        assert.ok('apex:slds' in head, 'SLDS comes from <apex:slds/>');
        const meta = parseXml(at(`pages/${name}.page-meta.xml`)).ApexPage as Node;
        assert.equal(meta.apiVersion, config.salesforce.apiVersion);
        assert.equal(meta.label, config.callCenter.displayName);
      });

      it('packs the bundle and stylesheet into the static resource', () => {
        const name = config.callCenter.name;
        const zip = unzipSync(readFileSync(at(`staticresources/${name}.resource`)));
        assert.ok(zip[`softphone-${config.provider.kind}.js`]!.byteLength > 10_000);
        assert.ok(zip['softphone.css']!.byteLength > 100);
        const meta = parseXml(at(`staticresources/${name}.resource-meta.xml`)).StaticResource as Node;
        assert.equal(meta.contentType, 'application/zip');
        assert.equal(meta.cacheControl, 'Private');
        const gzipped = result.staticResource.contents.find((item) => item.file.endsWith('.js') && !item.file.endsWith('.map'));
        // The same budgets as the in-memory measurement of bundle-size.test.ts, here for the file actually shipped.
        const budgetKb = BUNDLE_BUDGETS_KB[config.provider.kind as BundleName];
        assert.ok(budgetKb, `a size budget for the ${config.provider.kind} bundle`);
        assert.ok(gzipped && gzipped.gzipBytes < budgetKb * 1024, `softphone bundle stays within ${budgetKb} KB: ${gzipped?.gzipBytes} bytes gzipped`);
      });

      it('trusts exactly the origins the softphone connects to, and the configured CORS origins', () => {
        const expected = [...new Set([...config.provider.connectSources, ...config.salesforce.trustedSites])].sort();
        const dir = at('cspTrustedSites');
        const sites = existsSync(dir) ? readdirSync(dir).map((file) => parseXml(join(dir, file)).CspTrustedSite as Node) : [];
        assert.deepEqual(sites.map((site) => site.endpointUrl).sort(), expected);
        for (const site of sites) {
          assert.equal(site.isActive, 'true');
          assert.equal(site.isApplicableToConnectSrc, 'true');
          assert.equal(site.context, 'All');
        }
        const corsDir = at('corsWhitelistOrigins');
        const cors = existsSync(corsDir) ? readdirSync(corsDir).map((file) => (parseXml(join(corsDir, file)).CorsWhitelistOrigin as Node).urlPattern) : [];
        assert.deepEqual(cors.sort(), [...config.salesforce.corsOrigins].sort());
      });

      it('writes the LWC wrapper, which frames the page and asks for the microphone', () => {
        const dir = at('lwc/softphoneFrame');
        const html = readFileSync(join(dir, 'softphoneFrame.html'), 'utf8');
        assert.match(html, /<iframe[^>]*allow="microphone; autoplay"/);
        assert.match(readFileSync(join(dir, 'softphoneFrame.js'), 'utf8'), new RegExp(`"/apex/${config.callCenter.name}"`));
        const meta = parseXml(join(dir, 'softphoneFrame.js-meta.xml')).LightningComponentBundle as Node;
        assert.equal(meta.isExposed, 'true');
        assert.equal(meta.apiVersion, config.salesforce.apiVersion);
        assert.ok(((meta.targets as Node).target as string[]).includes('lightning__UtilityBar'));
      });

      it('writes sfdx-project.json with the API version', () => {
        const project = JSON.parse(readFileSync(join(out, 'sfdx-project.json'), 'utf8')) as { packageDirectories: { path: string; default: boolean }[]; sourceApiVersion: string };
        assert.deepEqual(project.packageDirectories, [{ path: 'force-app', default: true }]);
        assert.equal(project.sourceApiVersion, config.salesforce.apiVersion);
      });
    });
  }
});

describe('generators escape what they embed', () => {
  const pkg = toPackage(defineConfig({
    provider: simulator({ url: 'wss://pbx.example.com:8089/ws' }),
    callCenter: { displayName: 'Sales & <Support> "{!$User.Id}"' },
    logging: { dispositions: ['</script><script>alert(1)</script>', '{!$Api.Session_ID}'] },
  }));

  it('keeps values intact through XML escaping', () => {
    const metadata = parser.parse(String(callCenterMetadata(pkg).contents)) as Node;
    assert.equal((metadata.CallCenter as Node).displayName, 'Sales & <Support> "{!$User.Id}"');
    const definition = String(callCenterDefinition(pkg).contents);
    assert.equal(XMLValidator.validate(definition), true);
  });

  it('never lets page configuration close its element or become a Visualforce merge field', () => {
    const page = String(visualforcePage(pkg)[0]?.contents);
    assert.equal(XMLValidator.validate(page), true);
    assert.doesNotMatch(page, /\{!\$/, 'no merge field from configured values');
    assert.equal(page.match(/<\/script>/g)?.length, 3, 'only the page\'s own three script elements close');
    const json = /<script type="application\/json" id="softphone-config">(.*?)<\/script>/.exec(page)?.[1] ?? '';
    assert.deepEqual((JSON.parse(json) as { dispositions: string[] }).dispositions, ['</script><script>alert(1)</script>', '{!$Api.Session_ID}']);
    assert.equal(jsonForPage('a!<b>&'), '"a\\u0021\\u003cb\\u003e\\u0026"');
  });

  it('turns a wss:// provider connect source into a CSP Trusted Site', () => {
    const [site] = cspTrustedSites(pkg);
    assert.equal(site?.path, 'force-app/main/default/cspTrustedSites/SoftphoneConnector_pbx_example_com_8089.cspTrustedSite-meta.xml');
    assert.match(String(site?.contents), /<endpointUrl>wss:\/\/pbx\.example\.com:8089<\/endpointUrl>/);
  });
});

describe('build warnings', () => {
  it('warns when provider options carry a secret, naming the option', () => {
    const warnings = providerWarnings({ kind: 'sip', options: { server: 'wss://pbx.example.com', password: 'hunter2', nested: { apiToken: 'x' } }, connectSources: [] });
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /^provider\.sip\.password is written into the softphone page/);
    assert.match(warnings[1]!, /^provider\.sip\.nested\.apiToken/);
    assert.deepEqual(providerWarnings(simulator()), []);
  });
});

describe('rebuilding', () => {
  it('deletes what the previous build generated and this one does not, and nothing else', async () => {
    const out = join(scratch, 'rebuild');
    const configFile = join(scratch, 'rebuild.config.ts');
    const write = (trusted: string): void => writeFileSync(configFile, `import { defineConfig } from 'softphone-connector/config';
import { simulator } from 'softphone-connector/providers/simulator';
export default defineConfig({ provider: simulator(), salesforce: { trustedSites: ['${trusted}'] } });
`);
    write('wss://old.example.com');
    await buildProject({ configFile, outDir: out });
    const sites = join(out, 'force-app/main/default/cspTrustedSites');
    assert.deepEqual(readdirSync(sites), ['SoftphoneConnector_old_example_com.cspTrustedSite-meta.xml']);
    const own = join(out, 'force-app/main/default/classes/Mine.cls');
    mkdirSync(join(own, '..'), { recursive: true });
    writeFileSync(own, 'public class Mine {}');

    write('wss://new.example.com');
    const result = await buildProject({ configFile, outDir: out });
    assert.deepEqual(result.removed, ['force-app/main/default/cspTrustedSites/SoftphoneConnector_old_example_com.cspTrustedSite-meta.xml']);
    assert.deepEqual(readdirSync(sites), ['SoftphoneConnector_new_example_com.cspTrustedSite-meta.xml']);
    assert.ok(existsSync(own), 'the project\'s own files stay');
  });
});
