/** The runtime honours a config's call-log rules (reducer) and screen-pop rules (Open CTI bridge). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_REDUCER_OPTIONS, initialState, reduce, relationOf, type ConnectorEvent, type Effect, type ReducerOptions, type RecordRef } from '../../src/core/index.js';
import { phoneMetadataFor } from '../../src/config/phone-metadata.js';
import { OpenCtiBridge, decidePop, ivrFieldValues, type OpenCtiApi, type PopRules, type SearchAndScreenPopResult } from '../../src/salesforce/index.js';

const T0 = Date.UTC(2026, 10, 24, 15, 0, 0);
const MARIA: RecordRef = { id: '003A', objectType: 'Contact', name: 'Maria Chen' };
const ACME: RecordRef = { id: '001A', objectType: 'Account', name: 'Acme' };
const CASE: RecordRef = { id: '500A', objectType: 'Case' };
/** The defaults with the US numbering plan, as a US softphone page configures its reducer. */
const US_OPTIONS: ReducerOptions = { ...DEFAULT_REDUCER_OPTIONS, phoneMetadata: phoneMetadataFor(['US']) };

function logOf(events: ConnectorEvent[], options: ReducerOptions) {
  let state = initialState();
  const effects: Effect[] = [];
  for (const event of events) {
    const transition = reduce(state, event, options);
    state = transition.state;
    effects.push(...transition.effects);
  }
  const saved = effects.filter((effect): effect is Extract<Effect, { type: 'save-call-log' }> => effect.type === 'save-call-log');
  assert.equal(saved.length, 1);
  return saved[0]!.log;
}

const call = (records: RecordRef[]): ConnectorEvent[] => [
  { type: 'ringing', callId: 'c1', at: T0, from: '(415) 555-0142', displayName: 'Maria Chen' },
  { type: 'connected', callId: 'c1', at: T0 + 1000 },
  ...records.map((record, index): ConnectorEvent => ({ type: 'navigated', at: T0 + 2000 + index, record })),
  { type: 'ended', callId: 'c1', at: T0 + 61_000, reason: 'hangup-remote' },
];

describe('call-log rules', () => {
  it('fills the subject template', () => {
    const log = logOf(call([]), { ...US_OPTIONS, logging: { subject: '{direction} {outcome}: {name} ({number}) {unknown}' } });
    assert.equal(log.subject, 'Inbound Completed: Maria Chen (+1 415 555 0142) {unknown}');
  });

  it('keeps the built-in subject without a template', () => {
    assert.match(logOf(call([]), US_OPTIONS).subject, /^Inbound call from Maria Chen/);
  });

  it('relates only the configured who and what objects', () => {
    const rules = { whoObjects: ['Lead'], whatObjects: ['Case'] };
    assert.equal(relationOf(MARIA, rules), undefined);
    assert.equal(relationOf(ACME, rules), undefined);
    assert.equal(relationOf(CASE, rules), 'what');
    assert.equal(relationOf({ id: '00Q', objectType: 'Lead' }, rules), 'who');
    const log = logOf(call([MARIA, ACME, CASE]), { ...US_OPTIONS, logging: rules });
    assert.equal(log.whoId, undefined);
    assert.equal(log.whatId, CASE.id);
    const builtIn = logOf(call([MARIA, ACME]), US_OPTIONS);
    assert.deepEqual([builtIn.whoId, builtIn.whatId], [MARIA.id, ACME.id]);
  });
});

describe('screen-pop rules', () => {
  const layoutPop = { type: 'search', params: { searchString: '+14155550142' } } as const;
  const result = (records: RecordRef[]): SearchAndScreenPopResult =>
    ({ ...Object.fromEntries(records.map((record) => [record.id, { Id: record.id, RecordType: record.objectType }])), SCREEN_POP_DATA: layoutPop }) as unknown as SearchAndScreenPopResult;
  const decide = (records: RecordRef[], rules: PopRules) => decidePop(records, result(records), rules, { Phone: '+14155550142' });

  it('one match pops the record', () => {
    assert.deepEqual(decide([MARIA], {}).pop, { type: 'sobject', params: { recordId: MARIA.id } });
  });

  it('several matches: the layout\'s choice, the first by object preference, or nothing', () => {
    assert.deepEqual(decide([MARIA, ACME], {}).pop, layoutPop);
    assert.deepEqual(decide([MARIA, ACME], { onManyMatches: 'first', objects: ['Account', 'Contact'] }).pop, { type: 'sobject', params: { recordId: ACME.id } });
    assert.equal(decide([MARIA, ACME], { onManyMatches: 'nothing' }).pop, undefined);
    assert.equal(decide([MARIA, ACME], { onManyMatches: 'nothing' }).result.kind, 'many');
  });

  it('objects filters matches: one left is popped, none left pops nothing', () => {
    assert.deepEqual(decide([MARIA, CASE], { objects: ['Case'] }).pop, { type: 'sobject', params: { recordId: CASE.id } });
    assert.deepEqual(decide([ACME], { objects: ['Contact'] }), { result: { kind: 'none' } });
  });

  it('no match: the layout\'s choice, a new-record form with the prefill, or nothing', () => {
    assert.deepEqual(decide([], {}).pop, layoutPop);
    assert.deepEqual(decide([], { onNoMatch: 'new-record', newRecordObject: 'Lead' }).pop, { type: 'newRecord', params: { entityName: 'Lead' }, defaultFieldValues: { Phone: '+14155550142' } });
    assert.equal(decide([], { onNoMatch: 'nothing' }).pop, undefined);
  });

  it('maps IVR data to fields', () => {
    assert.deepEqual(ivrFieldValues({ accountNumber: 'A-42', empty: '', other: 'x' }, { accountNumber: 'AccountNumber', empty: 'Description', missing: 'Title' }), { AccountNumber: 'A-42' });
  });

  it('the bridge searches deferred and then pops as decided', async () => {
    const calls: { method: string; params: Record<string, unknown> }[] = [];
    const api = new Proxy({ CALL_TYPE: { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' } } as Record<string, unknown>, {
      get: (target, key: string) => (key in target ? target[key] : (params: Record<string, unknown>) => {
        calls.push({ method: key, params });
        const returnValue = key === 'searchAndScreenPop' ? {} : null;
        setTimeout(() => (params.callback as (response: unknown) => void)({ success: true, returnValue, errors: null }));
      }),
    }) as unknown as OpenCtiApi;
    const bridge = new OpenCtiBridge(api, { popRules: { onNoMatch: 'new-record', newRecordObject: 'Lead', ivrFields: { accountNumber: 'Company' } } });
    const popped = await bridge.popCaller({ callId: 'c', direction: 'inbound', number: '+14155550142', displayName: 'Maria Chen', data: { accountNumber: 'Acme' } });
    assert.deepEqual(popped, { kind: 'none' });
    assert.deepEqual(calls.map((item) => item.method), ['searchAndScreenPop', 'screenPop']);
    assert.equal(calls[0]?.params.deferred, true);
    assert.deepEqual(calls[1]?.params.defaultFieldValues, { Phone: '+14155550142', FirstName: 'Maria', LastName: 'Chen', Company: 'Acme' });
    assert.deepEqual(calls[1]?.params.params, { entityName: 'Lead' });
  });
});
