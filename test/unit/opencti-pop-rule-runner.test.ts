// The bridge's pop rules run against Open CTI: a record id taken from the call's data (only a
// Salesforce id, 15 or 18 characters), a flow's inputs filled from templates, several matches under
// onMany "search", and which refusals let the next rule try (Salesforce's own) and which do not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PopRequest, PopRule } from '../../src/core/index.js';
import { OpenCtiError } from '../../src/salesforce/opencti/errors.js';
import { directPop, flowInputs, matchesFor, runPopRules } from '../../src/salesforce/opencti/pop-rule-runner.js';
import type { OpenCtiCallType, ScreenPopParams } from '../../src/salesforce/opencti/types.js';

const call = (data: Record<string, string> = {}): PopRequest => ({ callId: 'c1', direction: 'inbound', number: '+14155550142', data });
const record = { kind: 'record', idFrom: 'recordId', object: 'Case' } as const;
/** `sforce.opencti.CALL_TYPE.INBOUND`'s value. */
const INBOUND: OpenCtiCallType = 'inbound';

/** A client whose search answers `found` and whose screenPop throws `refuse(pop)` when given. */
function client(found: Record<string, unknown> = {}, refuse?: (pop: ScreenPopParams) => Error | undefined) {
  const pops: ScreenPopParams[] = [];
  const searches: string[] = [];
  const fake = {
    searchAndScreenPop: async (params: { searchParams: string }) => {
      searches.push(params.searchParams);
      return found;
    },
    screenPop: async (pop: ScreenPopParams) => {
      const error = refuse?.(pop);
      if (error) throw error;
      pops.push(pop);
      return null;
    },
  };
  return { client: fake as never, pops, searches };
}

describe('a record rule', () => {
  it('pops a 15- or 18-character Salesforce id from the call data, trimmed', () => {
    for (const id of ['500000000000001', '500000000000001AAA', ' 500000000000001AAA ']) {
      assert.deepEqual(directPop(record, call({ recordId: id })), {
        pop: { type: 'sobject', params: { recordId: id.trim() } },
        result: { kind: 'one', record: { id: id.trim(), objectType: 'Case' } },
      }, JSON.stringify(id));
    }
  });

  it('pops nothing for anything else: another length, other characters before or after, or no value', () => {
    for (const id of ['50000000000001', '5000000000000012', '500000000000001AA', '500000000000001AAAA', '-500000000000001', '500000000000001-', 'x/500000000000001AAA', '500000000000001AAA/x', '']) {
      assert.equal(directPop(record, call({ recordId: id })), undefined, JSON.stringify(id));
    }
    assert.equal(directPop(record, call()), undefined);
    assert.equal(directPop(record, { callId: 'c1', direction: 'inbound', number: '+1' }), undefined, 'a call without data');
  });
});

describe("a flow rule's inputs", () => {
  const flow = { kind: 'flow', flowDevName: 'Intake', inputs: { caller: '{number}', order: 'ORD-{data.order}' } } as const;

  it('fills each input from its template', () => {
    assert.deepEqual(flowInputs(flow, call({ order: '42' })), [
      { name: 'caller', type: 'String', value: '+14155550142' },
      { name: 'order', type: 'String', value: 'ORD-42' },
    ]);
    assert.deepEqual(directPop(flow, call({ order: '42' }))?.pop, { type: 'flow', params: { flowDevName: 'Intake', flowArgs: flowInputs(flow, call({ order: '42' })) } });
  });

  it('is no pop at all when one input has no value', () => {
    assert.equal(flowInputs(flow, call()), undefined);
    assert.equal(directPop(flow, call()), undefined);
  });
});

describe('matches of a search', () => {
  it('a name that is not text is left out', () => {
    assert.deepEqual(matchesFor({ a: { Id: '003A', RecordType: 'Contact', Name: { first: 'Maria' } } } as never, 'x', { Contact: 'Phone' }), [{ id: '003A', objectType: 'Contact' }]);
  });
});

describe('runPopRules', () => {
  const search = (onMany?: 'first' | 'search', value = '{data.account}'): PopRule => ({ name: 'by-account', pop: { kind: 'search', value, objects: { Account: 'AccountNumber' }, ...(onMany ? { onMany } : {}) } });
  const two = { a: { Id: '001A', RecordType: 'Account', Name: 'Acme' }, b: { Id: '001B', RecordType: 'Account', Name: 'Acme Ltd' } };

  it('several matches under onMany "search": the search page, with every match', async () => {
    const { client: api, pops, searches } = client(two);
    const outcome = await runPopRules(api, [search('search')], call({ account: 'AC1' }), INBOUND);
    assert.deepEqual(searches, ['AC1']);
    assert.deepEqual(pops, [{ type: 'search', params: { searchString: 'AC1' } }]);
    assert.deepEqual(outcome?.result, { kind: 'many', records: [{ id: '001A', objectType: 'Account', name: 'Acme' }, { id: '001B', objectType: 'Account', name: 'Acme Ltd' }] });
  });

  it('several matches otherwise, one match, or a value too short to search: the first record', async () => {
    for (const [rule, data, found] of [[search('first'), { account: 'AC1' }, two], [search(), { account: 'AC1' }, two], [search('search'), { account: 'AC1' }, { a: two.a }], [search('search'), { account: 'A1' }, two]] as const) {
      const { client: api, pops } = client(found);
      const outcome = await runPopRules(api, [rule], call(data), INBOUND);
      assert.deepEqual(pops, [{ type: 'sobject', params: { recordId: '001A' } }], JSON.stringify([rule.pop, data]));
      assert.deepEqual(outcome?.result, { kind: 'one', record: { id: '001A', objectType: 'Account', name: 'Acme' } });
    }
  });

  it("Salesforce refusing a pop lets the next rule try; any other failure is the caller's", async () => {
    const rules: PopRule[] = [{ name: 'first', pop: record }, { name: 'second', pop: { kind: 'url', url: '/apex/Orders' } }];
    const data = { recordId: '500000000000001' };
    const refused = client({}, (pop) => (pop.type === 'sobject' ? new OpenCtiError('api-error', 'screenPop', 'no such record') : undefined));
    assert.equal((await runPopRules(refused.client, rules, call(data), INBOUND))?.rule, 'second');
    assert.deepEqual(refused.pops, [{ type: 'url', params: { url: '/apex/Orders' } }]);

    const timedOut = client({}, () => new OpenCtiError('timeout', 'screenPop', 'no answer'));
    await assert.rejects(runPopRules(timedOut.client, rules, call(data), INBOUND), (error: OpenCtiError) => error.code === 'timeout');
    const broken = Object.assign(new Error('api-error look-alike'), { code: 'api-error' });
    await assert.rejects(runPopRules(client({}, () => broken).client, rules, call(data), INBOUND), (error: Error) => error === broken, 'not an Open CTI error');
  });
});
