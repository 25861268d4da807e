/**
 * Screen-pop rules ({@link PopRule}) carried out with what Open CTI documents: a deferred
 * `searchAndScreenPop` to search a call-data value (it navigates nowhere), then `screenPop` with the
 * `sobject`, `search`, `flow`, `url` or `newRecord` type. The rules are tried in order; the first
 * that finds something wins. A rule that finds nothing, or whose values the call lacks, passes.
 */
import { fillTemplate, ruleApplies } from '../../core/index.js';
import type { PopRequest, PopResult, PopRule, PopRuleAction, RecordRef } from '../../core/index.js';
import type { OpenCtiClient } from './client.js';
import { OpenCtiError } from './errors.js';
import type { FlowArg, OpenCtiCallType, ScreenPopParams, SearchAndScreenPopResult, SearchMatch } from './types.js';

/** What a rule popped, or `undefined` when it found nothing. */
export interface RuleOutcome {
  /** The rule that won. */
  readonly rule: string;
  /** The `screenPop` it made. */
  readonly pop: ScreenPopParams;
  /** The record popped (`one`), for the call log's WhoId/WhatId; `none` for a flow, URL or new-record form. */
  readonly result: PopResult;
}

const RECORD_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const FLOW_VARIABLE = /^[A-Za-z]\w{0,79}$/;

/** Matches of `objects`, in their order, whose field (when the Softphone Layout returns it) equals `value`. */
export function matchesFor(result: SearchAndScreenPopResult | null, value: string, objects: Readonly<Record<string, string>>): RecordRef[] {
  const wanted = value.trim().toLowerCase();
  const order = Object.keys(objects);
  return Object.entries(result ?? {})
    .filter(([key, match]) => key !== 'SCREEN_POP_DATA' && typeof match === 'object' && match !== null)
    .map(([id, match]): SearchMatch => { const found = match as SearchMatch; return { ...found, Id: found.Id ?? id }; })
    .filter((match) => {
      const field = objects[match.RecordType];
      if (field === undefined) return false;
      // The search found the value somewhere in the record; when the layout shows the field, it must be there.
      const shown = match[field];
      return shown === undefined || shown === null || String(shown).trim().toLowerCase() === wanted;
    })
    .sort((a, b) => order.indexOf(a.RecordType) - order.indexOf(b.RecordType))
    .map((match) => ({ id: match.Id, objectType: match.RecordType, ...(typeof match.Name === 'string' && match.Name ? { name: match.Name } : {}) }));
}

/** A flow's input variables for a call: the rule's templates, else every call-data value whose key is a variable name. */
export function flowInputs(action: Extract<PopRuleAction, { kind: 'flow' }>, request: PopRequest): FlowArg[] | undefined {
  if (!action.inputs) {
    return Object.entries(request.data ?? {})
      .filter(([name]) => FLOW_VARIABLE.test(name))
      .map(([name, value]) => ({ name, type: 'String', value }));
  }
  const args: FlowArg[] = [];
  for (const [name, template] of Object.entries(action.inputs)) {
    const value = fillTemplate(template, request);
    if (value === undefined) return undefined;
    args.push({ name, type: 'String', value });
  }
  return args;
}

/** The `screenPop` of an action that needs no search, or undefined when the call lacks a value it names. */
export function directPop(action: Exclude<PopRuleAction, { kind: 'search' }>, request: PopRequest): { pop: ScreenPopParams; result: PopResult } | undefined {
  switch (action.kind) {
    case 'record': {
      const id = request.data?.[action.idFrom]?.trim();
      if (!id || !RECORD_ID.test(id)) return undefined;
      return { pop: { type: 'sobject', params: { recordId: id } }, result: { kind: 'one', record: { id, objectType: action.object } } };
    }
    case 'flow': {
      const flowArgs = flowInputs(action, request);
      return flowArgs ? { pop: { type: 'flow', params: { flowDevName: action.flowDevName, flowArgs } }, result: { kind: 'none' } } : undefined;
    }
    case 'url': {
      const url = fillTemplate(action.url, request, encodeURIComponent);
      return url ? { pop: { type: 'url', params: { url } }, result: { kind: 'none' } } : undefined;
    }
    case 'new-record': {
      const values: Record<string, string> = {};
      for (const [field, template] of Object.entries(action.fields)) {
        const value = fillTemplate(template, request);
        if (value === undefined) return undefined;
        values[field] = value;
      }
      return { pop: { type: 'newRecord', params: { entityName: action.object }, defaultFieldValues: values }, result: { kind: 'none' } };
    }
  }
}

/** Tries one rule; resolves with what it popped, or undefined when it does not apply or finds nothing. */
async function tryRule(client: OpenCtiClient, rule: PopRule, request: PopRequest, callType: OpenCtiCallType): Promise<RuleOutcome | undefined> {
  if (!ruleApplies(rule, request)) return undefined;
  const action = rule.pop;
  let planned: { pop: ScreenPopParams; result: PopResult } | undefined;
  if (action.kind === 'search') {
    const value = fillTemplate(action.value, request);
    if (value === undefined) return undefined;
    const found = matchesFor(await client.searchAndScreenPop({ searchParams: value, callType, deferred: true }), value, action.objects);
    const [first] = found;
    if (!first) return undefined;
    planned = found.length > 1 && action.onMany === 'search' && value.length >= 3
      ? { pop: { type: 'search', params: { searchString: value } }, result: { kind: 'many', records: found } }
      : { pop: { type: 'sobject', params: { recordId: first.id } }, result: { kind: 'one', record: first } };
  } else {
    planned = directPop(action, request);
  }
  if (!planned) return undefined;
  try {
    await client.screenPop(planned.pop);
  } catch (error) {
    // Salesforce refused this pop (e.g. no record has that id): the next rule gets its turn.
    if (error instanceof OpenCtiError && error.code === 'api-error') return undefined;
    throw error;
  }
  return { rule: rule.name, ...planned };
}

/** Runs the rules in order and resolves with the first that popped something, or undefined (then the phone search runs). */
export async function runPopRules(client: OpenCtiClient, rules: readonly PopRule[], request: PopRequest, callType: OpenCtiCallType): Promise<RuleOutcome | undefined> {
  for (const rule of rules) {
    const outcome = await tryRule(client, rule, request, callType);
    if (outcome) return outcome;
  }
  return undefined;
}
