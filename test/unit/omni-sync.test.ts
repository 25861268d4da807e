/**
 * Omni-Channel presence sync: what `build` writes for it (message channel, Aura relay, Apex class,
 * set-up notes), parsed, and the same mapping on the Voice host. The core's rules and the mapping's
 * validation: presence-sync.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Script } from 'node:vm';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildProject, type BuildResult } from '../../src/cli/build-project.js';
import type { CallEvent, ProviderContext, TelephonyProvider } from '../../src/core/index.js';
import { scv, VoiceVendorConnector } from '../../src/salesforce/voice/index.js';
import { MAPPING } from './fakes/omni-mapping.js';

describe('build with an Omni mapping (examples/omni-sync)', () => {
  const out = mkdtempSync(join(tmpdir(), 'softphone-omni-'));
  const at = (path: string): string => readFileSync(join(out, 'force-app/main/default', path), 'utf8');
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (name) => ['lightningMessageFields', 'aura:handler', 'aura:attribute'].includes(name) });
  const xml = (text: string): Record<string, unknown> => {
    assert.equal(XMLValidator.validate(text), true);
    return parser.parse(text) as Record<string, unknown>;
  };
  let result: BuildResult;
  before(async () => {
    result = await buildProject({ configFile: 'examples/omni-sync/softphone.config.ts', outDir: out });
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('writes the message channel with its four fields', () => {
    const channel = xml(at('messageChannels/SoftphoneOmniSync.messageChannel-meta.xml')).LightningMessageChannel as Record<string, unknown>;
    assert.equal(channel.isExposed, 'true');
    assert.deepEqual((channel.lightningMessageFields as Array<{ fieldName: string }>).map((field) => field.fieldName), ['source', 'type', 'status', 'reason']);
  });

  it('writes the Aura relay: the toolkit, the channel, the Omni events, and controller and helper that parse', () => {
    const cmp = xml(at('aura/SoftphoneOmniRelay/SoftphoneOmniRelay.cmp'))['aura:component'] as Record<string, unknown>;
    assert.equal(cmp['@controller'], 'SoftphoneOmniStatuses');
    assert.ok('lightning:omniToolkitAPI' in cmp);
    assert.equal((cmp['lightning:messageChannel'] as Record<string, string>)['@type'], 'SoftphoneOmniSync__c');
    assert.deepEqual((cmp['aura:handler'] as Array<Record<string, string>>).map((handler) => handler['@event'] ?? handler['@name']),
      ['init', 'lightning:omniChannelStatusChanged', 'lightning:omniChannelLogout', 'lightning:omniChannelLoginSuccess']);
    const controller = at('aura/SoftphoneOmniRelay/SoftphoneOmniRelayController.js');
    const helper = at('aura/SoftphoneOmniRelay/SoftphoneOmniRelayHelper.js');
    const controllerMethods = Object.keys(new Script(controller).runInNewContext() as object);
    assert.deepEqual(controllerMethods, ['init', 'onMessage', 'onStatusChanged', 'onLogout', 'onLoginSuccess']);
    assert.deepEqual(Object.keys(new Script(helper).runInNewContext() as object), ['loadStatuses', 'nameOf', 'report', 'setStatus', 'send', 'warn']);
    assert.match(helper, /setServicePresenceStatus\(\{ statusId: id \}\)/);
    assert.match(helper, /getServicePresenceStatusId\(\)/);
    assert.match(controller, /logout\(\)/);
    const meta = xml(at('aura/SoftphoneOmniRelay/SoftphoneOmniRelay.cmp-meta.xml')).AuraDefinitionBundle as Record<string, string>;
    assert.equal(meta.apiVersion, '68.0');
  });

  it('writes the Apex class that resolves every mapped status, the on-call one included, and its test', () => {
    const cls = at('classes/SoftphoneOmniStatuses.cls');
    assert.match(cls, /new Set<String>\{ 'Available_Voice', 'Break', 'Training', 'On_A_Call' \}/);
    assert.match(cls, /FROM ServicePresenceStatus WHERE DeveloperName IN :NAMES/);
    assert.match(at('classes/SoftphoneOmniStatusesTest.cls'), /@IsTest/);
  });

  it('tells what to do in Setup: the utility item loaded in the background, Apex access, the statuses', () => {
    const steps = result.nextSteps.join('\n');
    assert.match(steps, /Utility Items: add "Softphone Connector Omni-Channel relay" \(SoftphoneOmniRelay\) and tick "Load in the background when app is opened"/);
    assert.match(steps, /Apex class SoftphoneOmniStatuses/);
    assert.match(steps, /Available_Voice, Break, Training, On_A_Call/);
  });

  it('hands the mapping to the softphone page', () => {
    const page = at('pages/SoftphoneConnector.page');
    const json = JSON.parse(/<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '{}') as { omni?: unknown };
    assert.deepEqual(json.omni, { channel: 'SoftphoneOmniSync', statuses: { Available_Voice: 'available', Break: 'busy', Training: 'busy' }, toOmni: { available: 'Available_Voice', busy: 'Break' }, onCall: 'On_A_Call', onOmniLogout: 'offline', offlineLogsOutOmni: false });
  });
});

describe('the same mapping on the Salesforce Voice host (setAgentStatus / SET_AGENT_STATUS)', () => {
  /** A provider whose presence the test drives; set-presence is confirmed by its event, as a phone system does. */
  function presenceProvider() {
    const set: string[] = [];
    let ctx: ProviderContext | undefined;
    const provider: TelephonyProvider = {
      id: 'presence', health: 'disconnected',
      capabilities: { outbound: false, hold: false, mute: false, dtmf: false, transfer: { blind: false, consult: false }, conference: false, recording: false, presence: true },
      connect: async (context) => void (ctx = context),
      disconnect: async () => undefined,
      answer: async () => undefined, decline: async () => undefined, hangup: async () => undefined, hold: async () => undefined, resume: async () => undefined,
      mute: async () => undefined, unmute: async () => undefined, sendDtmf: async () => undefined, dial: async () => 'x', transfer: async () => undefined,
      setPresence: async (status) => {
        set.push(status);
        ctx?.emit({ type: 'presence-changed', at: 1, status });
      },
    };
    return { provider, set, emit: (event: CallEvent) => ctx?.emit(event) };
  }
  const info = (statusApiName: string, statusId: string) => ({ statusApiName, statusId, statusName: statusApiName });

  it('Omni statuses map by API name, the phone follows back as SET_AGENT_STATUS with the id Omni used, calls defer changes', async () => {
    const { provider, set, emit } = presenceProvider();
    const events: Array<{ type: string; payload: object }> = [];
    const connector = new VoiceVendorConnector({ provider, publisher: { event: (type, payload) => void events.push({ type, payload }), error: () => undefined }, afterCallWork: false, omni: MAPPING });
    await connector.init({});
    emit({ type: 'presence-changed', at: 1, status: 'available' });
    await connector.setAgentStatus('Online', info('Break', '0N5000000000002'), false);
    assert.deepEqual(set, ['busy'], 'Break → busy');
    await connector.setAgentStatus('Online', info('Available_Voice', '0N5000000000001'), false);
    assert.deepEqual(set, ['busy', 'available']);
    assert.deepEqual(events.filter((event) => event.type === 'SET_AGENT_STATUS'), [], 'nothing echoed back to Omni');

    emit({ type: 'presence-changed', at: 2, status: 'busy' });
    const published = events.filter((event) => event.type === 'SET_AGENT_STATUS');
    assert.equal(published.length, 1);
    assert.ok(published[0]!.payload instanceof scv.AgentStatusInfo);
    assert.equal((published[0]!.payload as InstanceType<typeof scv.AgentStatusInfo>).statusId, '0N5000000000002', "toOmni.busy is Break, whose id Omni gave");

    await connector.setAgentStatus('Online', info('Available_Voice', '0N5000000000001'), false);
    emit({ type: 'ringing', callId: 'c1', at: 3, from: '+14155550142' });
    await connector.setAgentStatus('Online', info('Training', '0N5000000000003'), false);
    assert.deepEqual(set, ['busy', 'available', 'available'], 'Training waits for the call to end');
    emit({ type: 'ended', callId: 'c1', at: 4, reason: 'missed' });
    assert.deepEqual(set.at(-1), 'busy', 'applied once the call ended');
  });
});
