// The bridge's pop decision on its own: which matches count and in what order, what a single,
// several or no match pops under each setting, and which IVR values prefill a new record. The
// bridge's tests reach these through Open CTI; here each rule is pinned without it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RecordRef } from '../../src/core/index.js';
import { decidePop, ivrFieldValues, rankMatches } from '../../src/salesforce/opencti/pop-rules.js';
import type { SearchAndScreenPopResult } from '../../src/salesforce/opencti/types.js';

const contact: RecordRef = { id: '003A', objectType: 'Contact', name: 'Maria Chen' };
const contact2: RecordRef = { id: '003B', objectType: 'Contact', name: 'Marc Chen' };
const lead: RecordRef = { id: '00QA', objectType: 'Lead', name: 'Maria Chen' };
const account: RecordRef = { id: '001A', objectType: 'Account', name: 'Chen Ltd' };
/** What Salesforce's softphone layout chose, as `searchAndScreenPop` returns it with `deferred: true`. */
const layoutPop = { type: 'search', params: { searchString: '+14155550142' } } as const;
const withLayout = { SCREEN_POP_DATA: layoutPop } as unknown as SearchAndScreenPopResult;
const fields = { Phone: '+14155550142' };

describe('ivrFieldValues', () => {
  it('maps each IVR key that has a value to its field', () => {
    assert.deepEqual(ivrFieldValues({ account: 'AC-1', tier: '3', empty: '', other: 'x' }, { account: 'AccountNumber__c', tier: 'Tier__c', empty: 'Empty__c', missing: 'Missing__c' }), {
      AccountNumber__c: 'AC-1',
      Tier__c: '3',
    });
  });
  it('gives no fields without data or without a mapping', () => {
    assert.deepEqual(ivrFieldValues(undefined, { account: 'AccountNumber__c' }), {});
    assert.deepEqual(ivrFieldValues({ account: 'AC-1' }, undefined), {});
  });
});

describe('rankMatches', () => {
  it('keeps every match in its order without an objects list, as a copy', () => {
    const records = [lead, contact];
    const ranked = rankMatches(records, undefined);
    assert.deepEqual(ranked, [lead, contact]);
    assert.notEqual(ranked, records);
  });
  it('keeps only the listed objects, ordered as listed, ties in their search order', () => {
    assert.deepEqual(rankMatches([account, lead, contact, contact2], ['Contact', 'Lead']), [contact, contact2, lead]);
    assert.deepEqual(rankMatches([contact, lead], ['Lead', 'Contact']), [lead, contact]);
    assert.deepEqual(rankMatches([account], ['Contact']), []);
  });
});

describe('decidePop', () => {
  it('pops the one match as its record, also when other objects matched and are not listed', () => {
    assert.deepEqual(decidePop([contact], withLayout, {}, fields), { pop: { type: 'sobject', params: { recordId: '003A' } }, result: { kind: 'one', record: contact } });
    assert.deepEqual(decidePop([account, lead], withLayout, { objects: ['Lead'] }, fields), { pop: { type: 'sobject', params: { recordId: '00QA' } }, result: { kind: 'one', record: lead } });
  });

  it('several matches: the layout\'s choice by default, the first by the objects order, or nothing; each reported ranked', () => {
    const many = { kind: 'many', records: [lead, contact] } as const;
    assert.deepEqual(decidePop([contact, lead], withLayout, { objects: ['Lead', 'Contact'] }, fields), { pop: layoutPop, result: many });
    assert.deepEqual(decidePop([contact, lead], null, { objects: ['Lead', 'Contact'] }, fields), { result: many }, 'no layout choice: nothing popped');
    assert.deepEqual(decidePop([contact, lead], withLayout, { objects: ['Lead', 'Contact'], onManyMatches: 'first' }, fields), { pop: { type: 'sobject', params: { recordId: '00QA' } }, result: many });
    assert.deepEqual(decidePop([contact, lead], withLayout, { objects: ['Lead', 'Contact'], onManyMatches: 'nothing' }, fields), { result: many });
  });

  it('no match: the layout\'s choice by default, a new record with the prefilled fields, or nothing', () => {
    const none = { kind: 'none' } as const;
    assert.deepEqual(decidePop([], withLayout, {}, fields), { pop: layoutPop, result: none });
    assert.deepEqual(decidePop([], null, {}, fields), { result: none });
    assert.deepEqual(decidePop([], withLayout, { onNoMatch: 'new-record' }, fields), { pop: { type: 'newRecord', params: { entityName: 'Contact' }, defaultFieldValues: fields }, result: none });
    assert.deepEqual(decidePop([], withLayout, { onNoMatch: 'new-record', newRecordObject: 'Lead' }, fields), { pop: { type: 'newRecord', params: { entityName: 'Lead' }, defaultFieldValues: fields }, result: none });
    assert.deepEqual(decidePop([], withLayout, { onNoMatch: 'nothing' }, fields), { result: none });
  });

  it('only matches of objects left out: nothing popped, not the layout\'s choice (it would pop one of them)', () => {
    assert.deepEqual(decidePop([account], withLayout, { objects: ['Contact'] }, fields), { result: { kind: 'none' } });
    assert.deepEqual(decidePop([account], withLayout, { objects: ['Contact'], onNoMatch: 'new-record' }, fields).pop?.type, 'newRecord');
  });
});
