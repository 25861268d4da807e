import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallLog } from '../../src/core/index.js';
import { OpenCtiBridge, OpenCtiClient, OpenCtiError, callLogToTask, checkHostOrigin, nameFields, type FramedWindow, type OpenCtiApi } from '../../src/salesforce/index.js';

type Behaviour = 'ok' | 'fail' | 'silent' | 'throw';
interface Recorded {
  method: string;
  params: Record<string, unknown>;
}

/** A fake `sforce.opencti`: every method records its call and answers asynchronously as told. */
function fakeApi(answers: Record<string, unknown> = {}, behaviour: Record<string, Behaviour> = {}) {
  const calls: Recorded[] = [];
  const listeners: Record<string, (payload: unknown) => void> = {};
  const handler = (method: string) => (params: Record<string, unknown> = {}) => {
    calls.push({ method, params });
    if (typeof params.listener === 'function') listeners[method] = params.listener as (payload: unknown) => void;
    const mode = behaviour[method] ?? 'ok';
    if (mode === 'throw') throw new Error('boom');
    if (mode === 'silent') return;
    const callback = params.callback as ((response: unknown) => void) | undefined;
    setTimeout(() =>
      callback?.(
        mode === 'ok'
          ? { success: true, returnValue: answers[method] ?? null, errors: null }
          : { success: false, returnValue: null, errors: [{ code: 'GENERIC_ERROR', description: `${method} is not allowed for this user` }] },
      ),
    );
  };
  const api = new Proxy(
    {
      CALL_TYPE: { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' },
      SCREENPOP_TYPE: { SOBJECT: 'sobject', URL: 'url', OBJECTHOME: 'objecthome', LIST: 'list', SEARCH: 'search', NEW_RECORD_MODAL: 'newRecord', FLOW: 'flow' },
    } as Record<string, unknown>,
    { get: (target, key: string) => (key in target ? target[key] : handler(key)) },
  ) as unknown as OpenCtiApi;
  return { api, calls, listeners };
}

const LOG: CallLog = {
  callId: 'SIM-1',
  direction: 'inbound',
  subject: 'Inbound call from Maria Chen (+1 415 555 0142)',
  remoteNumber: '+14155550142',
  durationSeconds: 63,
  disposition: 'Completed',
  whoId: '003A',
  activityDate: '2026-11-24',
  endReason: 'hangup-remote',
  startedAt: 0,
  endedAt: 63_000,
};

describe('OpenCtiClient', () => {
  it('resolves with returnValue and rejects with api-error carrying Salesforce messages', async () => {
    const { api } = fakeApi({ getAppViewInfo: { url: '/x', recordId: '003A' } }, { getCallCenterSettings: 'fail' });
    const client = new OpenCtiClient(api);
    assert.deepEqual(await client.getAppViewInfo(), { url: '/x', recordId: '003A' });
    await assert.rejects(client.getCallCenterSettings(), (error: unknown) => {
      assert.ok(error instanceof OpenCtiError);
      assert.equal(error.code, 'api-error');
      assert.equal(error.method, 'getCallCenterSettings');
      assert.match(error.message, /is not allowed for this user/);
      return true;
    });
  });

  it('rejects with timeout when Salesforce never calls back, and with api-error when the method throws', async () => {
    const { api } = fakeApi({}, { refreshView: 'silent', setSoftphoneItemLabel: 'throw' });
    const client = new OpenCtiClient(api, { timeoutMs: 30 });
    await assert.rejects(client.refreshView(), (error: OpenCtiError) => error.code === 'timeout' && /within 30 ms/.test(error.message));
    await assert.rejects(client.setSoftphoneItemLabel('x'), (error: OpenCtiError) => error.code === 'api-error' && /threw: boom/.test(error.message));
  });

  it('keeps the documented error codes in the message and in details, and copes with errors that are not the documented array', async () => {
    const answers: unknown[] = [
      [{ code: 'INVALID_PARAM', description: 'heightPX must be from 240 through 2560' }],
      'a bare string',
      undefined,
    ];
    const api = {
      setSoftphonePanelLabel: (params: { callback: (response: unknown) => void }) => setTimeout(() => params.callback({ success: false, returnValue: null, errors: answers.shift() })),
    } as unknown as OpenCtiApi;
    const client = new OpenCtiClient(api);
    await assert.rejects(client.setSoftphonePanelLabel('x'), (error: OpenCtiError) => {
      assert.match(error.message, /heightPX must be from 240 through 2560 \(INVALID_PARAM\)/);
      assert.deepEqual(error.details, [{ code: 'INVALID_PARAM', description: 'heightPX must be from 240 through 2560' }]);
      return true;
    });
    await assert.rejects(client.setSoftphonePanelLabel('x'), (error: OpenCtiError) => /a bare string \(GENERIC_ERROR\)/.test(error.message) && (error.details[0] as { code: string }).code === 'GENERIC_ERROR');
    await assert.rejects(client.setSoftphonePanelLabel('x'), /no details given/);
  });

  it('resolves setters with the documented null returnValue', async () => {
    const { api } = fakeApi();
    const client = new OpenCtiClient(api);
    assert.equal(await client.setSoftphonePanelHeight(400), null);
    assert.equal(await client.setSoftphoneItemLabel('On call'), null);
    assert.equal(await client.screenPop({ type: 'url', params: { url: '/apex/CaseWizard' } }), null);
    assert.equal(await client.notifyInitializationComplete(), null);
  });

  it('registers listeners without waiting for a callback, which Open CTI does not document for them', async () => {
    const { api, calls } = fakeApi({}, { onClickToDial: 'silent', onNavigationChange: 'silent' });
    const client = new OpenCtiClient(api, { timeoutMs: 30 });
    await client.onClickToDial(() => undefined);
    await client.onNavigationChange(() => undefined);
    assert.deepEqual(calls.map((call) => Object.keys(call.params)), [['listener'], ['listener']]);
  });

  it('validates arguments before calling, naming the field', async () => {
    const { api, calls } = fakeApi();
    const client = new OpenCtiClient(api);
    await assert.rejects(client.screenPop({ type: 'search', params: { searchString: 'ab' } }), /params.searchString must be at least 3 characters/);
    await assert.rejects(client.setSoftphonePanelHeight(100), /heightPX must be a number from 240 through 2560/);
    await assert.rejects(client.saveLog({ value: { entityApiName: '' } }), /needs Id \(to update\) or entityApiName \(to create\)/);
    await assert.rejects(client.searchAndScreenPop({ searchParams: '123', callType: 'Inbound' as never }), /callType must be CALL_TYPE.INBOUND, OUTBOUND or INTERNAL, got Inbound/);
    await assert.rejects(client.runApex({ apexClass: '', methodName: 'x' }), /apexClass and params.methodName are required/);
    assert.equal(calls.length, 0);
  });

  it('reports a method missing from an older API version as unavailable', async () => {
    const { api } = fakeApi();
    const client = new OpenCtiClient({ ...api, CALL_TYPE: api.CALL_TYPE, publish: undefined } as unknown as OpenCtiApi);
    await assert.rejects(client.publish('Channel__c', {}), (error: OpenCtiError) => error.code === 'unavailable');
  });
});

describe('OpenCtiBridge', () => {
  it('pops the caller: one, many and no matches, with prefill and IVR data', async () => {
    const one = fakeApi({ searchAndScreenPop: { '003A': { Id: '003A', Name: 'Maria Chen', RecordType: 'Contact' } } });
    const bridge = new OpenCtiBridge(one.api);
    const result = await bridge.popCaller({ callId: 'c', direction: 'inbound', number: '+14155550142', displayName: 'Maria Chen', data: { 'X-Account-Number': '42' } });
    assert.deepEqual(result, { kind: 'one', record: { id: '003A', objectType: 'Contact', name: 'Maria Chen' } });
    assert.deepEqual(one.calls[0]?.params.defaultFieldValues, { Phone: '+14155550142', FirstName: 'Maria', LastName: 'Chen' });
    assert.equal(one.calls[0]?.params.callType, 'inbound');
    assert.equal(one.calls[0]?.params.queryParams, 'X-Account-Number=42');

    const many = fakeApi({ searchAndScreenPop: { a: { Id: 'a', RecordType: 'Contact' }, b: { Id: 'b', RecordType: 'Lead' } } });
    assert.equal((await new OpenCtiBridge(many.api).popCaller({ callId: 'c', direction: 'outbound', number: '1' })).kind, 'many');
    assert.equal(many.calls[0]?.params.callType, 'outbound');
    const none = fakeApi({ searchAndScreenPop: {} });
    assert.deepEqual(await new OpenCtiBridge(none.api).popCaller({ callId: 'c', direction: 'inbound', number: '1' }), { kind: 'none' });
  });

  it('saves the call Task: create without Id, update with it', async () => {
    const { api, calls } = fakeApi({ saveLog: { recordId: '00T1' } });
    const bridge = new OpenCtiBridge(api);
    assert.deepEqual(await bridge.saveCallLog(LOG), { recordId: '00T1' });
    const created = calls[0]?.params.value as Record<string, unknown>;
    assert.equal('Id' in created, false);
    assert.deepEqual(created, {
      entityApiName: 'Task',
      Subject: LOG.subject,
      CallType: 'Inbound',
      CallDurationInSeconds: 63,
      CallObject: 'SIM-1',
      CallDisposition: 'Completed',
      WhoId: '003A',
      ActivityDate: '2026-11-24',
      Status: 'Completed',
      TaskSubtype: 'Call',
    });
    await bridge.saveCallLog({ ...LOG, notes: 'done', disposition: 'Resolved' }, '00T1');
    const updated = calls[1]?.params.value as Record<string, unknown>;
    assert.equal(updated.Id, '00T1');
    assert.equal(updated.Description, 'done');
    assert.equal(updated.CallDisposition, 'Resolved');
  });

  it('reads the saved id defensively: recordId, a bare id, or the id of the record it updated', async () => {
    assert.deepEqual(await new OpenCtiBridge(fakeApi({ saveLog: '00T2' }).api).saveCallLog(LOG), { recordId: '00T2' });
    assert.deepEqual(await new OpenCtiBridge(fakeApi({ saveLog: { id: '00T3' } }).api).saveCallLog(LOG), { recordId: '00T3' });
    // An update answered with returnValue null still names its record.
    assert.deepEqual(await new OpenCtiBridge(fakeApi({ saveLog: null }).api).saveCallLog(LOG, '00T4'), { recordId: '00T4' });
  });

  it('fails a create that reports success without a record id', async () => {
    const { api } = fakeApi({ saveLog: {} });
    await assert.rejects(new OpenCtiBridge(api).saveCallLog(LOG), /saveLog answered no record id/);
  });

  it('click-to-dial: registers, enables, and maps the payload', async () => {
    const { api, calls, listeners } = fakeApi();
    const bridge = new OpenCtiBridge(api);
    const clicks: unknown[] = [];
    await bridge.enableClickToDial((request) => clicks.push(request));
    assert.deepEqual(calls.map((call) => call.method), ['onClickToDial', 'enableClickToDial']);
    listeners.onClickToDial?.({ number: '(212) 555-0188', recordId: '003T', recordName: 'Tom Becker', objectType: 'Contact' });
    assert.deepEqual(clicks, [{ number: '(212) 555-0188', record: { id: '003T', objectType: 'Contact', name: 'Tom Becker' } }]);
  });

  it('navigation: reports the current page at once, then every change', async () => {
    const { api, listeners } = fakeApi({ getAppViewInfo: { url: '/lightning/r/Account/001A/view', recordId: '001A', recordName: 'Acme', objectType: 'Account' } });
    const seen: unknown[] = [];
    await new OpenCtiBridge(api).onNavigationChange((record) => seen.push(record));
    // Off a record page the record fields are empty strings.
    listeners.onNavigationChange?.({ url: '/lightning/page/home', recordId: '', recordName: '', objectType: '' });
    assert.deepEqual(seen, [{ id: '001A', objectType: 'Account', name: 'Acme' }, undefined]);
  });

  it('panel, label and readiness map to their methods', async () => {
    const { api, calls } = fakeApi();
    const bridge = new OpenCtiBridge(api);
    await bridge.showSoftphone();
    await bridge.setStatusLabel('On call');
    await bridge.ready();
    assert.deepEqual(calls.map((call) => [call.method, call.params.visible ?? call.params.label ?? null]), [
      ['setSoftphonePanelVisibility', true],
      ['setSoftphoneItemLabel', 'On call'],
      ['notifyInitializationComplete', null],
    ]);
  });

  it('fromWindow explains a missing opencti_min.js', () => {
    assert.throws(() => OpenCtiBridge.fromWindow({} as Window), (error: OpenCtiError) => error.code === 'unavailable' && /opencti_min\.js/.test(error.message));
  });
});

describe('Task mapping helpers', () => {
  it('splits person names only', () => {
    assert.deepEqual(nameFields('Maria de la Cruz'), { FirstName: 'Maria de la', LastName: 'Cruz' });
    assert.deepEqual(nameFields('Cher'), { LastName: 'Cher' });
    assert.deepEqual(nameFields('ACME 24/7 Support'), {});
    assert.deepEqual(nameFields('Anonymous'), {});
    assert.deepEqual(nameFields('<script>x</script>'), {});
  });

  it('clips oversized values to the field lengths and never writes negative durations', () => {
    const task = callLogToTask({ ...LOG, subject: 'x'.repeat(400), durationSeconds: -5 });
    assert.equal(String(task.Subject).length, 255);
    assert.equal(task.CallDurationInSeconds, 0);
    assert.equal(callLogToTask({ ...LOG, direction: 'outbound' }).CallType, 'Outbound');
  });
});

describe('the Salesforce page the softphone trusts (sfdcIframeOrigin)', () => {
  /** A softphone page on `https://acme--c.vf.force.com`, framed by `framer` and told `named`. */
  function framed(named: string | undefined, framer: string | undefined, hostname = 'acme--c.vf.force.com'): FramedWindow {
    return {
      location: {
        search: named === undefined ? '' : `?${new URLSearchParams({ sfdcIframeOrigin: named, mode: 'Lightning' }).toString()}`,
        hostname,
        ...(framer !== undefined ? { ancestorOrigins: [framer] } : {}),
      },
      parent: {},
    };
  }
  const untrusted = (pattern: RegExp) => (error: OpenCtiError): boolean => error.code === 'untrusted-host' && pattern.test(error.message);

  it('trusts Salesforce origins framing it, and the page\'s own host on another port (the local console)', () => {
    checkHostOrigin(framed('https://acme.lightning.force.com', 'https://acme.lightning.force.com'));
    checkHostOrigin(framed('https://acme.my.salesforce.com', 'https://acme.my.salesforce.com'));
    checkHostOrigin(framed('http://127.0.0.1:5173', 'http://127.0.0.1:5173', '127.0.0.1'));
    checkHostOrigin(framed('https://console.example.com', 'https://console.example.com'), { trustedOrigins: ['https://console.example.com'] });
    checkHostOrigin(framed(undefined, 'https://evil.example')); // no origin named: Open CTI trusts no one
  });

  it('refuses an origin that is not Salesforce\'s, one spoofing its name, and plain http', () => {
    assert.throws(() => checkHostOrigin(framed('https://evil.example', 'https://evil.example')), untrusted(/Salesforce https origin.*evil\.example/));
    assert.throws(() => checkHostOrigin(framed('https://force.com.evil.example', 'https://force.com.evil.example')), untrusted(/force\.com\.evil/));
    assert.throws(() => checkHostOrigin(framed('https://evilforce.com', 'https://evilforce.com')), untrusted(/evilforce/));
    assert.throws(() => checkHostOrigin(framed('http://acme.lightning.force.com', 'http://acme.lightning.force.com')), untrusted(/https/));
    assert.throws(() => checkHostOrigin(framed('http://localhost:5173', 'http://localhost:5173', '127.0.0.1')), untrusted(/localhost/));
    assert.throws(() => checkHostOrigin(framed('https://acme.lightning.force.com/path', 'https://acme.lightning.force.com')), untrusted(/path/));
  });

  it('refuses a Salesforce origin named by a page that is not it, or an unframed page', () => {
    assert.throws(() => checkHostOrigin(framed('https://acme.lightning.force.com', 'https://evil.example')), untrusted(/framing the softphone is https:\/\/evil\.example/));
    const referrerOnly: FramedWindow = { location: { search: '?sfdcIframeOrigin=https%3A%2F%2Facme.lightning.force.com', hostname: 'x.vf.force.com' }, parent: {}, document: { referrer: 'https://evil.example/page' } };
    assert.throws(() => checkHostOrigin(referrerOnly), untrusted(/evil\.example/));
    const alone = { location: { search: '?sfdcIframeOrigin=https%3A%2F%2Facme.lightning.force.com', hostname: 'x' }, parent: undefined as unknown } as { location: FramedWindow['location']; parent: unknown };
    alone.parent = alone;
    assert.throws(() => checkHostOrigin(alone), untrusted(/not framed/));
  });
});
