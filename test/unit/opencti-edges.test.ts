/**
 * The Open CTI bridge at its edges: every client method reaches the Open CTI method of its name with
 * the documented parameters, argument limits on both sides, the default timeout, answers that come
 * late or in unexpected shapes, the call-log look-up, the Task fields, and the host-origin check's
 * less common paths.
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { CallLog } from '../../src/core/index.js';
import type {
  OpenCtiError} from '../../src/salesforce/index.js';
import {
  OpenCtiBridge,
  OpenCtiClient,
  SOFTPHONE_CALL_LOG_APEX,
  callLogToTask,
  checkHostOrigin,
  nameFields,
  type FramedWindow,
  type OpenCtiApi,
} from '../../src/salesforce/index.js';
import { matchesOf, toPopResult } from '../../src/salesforce/opencti/bridge.js';
import { isTrustedHostOrigin } from '../../src/salesforce/opencti/host-origin.js';
import { matchesFor } from '../../src/salesforce/opencti/pop-rule-runner.js';

interface Recorded {
  readonly method: string;
  readonly params: Record<string, unknown>;
}

/** A `sforce.opencti` whose every method records its call and answers `answers[method]` at once. */
function recordingApi(answers: Record<string, unknown> = {}) {
  const calls: Recorded[] = [];
  const api = new Proxy({ CALL_TYPE: { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' } } as Record<string, unknown>, {
    get: (target, key: string) =>
      key in target
        ? target[key]
        : (params: Record<string, unknown>) => {
            const { callback, ...rest } = params;
            calls.push({ method: key, params: rest });
            (callback as ((response: unknown) => void) | undefined)?.({ success: true, returnValue: answers[key], errors: null });
          },
  }) as unknown as OpenCtiApi;
  return { api, calls };
}

const LOG: CallLog = {
  callId: 'SIM-1',
  direction: 'inbound',
  subject: 'Inbound call',
  remoteNumber: '+14155550142',
  durationSeconds: 62.6,
  disposition: 'Completed',
  activityDate: '2026-11-24',
  endReason: 'hangup-remote',
  startedAt: 0,
  endedAt: 63_000,
};

describe('OpenCtiClient methods and limits', () => {
  it('each method calls the Open CTI method of its name with the documented parameters', async () => {
    const { api, calls } = recordingApi({ isSoftphonePanelVisible: { visible: true } });
    const client = new OpenCtiClient(api);
    const listener = (): void => undefined;
    const subscription = { id: 's' } as never;
    await client.refreshView();
    await client.enableClickToDial();
    await client.disableClickToDial();
    await client.getCallCenterSettings();
    await client.getSoftphoneLayout();
    await client.setSoftphonePanelLabel('Phone');
    await client.setSoftphonePanelIcon('call');
    await client.setSoftphonePanelWidth(320);
    await client.setSoftphoneItemIcon('call');
    await client.publish('Channel__c', { a: 1 });
    await client.subscribe('Channel__c', listener);
    await client.unsubscribe(subscription);
    assert.equal(await client.isSoftphonePanelVisible(), true);
    await client.runApex({ apexClass: 'A', methodName: 'm', methodParams: 'x=1' });
    await client.screenPop({ type: 'search', params: { searchString: 'abc' } });
    await client.searchAndScreenPop({ searchParams: '123', callType: 'internal' });
    assert.deepEqual(calls, [
      { method: 'refreshView', params: {} },
      { method: 'enableClickToDial', params: {} },
      { method: 'disableClickToDial', params: {} },
      { method: 'getCallCenterSettings', params: {} },
      { method: 'getSoftphoneLayout', params: {} },
      { method: 'setSoftphonePanelLabel', params: { label: 'Phone' } },
      { method: 'setSoftphonePanelIcon', params: { key: 'call' } },
      { method: 'setSoftphonePanelWidth', params: { widthPX: 320 } },
      { method: 'setSoftphoneItemIcon', params: { key: 'call' } },
      { method: 'publish', params: { channelName: 'Channel__c', message: { a: 1 } } },
      { method: 'subscribe', params: { channelName: 'Channel__c', listener } },
      { method: 'unsubscribe', params: { subscription } },
      { method: 'isSoftphonePanelVisible', params: {} },
      { method: 'runApex', params: { apexClass: 'A', methodName: 'm', methodParams: 'x=1' } },
      { method: 'screenPop', params: { type: 'search', params: { searchString: 'abc' } } },
      { method: 'searchAndScreenPop', params: { searchParams: '123', callType: 'internal' } },
    ]);
    assert.equal(client.callTypes.INTERNAL, 'internal');
  });

  it('the panel is visible only when Salesforce says visible: true; an answer without returnValue is null', async () => {
    for (const answer of [{ visible: false }, { visible: 'yes' }, null, undefined]) {
      assert.equal(await new OpenCtiClient(recordingApi({ isSoftphonePanelVisible: answer }).api).isSoftphonePanelVisible(), false, JSON.stringify(answer));
    }
    assert.equal(await new OpenCtiClient(recordingApi({}).api).getAppViewInfo(), null);
  });

  it('panel sizes from 240 through 2560 (height) and 200 through 1920 (width), nothing else', async () => {
    const { api, calls } = recordingApi();
    const client = new OpenCtiClient(api);
    for (const height of [240, 2560]) await client.setSoftphonePanelHeight(height);
    for (const width of [200, 1920]) await client.setSoftphonePanelWidth(width);
    assert.equal(calls.length, 4);
    for (const height of [239, 2561, Number.NaN]) await assert.rejects(client.setSoftphonePanelHeight(height), (error: OpenCtiError) => error.code === 'invalid-argument' && error.method === 'setSoftphonePanelHeight' && /^setSoftphonePanelHeight: heightPX/.test(error.message));
    for (const width of [199, 1921, Number.NaN]) await assert.rejects(client.setSoftphonePanelWidth(width), (error: OpenCtiError) => error.code === 'invalid-argument' && error.method === 'setSoftphonePanelWidth' && new RegExp(`widthPX must be a number from 200 through 1920, got ${width}`).test(error.message));
    await assert.rejects(client.runApex({ apexClass: 'A', methodName: '' }), /runApex: params.apexClass and params.methodName are required/);
    const invalid = (method: string) => (error: OpenCtiError): boolean => error.code === 'invalid-argument' && error.method === method && error.message.startsWith(`${method}: params.`);
    await assert.rejects(client.screenPop({ type: 'search', params: { searchString: 'ab' } }), invalid('screenPop'));
    await assert.rejects(client.searchAndScreenPop({ searchParams: '1', callType: 'x' as never }), invalid('searchAndScreenPop'));
    await assert.rejects(client.saveLog({ value: {} as never }), invalid('saveLog'));
    // A call without any value is refused the same way, not thrown at the caller.
    await assert.rejects(client.saveLog({} as never), invalid('saveLog'));
    assert.equal(calls.length, 4, 'nothing invalid was sent');
  });

  it('waits 10 s for an answer by default; an answer after the timeout, or a second one, changes nothing', async (t: TestContext) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let answer: ((response: unknown) => void) | undefined;
    const api = { refreshView: (params: { callback: (response: unknown) => void }) => void (answer = params.callback) } as unknown as OpenCtiApi;
    const client = new OpenCtiClient(api);
    let outcome: unknown;
    client.refreshView().then((value) => (outcome = value), (error: OpenCtiError) => (outcome = error.code));
    t.mock.timers.tick(9_999);
    await Promise.resolve();
    assert.equal(outcome, undefined);
    t.mock.timers.tick(1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(outcome, 'timeout');
    answer?.({ success: true, returnValue: 'late' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(outcome, 'timeout');

    const twice = { refreshView: (params: { callback: (response: unknown) => void }) => {
      params.callback({ success: true, returnValue: 'first' });
      params.callback({ success: false, errors: [{ code: 'X', description: 'second' }] });
    } } as unknown as OpenCtiApi;
    assert.equal(await new OpenCtiClient(twice).refreshView(), 'first');
  });

  it('an answer without a body is a failure with no details; a method that throws is reported with its error as cause', async () => {
    const empty = { refreshView: (params: { callback: (response: unknown) => void }) => params.callback(undefined) } as unknown as OpenCtiApi;
    await assert.rejects(new OpenCtiClient(empty).refreshView(), (error: OpenCtiError) => error.name === 'OpenCtiError' && error.code === 'api-error' && /no details given/.test(error.message));
    const boom = new Error('boom');
    const throwing = { refreshView: () => { throw boom; } } as unknown as OpenCtiApi;
    await assert.rejects(new OpenCtiClient(throwing).refreshView(), (error: OpenCtiError) => error.cause === boom && error.details.length === 0 && error.method === 'refreshView');
    const silent = { refreshView: () => undefined } as unknown as OpenCtiApi;
    await assert.rejects(new OpenCtiClient(silent, { timeoutMs: 1 }).refreshView(), (error: OpenCtiError) => error.code === 'timeout' && Array.isArray(error.details) && error.details.length === 0);
    await assert.rejects(new OpenCtiClient({} as OpenCtiApi).refreshView(), (error: OpenCtiError) => error.code === 'unavailable' && error.message === 'sforce.opencti.refreshView is not available in this Salesforce org or API version.');
  });

  it('reads a saved id from recordId, id or Id, skipping empty ones', async () => {
    for (const [answer, id] of [[{ recordId: '', id: '00T5' }, '00T5'], [{ Id: '00T6' }, '00T6'], [{ recordId: 7, Id: '00T7' }, '00T7']] as const) {
      assert.deepEqual(await new OpenCtiClient(recordingApi({ saveLog: answer }).api).saveLog({ value: { entityApiName: 'Task' } }), { recordId: id });
    }
    await assert.rejects(new OpenCtiClient(recordingApi({ saveLog: '' }).api).saveLog({ value: { entityApiName: 'Task' } }), (error: OpenCtiError) => error.code === 'api-error' && error.method === 'saveLog');
  });
});

describe('OpenCtiBridge edges', () => {
  it('finds a saved log by its call id through the Apex method, only when it is configured', async () => {
    assert.equal(new OpenCtiBridge(recordingApi().api).findCallLog, undefined, 'no Apex method: nothing to look up with');
    const found = recordingApi({ runApex: { runApex: '00T000000000001AAA' } });
    const bridge = new OpenCtiBridge(found.api, { callLogLookup: SOFTPHONE_CALL_LOG_APEX });
    assert.equal(await bridge.findCallLog?.(`call&id=${'x'.repeat(300)}`), '00T000000000001AAA');
    assert.deepEqual(found.calls[0], { method: 'runApex', params: { apexClass: 'SoftphoneCallLog', methodName: 'findByCallObject', methodParams: new URLSearchParams({ callObject: `call&id=${'x'.repeat(300)}`.slice(0, 255) }).toString() } });
    assert.equal(await new OpenCtiBridge(recordingApi({ runApex: { runApex: '00T000000000001' } }).api, { callLogLookup: SOFTPHONE_CALL_LOG_APEX }).findCallLog?.('c'), '00T000000000001', '15-character ids too');
    for (const none of [{ runApex: '' }, { runApex: null }, {}, null]) {
      assert.equal(await new OpenCtiBridge(recordingApi({ runApex: none }).api, { callLogLookup: SOFTPHONE_CALL_LOG_APEX }).findCallLog?.('c'), undefined, JSON.stringify(none));
    }
    for (const bad of ['00T0000000000', '00T000000000001AAAA', 'x00T000000000001', '00T00000000000-', 42]) {
      await assert.rejects(new OpenCtiBridge(recordingApi({ runApex: { runApex: bad } }).api, { callLogLookup: SOFTPHONE_CALL_LOG_APEX }).findCallLog!('c'), (error: OpenCtiError) => error.code === 'api-error' && error.method === 'runApex' && error.message.startsWith(`SoftphoneCallLog.findByCallObject returned ${JSON.stringify(bad)}`), String(bad));
    }
  });

  it('saves to the configured object; the Task carries notes, participants, what and who, clipped to field lengths', async () => {
    const { api, calls } = recordingApi({ saveLog: { recordId: 'a01' } });
    await new OpenCtiBridge(api, { logObject: 'Call_Log__c' }).saveCallLog(LOG);
    assert.equal((calls[0]?.params.value as Record<string, unknown>).entityApiName, 'Call_Log__c');
    const task = callLogToTask({
      ...LOG,
      callId: 'c'.repeat(300),
      disposition: 'd'.repeat(300),
      notes: 'n'.repeat(40_000),
      whatId: '500A',
      transferredTo: '+14155550100',
    });
    assert.equal(task.CallDurationInSeconds, 63, 'rounded');
    assert.equal(String(task.CallObject).length, 255);
    assert.equal(String(task.CallDisposition).length, 255);
    assert.equal(String(task.Description).length, 32_000);
    assert.equal(task.WhatId, '500A');
    assert.equal('WhoId' in task, false);
    assert.equal(callLogToTask({ ...LOG, notes: 'Called back', transferredTo: 'Queue' }).Description, 'Called back\n\nTransferred to Queue');
    assert.equal('Description' in callLogToTask(LOG), false, 'nothing to say: no Description');
    assert.equal(callLogToTask(LOG).entityApiName, 'Task', 'a Task unless told otherwise');
    const recorded = callLogToTask({ ...LOG, recordingLocation: `https://rec/${'r'.repeat(1200)}` }, undefined, 'Task', { recordingField: 'Recording__c' });
    assert.equal(String(recorded.Recording__c).length, 1000);
    assert.equal('Description' in recorded, false);
  });

  it('names only person-like caller names: up to four words, trimmed, never a placeholder', () => {
    assert.deepEqual(nameFields('  Seán O’Brien-Smith  '), { FirstName: 'Seán', LastName: 'O’Brien-Smith' });
    assert.deepEqual(nameFields('Ana Maria de Souza'), { FirstName: 'Ana Maria de', LastName: 'Souza' });
    assert.deepEqual(nameFields('Ana Maria de la Souza'), {}, 'five words');
    assert.deepEqual(nameFields('Maria  Chen'), {}, 'two spaces');
    for (const placeholder of ['unknown', 'PRIVATE', 'Restricted', 'unavailable']) assert.deepEqual(nameFields(placeholder), {}, placeholder);
    assert.deepEqual(nameFields('Unknownson'), { LastName: 'Unknownson' });
    assert.deepEqual(nameFields('Mr Unknown'), { FirstName: 'Mr', LastName: 'Unknown' }, 'only the whole name is a placeholder');
    assert.deepEqual(nameFields(undefined), {});
  });

  it('reads the matches of a search: records only, the key as id when Id is missing, the name when there is one', () => {
    const result = { SCREEN_POP_DATA: { Id: 'x' }, '003A': { RecordType: 'Contact' }, '00QB': { Id: '00QB', RecordType: 'Lead', Name: 'Bo' }, junk: 'text', none: null } as never;
    assert.deepEqual(matchesOf(result), [{ id: '003A', objectType: 'Contact' }, { id: '00QB', objectType: 'Lead', name: 'Bo' }]);
    assert.deepEqual(toPopResult(null), { kind: 'none' });
    assert.deepEqual(matchesOf(null), []);
  });

  it('click to dial without a record, and navigation to a page without an object type, carry no record', async () => {
    const listeners: Record<string, (payload: unknown) => void> = {};
    const { api } = recordingApi({ getAppViewInfo: { url: '/x', recordId: '001A', objectType: '' } });
    const spy = new Proxy(api, { get: (target, key: string) => (key === 'onClickToDial' || key === 'onNavigationChange' ? (params: { listener: (payload: unknown) => void }) => void (listeners[key] = params.listener) : (target as unknown as Record<string, unknown>)[key]) });
    const bridge = new OpenCtiBridge(spy);
    const clicks: unknown[] = [];
    await bridge.enableClickToDial((request) => clicks.push(request));
    listeners.onClickToDial?.({ number: 2125550188, recordId: '003T', objectType: '' });
    listeners.onClickToDial?.({ number: '555', recordId: '003T', objectType: 'Contact' });
    assert.deepEqual(clicks, [{ number: '2125550188' }, { number: '555', record: { id: '003T', objectType: 'Contact' } }]);
    const seen: unknown[] = [];
    await bridge.onNavigationChange((record) => seen.push(record));
    listeners.onNavigationChange?.({ url: '/y', recordId: '001B', objectType: 'Account', recordName: '' });
    assert.deepEqual(seen, [undefined, { id: '001B', objectType: 'Account' }]);
  });

  it('fromWindow checks who frames the page before anything else, and wraps the page\'s sforce.opencti', () => {
    const { api } = recordingApi();
    const framedBy = (framer: string): Window => ({ location: { search: '?sfdcIframeOrigin=https%3A%2F%2Facme.lightning.force.com', hostname: 'acme--c.vf.force.com', ancestorOrigins: [framer] }, parent: {}, sforce: { opencti: api } }) as unknown as Window;
    assert.ok(OpenCtiBridge.fromWindow(framedBy('https://acme.lightning.force.com')) instanceof OpenCtiBridge);
    assert.throws(() => OpenCtiBridge.fromWindow(framedBy('https://evil.example')), (error: OpenCtiError) => error.code === 'untrusted-host');
    assert.throws(() => OpenCtiBridge.fromWindow({} as Window), (error: OpenCtiError) => error.code === 'unavailable' && error.method === 'opencti');
  });

  it('the default pop searches at once, with call data as query parameters only when there is some', async () => {
    const { api, calls } = recordingApi({ searchAndScreenPop: {} });
    const bridge = new OpenCtiBridge(api);
    await bridge.popCaller({ callId: 'c', direction: 'inbound', number: '+14155550142', data: {} });
    await bridge.popCaller({ callId: 'c', direction: 'inbound', number: '+14155550142' });
    await bridge.popCaller({ callId: 'c', direction: 'inbound', number: '+14155550142', data: { account: '42' } });
    assert.deepEqual(calls.map((call) => [call.params.deferred, call.params.queryParams]), [[false, undefined], [false, undefined], [false, 'account=42']]);
    assert.equal('queryParams' in (calls[0]?.params ?? {}), false);
  });

  it('saves the recording\'s location to the configured Task field', async () => {
    const { api, calls } = recordingApi({ saveLog: { recordId: '00T1' } });
    await new OpenCtiBridge(api, { recordingField: 'Recording__c' }).saveCallLog({ ...LOG, recordingLocation: 'https://rec/1' });
    const value = calls[0]?.params.value as Record<string, unknown>;
    assert.equal(value.Recording__c, 'https://rec/1');
    assert.equal('Description' in value, false);
  });

  it('joins several Salesforce errors in one message', async () => {
    const api = { refreshView: (params: { callback: (response: unknown) => void }) => params.callback({ success: false, errors: [{ code: 'A', description: 'first' }, { code: 'B', description: 'second' }] }) } as unknown as OpenCtiApi;
    await assert.rejects(new OpenCtiClient(api).refreshView(), /first \(A\); second \(B\)/);
  });
});

describe('host origin, less common paths', () => {
  const named = (origin: string, extra: Partial<FramedWindow> = {}): FramedWindow => ({ location: { search: `?sfdcIframeOrigin=${encodeURIComponent(origin)}`, hostname: 'acme--c.vf.force.com' }, parent: {}, ...extra });

  it('a trusted origin must match exactly; text that is not an origin is never trusted', () => {
    assert.equal(isTrustedHostOrigin('https://console.example.com', 'x', { trustedOrigins: ['https://console.example.com'] }), true);
    assert.equal(isTrustedHostOrigin('https://console.example.com:8443', 'x', { trustedOrigins: ['https://console.example.com'] }), false);
    assert.equal(isTrustedHostOrigin('not an origin', 'x'), false);
    assert.equal(isTrustedHostOrigin('https://acme.salesforce-setup.com', 'x'), true);
    assert.equal(isTrustedHostOrigin('https://salesforce.com', 'x'), false, 'the bare domain is not a Salesforce page host');
    for (const host of ['acme.my.salesforce.com', 'acme.lightning.force.com', 'acme--c.vf.visualforce.com', 'acme.salesforce-setup.com', 'acme.cloudforce.com', 'acme.my.salesforce.mil', 'acme.lightning.crmforce.mil']) {
      assert.equal(isTrustedHostOrigin(`https://${host}`, 'x'), true, host);
    }
    assert.equal(isTrustedHostOrigin('https://acme.lightning.force.com/path', 'x'), false, 'an origin has no path');
    assert.equal(isTrustedHostOrigin('https://ACME.lightning.force.com', 'x'), false, 'an origin is written as the browser writes it');
  });

  it('without ancestorOrigins the referrer tells who frames the page; no referrer, or one that is not a URL, tells nothing', () => {
    checkHostOrigin(named('https://acme.lightning.force.com', { document: { referrer: 'https://acme.lightning.force.com/lightning/page/home' } }));
    checkHostOrigin(named('https://acme.lightning.force.com', { document: { referrer: '' } }));
    checkHostOrigin(named('https://acme.lightning.force.com', { document: { referrer: 'not a url' } }));
    checkHostOrigin(named('https://acme.lightning.force.com'));
  });

  it('a refusal names the Open CTI layer as its method', () => {
    assert.throws(() => checkHostOrigin(named('https://evil.example')), (error: OpenCtiError) => error.code === 'untrusted-host' && error.method === 'opencti');
    const alone = { location: { search: '?sfdcIframeOrigin=https%3A%2F%2Facme.lightning.force.com', hostname: 'x' }, parent: undefined as unknown } as { location: FramedWindow['location']; parent: unknown };
    alone.parent = alone;
    assert.throws(() => checkHostOrigin(alone), (error: OpenCtiError) => error.code === 'untrusted-host' && error.method === 'opencti');
    const framedByOther = { location: { search: '?sfdcIframeOrigin=https%3A%2F%2Facme.lightning.force.com', hostname: 'x', ancestorOrigins: ['https://evil.example'] }, parent: {} } as unknown as FramedWindow;
    assert.throws(() => checkHostOrigin(framedByOther), (error: OpenCtiError) => error.code === 'untrusted-host' && error.method === 'opencti' && /framing the softphone is https:\/\/evil\.example/.test(error.message));
  });
});

describe('record look-up matches of a pop rule', () => {
  it('keeps records of the configured objects whose shown field equals the value (any case, trimmed), in the objects\' order', () => {
    const result = {
      SCREEN_POP_DATA: { RecordType: 'Contact' },
      a: { RecordType: 'Account', AccountNumber: ' AB1 ', Name: 'Acme' },
      b: { Id: '003B', RecordType: 'Contact', Account_Number__c: 'AB2' },
      c: { RecordType: 'Contact', Name: '' },
      d: { RecordType: 'Lead' },
      e: { Id: '003E', RecordType: 'Contact', Account_Number__c: null },
      junk: 'text',
      none: null,
    } as never;
    assert.deepEqual(matchesFor(result, ' Ab1 ', { Contact: 'Account_Number__c', Account: 'AccountNumber' }), [
      { id: 'c', objectType: 'Contact' },
      { id: '003E', objectType: 'Contact' },
      { id: 'a', objectType: 'Account', name: 'Acme' },
    ]);
    assert.deepEqual(matchesFor(null, 'x', { Contact: 'Phone' }), []);
  });
});
