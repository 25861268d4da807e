/**
 * The pure parts of the console's Open CTI: the Softphone Layout's checks and default, and the flat
 * `getCallCenterSettings` map derived from the call centre `build` writes. The browser side is
 * walked in `test/e2e/opencti-contract.test.ts`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toPackage } from '../../src/cli/build-project.js';
import { defineConfig } from '../../src/config/index.js';
import { DEFAULT_SOFTPHONE_LAYOUT, SoftphoneLayoutError, validateSoftphoneLayout } from '../../src/console/store/softphone-layout.js';
import { simulator } from '../../src/providers/simulator/index.js';
import { callCenterSettings } from '../../src/salesforce/packaging/index.js';

function rejects(layout: unknown, field: string, message: RegExp): void {
  assert.throws(() => validateSoftphoneLayout(layout), (error: unknown) => {
    assert.ok(error instanceof SoftphoneLayoutError, String(error));
    assert.equal(error.field, field);
    assert.match(error.message, message);
    return true;
  });
}

describe('Softphone Layout', () => {
  it('accepts the default, and a copy of it comes back equal', () => {
    assert.deepEqual(validateSoftphoneLayout(structuredClone(DEFAULT_SOFTPHONE_LAYOUT)), DEFAULT_SOFTPHONE_LAYOUT);
    assert.deepEqual(DEFAULT_SOFTPHONE_LAYOUT.Internal, {});
  });

  it('refuses what a layout cannot hold, naming the field', () => {
    const inbound = DEFAULT_SOFTPHONE_LAYOUT.Inbound;
    const pops = inbound.screenPopSettings;
    rejects({ ...DEFAULT_SOFTPHONE_LAYOUT, Inbound: undefined }, 'Inbound', /must be an object/);
    rejects({ ...DEFAULT_SOFTPHONE_LAYOUT, Callback: {} }, 'Callback', /not part of a softphone layout/);
    rejects({ ...DEFAULT_SOFTPHONE_LAYOUT, Inbound: { ...inbound, callRelatedFields: ['ANI', 'ANI'] } }, 'Inbound.callRelatedFields', /distinct values of ANI, DNIS, SEGMENT, QUEUE/);
    rejects({ ...DEFAULT_SOFTPHONE_LAYOUT, Inbound: { ...inbound, objects: { Task: [{ displayName: 'Subject', apiName: 'Subject' }] } } }, 'Inbound.objects.Task', /not part of a softphone layout/);
    rejects({ ...DEFAULT_SOFTPHONE_LAYOUT, Inbound: { ...inbound, objects: { Contact: [{ displayName: 'Shoe size', apiName: 'ShoeSize__c' }] } } }, 'Inbound.objects.Contact[0].apiName', /must be a field of Contact/);
    rejects({ ...DEFAULT_SOFTPHONE_LAYOUT, Inbound: { ...inbound, screenPopSettings: { ...pops, NoMatch: { screenPopType: 'PopToFlow' } } } }, 'Inbound.screenPopSettings.NoMatch.screenPopData', /names the flow/);
    rejects({ ...DEFAULT_SOFTPHONE_LAYOUT, Inbound: { ...inbound, screenPopSettings: { ...pops, MultipleMatches: { screenPopType: 'PopToEntity' } } } }, 'Inbound.screenPopSettings.MultipleMatches.screenPopType', /for several matches/);
    rejects({ ...DEFAULT_SOFTPHONE_LAYOUT, Inbound: { ...inbound, screenPopSettings: { ...pops, SingleMatch: { screenPopType: 'DoNotPop' } } } }, 'Inbound.screenPopSettings.SingleMatch.screenPopType', /PopToEntity, PopToSearch/);
    rejects({ ...DEFAULT_SOFTPHONE_LAYOUT, Inbound: { ...inbound, screenPopSettings: { ...pops, screenPopsOpenWithin: 'Popup' } } }, 'Inbound.screenPopSettings.screenPopsOpenWithin', /ExistingWindow or NewWindow/);
  });
});

describe('getCallCenterSettings from the built call centre', () => {
  it('is flat, all strings, with a label and sort order for the call centre, each section and each item', () => {
    const pkg = toPackage(defineConfig({ provider: simulator(), callCenter: { name: 'AcmePhones', displayName: 'Acme Phones', height: 500 } }));
    const settings = callCenterSettings(pkg);
    assert.ok(Object.values(settings).every((value) => typeof value === 'string'));
    assert.equal(settings['/label'], 'Acme Phones');
    assert.equal(settings['/reqGeneralInfo/label'], 'General Information');
    assert.equal(settings['/reqGeneralInfo/sortOrder'], '0.0');
    assert.equal(settings['/reqGeneralInfo/reqInternalName'], 'AcmePhones');
    assert.equal(settings['/reqGeneralInfo/reqAdapterUrl'], '/apex/AcmePhones');
    assert.equal(settings['/reqGeneralInfo/reqAdapterUrl/label'], 'CTI Adapter URL');
    assert.equal(settings['/reqGeneralInfo/reqAdapterUrl/sortOrder'], '2.0');
    assert.equal(settings['/reqGeneralInfo/reqUseApi'], 'true');
    assert.equal(settings['/reqGeneralInfo/reqSoftphoneHeight'], '500');
    assert.equal(settings['/softphoneConnector/sortOrder'], '1.0');
    assert.equal(settings['/softphoneConnector/provider'], 'simulator');
  });
});
