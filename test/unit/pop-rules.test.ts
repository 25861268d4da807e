import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineConfig } from '../../src/config/index.js';
import { ConfigError, fillTemplate, reduce, initialState, ruleApplies, validatePopRules, DEFAULT_REDUCER_OPTIONS, type PopRequest, type PopRule } from '../../src/core/index.js';
import { OpenCtiBridge, type OpenCtiApi } from '../../src/salesforce/index.js';
import { simulator } from '../../src/providers/simulator/config.js';

const CALL: PopRequest = {
  callId: 'C1',
  direction: 'inbound',
  number: '+14155550142',
  queue: 'Support',
  dialled: '+1 800 555 0199',
  data: { caseNumber: '00001002', accountNumber: 'ACME-0042', recordId: '500000000000002AAA', 'ivr-choice': '2' },
};

/** Which field a ConfigError names, for `fn`. */
function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.field;
  }
  assert.fail('expected a ConfigError');
}

describe('screen-pop rules: validation at load time', () => {
  const rule = (pop: Record<string, unknown>, extra: Record<string, unknown> = {}) => [{ name: 'r1', pop, ...extra }];

  it('accepts every action and normalises single conditions into lists', () => {
    const rules = validatePopRules([
      { name: 'ivr-case', when: { direction: 'inbound', data: { caseNumber: true } }, pop: { kind: 'search', value: '{data.caseNumber}', objects: { Case: 'CaseNumber' } } },
      { name: 'by-id', pop: { kind: 'record', idFrom: 'recordId', object: 'Case' } },
      { name: 'billing', when: { queue: 'Billing' }, pop: { kind: 'flow', flowDevName: 'Billing_Intake' } },
      { name: 'orders', when: { dialled: '+18005550199' }, pop: { kind: 'url', url: 'https://orders.example.com/find?o={data.order}' } },
      { name: 'sales', pop: { kind: 'new-record', object: 'Lead', fields: { Company: '{data.company}', Phone: '{number}' } } },
    ]);
    assert.equal(rules.length, 5);
    assert.deepEqual(rules[2]?.when, { queue: ['Billing'] });
    assert.deepEqual(rules[3]?.when, { dialled: ['+18005550199'] });
  });

  it('names the rule and the field that is wrong', () => {
    assert.equal(fieldOf(() => validatePopRules(rule({ kind: 'search', value: '{data.x}', objects: { 'Not An Object': 'Name' } }))), 'screenPop.rules["r1"].pop.objects.Not An Object');
    assert.equal(fieldOf(() => validatePopRules(rule({ kind: 'search', value: '{caseNumber}', objects: { Case: 'CaseNumber' } }))), 'screenPop.rules["r1"].pop.value');
    assert.equal(fieldOf(() => validatePopRules(rule({ kind: 'search', value: '{data.x}', objects: {} }))), 'screenPop.rules["r1"].pop.objects');
    assert.equal(fieldOf(() => validatePopRules(rule({ kind: 'teleport' }))), 'screenPop.rules["r1"].pop.kind');
    assert.equal(fieldOf(() => validatePopRules(rule({ kind: 'record', object: 'Case' }))), 'screenPop.rules["r1"].pop.idFrom');
    assert.equal(fieldOf(() => validatePopRules(rule({ kind: 'flow', flowDevName: 'Intake', inputs: { '1bad': '{data.x}' } }))), 'screenPop.rules["r1"].pop.inputs.1bad');
    assert.equal(fieldOf(() => validatePopRules(rule({ kind: 'url', url: 'javascript:alert({data.x})' }))), 'screenPop.rules["r1"].pop.url');
    assert.equal(fieldOf(() => validatePopRules(rule({ kind: 'url', url: '//evil.example.com/{data.x}' }))), 'screenPop.rules["r1"].pop.url');
    assert.equal(fieldOf(() => validatePopRules(rule({ kind: 'new-record', object: 'Lead', fields: {} }))), 'screenPop.rules["r1"].pop.fields');
    assert.equal(fieldOf(() => validatePopRules(rule({ kind: 'url', url: '/x' }, { when: { direction: 'sideways' } }))), 'screenPop.rules["r1"].when.direction');
    assert.equal(fieldOf(() => validatePopRules(rule({ kind: 'url', url: '/x' }, { when: { dialled: ['12'] } }))), 'screenPop.rules["r1"].when.dialled[0]');
    assert.equal(fieldOf(() => validatePopRules(rule({ kind: 'url', url: '/x' }, { when: { data: { x: '' } } }))), 'screenPop.rules["r1"].when.data.x');
    assert.equal(fieldOf(() => validatePopRules(rule({ kind: 'url', url: '/x' }, { when: { shift: 'night' } }))), 'screenPop.rules["r1"].when.shift');
    assert.equal(fieldOf(() => validatePopRules([{ pop: { kind: 'url', url: '/x' } }])), 'screenPop.rules[0].name');
    assert.equal(fieldOf(() => validatePopRules([{ name: 'a', pop: { kind: 'url', url: '/x' } }, { name: 'a', pop: { kind: 'url', url: '/y' } }])), 'screenPop.rules["a"].name');
    assert.equal(fieldOf(() => validatePopRules({ name: 'a' })), 'screenPop.rules');
  });

  it('is part of defineConfig: a bad rule stops the config load', () => {
    const provider = simulator();
    const config = defineConfig({ provider, screenPop: { rules: [{ name: 'ivr-case', pop: { kind: 'search', value: '{data.caseNumber}', objects: { Case: 'CaseNumber' } } }] } });
    assert.equal(config.screenPop.rules?.[0]?.name, 'ivr-case');
    assert.equal(defineConfig({ provider }).screenPop.rules, undefined);
    assert.equal(
      fieldOf(() => defineConfig({ provider, screenPop: { rules: [{ name: 'x', pop: { kind: 'record', idFrom: 'id', object: 'bad name' } }] } } as never)),
      'screenPop.rules["x"].pop.object',
    );
  });
});

describe('screen-pop rules: matching and templates', () => {
  const base: PopRule = { name: 'r', pop: { kind: 'url', url: '/x' } };
  it('matches direction, queue, dialled number in any format and call data', () => {
    assert.equal(ruleApplies(base, CALL), true);
    assert.equal(ruleApplies({ ...base, when: { direction: 'outbound' } }, CALL), false);
    assert.equal(ruleApplies({ ...base, when: { queue: ['support', 'Billing'] } }, CALL), true);
    assert.equal(ruleApplies({ ...base, when: { queue: ['Billing'] } }, CALL), false);
    assert.equal(ruleApplies({ ...base, when: { dialled: ['(800) 555-0199'] } }, CALL), true);
    assert.equal(ruleApplies({ ...base, when: { dialled: ['+18005550100'] } }, CALL), false);
    assert.equal(ruleApplies({ ...base, when: { data: { caseNumber: true, 'ivr-choice': '2' } } }, CALL), true);
    assert.equal(ruleApplies({ ...base, when: { data: { 'ivr-choice': '3' } } }, CALL), false);
    assert.equal(ruleApplies({ ...base, when: { data: { orderId: true } } }, CALL), false);
    assert.equal(ruleApplies({ ...base, when: { dialled: ['+18005550199'] } }, { ...CALL, dialled: undefined }), false);
  });

  it('fills templates from the call, and gives nothing when a value is missing', () => {
    assert.equal(fillTemplate('{data.caseNumber} via {queue} on {dialled} from {number}', CALL), '00001002 via Support on +1 800 555 0199 from +14155550142');
    assert.equal(fillTemplate('/apex/Find?q={data.accountNumber}&n={number}', CALL, encodeURIComponent), '/apex/Find?q=ACME-0042&n=%2B14155550142');
    assert.equal(fillTemplate('{data.orderId}', CALL), undefined);
  });
});

type Answer = (params: Record<string, unknown>) => { success: boolean; returnValue: unknown };

/** A fake `sforce.opencti` that records calls and answers per method. */
function fakeApi(answers: Record<string, Answer>) {
  const calls: Array<{ method: string; params: Record<string, unknown> }> = [];
  const api = new Proxy(
    { CALL_TYPE: { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' } } as Record<string, unknown>,
    {
      get: (target, key: string) => key in target ? target[key] : (params: Record<string, unknown>) => {
        const { callback, ...rest } = params;
        calls.push({ method: key, params: rest });
        const answer = answers[key]?.(rest) ?? { success: true, returnValue: null };
        setTimeout(() => (callback as (response: unknown) => void)({ ...answer, errors: answer.success ? null : [{ code: 'INVALID_PARAM', description: 'no such record' }] }));
      },
    },
  ) as unknown as OpenCtiApi;
  return { api, calls };
}

const CASE_MATCH = { '500000000000002AAA': { Id: '500000000000002AAA', Name: '00001002', RecordType: 'Case', CaseNumber: '00001002' } };
const ok = (returnValue: unknown): Answer => () => ({ success: true, returnValue });

describe('screen-pop rules over Open CTI', () => {
  const rules = validatePopRules([
    { name: 'ivr-case', when: { data: { caseNumber: true } }, pop: { kind: 'search', value: '{data.caseNumber}', objects: { Case: 'CaseNumber' } } },
    { name: 'billing', when: { queue: 'Billing' }, pop: { kind: 'flow', flowDevName: 'Billing_Intake' } },
  ]);

  it('an IVR case number pops that Case (deferred search, then sobject) and the call log relates it as WhatId', async () => {
    const { api, calls } = fakeApi({ searchAndScreenPop: ok(CASE_MATCH) });
    const bridge = new OpenCtiBridge(api, { popRules: { rules } });
    const result = await bridge.popCaller(CALL);
    assert.deepEqual(calls.map((call) => call.method), ['searchAndScreenPop', 'screenPop']);
    assert.deepEqual(calls[0]?.params, { searchParams: '00001002', callType: 'inbound', deferred: true });
    assert.deepEqual(calls[1]?.params, { type: 'sobject', params: { recordId: '500000000000002AAA' } });
    assert.deepEqual(result, { kind: 'one', record: { id: '500000000000002AAA', objectType: 'Case', name: '00001002' } });
    // The reducer relates the popped Case to the call: it becomes the Task's WhatId.
    let state = reduce(initialState(), { type: 'ringing', callId: 'C1', at: 1, from: '+14155550142', data: CALL.data }, DEFAULT_REDUCER_OPTIONS).state;
    state = reduce(state, { type: 'caller-popped', callId: 'C1', at: 2, result }, DEFAULT_REDUCER_OPTIONS).state;
    assert.equal(state.calls.C1?.what?.id, '500000000000002AAA');
  });

  it('a match whose field differs from the value does not count, and the next rule or the phone search runs', async () => {
    const other = { '500000000000009AAA': { Id: '500000000000009AAA', Name: '00009999', RecordType: 'Case', CaseNumber: '00009999' } };
    const { api, calls } = fakeApi({ searchAndScreenPop: (params) => ({ success: true, returnValue: params.deferred === true && params.searchParams === '00001002' ? other : {} }) });
    const bridge = new OpenCtiBridge(api, { popRules: { rules } });
    const result = await bridge.popCaller(CALL);
    assert.deepEqual(calls.map((call) => [call.method, call.params.searchParams]), [['searchAndScreenPop', '00001002'], ['searchAndScreenPop', '+14155550142']]);
    // With rules configured the phone search is deferred too, then popped by the bridge's rules.
    assert.equal(calls[1]?.params.deferred, true);
    assert.deepEqual(result, { kind: 'none' });
  });

  it('a flow rule pops the flow with call data as String inputs; no rule matches → the phone search', async () => {
    const { api, calls } = fakeApi({});
    const bridge = new OpenCtiBridge(api, { popRules: { rules } });
    await bridge.popCaller({ ...CALL, queue: 'billing', data: { orderId: 'O-17', 'ivr-choice': '2' } });
    assert.deepEqual(calls.map((call) => call.method), ['screenPop']);
    assert.deepEqual(calls[0]?.params, { type: 'flow', params: { flowDevName: 'Billing_Intake', flowArgs: [{ name: 'orderId', type: 'String', value: 'O-17' }] } });
    calls.length = 0;
    await bridge.popCaller({ ...CALL, queue: 'Sales', data: {} });
    assert.deepEqual(calls.map((call) => [call.method, call.params.searchParams, call.params.deferred]), [['searchAndScreenPop', '+14155550142', true]]);
  });

  it('record, URL and new-record rules; a record Salesforce refuses passes to the next rule', async () => {
    const more = validatePopRules([
      { name: 'by-id', pop: { kind: 'record', idFrom: 'recordId', object: 'Case' } },
      { name: 'orders', when: { dialled: '8005550199' }, pop: { kind: 'url', url: '/apex/Orders?account={data.accountNumber}&from={number}' } },
      { name: 'new', pop: { kind: 'new-record', object: 'Lead', fields: { Company: '{data.accountNumber}' } } },
    ]);
    const { api, calls } = fakeApi({ screenPop: (params) => ({ success: params.type !== 'sobject', returnValue: null }) });
    const bridge = new OpenCtiBridge(api, { popRules: { rules: more } });
    assert.deepEqual(await bridge.popCaller(CALL), { kind: 'none' });
    assert.deepEqual(calls.map((call) => call.params.type), ['sobject', 'url']);
    assert.deepEqual(calls[1]?.params.params, { url: '/apex/Orders?account=ACME-0042&from=%2B14155550142' });
    calls.length = 0;
    await bridge.popCaller({ ...CALL, dialled: undefined, data: { accountNumber: 'ACME-7' } });
    assert.deepEqual(calls[0]?.params, { type: 'newRecord', params: { entityName: 'Lead' }, defaultFieldValues: { Company: 'ACME-7' } });
  });
});
