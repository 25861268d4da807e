/**
 * Omni-Channel presence sync: the core's rules (no echo, calls, start-up, logout), the mapping's
 * validation, and what `build` writes for it (message channel, Aura relay, Apex class, set-up notes),
 * parsed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Script } from 'node:vm';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildProject, type BuildResult } from '../../src/cli/build-project.js';
import { defineConfig } from '../../src/config/index.js';
import { ConfigError, PresenceSync, validatePresenceMapping, type CallEvent, type PresenceMapping, type ProviderContext, type TelephonyProvider } from '../../src/core/index.js';
import { scv, VoiceVendorConnector } from '../../src/salesforce/voice/index.js';
import { simulator } from '../../src/providers/simulator/config.js';

const MAPPING: PresenceMapping = validatePresenceMapping({
  statuses: { Available_Voice: 'available', Break: 'busy', Training: 'busy' },
  toOmni: { busy: 'Break' },
  onCall: 'On_A_Call',
  onOmniLogout: 'offline',
});

/** A sync already reconciled with Omni on Available_Voice and the phone available. */
function started(mapping = MAPPING): PresenceSync {
  const sync = new PresenceSync(mapping);
  assert.deepEqual(sync.omniChanged('Available_Voice'), []);
  assert.deepEqual(sync.phoneChanged('available'), []);
  assert.equal(sync.snapshot.started, true);
  return sync;
}

describe('presence sync rules', () => {
  it('Omni → phone per the mapping, and the phone echo of that change is not sent back to Omni', () => {
    const sync = started();
    assert.deepEqual(sync.omniChanged('Break'), [{ type: 'set-presence', status: 'busy' }]);
    assert.deepEqual(sync.phoneChanged('busy'), [], 'our own change coming back');
    assert.deepEqual(sync.omniChanged('Training'), [], 'same presence: nothing to do');
    assert.deepEqual(sync.omniChanged('Some_Unmapped_Status'), [], 'unmapped Omni statuses leave the phone alone');
  });

  it('phone → Omni per toOmni, and the Omni echo is not sent back to the phone; a matching Omni status is kept', () => {
    const sync = started();
    assert.deepEqual(sync.phoneChanged('busy'), [{ type: 'set-omni', status: 'Break' }]);
    assert.deepEqual(sync.omniChanged('Break'), [], 'echo');
    assert.deepEqual(sync.omniChanged('Training'), [], 'the agent picks another busy status: the phone is busy already');
    assert.deepEqual(sync.phoneChanged('busy'), [], 'unchanged');
    assert.deepEqual(sync.phoneChanged('offline'), [], 'no Omni status for offline and offlineLogsOutOmni off');
  });

  it('a call shows On_A_Call in Omni and puts it back after; changes during the call wait until it ends', () => {
    const sync = started();
    assert.deepEqual(sync.callsChanged(true), [{ type: 'set-omni', status: 'On_A_Call' }]);
    assert.deepEqual(sync.omniChanged('On_A_Call'), [], 'echo');
    assert.deepEqual(sync.callsChanged(false), [{ type: 'set-omni', status: 'Available_Voice' }], 'Omni returns');
    assert.deepEqual(sync.omniChanged('Available_Voice'), []);

    assert.deepEqual(sync.callsChanged(true), [{ type: 'set-omni', status: 'On_A_Call' }]);
    sync.omniChanged('On_A_Call');
    assert.deepEqual(sync.omniChanged('Training'), [], 'the agent picks Training during the call: waits');
    assert.deepEqual(sync.callsChanged(false), [{ type: 'set-presence', status: 'busy' }], "applied after; Omni keeps the agent's choice");

    const phoneSide = started();
    phoneSide.callsChanged(true);
    phoneSide.omniChanged('On_A_Call');
    assert.deepEqual(phoneSide.phoneChanged('busy'), [], 'a phone change during the call waits too');
    assert.deepEqual(phoneSide.callsChanged(false), [{ type: 'set-omni', status: 'Break' }]);
  });

  it('start-up: nothing before both sides are known; then Omni wins; logged out Omni changes nothing (no flap)', () => {
    const sync = new PresenceSync(MAPPING);
    assert.deepEqual(sync.phoneChanged('available'), [], 'Omni not known yet');
    assert.deepEqual(sync.omniChanged('Break'), [{ type: 'set-presence', status: 'busy' }], 'reconciled: Omni wins');

    const loggedOut = new PresenceSync(MAPPING);
    assert.deepEqual(loggedOut.omniChanged(null), []);
    assert.deepEqual(loggedOut.phoneChanged('available'), [], 'a reload with Omni logged out takes nobody offline');

    const reloadMidCall = new PresenceSync(MAPPING);
    reloadMidCall.callsChanged(true);
    assert.deepEqual(reloadMidCall.omniChanged('Training'), []);
    assert.deepEqual(reloadMidCall.phoneChanged('available'), [], 'a call survived the reload: Omni waits for its end');
    assert.deepEqual(reloadMidCall.callsChanged(false), [{ type: 'set-presence', status: 'busy' }]);
  });

  it('logout: Omni logging out takes the phone offline only when the mapping says so; offlineLogsOutOmni logs Omni out', () => {
    assert.deepEqual(started().omniChanged(null), [{ type: 'set-presence', status: 'offline' }]);
    const keep = started(validatePresenceMapping({ statuses: { Available_Voice: 'available' } }));
    assert.deepEqual(keep.omniChanged(null), []);
    const both = started(validatePresenceMapping({ statuses: { Available_Voice: 'available' }, offlineLogsOutOmni: true }));
    assert.deepEqual(both.phoneChanged('offline'), [{ type: 'omni-logout' }]);
    assert.deepEqual(both.omniChanged(null), [], 'its echo');
  });
});

describe('Omni mapping validation', () => {
  const fieldOf = (input: unknown): string => {
    try {
      defineConfig({ provider: simulator(), omni: input } as never);
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      return error.field;
    }
    return assert.fail('expected a ConfigError');
  };

  it('fills in toOmni from the first status of each presence, keeps the channel, and is idempotent', () => {
    const config = defineConfig({ provider: simulator(), omni: { statuses: { Available_Voice: 'available', Break: 'busy', Training: 'busy' } } });
    assert.deepEqual(config.omni, { channel: 'SoftphoneOmniSync', statuses: { Available_Voice: 'available', Break: 'busy', Training: 'busy' }, toOmni: { available: 'Available_Voice', busy: 'Break' }, onOmniLogout: 'keep', offlineLogsOutOmni: false });
    assert.deepEqual(defineConfig(config), config);
  });

  it('names the field of every mistake', () => {
    assert.equal(fieldOf({}), 'omni.statuses');
    assert.equal(fieldOf({ statuses: { 'Not a name': 'available' } }), 'omni.statuses.Not a name');
    assert.equal(fieldOf({ statuses: { Away: 'away' } }), 'omni.statuses.Away');
    assert.equal(fieldOf({ statuses: { Available: 'available', Break: 'busy' }, toOmni: { busy: 'Available' } }), 'omni.toOmni.busy');
    assert.equal(fieldOf({ statuses: { Available: 'available' }, toOmni: { lunch: 'Break' } }), 'omni.toOmni.lunch');
    assert.equal(fieldOf({ statuses: { Available: 'available' }, onCall: 'Available' }), 'omni.onCall');
    assert.equal(fieldOf({ statuses: { Available: 'available' }, onOmniLogout: 'never' }), 'omni.onOmniLogout');
    assert.equal(fieldOf({ statuses: { Available: 'available' }, channel: 'bad channel' }), 'omni.channel');
    assert.equal(fieldOf({ statuses: { Available: 'available' }, sync: 'both' }), 'omni.sync');
  });
});

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
