// `softphone-connector build --host voice`: the example configs as Salesforce Voice deployments.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { SignJWT, importPKCS8, importX509, jwtVerify } from 'jose';
import { buildVoiceProject } from '../../src/cli/build-voice.js';
import { runBuild } from '../../src/cli/commands.js';
import { ConfigError } from '../../src/core/index.js';

type Item = { '@_name': string; '#text'?: string | number };
type Section = { '@_name': string; item: Item | Item[] };

const out = mkdtempSync(join(tmpdir(), 'softphone-voice-build-'));
after(() => rmSync(out, { recursive: true, force: true }));
const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false });
const CONNECTOR_URL = 'https://phone.example.com/salesforce/connector.html';

function items(definition: string): Map<string, string> {
  const sections = (parser.parse(definition) as { callCenter: { section: Section[] } }).callCenter.section;
  const map = new Map<string, string>();
  for (const section of sections) for (const item of [section.item].flat()) map.set(`${section['@_name']}/${item['@_name']}`, String(item['#text'] ?? ''));
  return map;
}

describe('build --host voice', () => {
  it('writes the call-centre definition with the certificate, the vendor record, the connector page and bundle, and a key pair that signs verifiable JWTs', async () => {
    const result = await buildVoiceProject({ configFile: 'examples/sip/softphone.config.ts', outDir: out, connectorUrl: CONNECTOR_URL });
    assert.equal(result.provider, 'sip');
    assert.equal(result.credentials.created, true);
    const definition = items(readFileSync(join(out, 'voice/SipSoftphone.callCenterDefinition.xml'), 'utf8'));
    assert.equal(definition.get('reqGeneralInfo/reqInternalName'), 'SipSoftphone');
    assert.equal(definition.get('reqGeneralInfo/reqVendorInfoApiName'), 'SipSoftphoneVendor');
    assert.equal(definition.get('providerSettings/providerKind'), 'sip');
    assert.equal(JSON.parse(definition.get('providerSettings/providerOptions') ?? '{}').server, 'wss://pbx.example.com:8089/ws');

    const certificatePem = readFileSync(join(out, 'voice/credentials/certificate.pem'), 'utf8');
    const body = certificatePem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
    assert.equal(definition.get('reqHvcc/reqTelephonyIntegrationCertificate'), body, 'the org gets the certificate of the key pair written beside it');
    const privateKeyPem = readFileSync(join(out, 'voice/credentials/private-key.pem'), 'utf8');
    assert.equal(statSync(join(out, 'voice/credentials/private-key.pem')).mode & 0o077, 0, 'the private key is readable by its owner only');
    const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setSubject('SipSoftphone').sign(await importPKCS8(privateKeyPem, 'RS256'));
    assert.equal((await jwtVerify(jwt, await importX509(certificatePem, 'RS256'))).payload.sub, 'SipSoftphone');

    const vendor = parser.parse(readFileSync(join(out, 'force-app/main/default/ConversationVendorInformation/SipSoftphoneVendor.ConversationVendorInformation-meta.xml'), 'utf8')) as { ConversationVendorInfo: { connectorUrl: string; masterLabel: string } };
    assert.equal(vendor.ConversationVendorInfo.connectorUrl, CONNECTOR_URL);
    assert.equal(vendor.ConversationVendorInfo.masterLabel, 'SIP Softphone');
    const page = readFileSync(join(out, 'voice/connector.html'), 'utf8');
    assert.match(page, /<script type="module" src="\.\/voice-connector-sip\.js"><\/script>/);
    assert.equal(JSON.parse(/<script type="application\/json" id="voice-connector-config">(.*?)<\/script>/s.exec(page)?.[1] ?? '{}').provider.kind, 'sip');
    assert.ok(statSync(join(out, 'voice/voice-connector-sip.js')).size > 50_000, 'the connector bundle is beside the page');
    assert.deepEqual(JSON.parse(readFileSync(join(out, 'sfdx-project.json'), 'utf8')).packageDirectories, [{ path: 'force-app', default: true }]);
  });

  it('keeps the key pair on a rebuild: the certificate in the org stays valid', async () => {
    const before = readFileSync(join(out, 'voice/credentials/certificate.pem'), 'utf8');
    const result = await buildVoiceProject({ configFile: 'examples/sip/softphone.config.ts', outDir: out, connectorUrl: CONNECTOR_URL });
    assert.equal(result.credentials.created, false);
    assert.equal(readFileSync(join(out, 'voice/credentials/certificate.pem'), 'utf8'), before);
  });

  it('refuses a missing or insecure connector address, naming the option', async () => {
    await assert.rejects(runBuild({ config: 'examples/sip/softphone.config.ts', out, host: 'voice' }), (error: unknown) => error instanceof ConfigError && error.field === '--connector-url');
    await assert.rejects(runBuild({ config: 'examples/sip/softphone.config.ts', out, host: 'lightning' }), (error: unknown) => error instanceof ConfigError && error.field === '--host');
    await assert.rejects(
      buildVoiceProject({ configFile: 'examples/sip/softphone.config.ts', outDir: out, connectorUrl: 'http://phone.example.com/c.html' }),
      (error: unknown) => error instanceof ConfigError && error.field === 'voice.connectorUrl',
    );
  });
});
