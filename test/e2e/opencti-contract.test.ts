/**
 * The console's Open CTI emulation against the checked contract (`reference/opencti-contract.md`),
 * in Chromium: a small test page in the console's softphone frame slot loads only
 * `opencti_min.js` and calls every documented method with valid and invalid arguments. Each answer
 * is checked for the envelope, its `returnValue`, the error codes, listener payloads and what the
 * console shows (tabs opened, panel changed); LMS messages make the round trip both ways.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { toPackage } from '../../src/cli/build-project.js';
import { DEFAULT_API_VERSION } from '../../src/config/define-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { callCenterDefinition, callCenterSettings } from '../../src/salesforce/packaging/index.js';
import { eventually, launchBrowser, openConsole, rest, startConsole, type RunningConsole } from './harness.js';

const CONFIG = 'examples/simulator/softphone.config.ts';
const TEST_PAGE = '/opencti-contract-test.html';

interface Envelope {
  success: boolean;
  returnValue: unknown;
  errors: Array<{ code: string; description: string; details?: unknown }> | null;
}
type Api = Record<string, (params?: object) => void>;
interface Probe {
  sforce: { opencti: Api & { CALL_TYPE: unknown; SCREENPOP_TYPE: unknown } };
  seen: { nav: unknown[]; dial: unknown[]; lms: Record<string, unknown[]> };
}

let server: RunningConsole;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let softphoneOrigin: string;

const frame = (): Frame => {
  const found = page.frames().find((candidate) => candidate.url().includes(TEST_PAGE));
  if (!found) throw new Error('the contract test page is not in the softphone frame');
  return found;
};

/** Calls `sforce.opencti[method](args)` in the frame and resolves with what its callback got. */
const call = (method: string, args: Record<string, unknown> = {}): Promise<Envelope> =>
  frame().evaluate(
    ([name, params]) =>
      new Promise<Envelope>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no callback within 4 s`)), 4000);
        (window as unknown as Probe).sforce.opencti[name]!({ ...params, callback: (response: Envelope) => (clearTimeout(timer), resolve(response)) });
      }),
    [method, args] as const,
  );

const ok = (returnValue: unknown = null): Envelope => ({ success: true, returnValue, errors: null });

function refused(result: Envelope, code: string, description: RegExp): void {
  assert.deepEqual(Object.keys(result).sort(), ['errors', 'returnValue', 'success'], JSON.stringify(result));
  assert.equal(result.success, false, JSON.stringify(result));
  assert.equal(result.returnValue, null);
  assert.ok(Array.isArray(result.errors) && result.errors.length === 1, `errors is an array of one: ${JSON.stringify(result.errors)}`);
  const [error] = result.errors;
  assert.equal(error?.code, code, JSON.stringify(error));
  assert.match(error?.description ?? '', description);
  assert.deepEqual(Object.keys(error ?? {}).filter((key) => key !== 'details').sort(), ['code', 'description']);
}

const seen = <T>(kind: 'nav' | 'dial'): Promise<T[]> => frame().evaluate((which) => (window as unknown as Probe).seen[which] as T[], kind);
const lmsSeen = (tag: string): Promise<unknown[]> => frame().evaluate((name) => (window as unknown as Probe).seen.lms[name] ?? [], tag);
const activeTab = (): Promise<string | null> => page.locator('[role="tab"][aria-selected="true"]').textContent();
const contactId = async (lastName: string): Promise<string> => (await rest<Array<{ Id: string }>>(server.url, 'GET', `/api/sobjects/Contact?LastName=${lastName}`))[0]!.Id;

before(async () => {
  server = await startConsole(['--config', CONFIG]);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // tsx keeps function names with an `__name` helper, which the functions run in the page would miss.
  await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  // The test page, served on the softphone's origin, loads the console's opencti_min.js and nothing else.
  await context.route(`**${TEST_PAGE}*`, (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>Open CTI contract</title><script src="/support/api/${DEFAULT_API_VERSION}/lightning/opencti_min.js"></script>` }),
  );
  ({ page } = await openConsole(context, server.url));
  softphoneOrigin = new URL((await page.locator('#softphone-frame').getAttribute('src')) ?? '').origin;
  const consoleOrigin = new URL(server.url).origin;
  await page.locator('#softphone-frame').evaluate((element, src) => ((element as HTMLIFrameElement).src = src), `${softphoneOrigin}${TEST_PAGE}?sfdcIframeOrigin=${encodeURIComponent(consoleOrigin)}&mode=Lightning`);
  await eventually(() => page.frames().find((candidate) => candidate.url().includes(TEST_PAGE)), 5000, 'the test page');
  await frame().waitForFunction(() => Boolean((window as unknown as Partial<Probe>).sforce?.opencti));
  await frame().evaluate(() => {
    const probe = window as unknown as Probe;
    probe.seen = { nav: [], dial: [], lms: {} };
    probe.sforce.opencti.onNavigationChange!({ listener: (payload: unknown) => probe.seen.nav.push(payload) });
    probe.sforce.opencti.onClickToDial!({ listener: (payload: unknown) => probe.seen.dial.push(payload) });
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the script', () => {
  it('defines the documented enums and methods, and nothing undocumented', async () => {
    const shape = await frame().evaluate(() => {
      const api = (window as unknown as Probe).sforce.opencti;
      return { CALL_TYPE: api.CALL_TYPE, SCREENPOP_TYPE: api.SCREENPOP_TYPE, methods: Object.keys(api).filter((key) => typeof api[key] === 'function').sort() };
    });
    assert.deepEqual(shape.CALL_TYPE, { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' });
    assert.deepEqual(shape.SCREENPOP_TYPE, { SOBJECT: 'sobject', URL: 'url', OBJECTHOME: 'objecthome', LIST: 'list', SEARCH: 'search', NEW_RECORD_MODAL: 'newRecord', FLOW: 'flow' });
    assert.deepEqual(shape.methods, [
      'disableClickToDial', 'enableClickToDial', 'getAppViewInfo', 'getCallCenterSettings', 'getSoftphoneLayout', 'isSoftphonePanelVisible',
      'notifyInitializationComplete', 'onClickToDial', 'onNavigationChange', 'publish', 'refreshView', 'runApex', 'saveLog', 'screenPop',
      'searchAndScreenPop', 'setSoftphoneItemIcon', 'setSoftphoneItemLabel', 'setSoftphonePanelHeight', 'setSoftphonePanelIcon',
      'setSoftphonePanelLabel', 'setSoftphonePanelVisibility', 'setSoftphonePanelWidth', 'subscribe', 'unsubscribe',
    ]);
  });

  it('throws at once when a method that exists for its callback, or a listener registration, lacks its function', async () => {
    const thrown = await frame().evaluate(() => {
      const api = (window as unknown as Probe).sforce.opencti;
      return ['getAppViewInfo', 'getCallCenterSettings', 'getSoftphoneLayout', 'isSoftphonePanelVisible', 'onClickToDial', 'onNavigationChange'].map((name) => {
        try {
          api[name]!({});
          return `${name}: no error`;
        } catch (error) {
          return `${name}: ${(error as Error).name}`;
        }
      });
    });
    assert.deepEqual(thrown, ['getAppViewInfo', 'getCallCenterSettings', 'getSoftphoneLayout', 'isSoftphonePanelVisible', 'onClickToDial', 'onNavigationChange'].map((name) => `${name}: TypeError`));
  });

  it('outside the console answers SOFTPHONE_CONTAINER_ERROR', async () => {
    const alone = await context.newPage();
    await alone.goto(`${softphoneOrigin}${TEST_PAGE}`);
    const result = await alone.evaluate(() => new Promise<Envelope>((resolve) => (window as unknown as Probe).sforce.opencti.getAppViewInfo!({ callback: resolve })));
    refused(result, 'SOFTPHONE_CONTAINER_ERROR', /only available inside the console/);
    await alone.close();
  });
});

describe('setters and panel', () => {
  it('answer returnValue null and change the console', async () => {
    for (const method of ['enableClickToDial', 'disableClickToDial', 'refreshView', 'notifyInitializationComplete']) assert.deepEqual(await call(method), ok(), method);
    assert.deepEqual(await call('setSoftphoneItemLabel', { label: 'Contract label' }), ok());
    assert.equal(await page.getByTestId('phone-item-label').textContent(), 'Contract label');
    assert.deepEqual(await call('setSoftphonePanelLabel', { label: 'Contract panel' }), ok());
    assert.deepEqual(await call('setSoftphoneItemIcon', { key: 'end_call' }), ok());
    assert.deepEqual(await call('setSoftphonePanelIcon', { key: 'call' }), ok());
    for (const [heightPX, widthPX] of [[240, 200], [2560, 1920], [500, 360]] as const) {
      assert.deepEqual(await call('setSoftphonePanelHeight', { heightPX }), ok(), `heightPX ${heightPX}`);
      assert.deepEqual(await call('setSoftphonePanelWidth', { widthPX }), ok(), `widthPX ${widthPX}`);
    }
    const panel = page.getByRole('dialog', { name: 'Contract panel', includeHidden: true });
    assert.deepEqual(await panel.evaluate((element) => [(element as HTMLElement).style.width, (element as HTMLElement).style.height]), ['360px', '500px']);
    assert.deepEqual(await call('setSoftphonePanelVisibility', { visible: true }), ok());
    assert.deepEqual(await call('isSoftphonePanelVisible'), ok({ visible: true }));
    assert.match((await panel.getAttribute('class')) ?? '', /slds-is-open/);
    assert.deepEqual(await call('setSoftphonePanelVisibility', { visible: false }), ok());
    assert.deepEqual(await call('isSoftphonePanelVisible'), ok({ visible: false }));
  });

  it('refuse bad arguments with INVALID_PARAM', async () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['setSoftphonePanelHeight', { heightPX: 239 }, /heightPX must be a number of pixels from 240 through 2560, got 239/],
      ['setSoftphonePanelHeight', { heightPX: 2561 }, /heightPX/],
      ['setSoftphonePanelHeight', { heightPX: '400' }, /heightPX/],
      ['setSoftphonePanelHeight', {}, /heightPX/],
      ['setSoftphonePanelWidth', { widthPX: 199 }, /widthPX must be a number of pixels from 200 through 1920/],
      ['setSoftphonePanelWidth', { widthPX: 1921 }, /widthPX/],
      ['setSoftphonePanelVisibility', { visible: 'yes' }, /visible is required: true or false/],
      ['setSoftphoneItemLabel', { label: 42 }, /label must be a string/],
      ['setSoftphonePanelLabel', {}, /label/],
      ['setSoftphoneItemIcon', { key: '' }, /key is required/],
      ['setSoftphonePanelIcon', { key: '<svg>' }, /SLDS utility icon/],
    ];
    for (const [method, args, description] of cases) refused(await call(method, args), 'INVALID_PARAM', description);
  });
});

describe('page information and listeners', () => {
  it('getAppViewInfo and onNavigationChange: flat, with empty record fields off record pages', async () => {
    const home = await call('getAppViewInfo');
    assert.equal(home.success, true);
    assert.deepEqual(Object.keys(home.returnValue as object).sort(), ['objectType', 'recordId', 'recordName', 'url']);
    assert.deepEqual({ ...(home.returnValue as object), url: '' }, { url: '', recordId: '', recordName: '', objectType: '' });
    assert.deepEqual(await call('screenPop', { type: 'objecthome', params: { scope: 'Account' } }), ok());
    const maria = await contactId('Chen');
    assert.deepEqual(await call('screenPop', { type: 'sobject', params: { recordId: maria } }), ok());
    await page.getByRole('tab', { name: 'Maria Chen', selected: true }).waitFor();
    const onRecord = (await call('getAppViewInfo')).returnValue as Record<string, string>;
    assert.deepEqual({ ...onRecord, url: '' }, { url: '', recordId: maria, recordName: 'Maria Chen', objectType: 'Contact' });
    assert.match(onRecord.url ?? '', new RegExp(`/lightning/r/Contact/${maria}/view$`));
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    const nav = await eventually(async () => {
      const payloads = await seen<Record<string, string>>('nav');
      return payloads.length >= 3 ? payloads : undefined;
    }, 3000, 'three navigation payloads');
    const list = nav.find((payload) => payload.url?.endsWith('/o/Account/list'));
    assert.deepEqual({ ...list, url: '' }, { url: '', recordId: '', recordName: '', objectType: '' });
    assert.deepEqual(nav.at(-1), onRecord, 'focus reports the page again, flat');
  });

  it('onClickToDial: the flat payload of a click on an enabled phone number', async () => {
    assert.deepEqual(await call('enableClickToDial'), ok());
    const maria = await contactId('Chen');
    await page.locator('.console-record .slds-page-header a.console-phone-link').click();
    const [payload] = await eventually(async () => ((await seen('dial')).length ? seen('dial') : undefined), 3000, 'the click-to-dial payload');
    assert.deepEqual(payload, { number: '(415) 555-0142', recordId: maria, recordName: 'Maria Chen', objectType: 'Contact' });
    assert.deepEqual(await call('disableClickToDial'), ok());
    await page.locator('.console-record a.console-phone-link').first().waitFor({ state: 'detached' });
  });
});

describe('getCallCenterSettings', () => {
  it('is the flat map of string values of the call centre that build writes', async () => {
    const result = await call('getCallCenterSettings');
    assert.equal(result.success, true);
    const settings = result.returnValue as Record<string, string>;
    assert.ok(Object.values(settings).every((value) => typeof value === 'string'), 'every value is a string');
    const pkg = toPackage((await loadConfig(CONFIG)).config);
    assert.deepEqual(settings, callCenterSettings(pkg));
    // Each section and item of the definition file, with its label and sort order.
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (name) => name === 'section' || name === 'item' });
    type Item = { '@name': string; '@label': string; '@sortOrder': string; '#text'?: string };
    const sections = (parser.parse(callCenterDefinition(pkg).contents as string) as { callCenter: { section: Array<Item & { item: Item[] }> } }).callCenter.section;
    assert.ok(sections.length >= 2);
    for (const section of sections) {
      assert.equal(settings[`/${section['@name']}/label`], section['@label']);
      assert.equal(settings[`/${section['@name']}/sortOrder`], `${section['@sortOrder']}.0`);
      for (const item of section.item) {
        const path = `/${section['@name']}/${item['@name']}`;
        assert.equal(settings[path], item['#text'] ?? '', path);
        assert.equal(settings[`${path}/label`], item['@label']);
        assert.equal(settings[`${path}/sortOrder`], `${item['@sortOrder']}.0`);
      }
    }
    assert.equal(settings['/reqGeneralInfo/reqUseApi'], 'true');
    assert.equal(settings['/reqGeneralInfo/reqSoftphoneHeight'], '460');
    assert.equal(settings['/label'], 'Softphone Connector');
    assert.equal(settings['/softphoneConnector/provider'], 'simulator');
  });
});

describe('screenPop', () => {
  it('opens every SCREENPOP_TYPE and answers returnValue null', async () => {
    const tom = await contactId('Becker');
    assert.deepEqual(await call('screenPop', { type: 'sobject', params: { recordId: tom } }), ok());
    await page.getByRole('tab', { name: 'Tom Becker', selected: true }).waitFor();

    assert.deepEqual(await call('screenPop', { type: 'url', params: { url: '/apex/CaseWizard?caseNumber=00001026&origin=Phone' } }), ok());
    await page.getByRole('tab', { name: '/apex/CaseWizard', selected: true }).waitFor();
    const params = page.getByRole('table', { name: 'URL parameters' });
    await params.getByRole('row', { name: 'caseNumber 00001026' }).waitFor();
    await params.getByRole('row', { name: 'origin Phone' }).waitFor();

    assert.deepEqual(await call('screenPop', { type: 'url', params: { url: 'https://status.example.com/incidents?id=7' } }), ok());
    await page.getByRole('tab', { name: 'status.example.com', selected: true }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Open status.example.com' }).getAttribute('target'), '_blank');

    assert.deepEqual(await call('screenPop', { type: 'objecthome', params: { scope: 'Lead' } }), ok());
    await page.getByRole('tab', { name: 'Leads', selected: true }).waitFor();
    assert.deepEqual(await call('screenPop', { type: 'list', params: { scope: 'Case', listViewId: '00BRecentCases' } }), ok());
    await page.locator('[data-list-view-id="00BRecentCases"]').waitFor();

    assert.deepEqual(await call('screenPop', { type: 'search', params: { searchString: 'Acme' } }), ok());
    await page.getByRole('tab', { name: 'Search: Acme', selected: true }).waitFor();

    assert.deepEqual(await call('screenPop', { type: 'flow', params: { flowDevName: 'Caller_Triage', flowArgs: [{ name: 'caseNumber', type: 'String', value: '00001026' }, { name: 'priority', type: 'Number', value: 2 }] } }), ok());
    await page.getByRole('tab', { name: 'Flow: Caller_Triage', selected: true }).waitFor();
    assert.equal(await page.getByLabel('caseNumber (String)').inputValue(), '00001026');
    assert.equal(await page.getByLabel('priority (Number)').inputValue(), '2');

    // defaultFieldValues beside params, as documented, and inside params, as SCREEN_POP_DATA carries them.
    assert.deepEqual(await call('screenPop', { type: 'newRecord', params: { entityName: 'Lead' }, defaultFieldValues: { Company: 'Initrode', LastName: 'Waddams' } }), ok());
    const lead = page.getByRole('dialog', { name: 'New Lead' });
    assert.equal(await lead.getByLabel('Company').inputValue(), 'Initrode');
    await lead.getByRole('button', { name: 'Cancel', exact: true }).click();
    assert.deepEqual(await call('screenPop', { type: 'newRecord', params: { entityName: 'Account', defaultFieldValues: { Name: 'Vandelay Industries' } } }), ok());
    const account = page.getByRole('dialog', { name: 'New Account' });
    assert.equal(await account.getByLabel('Account Name').inputValue(), 'Vandelay Industries');
    await account.getByRole('button', { name: 'Cancel', exact: true }).click();
  });

  it('refuses what the contract rules out with INVALID_PARAM', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ type: 'search', params: { searchString: 'ab' } }, /searchString must be at least 3 characters/],
      [{ type: 'teleport', params: {} }, /type must be a SCREENPOP_TYPE/],
      [{ type: 'sobject' }, /params is required/],
      [{ type: 'sobject', params: { recordId: 'not-an-id' } }, /recordId must be the id of/],
      [{ type: 'sobject', params: { recordId: '003000000000000AAA' } }, /No Contact record has the id/],
      [{ type: 'url', params: { url: 'javascript:alert(1)' } }, /must be a relative URL or use http or https/],
      [{ type: 'objecthome', params: { scope: 'Opportunity' } }, /scope must be an object API name/],
      [{ type: 'list', params: { scope: 'Case' } }, /listViewId is required/],
      [{ type: 'newRecord', params: { entityApiName: 'Contact' } }, /entityName is required/],
      [{ type: 'newRecord', params: { entityName: 'Contact' }, defaultFieldValues: { Phone: { nested: true } } }, /defaultFieldValues.Phone must be a string, number or boolean/],
      [{ type: 'flow', params: {} }, /flowDevName is required/],
      [{ type: 'flow', params: { flowDevName: 'Triage', flowArgs: [{ name: 'x' }] } }, /flowArgs\[0\] must be \{ name, type, value \}/],
    ];
    for (const [args, description] of cases) refused(await call('screenPop', args), 'INVALID_PARAM', description);
  });
});

describe('getSoftphoneLayout and searchAndScreenPop', () => {
  let defaultLayout: Record<string, Record<string, unknown>>;

  it('the default layout: nested by call type, objects with their fields, screen pops per situation', async () => {
    const result = await call('getSoftphoneLayout');
    assert.equal(result.success, true);
    defaultLayout = result.returnValue as typeof defaultLayout;
    assert.deepEqual(Object.keys(defaultLayout).sort(), ['Inbound', 'Internal', 'Outbound']);
    const inbound = defaultLayout.Inbound as { callRelatedFields: string[]; objects: Record<string, Array<{ displayName: string; apiName: string }>>; screenPopSettings: Record<string, unknown> };
    assert.ok(inbound.callRelatedFields.every((field) => ['ANI', 'DNIS', 'SEGMENT', 'QUEUE'].includes(field)));
    assert.deepEqual(Object.keys(inbound.objects), ['Contact', 'Lead', 'Account']);
    assert.deepEqual(inbound.objects.Contact?.[0], { displayName: 'Name', apiName: 'Name' });
    assert.deepEqual(inbound.screenPopSettings, {
      screenPopsOpenWithin: 'ExistingWindow',
      NoMatch: { screenPopType: 'PopToEntity', screenPopData: 'Contact' },
      SingleMatch: { screenPopType: 'PopToEntity' },
      MultipleMatches: { screenPopType: 'PopToSearch' },
    });
    assert.deepEqual((defaultLayout.Outbound as { screenPopSettings: unknown }).screenPopSettings, {});
    assert.deepEqual(defaultLayout.Internal, {});
    assert.deepEqual(await rest(server.url, 'GET', '/api/setup/softphone-layout'), defaultLayout);
  });

  it('pops as the default layout says: one match, several, none', async () => {
    const maria = await contactId('Chen');
    const one = await call('searchAndScreenPop', { searchParams: '+14155550142', callType: 'inbound' });
    assert.equal(one.success, true);
    const match = (one.returnValue as Record<string, Record<string, unknown>>)[maria];
    assert.deepEqual(Object.keys(one.returnValue as object), [maria], 'keyed by record id');
    assert.equal(match?.Id, maria);
    assert.equal(match?.Name, 'Maria Chen');
    assert.equal(match?.RecordType, 'Contact');
    assert.equal(match?.Email, undefined, 'only the layout\'s fields');
    await page.getByRole('tab', { name: 'Maria Chen', selected: true }).waitFor();

    const many = await call('searchAndScreenPop', { searchParams: '415.555.0199', callType: 'inbound' });
    assert.equal(Object.keys(many.returnValue as object).length, 2);
    await page.getByRole('tab', { name: 'Search: 415.555.0199', selected: true }).waitFor();

    assert.deepEqual(await call('searchAndScreenPop', { searchParams: '+12065550100', callType: 'inbound', defaultFieldValues: { LastName: 'Caller', Phone: '+12065550100' } }), ok({}));
    const form = page.getByRole('dialog', { name: 'New Contact' });
    assert.equal(await form.getByLabel('Phone').inputValue(), '+12065550100');
    await form.getByRole('button', { name: 'Cancel', exact: true }).click();

    // Outbound calls search but pop nothing; Internal calls have no layout.
    const before = await activeTab();
    const outbound = await call('searchAndScreenPop', { searchParams: '+14155550142', callType: 'outbound', deferred: true });
    assert.deepEqual(Object.keys(outbound.returnValue as object), [maria]);
    assert.deepEqual(await call('searchAndScreenPop', { searchParams: '+14155550142', callType: 'internal' }), ok({}));
    assert.equal(await activeTab(), before);

    refused(await call('searchAndScreenPop', { searchParams: '+14155550142' }), 'INVALID_PARAM', /callType is required: CALL_TYPE.INBOUND, OUTBOUND or INTERNAL/);
    refused(await call('searchAndScreenPop', { searchParams: '+14155550142', callType: 'Inbound' }), 'INVALID_PARAM', /callType/);
  });

  it('deferred: returns SCREEN_POP_DATA, navigates nowhere, and screenPop takes it unchanged', async () => {
    const maria = await contactId('Chen');
    await call('screenPop', { type: 'objecthome', params: { scope: 'Account' } });
    const before = await activeTab();
    const result = await call('searchAndScreenPop', { searchParams: '+14155550142', callType: 'inbound', deferred: true });
    const data = (result.returnValue as { SCREEN_POP_DATA: Record<string, unknown> }).SCREEN_POP_DATA;
    assert.deepEqual(data, { type: 'sobject', params: { recordId: maria } });
    await page.waitForTimeout(200);
    assert.equal(await activeTab(), before, 'no navigation');
    assert.deepEqual(await call('screenPop', data), ok());
    await page.getByRole('tab', { name: 'Maria Chen', selected: true }).waitFor();
    const none = await call('searchAndScreenPop', { searchParams: '+12065550100', callType: 'inbound', deferred: true, defaultFieldValues: { LastName: 'Caller' } });
    assert.deepEqual(none.returnValue, { SCREEN_POP_DATA: { type: 'newRecord', params: { entityName: 'Contact', defaultFieldValues: { LastName: 'Caller' } } } });
  });

  it('follows a layout edited in Setup: objects searched, Visualforce for none, a flow for several', async () => {
    await page.getByRole('button', { name: 'Setup', exact: true }).click();
    const inbound = page.getByRole('group', { name: 'Inbound calls', exact: true });
    await inbound.locator('label[for="inbound-object-Lead"]').click();
    await inbound.getByLabel('No match', { exact: true }).selectOption('PopToVisualforce');
    await page.getByRole('button', { name: 'Save layout' }).click();
    // A Visualforce pop needs its page: the error names the field.
    await page.getByRole('alert').filter({ hasText: 'Inbound.screenPopSettings.NoMatch.screenPopData' }).waitFor();
    await inbound.getByLabel('No match: Visualforce page name').fill('CallerLookup');
    await inbound.getByLabel('Multiple matches', { exact: true }).selectOption('PopToFlow');
    await inbound.getByLabel('Multiple matches: flow API name').fill('Caller_Triage');
    await page.getByRole('button', { name: 'Save layout' }).click();
    await page.getByText('Softphone layout saved.').waitFor();

    const layout = (await call('getSoftphoneLayout')).returnValue as { Inbound: { objects: object; screenPopSettings: Record<string, unknown> } };
    assert.deepEqual(Object.keys(layout.Inbound.objects), ['Contact', 'Account']);
    assert.deepEqual(layout.Inbound.screenPopSettings.NoMatch, { screenPopType: 'PopToVisualforce', screenPopData: 'CallerLookup' });
    assert.deepEqual(layout.Inbound.screenPopSettings.MultipleMatches, { screenPopType: 'PopToFlow', screenPopData: 'Caller_Triage' });
    assert.deepEqual(await rest(server.url, 'GET', '/api/setup/softphone-layout'), layout, 'kept in the console\'s store');

    // Liam Novak is a Lead: Leads are no longer searched, so nothing matches and the Visualforce page pops with the queryParams.
    assert.deepEqual(await call('searchAndScreenPop', { searchParams: '(303) 555-0123', callType: 'inbound', queryParams: 'callId=SIM-9&queue=Support' }), ok({}));
    await page.getByRole('tab', { name: '/apex/CallerLookup', selected: true }).waitFor();
    await page.getByRole('table', { name: 'URL parameters' }).getByRole('row', { name: 'queue Support' }).waitFor();

    const flowArgs = [{ name: 'callerNumber', type: 'String', value: '+14155550199' }];
    const many = await call('searchAndScreenPop', { searchParams: '415.555.0199', callType: 'inbound', params: { FLOW: { flowArgs } } });
    assert.equal(Object.keys(many.returnValue as object).length, 2);
    await page.getByRole('tab', { name: 'Flow: Caller_Triage', selected: true }).waitFor();
    assert.equal(await page.getByLabel('callerNumber (String)').inputValue(), '+14155550199');
    const deferred = await call('searchAndScreenPop', { searchParams: '415.555.0199', callType: 'inbound', params: { FLOW: { flowArgs } }, deferred: true });
    assert.deepEqual((deferred.returnValue as { SCREEN_POP_DATA: unknown }).SCREEN_POP_DATA, { type: 'flow', params: { flowDevName: 'Caller_Triage', flowArgs } });

    await page.getByRole('button', { name: 'Setup', exact: true }).click();
    await page.getByRole('button', { name: 'Restore default' }).click();
    await page.getByText('Softphone layout restored to the default.').waitFor();
    assert.deepEqual((await call('getSoftphoneLayout')).returnValue, defaultLayout);
  });

  it('the layout API refuses a malformed layout, naming the field', async () => {
    const response = await fetch(`${server.url}/api/setup/softphone-layout`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...defaultLayout, Inbound: { ...defaultLayout.Inbound, callRelatedFields: ['CALLER'] } }) });
    assert.equal(response.status, 400);
    assert.deepEqual(((await response.json()) as Array<{ fields: string[] }>)[0]?.fields, ['Inbound.callRelatedFields']);
  });
});

describe('saveLog and runApex', () => {
  it('creates with entityApiName, updates with Id, and answers the saved id', async () => {
    const maria = await contactId('Chen');
    const created = await call('saveLog', { value: { entityApiName: 'Task', Subject: 'Contract call', CallObject: 'CONTRACT-1', CallType: 'Inbound', Status: 'Completed', TaskSubtype: 'Call', WhoId: maria } });
    assert.equal(created.success, true, JSON.stringify(created));
    const { recordId } = created.returnValue as { recordId: string };
    assert.match(recordId, /^00T[A-Za-z0-9]{15}$/);
    assert.deepEqual(await call('saveLog', { value: { Id: recordId, CallDisposition: 'Resolved' } }), ok({ recordId }));
    const [task] = await rest<Array<{ Id: string; CallDisposition: string }>>(server.url, 'GET', '/api/sobjects/Task?CallObject=CONTRACT-1');
    assert.deepEqual([task?.Id, task?.CallDisposition], [recordId, 'Resolved']);
    assert.deepEqual(await call('runApex', { apexClass: 'SoftphoneCallLog', methodName: 'findByCallObject', methodParams: 'callObject=CONTRACT-1' }), ok({ runApex: recordId }));
  });

  it('refuses bad arguments with INVALID_PARAM and store failures with SERVER_ERROR', async () => {
    refused(await call('saveLog', {}), 'INVALID_PARAM', /value is required/);
    refused(await call('saveLog', { value: { Subject: 'x' } }), 'INVALID_PARAM', /needs Id \(to update\) or entityApiName \(to create\)/);
    refused(await call('saveLog', { value: { entityApiName: 'Opportunity', Name: 'x' } }), 'INVALID_PARAM', /entityApiName must be an object/);
    const unknownField = await call('saveLog', { value: { entityApiName: 'Task', Subject: 'x', NoSuchField__c: 'x' } });
    refused(unknownField, 'SERVER_ERROR', /No such column 'NoSuchField__c'/);
    assert.deepEqual((unknownField.errors?.[0]?.details as { fields: string[] }).fields, ['NoSuchField__c']);
    await rest(server.url, 'PUT', '/api/admin/faults', { saveLogFailureRate: 1 });
    try {
      refused(await call('saveLog', { value: { entityApiName: 'Task', Subject: 'Lost' } }), 'SERVER_ERROR', /Injected fault/);
    } finally {
      await rest(server.url, 'PUT', '/api/admin/faults', { saveLogFailureRate: 0 });
    }
    refused(await call('runApex', { apexClass: 'SoftphoneCallLog' }), 'INVALID_PARAM', /methodName is required/);
    refused(await call('runApex', { apexClass: 'AccountService', methodName: 'lookup', methodParams: 'name=acme' }), 'GENERIC_ERROR', /runs no Apex/);
  });
});

describe('Lightning Message Service', () => {
  const subscribe = (channelName: string, tag: string): Promise<Envelope> =>
    frame().evaluate(
      ([channel, name]) =>
        new Promise<Envelope>((resolve) => {
          const probe = window as unknown as Probe;
          probe.seen.lms[name] = [];
          probe.sforce.opencti.subscribe!({ channelName: channel, listener: (message: unknown) => probe.seen.lms[name]!.push(message), callback: resolve });
        }),
      [channelName, tag] as const,
    );

  it('delivers what the softphone and the console publish to the subscribers of that channel until they unsubscribe', async () => {
    const first = await subscribe('SoftphoneStatus__c', 'first');
    const second = await subscribe('SoftphoneStatus__c', 'second');
    const other = await subscribe('ns__OmniStatus__c', 'other');
    for (const result of [first, second, other]) {
      assert.equal(result.success, true);
      assert.deepEqual(Object.keys(result.returnValue as object), ['subscription']);
    }
    await page.evaluate(() => {
      const target = window as unknown as { consoleLms: { subscribe(channel: string, listener: (message: unknown) => void): () => void }; consoleSeen: unknown[] };
      target.consoleSeen = [];
      target.consoleLms.subscribe('SoftphoneStatus__c', (message) => target.consoleSeen.push(message));
    });
    const message = { status: 'Available', at: 1, nested: { reason: 'agent' } };
    assert.deepEqual(await call('publish', { channelName: 'SoftphoneStatus__c', message }), ok());
    await eventually(async () => ((await lmsSeen('second')).length === 1 ? true : undefined), 3000, 'the second subscriber');
    assert.deepEqual(await lmsSeen('first'), [message], 'flat: the message as published');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { consoleSeen: unknown[] }).consoleSeen), [message]);
    assert.deepEqual(await lmsSeen('other'), [], 'another channel hears nothing');

    await page.evaluate(() => (window as unknown as { consoleLms: { publish(channel: string, message: unknown): number } }).consoleLms.publish('ns__OmniStatus__c', { from: 'console' }));
    await eventually(async () => ((await lmsSeen('other')).length === 1 ? true : undefined), 3000, 'the console\'s message');
    assert.deepEqual(await lmsSeen('other'), [{ from: 'console' }]);

    assert.deepEqual(await call('unsubscribe', { subscription: (first.returnValue as { subscription: unknown }).subscription }), ok());
    await call('publish', { channelName: 'SoftphoneStatus__c', message: { status: 'Busy' } });
    await eventually(async () => ((await lmsSeen('second')).length === 2 ? true : undefined), 3000, 'the message after unsubscribe');
    assert.deepEqual(await lmsSeen('first'), [message], 'no delivery after unsubscribe');
    refused(await call('unsubscribe', { subscription: (first.returnValue as { subscription: unknown }).subscription }), 'INVALID_PARAM', /still active/);
  });

  it('refuses a bad channel, a missing listener and a message that cannot be serialized', async () => {
    refused(await call('subscribe', { channelName: 'NoSuffix' }), 'INVALID_PARAM', /listener must be a function/);
    refused(await subscribe('NoSuffix', 'bad'), 'INVALID_PARAM', /channelName must be a message channel's API name/);
    refused(await call('publish', { channelName: '', message: {} }), 'INVALID_PARAM', /channelName is required/);
    const unserializable = await frame().evaluate(() => new Promise<Envelope>((resolve) =>
      (window as unknown as Probe).sforce.opencti.publish!({ channelName: 'SoftphoneStatus__c', message: { run: () => 1 }, callback: resolve })));
    refused(unserializable, 'INVALID_PARAM', /must be serializable data/);
  });
});
