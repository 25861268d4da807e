// Screen-pop rules at their limits: when a rule applies, how a template fills, what each kind of
// rule validates to (exactly), each refusal's field, expectation and value, and the lengths and
// forms just inside and just outside what is allowed. Also the server session's fetch.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ConfigError, fillTemplate, fetchWithSession, ruleApplies, validatePopRules, type PopRequest, type PopRule } from '../../src/core/index.js';

const call = (extra: Partial<PopRequest> = {}): PopRequest => ({ callId: 'c1', direction: 'inbound', number: '+14155550142', ...extra });
const when = (conditions: PopRule['when']): PopRule => ({ name: 'r', ...(conditions ? { when: conditions } : {}), pop: { kind: 'url', url: '/x' } });

/** The refusal of `value` (as `screenPop.rules`): its field and message. */
function refusal(value: unknown): { field: string; message: string } {
  try {
    validatePopRules(value);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, got ${String(error)}`);
    return { field: error.field, message: error.message };
  }
  return assert.fail(`accepted ${JSON.stringify(value)}`);
}
const fieldOf = (value: unknown) => refusal(value).field;
const one = (pop: Record<string, unknown>, extra: Record<string, unknown> = {}) => [{ name: 'r1', pop, ...extra }];

describe('ruleApplies', () => {
  it('a rule without conditions always applies; each condition given must hold', () => {
    assert.equal(ruleApplies(when(undefined), call()), true);
    assert.equal(ruleApplies(when({ direction: 'inbound' }), call()), true);
    assert.equal(ruleApplies(when({ direction: 'outbound' }), call()), false);
    assert.equal(ruleApplies(when({ direction: 'inbound', queue: 'Billing' }), call({ queue: 'Support' })), false);
  });

  it('queue: one or several names, compared without case; a call without a queue does not match', () => {
    assert.equal(ruleApplies(when({ queue: 'Billing' }), call({ queue: 'billing' })), true);
    assert.equal(ruleApplies(when({ queue: ['Sales', 'BILLING'] }), call({ queue: 'Billing' })), true);
    assert.equal(ruleApplies(when({ queue: ['Sales'] }), call({ queue: 'Billing' })), false);
    assert.equal(ruleApplies(when({ queue: 'Billing' }), call()), false);
  });

  it('dialled: compared on digits, national and international forms of one number match from 7 digits', () => {
    assert.equal(ruleApplies(when({ dialled: '+1 (800) 555-0100' }), call({ dialled: '18005550100' })), true);
    assert.equal(ruleApplies(when({ dialled: '8005550100' }), call({ dialled: '+18005550100' })), true, 'the dialled number ends with the rule\'s');
    assert.equal(ruleApplies(when({ dialled: '+18005550100' }), call({ dialled: '8005550100' })), true, "the rule's number ends with the dialled one");
    assert.equal(ruleApplies(when({ dialled: '5550100' }), call({ dialled: '8005550100' })), true, '7 digits are enough');
    assert.equal(ruleApplies(when({ dialled: '550100' }), call({ dialled: '8005550100' })), false, '6 digits are not');
    assert.equal(ruleApplies(when({ dialled: '8005550100' }), call({ dialled: '550100' })), false, 'nor a 6-digit dialled number');
    assert.equal(ruleApplies(when({ dialled: '8005550199' }), call({ dialled: '8005550100' })), false);
    assert.equal(ruleApplies(when({ dialled: ['123', '8005550100'] }), call({ dialled: '800-555-0100' })), true);
    assert.equal(ruleApplies(when({ dialled: '8005550100' }), call()), false, 'no dialled number');
    assert.equal(ruleApplies(when({ dialled: '8005550100' }), call({ dialled: 'anonymous' })), false, 'a dialled number without digits');
  });

  it('data: present (true) or exactly a value; absent or empty never matches', () => {
    assert.equal(ruleApplies(when({ data: { account: true } }), call({ data: { account: 'A1' } })), true);
    assert.equal(ruleApplies(when({ data: { account: true } }), call({ data: { account: '' } })), false);
    assert.equal(ruleApplies(when({ data: { account: true } }), call({ data: {} })), false);
    assert.equal(ruleApplies(when({ data: { account: true } }), call()), false);
    assert.equal(ruleApplies(when({ data: { lang: 'fr' } }), call({ data: { lang: 'fr' } })), true);
    assert.equal(ruleApplies(when({ data: { lang: 'fr' } }), call({ data: { lang: 'de' } })), false);
    assert.equal(ruleApplies(when({ data: { lang: 'fr', account: true } }), call({ data: { lang: 'fr' } })), false, 'every key must hold');
  });
});

describe('fillTemplate', () => {
  it('fills each placeholder with the call\'s value, trimmed, through the encoder', () => {
    const request = call({ dialled: '+18005550100', queue: ' Billing ', data: { order: ' A 1/2 ' } });
    assert.equal(fillTemplate('{number}|{dialled}|{queue}|{data.order}', request), '+14155550142|+18005550100|Billing|A 1/2');
    assert.equal(fillTemplate('/apex/Orders?id={data.order}', request, encodeURIComponent), '/apex/Orders?id=A%201%2F2');
    assert.equal(fillTemplate('no placeholders', request), 'no placeholders');
  });
  it('is undefined when any placeholder has no value (absent, blank or unknown)', () => {
    assert.equal(fillTemplate('{data.order}', call()), undefined);
    assert.equal(fillTemplate('{data.order}-{number}', call({ data: { order: '   ' } })), undefined);
    assert.equal(fillTemplate('{queue}', call()), undefined);
    assert.equal(fillTemplate('{dialled}', call()), undefined);
    assert.equal(fillTemplate('{callerName}', call()), undefined);
  });
});

describe('validatePopRules: what each kind validates to', () => {
  it('no rules at all is an empty list; each kind keeps exactly its options', () => {
    assert.deepEqual(validatePopRules(undefined), []);
    const rules = [
      { name: 'case', when: { direction: 'inbound', queue: 'Billing', dialled: '800 555 0100', data: { account: true, lang: 'fr' } }, pop: { kind: 'search', value: '{data.caseNumber}', objects: { Case: 'CaseNumber' }, onMany: 'first' } },
      { name: 'rec', pop: { kind: 'record', idFrom: 'record.id', object: 'Account' } },
      { name: 'flow', pop: { kind: 'flow', flowDevName: 'Intake_Flow', inputs: { caller: '{number}' } } },
      { name: 'flow2', pop: { kind: 'flow', flowDevName: 'Intake' } },
      { name: 'web', pop: { kind: 'url', url: 'https://orders.example.com/{data.order}' } },
      { name: 'new', pop: { kind: 'new-record', object: 'Lead', fields: { Phone: '{number}' } } },
      { name: 'plain', when: {}, pop: { kind: 'search', value: '{number}', objects: { Contact: 'Phone' } } },
    ];
    const [first, ...rest] = validatePopRules(rules);
    // A single queue or dialled number becomes a list of one; everything else is kept as given.
    assert.deepEqual(first, { ...rules[0], when: { ...rules[0]?.when, queue: ['Billing'], dialled: ['800 555 0100'] } });
    assert.deepEqual(rest, rules.slice(1));
  });
});

describe('validatePopRules: refusals', () => {
  it('names the field, what it must be and what it got', () => {
    assert.deepEqual(refusal({ name: 'a' }), { field: 'screenPop.rules', message: 'screenPop.rules must be a list of rules like { name, when?, pop: { kind, … } }, got an object' });
    assert.match(refusal([null]).message, /^screenPop\.rules\[0\] must be an object/);
    assert.match(refusal([[]]).message, /^screenPop\.rules\[0\] must be an object/);
    assert.match(refusal(one({ kind: 'url', url: '/x' }, { colour: 'red' })).message, /^screenPop\.rules\["r1"\]\.colour must be one of the known options \(name, when, pop\)/);
    assert.match(refusal(one({ kind: 'teleport' })).message, /must be "search", "record", "flow", "url", "new-record"/);
    assert.match(refusal(one({ kind: 'search', value: '{number}', objects: { Case: 'Case__Number' } })).message, /must be an API name: a letter, then letters, digits or single underscores/);
    assert.match(refusal(one({ kind: 'search', value: '{nmber}', objects: { Case: 'CaseNumber' } })).message, /placeholders are \{data\.<key>\}, \{number\}, \{dialled\} or \{queue\}, got "\{nmber\}"/);
  });

  it('rule names: a letter first, up to 64 characters, unique', () => {
    assert.equal(validatePopRules(one({ kind: 'url', url: '/x' }).map((rule) => ({ ...rule, name: `a${'b'.repeat(63)}` })))[0]?.name.length, 64);
    assert.equal(fieldOf([{ name: `a${'b'.repeat(64)}`, pop: { kind: 'url', url: '/x' } }]), 'screenPop.rules[0].name');
    assert.equal(fieldOf([{ name: '1a', pop: { kind: 'url', url: '/x' } }]), 'screenPop.rules[0].name');
    assert.equal(fieldOf([{ name: 7, pop: { kind: 'url', url: '/x' } }]), 'screenPop.rules[0].name');
    assert.equal(fieldOf([{ name: 'a', pop: { kind: 'url', url: '/x' } }, { name: 'b', pop: { kind: 'url', url: '/x' } }, { name: 'a', pop: { kind: 'url', url: '/y' } }]), 'screenPop.rules["a"].name');
  });

  it('conditions: direction, queue, dialled numbers, data keys and values', () => {
    const rule = (conditions: unknown) => one({ kind: 'url', url: '/x' }, { when: conditions });
    assert.equal(fieldOf(rule('inbound')), 'screenPop.rules["r1"].when');
    assert.equal(fieldOf(rule({ direction: 'both' })), 'screenPop.rules["r1"].when.direction');
    assert.equal(fieldOf(rule({ queue: [] })), 'screenPop.rules["r1"].when.queue');
    assert.equal(fieldOf(rule({ queue: ['Billing', ' '] })), 'screenPop.rules["r1"].when.queue');
    assert.equal(fieldOf(rule({ queue: ['Billing', 3] })), 'screenPop.rules["r1"].when.queue');
    assert.equal(fieldOf(rule({ queue: 3 })), 'screenPop.rules["r1"].when.queue');
    assert.equal(fieldOf(rule({ dialled: ['800', '1-2'] })), 'screenPop.rules["r1"].when.dialled[1]');
    assert.deepEqual(validatePopRules(rule({ dialled: '1-2-3' }))[0]?.when, { dialled: ['1-2-3'] }, '3 digits are a number');
    assert.equal(fieldOf(rule({ data: { 'bad key': true } })), 'screenPop.rules["r1"].when.data.bad key');
    assert.equal(fieldOf(rule({ data: { [`k${'x'.repeat(64)}`]: true } })), `screenPop.rules["r1"].when.data.k${'x'.repeat(64)}`);
    assert.equal(fieldOf(rule({ data: { k: false } })), 'screenPop.rules["r1"].when.data.k');
    assert.equal(fieldOf(rule({ data: { k: 3 } })), 'screenPop.rules["r1"].when.data.k');
    assert.equal(fieldOf(rule({ data: 'k' })), 'screenPop.rules["r1"].when.data');
    assert.deepEqual(validatePopRules(rule({ data: { 'a.b_c-d': 'x' } }))[0]?.when, { data: { 'a.b_c-d': 'x' } });
  });

  it('templates: not blank, at most 2,000 characters, known placeholders only', () => {
    const search = (value: unknown) => one({ kind: 'search', value, objects: { Case: 'CaseNumber' } });
    assert.equal(validatePopRules(search(`{number}${'x'.repeat(1992)}`))[0]?.pop.kind, 'search', '2,000 characters');
    assert.equal(fieldOf(search(`{number}${'x'.repeat(1993)}`)), 'screenPop.rules["r1"].pop.value');
    assert.equal(fieldOf(search('   ')), 'screenPop.rules["r1"].pop.value');
    assert.equal(fieldOf(search(5)), 'screenPop.rules["r1"].pop.value');
    assert.equal(fieldOf(search('{data.}')), 'screenPop.rules["r1"].pop.value');
    assert.equal(fieldOf(search('{data.a b}')), 'screenPop.rules["r1"].pop.value');
    assert.equal(fieldOf(search('{}')), 'screenPop.rules["r1"].pop.value');
    for (const known of ['{number}', '{dialled}', '{queue}', '{data.a.b-c_d}']) assert.equal(validatePopRules(search(known)).length, 1, known);
  });

  it('API names: up to 80 characters, no trailing or double underscore', () => {
    const record = (object: unknown) => one({ kind: 'record', idFrom: 'id', object });
    assert.equal(validatePopRules(record(`A${'b'.repeat(79)}`)).length, 1);
    assert.equal(fieldOf(record(`A${'b'.repeat(80)}`)), 'screenPop.rules["r1"].pop.object');
    assert.equal(validatePopRules(record('Order_Line__c'.replace('__', '_'))).length, 1);
    assert.equal(fieldOf(record('Order__c')), 'screenPop.rules["r1"].pop.object');
    assert.equal(fieldOf(record('Order_')), 'screenPop.rules["r1"].pop.object');
    assert.equal(fieldOf(record('_Order')), 'screenPop.rules["r1"].pop.object');
    assert.equal(fieldOf(record(undefined)), 'screenPop.rules["r1"].pop.object');
    assert.equal(fieldOf(one({ kind: 'record', idFrom: 'a b', object: 'Case' })), 'screenPop.rules["r1"].pop.idFrom');
    assert.equal(fieldOf(one({ kind: 'record', idFrom: 'id', object: 'Case', extra: 1 })), 'screenPop.rules["r1"].pop.extra');
  });

  it('search: objects required, each name and field an API name; onMany first or search', () => {
    const search = (extra: Record<string, unknown>) => one({ kind: 'search', value: '{number}', ...extra });
    assert.equal(fieldOf(search({})), 'screenPop.rules["r1"].pop.objects');
    assert.equal(fieldOf(search({ objects: { Case: 'Case Number' } })), 'screenPop.rules["r1"].pop.objects.Case');
    assert.equal(fieldOf(search({ objects: { Case: 'CaseNumber' }, onMany: 'all' })), 'screenPop.rules["r1"].pop.onMany');
    assert.deepEqual(validatePopRules(search({ objects: { Case: 'CaseNumber' }, onMany: 'search' }))[0]?.pop, { kind: 'search', value: '{number}', objects: { Case: 'CaseNumber' }, onMany: 'search' });
    assert.equal(fieldOf(search({ objects: { Case: 'CaseNumber' }, url: '/x' })), 'screenPop.rules["r1"].pop.url');
  });

  it('flow: its API name, and inputs named as flow variables (a letter, up to 80 characters)', () => {
    const flow = (inputs: unknown) => one({ kind: 'flow', flowDevName: 'Intake', inputs });
    assert.equal(fieldOf(flow({})), 'screenPop.rules["r1"].pop.inputs');
    assert.equal(fieldOf(flow({ _caller: '{number}' })), 'screenPop.rules["r1"].pop.inputs._caller');
    assert.equal(validatePopRules(flow({ [`v${'x'.repeat(79)}`]: '{number}' })).length, 1);
    assert.equal(fieldOf(flow({ [`v${'x'.repeat(80)}`]: '{number}' })), `screenPop.rules["r1"].pop.inputs.v${'x'.repeat(80)}`);
    assert.equal(fieldOf(flow({ caller: '' })), 'screenPop.rules["r1"].pop.inputs.caller');
    assert.equal(fieldOf(one({ kind: 'flow', flowDevName: 'Bad Name' })), 'screenPop.rules["r1"].pop.flowDevName');
  });

  it('url: relative inside the app or absolute http(s); nothing that leaves by another scheme or host', () => {
    const url = (value: string) => one({ kind: 'url', url: value });
    for (const good of ['/apex/Orders?id={data.order}', '/x', 'https://orders.example.com/{data.order}', 'http://intranet:8080/a', 'HTTPS://EXAMPLE.COM']) assert.equal(validatePopRules(url(good)).length, 1, good);
    for (const bad of ['//evil.example.com/{data.x}', '/\\evil.example.com', 'javascript:alert(1)', 'ftp://example.com/x', 'orders/{data.x}', '/a b', 'https:///nohost', 'https://exa mple.com']) {
      assert.equal(fieldOf(url(bad)), 'screenPop.rules["r1"].pop.url', bad);
    }
    assert.match(refusal(url('ftp://x')).message, /a relative URL such as \/apex\/Orders\?id=\{data\.orderId\} or an absolute http\(s\) URL/);
  });

  it('new-record: an object and at least one field, each named by API name', () => {
    const form = (fields: unknown, object: unknown = 'Lead') => one({ kind: 'new-record', object, fields });
    assert.equal(fieldOf(form(undefined)), 'screenPop.rules["r1"].pop.fields');
    assert.equal(fieldOf(form({})), 'screenPop.rules["r1"].pop.fields');
    assert.equal(fieldOf(form({ 'Phone Number': '{number}' })), 'screenPop.rules["r1"].pop.fields.Phone Number');
    assert.equal(fieldOf(form({ Phone: '{number}' }, 'Le ad')), 'screenPop.rules["r1"].pop.object');
  });
});

describe('validatePopRules: every refusal, word for word', () => {
  const at = 'screenPop.rules["r1"]';
  const url = (value: string) => one({ kind: 'url', url: value });
  const cases: readonly (readonly [string, unknown, string])[] = [
    ['unknown option', one({ kind: 'url', url: '/x', colour: 'red' }), `${at}.pop.colour must be one of the known options (kind, url), got "an unknown option"`],
    ['rule name', [{ name: '1a', pop: { kind: 'url', url: '/x' } }], 'screenPop.rules[0].name must be a rule name: a letter, then letters, digits, "-" or "_", got "1a"'],
    ['duplicate name', [{ name: 'a', pop: { kind: 'url', url: '/x' } }, { name: 'a', pop: { kind: 'url', url: '/y' } }], 'screenPop.rules["a"].name must be a name no other rule has, got "a"'],
    ['not an object', [7], 'screenPop.rules[0] must be an object, got 7'],
    ['blank template', one({ kind: 'search', value: ' ', objects: { Case: 'CaseNumber' } }), `${at}.pop.value must be a non-empty template of at most 2000 characters, got " "`],
    ['empty queue list', one({ kind: 'url', url: '/x' }, { when: { queue: [] } }), `${at}.when.queue must be a non-empty string or a non-empty list of them, got an array`],
    ['direction', one({ kind: 'url', url: '/x' }, { when: { direction: 'both' } }), `${at}.when.direction must be "inbound" or "outbound", got "both"`],
    ['dialled list', one({ kind: 'url', url: '/x' }, { when: { dialled: 7 } }), `${at}.when.dialled must be a non-empty string or a non-empty list of them, got 7`],
    ['dialled number', one({ kind: 'url', url: '/x' }, { when: { dialled: ['800', '1-2'] } }), `${at}.when.dialled[1] must be a phone number (at least 3 digits), got "1-2"`],
    ['data key', one({ kind: 'url', url: '/x' }, { when: { data: { 'a b': true } } }), `${at}.when.data.a b must be a call-data key of letters, digits, ".", "_" or "-", got "a b"`],
    ['data value', one({ kind: 'url', url: '/x' }, { when: { data: { k: '' } } }), `${at}.when.data.k must be the exact value (a non-empty string), or true for "present", got ""`],
    ['no fields', one({ kind: 'new-record', object: 'Lead', fields: {} }), `${at}.pop.fields must be at least one entry, got an object`],
    ['no objects', one({ kind: 'search', value: '{number}', objects: {} }), `${at}.pop.objects must be at least one object API name → field API name, e.g. { Case: "CaseNumber" }, got an object`],
    ['onMany', one({ kind: 'search', value: '{number}', objects: { Case: 'CaseNumber' }, onMany: 'all' }), `${at}.pop.onMany must be "first" or "search", got "all"`],
    ['idFrom', one({ kind: 'record', idFrom: 'a b', object: 'Case' }), `${at}.pop.idFrom must be the call-data key that holds the record id, got "a b"`],
    ['flow variable', one({ kind: 'flow', flowDevName: 'Intake', inputs: { _caller: '{number}' } }), `${at}.pop.inputs._caller must be a flow variable's API name, got "_caller"`],
    ['url template', url(' '), `${at}.pop.url must be a non-empty template of at most 2000 characters, got " "`],
  ];
  for (const [what, rules, message] of cases) {
    it(what, () => assert.equal(refusal(rules).message, message));
  }
});

describe('pop rules: the edges of matching and of URLs', () => {
  it('a short dialled number (an emergency or service code) matches only exactly', () => {
    assert.equal(ruleApplies(when({ dialled: '112' }), call({ dialled: '112' })), true);
    assert.equal(ruleApplies(when({ dialled: '112' }), call({ dialled: '0112' })), false);
    assert.equal(ruleApplies(when({ dialled: '0112' }), call({ dialled: '112' })), false);
  });

  it('a call without a dialled number never matches a dialled condition, even one with no digits (a rule built in code)', () => {
    assert.equal(ruleApplies(when({ dialled: 'ext' }), call()), false);
    assert.equal(ruleApplies(when({ dialled: 'ext' }), call({ dialled: 'anonymous' })), false);
  });

  it('both directions validate', () => {
    for (const direction of ['inbound', 'outbound'] as const) {
      assert.deepEqual(validatePopRules(one({ kind: 'url', url: '/x' }, { when: { direction } }))[0]?.when, { direction });
    }
  });

  it('a placeholder the template does not know stays unfilled, whatever else the call has', () => {
    const full = call({ dialled: '+18005550100', queue: 'Billing', data: { order: 'A1' } });
    assert.equal(fillTemplate('{callerName}', full), undefined);
    assert.equal(fillTemplate('{ queue }', full), undefined, 'names are exact: no spaces inside');
  });

  it('an absolute URL may take its host from the call; a URL is absolute only by its start', () => {
    assert.deepEqual(validatePopRules(one({ kind: 'url', url: 'https://{data.host}/orders' }))[0]?.pop, { kind: 'url', url: 'https://{data.host}/orders' });
    for (const bad of ['javascript://https://evil.example.com', 'data:text/html,https://evil.example.com', 'x:https://evil.example.com/{data.order}']) {
      assert.equal(fieldOf(one({ kind: 'url', url: bad })), 'screenPop.rules["r1"].pop.url', bad);
    }
  });
});

describe('fetchWithSession', () => {
  const original = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = original;
  });
  /** fetch answering the given statuses in turn, recording each request's authorization and other headers. */
  function answering(...statuses: number[]) {
    const seen: Array<{ url: string; authorization: string | null; accept: string | null; method: string | undefined }> = [];
    globalThis.fetch = (async (url: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      seen.push({ url, authorization: headers.get('authorization'), accept: headers.get('accept'), method: init.method });
      return new Response(null, { status: statuses.shift() ?? 500 });
    }) as typeof fetch;
    return seen;
  }
  function session() {
    let issued = 0;
    let invalidated = 0;
    return { token: async () => `t${++issued}`, invalidate: () => void invalidated++, get invalidated() { return invalidated; } };
  }

  it('without a session, sends the request as it is', async () => {
    const seen = answering(200);
    assert.equal((await fetchWithSession(undefined, '/a', { method: 'POST', headers: { accept: 'application/json' } })).status, 200);
    assert.deepEqual(seen, [{ url: '/a', authorization: null, accept: 'application/json', method: 'POST' }]);
  });

  it('adds the bearer token, keeping the request\'s own headers; a non-401 answer is returned as it is', async () => {
    const seen = answering(403);
    const agent = session();
    assert.equal((await fetchWithSession(agent, '/a', { method: 'PUT', headers: { accept: 'application/json' } })).status, 403);
    assert.deepEqual(seen, [{ url: '/a', authorization: 'Bearer t1', accept: 'application/json', method: 'PUT' }]);
    assert.equal(agent.invalidated, 0);
  });

  it('after a 401, invalidates the session and retries once with a new token', async () => {
    const seen = answering(401, 401);
    const agent = session();
    assert.equal((await fetchWithSession(agent, '/a')).status, 401, 'a second 401 is the answer');
    assert.deepEqual(seen.map((each) => each.authorization), ['Bearer t1', 'Bearer t2']);
    assert.equal(agent.invalidated, 1);
    const again = answering(401, 200);
    assert.equal((await fetchWithSession(agent, '/b')).status, 200);
    assert.deepEqual(again.map((each) => each.authorization), ['Bearer t3', 'Bearer t4']);
  });
});
