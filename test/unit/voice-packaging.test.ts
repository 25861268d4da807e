import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { SignJWT, importPKCS8, importX509, jwtVerify } from 'jose';
import { ConfigError } from '../../src/core/index.js';
import { simulator } from '../../src/providers/simulator/index.js';
import { createTelephonyCredentials } from '../../src/server/voice/credentials.js';
import {
  conversationVendorInfoMetadata,
  voiceCallCenterDefinition,
  voicePackageFiles,
  type VoicePackageOptions,
} from '../../src/salesforce/voice/index.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'section' || name === 'item', parseTagValue: false });

interface Section {
  '@name': string;
  item: { '@name': string; '#text'?: string }[];
}

const credentials = await createTelephonyCredentials({ commonName: 'AcmeVoice' });
const base: VoicePackageOptions = {
  callCenterApiName: 'AcmeVoice',
  displayName: 'Acme <Voice> & Co',
  vendorInfoApiName: 'acme_phone',
  connectorUrl: 'https://connector.acme.example/voice/connector.html',
  certificatePem: credentials.certificatePem,
  provider: simulator({ url: 'wss://sim.acme.example/agent', agentId: 'agent-1' }),
  settings: { directoryUrl: 'https://acme.example/directory' },
};

describe('Salesforce Voice packaging', () => {
  it('writes a call-centre definition with reqGeneralInfo, reqHvcc and the provider sections', () => {
    const xml = parser.parse(voiceCallCenterDefinition(base)) as { callCenter: { section: Section[] } };
    const sections = Object.fromEntries(xml.callCenter.section.map((s) => [s['@name'], Object.fromEntries(s.item.map((i) => [i['@name'], i['#text'] ?? '']))]));
    assert.deepEqual(Object.keys(sections), ['reqGeneralInfo', 'reqHvcc', 'providerSettings', 'vendorSettings']);
    assert.equal(sections.reqGeneralInfo!.reqInternalName, 'AcmeVoice');
    assert.equal(sections.reqGeneralInfo!.reqDisplayName, 'Acme <Voice> & Co');
    assert.equal(sections.reqGeneralInfo!.reqVendorInfoApiName, 'acme_phone');
    // The certificate in reqHvcc is the one whose key signs the JWTs.
    const der = Buffer.from(sections.reqHvcc!.reqTelephonyIntegrationCertificate!, 'base64');
    assert.equal(new X509Certificate(der).subject, 'CN=AcmeVoice');
    assert.equal(sections.providerSettings!.providerKind, 'simulator');
    assert.deepEqual(JSON.parse(sections.providerSettings!.providerOptions!), { url: 'wss://sim.acme.example/agent', agentId: 'agent-1' });
    assert.equal(sections.vendorSettings!.directoryUrl, 'https://acme.example/directory');
  });

  it('registers the vendor with ConversationVendorInfo metadata', () => {
    const xml = parser.parse(conversationVendorInfoMetadata({ ...base, vendorType: 'Partner' })) as { ConversationVendorInfo: Record<string, string> };
    assert.equal(xml.ConversationVendorInfo['@xmlns'], 'http://soap.sforce.com/2006/04/metadata');
    assert.equal(xml.ConversationVendorInfo.connectorUrl, base.connectorUrl);
    assert.equal(xml.ConversationVendorInfo.masterLabel, 'Acme <Voice> & Co');
    assert.equal(xml.ConversationVendorInfo.vendorType, 'Partner');
  });

  it('lists every file of the deployment, with the connector page loading the bundle', () => {
    const files = voicePackageFiles({ ...base, bundleUrl: '/assets/voice-connector-simulator.js', connectorConfig: { provider: base.provider } });
    assert.deepEqual(Object.keys(files).sort(), [
      'force-app/main/default/ConversationVendorInformation/acme_phone.ConversationVendorInformation-meta.xml',
      'voice/AcmeVoice.callCenterDefinition.xml',
      'voice/connector.html',
    ]);
    assert.match(files['voice/connector.html']!, /<script type="module" src="\/assets\/voice-connector-simulator.js"><\/script>/);
    assert.match(files['voice/connector.html']!, /"kind":"simulator"/);
  });

  it('names the field and what was expected when an option is wrong', () => {
    const cases: [Partial<VoicePackageOptions>, RegExp][] = [
      [{ callCenterApiName: 'has space' }, /^voice\.callCenterApiName must be a call centre internal name/],
      [{ vendorInfoApiName: '9bad' }, /^voice\.vendorInfoApiName must be a developer name/],
      [{ connectorUrl: 'http://plain.example/c.html' }, /^voice\.connectorUrl must be an https:\/\/ URL.*got "http:\/\/plain/],
      [{ certificatePem: 'not a cert' }, /^voice\.certificatePem must be a PEM certificate/],
      [{ displayName: '' }, /^voice\.displayName must be a non-empty name/],
    ];
    for (const [patch, message] of cases) {
      assert.throws(() => voiceCallCenterDefinition({ ...base, ...patch }), (error: unknown) => error instanceof ConfigError && message.test(error.message));
    }
  });

  it('creates a key pair whose certificate verifies the RS256 JWTs the key signs', async () => {
    assert.match(credentials.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
    assert.match(credentials.fingerprint256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer('00Dxx0000001gEREAY').setSubject('AcmeVoice').setExpirationTime('5m').sign(await importPKCS8(credentials.privateKeyPem, 'RS256'));
    const { payload } = await jwtVerify(jwt, await importX509(credentials.certificatePem, 'RS256'), { issuer: '00Dxx0000001gEREAY', subject: 'AcmeVoice' });
    assert.equal(payload.sub, 'AcmeVoice');
    const other = await createTelephonyCredentials({ commonName: 'Other' });
    await assert.rejects(jwtVerify(jwt, await importX509(other.certificatePem, 'RS256')), /signature verification failed/);
  });
});
