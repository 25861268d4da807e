/**
 * Screen-pop rules beyond the caller's number, host-neutral: which rule applies to a call
 * (direction, queue, dialled number, call data) and the values its action is built from. Each host
 * carries the actions out its own way (Open CTI: `searchAndScreenPop` / `screenPop`). The rules are
 * tried in order; the first that finds something wins, and the phone-number search is the default.
 */
import type { PopRequest } from './bridge.js';
import type { CallDirection } from './events.js';
import { ConfigError } from './provider-config.js';

/** When a rule applies. Every condition given must hold; a rule without conditions always applies. */
export interface PopRuleConditions {
  readonly direction?: CallDirection;
  /** The queue the call came through is this one or one of these (exact, case-insensitive). */
  readonly queue?: string | readonly string[];
  /** The number the caller dialled is this one or one of these (compared on digits, so any format). */
  readonly dialled?: string | readonly string[];
  /** Call-data key → the exact value it must have, or `true`: present and not empty. */
  readonly data?: Readonly<Record<string, string | true>>;
}

/**
 * What a rule pops. Text values are templates: `{data.<key>}` is a call-data value, `{number}` the
 * caller's (or dialled party's) number, `{dialled}` the number the caller dialled, `{queue}` the
 * queue. A rule whose template names a value the call does not have does not apply.
 */
export type PopRuleAction =
  | {
      /** Search a value against chosen fields of chosen objects, e.g. a case number from the IVR → that Case. */
      readonly kind: 'search';
      readonly value: string;
      /** Object API name → the field whose value must equal `value`, in order of preference. */
      readonly objects: Readonly<Record<string, string>>;
      /** Several matches: pop the first (by `objects` order, default) or a search page. */
      readonly onMany?: 'first' | 'search';
    }
  | {
      /** Pop the record whose id the call data carries. */
      readonly kind: 'record';
      /** The call-data key holding the id. */
      readonly idFrom: string;
      /** The record's object, e.g. `Case` (so the call log knows whether it is the WhoId or the WhatId). */
      readonly object: string;
    }
  | {
      /** Pop a Flow with call data as its input variables. */
      readonly kind: 'flow';
      readonly flowDevName: string;
      /** Input variable → template. Default: every call-data value whose key is a valid variable name, as is. */
      readonly inputs?: Readonly<Record<string, string>>;
    }
  | {
      /** Pop a URL built from call data: relative (stays in the app) or absolute http(s). Values are URL-encoded. */
      readonly kind: 'url';
      readonly url: string;
    }
  | {
      /** Open a new-record form with fields prefilled. */
      readonly kind: 'new-record';
      readonly object: string;
      /** Field API name → template. */
      readonly fields: Readonly<Record<string, string>>;
    };

/** One screen-pop rule. */
export interface PopRule {
  /** Names the rule in errors and in the console's timeline: letters, digits, `-` and `_`. */
  readonly name: string;
  readonly when?: PopRuleConditions;
  readonly pop: PopRuleAction;
}

/** The kinds of {@link PopRuleAction}. */
export const POP_RULE_KINDS: readonly PopRuleAction['kind'][] = ['search', 'record', 'flow', 'url', 'new-record'];

const digits = (value: string): string => value.replace(/\D/g, '');
const list = (value: string | readonly string[]): readonly string[] => (typeof value === 'string' ? [value] : value);

/** Whether `rule`'s conditions hold for the call `request` describes. */
export function ruleApplies(rule: PopRule, request: PopRequest): boolean {
  const when = rule.when;
  if (!when) return true;
  if (when.direction && when.direction !== request.direction) return false;
  if (when.queue && !list(when.queue).some((queue) => queue.toLowerCase() === request.queue?.toLowerCase())) return false;
  if (when.dialled) {
    const dialled = digits(request.dialled ?? '');
    // Compared on their last digits too, so a national and an international form of one number match.
    if (dialled === '' || !list(when.dialled).some((number) => { const want = digits(number); return want === dialled || (Math.min(want.length, dialled.length) >= 7 && (want.endsWith(dialled) || dialled.endsWith(want))); })) return false;
  }
  for (const [key, expected] of Object.entries(when.data ?? {})) {
    const value = request.data?.[key];
    if (value === undefined || value === '' || (expected !== true && value !== expected)) return false;
  }
  return true;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The value of one placeholder for a call, or undefined when the call has none. */
function placeholderValue(name: string, request: PopRequest): string | undefined {
  const value = name.startsWith('data.') ? request.data?.[name.slice(5)]
    : name === 'number' ? request.number
    : name === 'dialled' ? request.dialled
    : name === 'queue' ? request.queue
    : undefined;
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * A template filled in from a call; undefined when a placeholder has no value for it.
 * @param encode applied to each value (e.g. `encodeURIComponent` for URLs).
 */
export function fillTemplate(template: string, request: PopRequest, encode: (value: string) => string = (value) => value): string | undefined {
  let missing = false;
  const filled = template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = placeholderValue(name, request);
    if (value === undefined) missing = true;
    return value === undefined ? '' : encode(value);
  });
  return missing ? undefined : filled;
}

// ---- validation (load time) ----

type Raw = Readonly<Record<string, unknown>>;
const RULE_NAME = /^[A-Za-z][\w-]{0,63}$/;
const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;
const DATA_KEY = /^[\w.-]{1,64}$/;
const FLOW_VARIABLE = /^[A-Za-z]\w{0,79}$/;

function parses(url: string): boolean {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

function object(value: unknown, field: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(field, 'an object', value);
  return value as Raw;
}

function only(value: Raw, field: string, keys: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) throw new ConfigError(`${field}.${key}`, `one of the known options (${keys.join(', ')})`, 'an unknown option');
  }
}

function apiName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length > 80 || !API_NAME.test(value) || value.endsWith('_')) {
    throw new ConfigError(field, 'an API name: a letter, then letters, digits or single underscores', value);
  }
  return value;
}

function template(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 2000) throw new ConfigError(field, 'a non-empty template of at most 2000 characters', value);
  for (const [, name = ''] of value.matchAll(PLACEHOLDER)) {
    const known = ['number', 'dialled', 'queue'].includes(name) || (name.startsWith('data.') && DATA_KEY.test(name.slice(5)));
    if (!known) throw new ConfigError(field, 'a template whose placeholders are {data.<key>}, {number}, {dialled} or {queue}', `{${name}}`);
  }
  return value;
}

function strings(value: unknown, field: string): readonly string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((item) => typeof item !== 'string' || item.trim() === '')) {
    throw new ConfigError(field, 'a non-empty string or a non-empty list of them', value);
  }
  return list as string[];
}

function conditions(value: unknown, field: string): PopRuleConditions {
  const input = object(value, field);
  only(input, field, ['direction', 'queue', 'dialled', 'data']);
  const direction = input.direction;
  if (direction !== undefined && direction !== 'inbound' && direction !== 'outbound') throw new ConfigError(`${field}.direction`, '"inbound" or "outbound"', direction);
  const dialled = input.dialled === undefined ? undefined : strings(input.dialled, `${field}.dialled`);
  dialled?.forEach((number, index) => {
    if (digits(number).length < 3) throw new ConfigError(`${field}.dialled[${index}]`, 'a phone number (at least 3 digits)', number);
  });
  let data: Record<string, string | true> | undefined;
  if (input.data !== undefined) {
    data = {};
    for (const [key, expected] of Object.entries(object(input.data, `${field}.data`))) {
      if (!DATA_KEY.test(key)) throw new ConfigError(`${field}.data.${key}`, 'a call-data key of letters, digits, ".", "_" or "-"', key);
      if (expected !== true && (typeof expected !== 'string' || expected === '')) throw new ConfigError(`${field}.data.${key}`, 'the exact value (a non-empty string), or true for "present"', expected);
      data[key] = expected;
    }
  }
  return {
    ...(direction ? { direction } : {}),
    ...(input.queue === undefined ? {} : { queue: strings(input.queue, `${field}.queue`) }),
    ...(dialled ? { dialled } : {}),
    ...(data ? { data } : {}),
  };
}

function fieldTemplates(value: unknown, field: string, key: (name: string, at: string) => void): Record<string, string> {
  const input = object(value, field);
  if (Object.keys(input).length === 0) throw new ConfigError(field, 'at least one entry', value);
  return Object.fromEntries(Object.entries(input).map(([name, item]) => {
    key(name, `${field}.${name}`);
    return [name, template(item, `${field}.${name}`)];
  }));
}

function action(value: unknown, field: string): PopRuleAction {
  const input = object(value, field);
  const kind = input.kind;
  if (typeof kind !== 'string' || !(POP_RULE_KINDS as readonly string[]).includes(kind)) throw new ConfigError(`${field}.kind`, POP_RULE_KINDS.map((item) => `"${item}"`).join(', '), kind);
  switch (kind) {
    case 'search': {
      only(input, field, ['kind', 'value', 'objects', 'onMany']);
      const objects: Record<string, string> = {};
      const given = object(input.objects, `${field}.objects`);
      if (Object.keys(given).length === 0) throw new ConfigError(`${field}.objects`, 'at least one object API name → field API name, e.g. { Case: "CaseNumber" }', given);
      for (const [name, fieldName] of Object.entries(given)) objects[apiName(name, `${field}.objects.${name}`)] = apiName(fieldName, `${field}.objects.${name}`);
      const onMany = input.onMany;
      if (onMany !== undefined && onMany !== 'first' && onMany !== 'search') throw new ConfigError(`${field}.onMany`, '"first" or "search"', onMany);
      return { kind, value: template(input.value, `${field}.value`), objects, ...(onMany ? { onMany } : {}) };
    }
    case 'record': {
      only(input, field, ['kind', 'idFrom', 'object']);
      if (typeof input.idFrom !== 'string' || !DATA_KEY.test(input.idFrom)) throw new ConfigError(`${field}.idFrom`, 'the call-data key that holds the record id', input.idFrom);
      return { kind, idFrom: input.idFrom, object: apiName(input.object, `${field}.object`) };
    }
    case 'flow': {
      only(input, field, ['kind', 'flowDevName', 'inputs']);
      const flowDevName = apiName(input.flowDevName, `${field}.flowDevName`);
      const inputs = input.inputs === undefined ? undefined : fieldTemplates(input.inputs, `${field}.inputs`, (name, at) => {
        if (!FLOW_VARIABLE.test(name)) throw new ConfigError(at, "a flow variable's API name", name);
      });
      return { kind, flowDevName, ...(inputs ? { inputs } : {}) };
    }
    case 'url': {
      only(input, field, ['kind', 'url']);
      const url = template(input.url, `${field}.url`);
      const sample = url.replace(PLACEHOLDER, 'x');
      const absolute = /^https?:\/\/[^/\s]+/i.test(sample) && parses(sample);
      if (!absolute && !/^\/(?![/\\])\S*$/.test(sample)) throw new ConfigError(`${field}.url`, 'a relative URL such as /apex/Orders?id={data.orderId} or an absolute http(s) URL', url);
      return { kind, url };
    }
    default: {
      only(input, field, ['kind', 'object', 'fields']);
      const fields = fieldTemplates(input.fields, `${field}.fields`, (name, at) => apiName(name, at));
      return { kind: 'new-record', object: apiName(input.object, `${field}.object`), fields };
    }
  }
}

/**
 * Validates screen-pop rules at load time. Throws a {@link ConfigError} whose field names the rule
 * (`screenPop.rules["ivr-case"].pop.objects.Case`), or its position while it has no valid name yet.
 */
export function validatePopRules(value: unknown, field = 'screenPop.rules'): readonly PopRule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError(field, 'a list of rules like { name, when?, pop: { kind, … } }', value);
  const names = new Set<string>();
  return value.map((item: unknown, index) => {
    const input = object(item, `${field}[${index}]`);
    if (typeof input.name !== 'string' || !RULE_NAME.test(input.name)) throw new ConfigError(`${field}[${index}].name`, 'a rule name: a letter, then letters, digits, "-" or "_"', input.name);
    const at = `${field}["${input.name}"]`;
    if (names.has(input.name)) throw new ConfigError(`${at}.name`, 'a name no other rule has', input.name);
    names.add(input.name);
    only(input, at, ['name', 'when', 'pop']);
    return {
      name: input.name,
      ...(input.when === undefined ? {} : { when: conditions(input.when, `${at}.when`) }),
      pop: action(input.pop, `${at}.pop`),
    };
  });
}
