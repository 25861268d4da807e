/**
 * The boundaries of the core's rules, each on both sides: the shortest and longest international
 * numbers, URI schemes only where a number starts, a calling code the page's plans know, and the
 * like. Written against the mutants StrykerJS left alive (`npm run mutation`, docs/testing.md).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_REDUCER_OPTIONS,
  PresenceSync,
  canRun,
  initialState,
  normalizePhoneNumber,
  reduce,
  ruleApplies,
  type ConnectorEvent,
  type ConnectorState,
  type Effect,
  type PhoneMetadata,
  type ProviderCapabilities,
  type ReducerOptions,
} from '../../src/core/index.js';
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

/** Runs events through the reducer from `from`, collecting every effect. */
function run(events: readonly ConnectorEvent[], options: ReducerOptions = DEFAULT_REDUCER_OPTIONS, from: ConnectorState = initialState()) {
  const effects: Effect[] = [];
  let state = from;
  for (const event of events) {
    const step = reduce(state, event, options);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects };
}
const pops = (effects: readonly Effect[]) => effects.filter((effect) => effect.type === 'pop-caller').length;

describe('reducer at its limits', () => {
  it('pops on answer only for an inbound call that really became connected, and only when configured', () => {
    const answer = { ...DEFAULT_REDUCER_OPTIONS, popOn: 'answer' as const };
    const inbound = run([{ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' }], answer);
    const connected = run([{ type: 'connected', callId: 'c1', at: 2 }], answer, inbound.state);
    assert.equal(pops(connected.effects), 1);
    assert.equal(pops(run([{ type: 'connected', callId: 'c1', at: 3 }], answer, connected.state).effects), 0, 'a repeated connected pops nothing more');
    const dialing = run([{ type: 'dialing', callId: 'o1', at: 1, to: '+14155550142' }], answer);
    assert.equal(pops(run([{ type: 'connected', callId: 'o1', at: 2 }], answer, dialing.state).effects), 0, 'an outbound call (popped as it was dialled) is not popped on answer');
    const onRing = run([{ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' }, { type: 'connected', callId: 'c1', at: 2 }]);
    assert.equal(pops(onRing.effects), 1, 'popped on ringing: not again on answer');
  });

  it('an unchanged health or presence is the same state; a changed message is not', () => {
    const ready = run([{ type: 'provider-state', at: 1, health: 'ready' }]).state;
    assert.equal(ready.health, 'ready');
    assert.equal(reduce(ready, { type: 'provider-state', at: 1, health: 'ready' }).state, ready);
    assert.equal(reduce(ready, { type: 'provider-state', at: 2, health: 'ready', message: 'slow' }).state.healthMessage, 'slow');
    const busy = run([{ type: 'presence-changed', at: 1, status: 'busy' }]).state;
    assert.equal(busy.agentStatus, 'busy');
    assert.equal(reduce(busy, { type: 'presence-changed', at: 2, status: 'busy' }).state, busy);
  });

  it('a repeated ringing changes nothing; early events of the new call are applied even when other calls have some', () => {
    const ringing = run([{ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' }]).state;
    assert.equal(reduce(ringing, { type: 'ringing', callId: 'c1', at: 2, from: '+14155550142' }).state, ringing);
    const early = run([
      { type: 'connected', callId: 'c2', at: 1 },
      { type: 'connected', callId: 'c3', at: 1 },
      { type: 'ringing', callId: 'c2', at: 0, from: '+14155550143' },
    ]).state;
    assert.equal(early.calls.c2?.phase, 'connected', 'its own early connect applied');
    assert.deepEqual(early.early?.map((event) => event.callId), ['c3'], 'the other call\'s kept');
    const monitored = run([
      { type: 'ended', callId: 'm1', at: 5, reason: 'hangup-remote' },
      { type: 'monitoring', callId: 'm1', at: 1, teamCallId: 't1', mode: 'listen' },
    ]).state;
    assert.equal(monitored.calls.m1?.phase ?? monitored.recent[0]?.id, 'm1', 'a monitoring leg catches up too');
    assert.notEqual(monitored.calls.m1?.phase, 'connected');
  });

  it('a wrap-up disposition is trimmed, and a blank one is none', () => {
    const base = [{ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' }, { type: 'connected', callId: 'c1', at: 2 }, { type: 'ended', callId: 'c1', at: 3, reason: 'hangup-remote' }] as const;
    const trimmed = run([...base, { type: 'wrap-up-saved', callId: 'c1', at: 4, disposition: '  Resolved ', notes: ' n ' }]).state;
    const call = trimmed.calls.c1;
    assert.deepEqual(call?.wrapUp, { disposition: 'Resolved', notes: 'n' });
    const blank = run([...base, { type: 'wrap-up-saved', callId: 'c1', at: 4, disposition: '   ', notes: '' }]).state;
    assert.equal(blank.calls.c1?.wrapUp?.disposition, undefined);
  });

  it('an answer for a save that is not the one in flight changes nothing', () => {
    const ended = run([{ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' }, { type: 'ended', callId: 'c1', at: 2, reason: 'missed' }]).state;
    assert.equal(ended.calls.c1?.log.inFlight, 1);
    assert.equal(reduce(ended, { type: 'call-log-failed', callId: 'c1', at: 3, revision: 2, message: 'HTTP 503' }).state, ended);
    assert.equal(reduce(ended, { type: 'call-logged', callId: 'c1', at: 3, revision: 2, recordId: '00T1' }).state, ended);
    const failed = reduce(ended, { type: 'call-log-failed', callId: 'c1', at: 3, revision: 1, message: 'HTTP 503' }).state;
    assert.equal(failed.calls.c1?.log.error, 'HTTP 503');
  });

  it('the launcher label follows the most urgent call', () => {
    const label = (events: readonly ConnectorEvent[]) => run(events).state.label;
    assert.equal(label([]), 'Phone');
    assert.equal(label([{ type: 'dialing', callId: 'o1', at: 1, to: '+14155550142' }]), 'Calling…');
    assert.equal(label([{ type: 'dialing', callId: 'o1', at: 1, to: '+14155550142' }, { type: 'ringing', callId: 'c1', at: 2, from: '+14155550142' }]), 'Incoming call');
    assert.equal(label([{ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' }, { type: 'connected', callId: 'c1', at: 2 }, { type: 'held', callId: 'c1', at: 3 }]), 'On hold');
    assert.equal(label([{ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' }, { type: 'connected', callId: 'c1', at: 2 }, { type: 'ended', callId: 'c1', at: 3, reason: 'hangup-remote' }]), 'Wrap-up');
  });
});

describe('restore at its limits', () => {
  it('a stored call without a number at all is kept out, not a crash', () => {
    const call = { id: 'c1', direction: 'inbound', phase: 'connected', startedAt: 1, held: false, muted: false, log: { revision: 0, savedRevision: 0 } } as never;
    const { state } = reduce(initialState(), { type: 'calls-restored', at: 2, calls: [call] });
    assert.deepEqual(state.order, []);
  });
});
