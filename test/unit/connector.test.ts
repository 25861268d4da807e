import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Connector,
  TimelineRecorder,
  ProviderError,
  normalizePhoneNumber,
  type AgentStatus,
  type PhoneMetadata,
  type CallEvent,
  type CallId,
  type ProviderContext,
  type ProviderHealth,
  type TelephonyProvider,
} from '../../src/core/index.js';
import { getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import examples from 'libphonenumber-js/mobile/examples';
import { FULL_PHONE_METADATA, phoneMetadataFor } from '../../src/config/phone-metadata.js';
import { FakeBridge } from '../../src/testing/index.js';

/** A provider driven by the test: `far.*` plays the telephony system. */
class ScriptedProvider implements TelephonyProvider {
  readonly id = 'scripted';
  readonly capabilities = {
    outbound: true, hold: true, mute: true, dtmf: true, transfer: { blind: false, consult: false }, conference: false, recording: false, presence: false,
  };
  health: ProviderHealth = 'disconnected';
  ctx?: ProviderContext;
  readonly commands: string[] = [];
  private next = 1;
  async connect(ctx: ProviderContext): Promise<void> {
    this.ctx = ctx;
    this.health = 'ready';
    ctx.emit({ type: 'provider-state', at: ctx.now(), health: 'ready' });
  }
  async disconnect(): Promise<void> {
    this.health = 'disconnected';
  }
  emit(event: CallEvent): void {
    this.ctx?.emit(event);
  }
  private record(name: string, callId: CallId, then?: CallEvent['type']): Promise<void> {
    this.commands.push(`${name} ${callId}`);
    if (then === 'connected' || then === 'held' || then === 'resumed' || then === 'muted' || then === 'unmuted') {
      this.emit({ type: then, callId, at: this.ctx!.now() });
    }
    return Promise.resolve();
  }
  answer(callId: CallId) { return this.record('answer', callId, 'connected'); }
  decline(callId: CallId) {
    this.emit({ type: 'ended', callId, at: this.ctx!.now(), reason: 'rejected' });
    return this.record('decline', callId);
  }
  hangup(callId: CallId) {
    this.emit({ type: 'ended', callId, at: this.ctx!.now(), reason: 'hangup-local' });
    return this.record('hangup', callId);
  }
  hold(callId: CallId) { return this.record('hold', callId, 'held'); }
  resume(callId: CallId) { return this.record('resume', callId, 'resumed'); }
  mute(callId: CallId) { return this.record('mute', callId, 'muted'); }
  unmute(callId: CallId) { return this.record('unmute', callId, 'unmuted'); }
  sendDtmf(callId: CallId, digits: string) { return this.record(`dtmf ${digits}`, callId); }
  async dial(to: string): Promise<CallId> {
    const callId = `out-${this.next++}`;
    this.emit({ type: 'dialing', callId, at: this.ctx!.now(), to });
    return callId;
  }
  async transfer(): Promise<void> {
    throw new ProviderError('unsupported', 'no transfer');
  }
  async setPresence(_status: AgentStatus): Promise<void> {
    throw new ProviderError('unsupported', 'no presence');
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('Connector runtime', () => {
  it('runs a call end to end: pop, log once, update with wrap-up', async () => {
    let clock = 1_000_000;
    const provider = new ScriptedProvider();
    const maria = { id: '003A', objectType: 'Contact', name: 'Maria Chen' };
    const bridge = new FakeBridge({ '+14155550142': { kind: 'one', record: maria } });
    const connector = new Connector({ provider, bridge, now: () => clock, reducer: { phoneMetadata: phoneMetadataFor(['US']) } });
    await connector.start();
    assert.equal(bridge.readyCalls, 1);
    assert.equal(connector.getState().health, 'ready');

    provider.emit({ type: 'ringing', callId: 'c1', at: clock, from: '415-555-0142' });
    await settle();
    assert.equal(bridge.pops.length, 1);
    assert.equal(connector.getState().calls.c1?.who?.id, '003A');
    await connector.execute({ type: 'answer', callId: 'c1' });
    clock += 30_000;
    await connector.execute({ type: 'hangup', callId: 'c1' });
    await settle();
    const [created] = bridge.logsOf('c1');
    assert.equal(created?.log.durationSeconds, 30);
    assert.equal(created?.log.whoId, '003A');
    connector.saveWrapUp('c1', { disposition: 'Resolved', notes: 'done' });
    await settle();
    assert.equal(bridge.logsOf('c1').length, 1);
    assert.equal(bridge.logsOf('c1')[0]?.writes, 2);
    assert.equal(bridge.logsOf('c1')[0]?.log.notes, 'done');
    assert.equal(connector.getState().calls.c1, undefined);
    assert.deepEqual(bridge.labels, ['Incoming call', 'On call', 'Wrap-up', 'Phone']);
    await connector.stop();
  });

  it('retries a failed log save with back-off until it is saved, exactly once', async () => {
    const provider = new ScriptedProvider();
    const bridge = new FakeBridge();
    bridge.failNextSaves = 3;
    const connector = new Connector({ provider, bridge, logRetry: { baseMs: 5, maxMs: 20 }, onError: () => undefined });
    await connector.start();
    provider.emit({ type: 'ringing', callId: 'c2', at: Date.now(), from: '+14155550100' });
    provider.emit({ type: 'ended', callId: 'c2', at: Date.now(), reason: 'hangup-remote' });
    await settle();
    assert.ok(connector.getState().calls.c2?.log.error, 'the failure is visible in the state');
    for (let i = 0; i < 100 && bridge.logsOf('c2').length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await settle();
    assert.equal(bridge.logsOf('c2').length, 1);
    assert.equal(bridge.logsOf('c2')[0]?.log.disposition, 'Missed');
    assert.equal(connector.getState().calls.c2, undefined);
    await connector.stop();
  });

  it('click-to-dial places the call with the clicked record as WhoId; presence falls back to local', async () => {
    const provider = new ScriptedProvider();
    const bridge = new FakeBridge();
    const connector = new Connector({ provider, bridge });
    await connector.start();
    bridge.click({ number: '+1 212 555 0188', record: { id: '003T', objectType: 'Contact', name: 'Tom Becker' } });
    await settle();
    const call = Object.values(connector.getState().calls)[0];
    assert.equal(call?.direction, 'outbound');
    assert.equal(call?.who?.id, '003T');
    assert.equal(bridge.pops.length, 0);
    await connector.execute({ type: 'set-presence', status: 'busy' });
    assert.equal(connector.getState().agentStatus, 'busy');
    await connector.stop();
  });
});

describe('phone numbers', () => {
  it('normalizes common formats to E.164 and keeps junk as text', () => {
    for (const raw of ['(415) 555-0142', '+1 415-555-0142', '4155550142', '415.555.0142', 'tel:+1-415-555-0142', 'sip:+14155550142@pbx.example;user=phone']) {
      assert.equal(normalizePhoneNumber(raw, 'US', FULL_PHONE_METADATA).e164, '+14155550142', raw);
    }
    assert.equal(normalizePhoneNumber('020 7946 0958', 'GB', FULL_PHONE_METADATA).e164, '+442079460958');
    assert.equal(normalizePhoneNumber('+44 20 7946 0958', 'US', FULL_PHONE_METADATA).display, '+44 20 7946 0958');
    const junk = normalizePhoneNumber('<script>alert(1)</script>', 'US', FULL_PHONE_METADATA);
    assert.equal(junk.e164, undefined);
    assert.equal(junk.display, '<script>alert(1)</script>');
    assert.equal(normalizePhoneNumber('anonymous', 'US', FULL_PHONE_METADATA).e164, undefined);
  });

  it('normalizes the same with the numbering plans of the configured regions only', () => {
    const us = phoneMetadataFor(['US']);
    for (const raw of ['(415) 555-0142', '+1 415-555-0142', '4155550142', 'sip:+14155550142@pbx.example;user=phone']) {
      assert.deepEqual(normalizePhoneNumber(raw, 'US', us), normalizePhoneNumber(raw, 'US', FULL_PHONE_METADATA), raw);
    }
    assert.equal(normalizePhoneNumber('+1 415-555-0142', 'US', us).display, '+1 415 555 0142');
    assert.equal(normalizePhoneNumber('020 7946 0958', 'GB', phoneMetadataFor(['GB'])).e164, '+442079460958');
    // A number the known plan rejects stays unparsed, as with every plan.
    assert.equal(normalizePhoneNumber('+1 415 555 014', 'US', us).e164, undefined);
  });

  it('without a country\'s plan, takes international numbers of 8 to 15 digits as written', () => {
    const us = phoneMetadataFor(['US']);
    for (const metadata of [undefined, us]) {
      const uk = normalizePhoneNumber(' +44 (20) 7946-0958 ', 'US', metadata);
      assert.deepEqual(uk, { raw: '+44 (20) 7946-0958', e164: '+442079460958', display: '+44 (20) 7946-0958' });
      assert.equal(normalizePhoneNumber('tel:+44.20.7946.0958', 'US', metadata).e164, '+442079460958');
      assert.equal(normalizePhoneNumber('+44 1234', 'US', metadata).e164, undefined, 'too short');
      assert.equal(normalizePhoneNumber('+44 2079 4609 5812 345', 'US', metadata).e164, undefined, 'too long');
      assert.equal(normalizePhoneNumber('020 7946 0958', 'GB', metadata).e164, undefined, 'national numbers need their plan');
      assert.equal(normalizePhoneNumber('+44 20 7946 0958 ext. 12', 'US', metadata).e164, undefined, 'only digits and separators');
      assert.equal(normalizePhoneNumber('<script>alert(1)</script>', 'US', metadata).e164, undefined);
    }
    assert.equal(normalizePhoneNumber('+1 415 555 0142').e164, '+14155550142');
    assert.equal(normalizePhoneNumber('(415) 555-0142').e164, undefined);
  });

  it('reads E.164 numbers (the quick way) exactly as the full parse does, for every country', () => {
    const fullParse = (e164: string, metadata: PhoneMetadata) => {
      const parsed = parsePhoneNumberFromString(e164, metadata);
      return parsed?.isPossible() ? { raw: e164, e164: parsed.number, display: parsed.formatInternational() } : undefined;
    };
    const countries = Object.keys(examples) as Array<keyof typeof examples>;
    assert.ok(countries.length > 200, `${countries.length} countries`);
    for (const country of countries) {
      const e164 = `+${getCountryCallingCode(country, FULL_PHONE_METADATA)}${examples[country]}`;
      const expected = fullParse(e164, FULL_PHONE_METADATA);
      if (expected) assert.deepEqual(normalizePhoneNumber(e164, 'US', FULL_PHONE_METADATA), expected, `${country} ${e164}`);
      const own = phoneMetadataFor([country]);
      const expectedOwn = fullParse(e164, own);
      if (expectedOwn) assert.deepEqual(normalizePhoneNumber(e164, country, own), expectedOwn, `${country} ${e164} with its own plan`);
    }
    // A national prefix kept after the calling code is not possible as written: the full parse drops it.
    assert.equal(normalizePhoneNumber('+4402079460958', 'US', FULL_PHONE_METADATA).e164, fullParse('+4402079460958', FULL_PHONE_METADATA)?.e164);
  });

  it('parses international numbers when the default region has no plan, and never throws', () => {
    const gb = phoneMetadataFor(['GB']);
    assert.equal(normalizePhoneNumber('+44 20 7946 0958', 'US', gb).e164, '+442079460958');
    assert.equal(normalizePhoneNumber('+44 20 7946 0958', 'US', gb).display, '+44 20 7946 0958');
    assert.equal(normalizePhoneNumber('(415) 555-0142', 'US', gb).e164, undefined);
    assert.equal(normalizePhoneNumber('+1 415 555 0142', 'ZZ' as 'US', gb).e164, '+14155550142');
  });

  it('subsets the numbering plans, keeping the main country of a shared calling code', () => {
    const gb = phoneMetadataFor(['GB']);
    assert.equal(gb.version, FULL_PHONE_METADATA.version);
    assert.deepEqual(Object.keys(gb.countries), ['GB']);
    assert.deepEqual(gb.country_calling_codes, { 44: ['GB'] });
    assert.deepEqual(gb.nonGeographic, {});
    const ca = phoneMetadataFor(['CA']);
    assert.deepEqual(ca.country_calling_codes, { 1: ['US', 'CA'] });
    assert.equal(normalizePhoneNumber('(604) 555-0199', 'CA', ca).display, '+1 604 555 0199');
    assert.ok(JSON.stringify(phoneMetadataFor(['US', 'CA', 'GB'])).length < JSON.stringify(FULL_PHONE_METADATA).length / 10);
    assert.throws(() => phoneMetadataFor(['XX' as 'US']), /no numbering plan for region "XX"/);
  });
});

describe('Connector timeline', () => {
  it('notes each stage of a call in order, and of the start-up', async () => {
    const provider = new ScriptedProvider();
    const bridge = new FakeBridge({ '+14155550142': { kind: 'one', record: { id: '003A', objectType: 'Contact', name: 'Maria Chen' } } });
    const connector = new Connector({ provider, bridge, reducer: { phoneMetadata: phoneMetadataFor(['US']) } });
    await connector.start();
    assert.deepEqual(connector.timeline.startup().marks.map((mark) => mark.stage), ['connector-start', 'host-listening', 'provider-connected', 'host-ready']);

    provider.emit({ type: 'ringing', callId: 'c1', at: Date.now(), from: '415-555-0142' });
    await settle();
    await connector.execute({ type: 'decline', callId: 'c1' });
    await settle();
    const marks = connector.timeline.call('c1')?.marks ?? [];
    const stages = marks.map((mark) => mark.stage);
    const order = ['ringing', 'ringing:applied', 'pop-requested', 'caller-popped', 'caller-popped:applied', 'ended', 'log-requested', 'call-logged'];
    assert.deepEqual(stages.filter((stage) => order.includes(stage)), order);
    for (let index = 1; index < marks.length; index++) assert.ok(marks[index]!.at >= marks[index - 1]!.at, `${stages[index]} noted before ${stages[index - 1]}`);
    await connector.stop();
  });

  it('tells subscribers (the UI) of a ringing call before it asks the host for the pop', async () => {
    const provider = new ScriptedProvider();
    const bridge = new FakeBridge();
    const connector = new Connector({ provider, bridge });
    await connector.start();
    // Like Preact: a state change queues the render as a microtask.
    const rendered: number[] = [];
    connector.subscribe((state) => {
      if (state.calls.c1 && !state.calls.c1.pop) queueMicrotask(() => rendered.push(bridge.pops.length));
    });
    provider.emit({ type: 'ringing', callId: 'c1', at: Date.now(), from: '+14155550142' });
    await settle();
    assert.deepEqual(rendered, [0], 'the render ran before the pop was asked');
    assert.equal(bridge.pops.length, 1);
    await connector.stop();
  });

  it('keeps the timelines of the last calls only', () => {
    let clock = 0;
    const recorder = new TimelineRecorder(() => ++clock, 3);
    for (const id of ['a', 'b', 'c', 'd']) recorder.mark(id, 'ringing');
    for (let index = 0; index < 100; index++) recorder.mark('d', `stage ${index}`);
    assert.deepEqual(recorder.recentCalls().map((timeline) => timeline.id), ['d', 'c', 'b']);
    assert.equal(recorder.call('a'), undefined);
    assert.equal(recorder.call('d')?.marks.length, 64, 'marks of one call are capped');
    assert.deepEqual(recorder.call('b')?.marks, [{ stage: 'ringing', at: 2 }]);
  });

  it('tells its listeners of each start-up mark until they unsubscribe', () => {
    const recorder = new TimelineRecorder(() => 1);
    const heard: string[] = [];
    const unsubscribe = recorder.onStartupMark(() => heard.push(recorder.startup().marks.at(-1)?.stage ?? ''));
    recorder.markStartup('connector-start');
    recorder.mark('c1', 'ringing');
    recorder.markStartup('host-ready');
    unsubscribe();
    recorder.markStartup('later');
    assert.deepEqual(heard, ['connector-start', 'host-ready']);
  });
});
