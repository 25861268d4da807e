// `build --host voice` with `agentIdentity.oidc`: the connected app the OpenID Connect sign-in needs
// (parsed), the connector page's sign-in configuration, and config errors that name the field.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildVoiceProject } from '../../src/cli/build-voice.js';
import { defineConfig } from '../../src/config/index.js';
import { ConfigError } from '../../src/core/index.js';
import { simulator } from '../../src/providers/simulator/index.js';
import { oidcPageConfig } from '../../src/app/oidc-sign-in.js';

// Inside the package, so the config's `softphone-connector/…` imports resolve to this package.
const out = mkdtempSync(join(process.cwd(), '.tmp-voice-oidc-'));
after(() => rmSync(out, { recursive: true, force: true }));
const CONNECTOR_URL = 'https://phone.example.com/voice/connector.html';
const OIDC = { myDomain: 'https://acme.my.salesforce.com', consumerKey: '3MVG9acme.consumer_key', contactEmail: 'ops@acme.example' };

describe('build --host voice with OpenID Connect sign-in', () => {
  it('emits the connected app (callback URL, openid scope, PKCE required) and the page sign-in configuration', async () => {
    const configFile = join(out, 'softphone.config.ts');
    writeFileSync(configFile, `import { defineConfig } from 'softphone-connector/config';
import { simulator } from 'softphone-connector/providers/simulator';
export default defineConfig({
  provider: simulator({ url: 'wss://sim.example.com/api/sim/agent' }),
  agentIdentity: { server: 'https://telephony.example.com', certificate: 'SoftphoneAgentAssertion', oidc: ${JSON.stringify(OIDC)} },
});
`);
    const result = await buildVoiceProject({ configFile, outDir: out, connectorUrl: CONNECTOR_URL });
    const path = 'force-app/main/default/connectedApps/SoftphoneVoiceSignIn.connectedApp-meta.xml';
    assert.ok(result.files.some((file) => file.path === path), 'listed among the written files');
    const xml = readFileSync(join(out, path), 'utf8');
    assert.equal(XMLValidator.validate(xml), true);
    const app = (new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml) as { ConnectedApp: Record<string, unknown> & { oauthConfig: Record<string, unknown>; '@_xmlns': string } }).ConnectedApp;
    assert.equal(app['@_xmlns'], 'http://soap.sforce.com/2006/04/metadata');
    assert.equal(app.contactEmail, OIDC.contactEmail);
    assert.deepEqual(
      ['callbackUrl', 'consumerKey', 'isPkceRequired', 'isConsumerSecretOptional', 'isAdminApproved', 'scopes'].map((key) => app.oauthConfig[key]),
      [CONNECTOR_URL, OIDC.consumerKey, 'true', 'true', 'true', 'OpenID'],
    );
    const page = readFileSync(join(out, 'voice/connector.html'), 'utf8');
    const config = JSON.parse(/<script type="application\/json" id="voice-connector-config">(.*?)<\/script>/s.exec(page)?.[1] ?? '{}') as { agentAuth: { sessionUrl: string; oidc: unknown }; voiceCallsUrl: string };
    assert.equal(config.agentAuth.sessionUrl, 'https://telephony.example.com/api/auth/session');
    assert.equal(config.voiceCallsUrl, 'https://telephony.example.com/api/voice/calls');
    assert.deepEqual(config.agentAuth.oidc, { authorizeUrl: 'https://acme.my.salesforce.com/services/oauth2/authorize', clientId: OIDC.consumerKey, redirectUri: CONNECTOR_URL, issuer: OIDC.myDomain, display: 'frame' });
    assert.deepEqual(oidcPageConfig(config.agentAuth.oidc), config.agentAuth.oidc, 'the page accepts what build wrote');
    assert.doesNotMatch(page, /secret/i);
    assert.ok(result.nextSteps.some((step) => /connectedApps/.test(step)));
  });

  it('names the field of a wrong agentIdentity.oidc or agentAuth.oidc', () => {
    const make = (oidc: Record<string, unknown>) => () => defineConfig({ provider: simulator(), agentIdentity: { server: 'https://x.example.com', certificate: 'C', oidc: { ...OIDC, ...oidc } as never } });
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ myDomain: 'https://evil.example.com' }, /agentIdentity\.oidc\.myDomain/],
      [{ myDomain: 'http://acme.my.salesforce.com' }, /agentIdentity\.oidc\.myDomain/],
      [{ consumerKey: 'a b' }, /agentIdentity\.oidc\.consumerKey/],
      [{ contactEmail: 'nobody' }, /agentIdentity\.oidc\.contactEmail/],
      [{ display: 'tab' }, /agentIdentity\.oidc\.display/],
      [{ connectedApp: 'Bad__Name' }, /agentIdentity\.oidc\.connectedApp/],
      [{ clientSecret: 'x' }, /agentIdentity\.oidc\.clientSecret/],
    ];
    for (const [oidc, field] of cases) assert.throws(make(oidc), (error: unknown) => error instanceof ConfigError && field.test(error.message), JSON.stringify(oidc));
    assert.equal(defineConfig({ provider: simulator(), agentIdentity: { server: 'https://x.example.com', certificate: 'C', oidc: { ...OIDC, myDomain: 'https://acme--uat.sandbox.my.salesforce.com/' } } }).agentIdentity?.oidc?.authorizeUrl, 'https://acme--uat.sandbox.my.salesforce.com/services/oauth2/authorize');
    const page: Array<[unknown, RegExp]> = [
      [{ authorizeUrl: 'https://acme.my.salesforce.com/login', clientId: OIDC.consumerKey }, /agentAuth\.oidc\.authorizeUrl/],
      [{ authorizeUrl: '/services/oauth2/authorize', clientId: '' }, /agentAuth\.oidc\.clientId/],
      [{ authorizeUrl: '/services/oauth2/authorize', clientId: OIDC.consumerKey, redirectUri: 'http://x.example.com/c' }, /agentAuth\.oidc\.redirectUri/],
      [{ authorizeUrl: '/services/oauth2/authorize', clientId: OIDC.consumerKey, display: 'tab' }, /agentAuth\.oidc\.display/],
      ['x', /agentAuth\.oidc/],
    ];
    for (const [config, field] of page) assert.throws(() => oidcPageConfig(config), (error: unknown) => error instanceof ConfigError && field.test(error.message), JSON.stringify(config));
  });
});
