/**
 * The boundaries of the core's rules, each on both sides: the shortest and longest international
 * numbers, URI schemes only where a number starts, a calling code the page's plans know, and the
 * like. Written against the mutants StrykerJS left alive (`npm run mutation`, docs/testing.md).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PresenceSync, canRun, normalizePhoneNumber, ruleApplies, type PhoneMetadata, type ProviderCapabilities } from '../../src/core/index.js';
import { FULL_PHONE_METADATA, phoneMetadataFor } from '../../src/config/phone-metadata.js';
import { MAPPING } from './fakes/omni-mapping.js';

describe('phone numbers at their limits', () => {
  it('without a plan, takes 8 to 15 digits, no fewer, no more, and never a leading 0', () => {
    assert.equal(normalizePhoneNumber('+44 123 456').e164, '+44123456', '8 digits');
    assert.equal(normalizePhoneNumber('+44 12 345').e164, undefined, '7 digits');
    assert.equal(normalizePhoneNumber('+44 1234 5678 90123').e164, '+441234567890123', '15 digits');
    assert.equal(normalizePhoneNumber('+44 1234 5678 901234').e164, undefined, '16 digits');
    assert.equal(normalizePhoneNumber('+0 44 1234 5678').e164, undefined, 'no calling code starts with 0');
  });

  it('strips a sip:, sips: or tel: scheme only at the start of the number', () => {
    assert.equal(normalizePhoneNumber('sip:+14155550142@pbx.example').e164, '+14155550142');
    assert.equal(normalizePhoneNumber('SIPS:+14155550142@pbx.example;transport=tls').e164, '+14155550142');
    assert.equal(normalizePhoneNumber('x-tel:+14155550142').e164, undefined, 'a scheme inside other text is not a URI');
  });

  it('keeps at most 64 characters of what it was given', () => {
    const long = `+1 415 555 0142${' '.repeat(60)}x`;
    assert.equal(normalizePhoneNumber(long).raw.length, 64);
    assert.equal(normalizePhoneNumber(long).raw, long.slice(0, 64));
  });

  it('a number the plans reject under a known three-digit calling code stays unparsed', () => {
    const iceland = phoneMetadataFor(['IS']);
    const rejected = normalizePhoneNumber('+354 1234 5678 9012', 'IS', iceland);
    assert.equal(rejected.e164, undefined, 'Iceland has no 12-digit numbers');
    assert.equal(rejected.display, '+354 1234 5678 9012');
    assert.equal(normalizePhoneNumber('+354 1234 5678 9012', 'US').e164, '+354123456789012', 'without the plan: taken as written');
  });

  it('knows the non-geographic calling codes of its plans, and plans without any', () => {
    const us = phoneMetadataFor(['US']);
    const freephone: PhoneMetadata = { ...us, nonGeographic: { 800: FULL_PHONE_METADATA.nonGeographic?.['800'] } as PhoneMetadata['nonGeographic'] };
    assert.equal(normalizePhoneNumber('+800 1234 5678 901', 'US', freephone).e164, undefined, '+800 is known: this number is not one');
    assert.equal(normalizePhoneNumber('+800 1234 5678 901', 'US', us).e164, '+80012345678901');
    const { nonGeographic: _none, ...older } = us;
    assert.equal(normalizePhoneNumber('+800 1234 5678 901', 'US', older as PhoneMetadata).e164, '+80012345678901', 'no nonGeographic section: no throw');
  });
});

describe('commands, pop rules and presence sync at their limits', () => {
  it('recording is offered only by a phone system that records', () => {
    const capabilities = (recording: boolean): ProviderCapabilities => ({
      outbound: true, hold: true, mute: true, dtmf: true, transfer: { blind: true, consult: true }, conference: true, recording, presence: true,
    });
    assert.equal(canRun(capabilities(true), { type: 'record', callId: 'c', on: true }), true);
    assert.equal(canRun(capabilities(false), { type: 'record', callId: 'c', on: true }), false);
  });

  it('a pop rule condition given as one value works as a list of one', () => {
    const request = { callId: 'c', direction: 'inbound' as const, number: '+14155550142', queue: 'Billing', dialled: '+1 800 555 0100' };
    assert.equal(ruleApplies({ when: { queue: 'billing' }, pop: { kind: 'search' } } as never, request), true);
    assert.equal(ruleApplies({ when: { queue: 'Support' }, pop: { kind: 'search' } } as never, request), false);
    assert.equal(ruleApplies({ when: { dialled: '800-555-0100' }, pop: { kind: 'search' } } as never, request), true);
  });

  it('the sync tells what it knows: Omni only once reported (null when logged out), the phone once read', () => {
    const sync = new PresenceSync(MAPPING);
    assert.deepEqual(sync.snapshot, { started: false, onCall: false });
    sync.omniChanged(null);
    assert.deepEqual(sync.snapshot, { omni: null, started: false, onCall: false });
    sync.phoneChanged('available');
    assert.deepEqual(sync.snapshot, { omni: null, phone: 'available', started: true, onCall: false });
  });

  it('an Omni change that is not the status it was just sent is the agent\'s, not an echo', () => {
    const sync = new PresenceSync(MAPPING);
    sync.omniChanged('Available_Voice');
    sync.phoneChanged('available');
    assert.deepEqual(sync.phoneChanged('busy'), [{ type: 'set-omni', status: 'Break' }]);
    assert.deepEqual(sync.omniChanged('Available_Voice'), [{ type: 'set-presence', status: 'available' }], 'the agent moved Omni back before the echo came');
  });
});
