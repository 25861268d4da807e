/**
 * Screen-pop rules from a softphone configuration, applied on top of Open CTI's deferred
 * `searchAndScreenPop`: the bridge searches without popping, then decides what to show.
 */
import type { CallData, PopResult, PopRule, RecordRef } from '../../core/index.js';
import type { DefaultFieldValues, ScreenPopParams, SearchAndScreenPopResult } from './types.js';

/** How the bridge pops a caller. Every rule is optional; absent rules leave the decision to the softphone layout. */
export interface PopRules {
  /** Objects whose matches count, in order of preference; matches of other objects are ignored. */
  readonly objects?: readonly string[];
  /** No match: the softphone layout's choice (`layout`), a new-record form (`new-record`), or nothing. */
  readonly onNoMatch?: 'layout' | 'new-record' | 'nothing';
  /** The object a `new-record` form creates (default Contact). */
  readonly newRecordObject?: string;
  /** Several matches: the layout's choice (`layout`, a search page), the first by `objects` order, or nothing. */
  readonly onManyMatches?: 'layout' | 'first' | 'nothing';
  /** IVR data key → field API name: prefilled on a new record. */
  readonly ivrFields?: Readonly<Record<string, string>>;
  /** Rules tried in order before the phone-number search; the first that finds something wins ({@link runPopRules}). */
  readonly rules?: readonly PopRule[];
}

/** Fields prefilled on a new record from the call's IVR data, per `ivrFields`. */
export function ivrFieldValues(data: CallData | undefined, ivrFields: PopRules['ivrFields']): DefaultFieldValues {
  const values: Record<string, string> = {};
  for (const [key, field] of Object.entries(ivrFields ?? {})) {
    const value = data?.[key];
    if (value !== undefined && value !== '') values[field] = String(value);
  }
  return values;
}

/** The matches of a search, filtered and ordered by `objects`. */
export function rankMatches(records: readonly RecordRef[], objects: PopRules['objects']): RecordRef[] {
  if (!objects) return [...records];
  return records
    .filter((record) => objects.includes(record.objectType))
    .sort((a, b) => objects.indexOf(a.objectType) - objects.indexOf(b.objectType));
}

/** What to pop for a deferred search's result: the `screenPop` call (if any) and the outcome to report. */
export function decidePop(
  records: readonly RecordRef[],
  result: SearchAndScreenPopResult | null,
  rules: PopRules,
  defaultFieldValues: DefaultFieldValues,
): { readonly pop?: ScreenPopParams; readonly result: PopResult } {
  const ranked = rankMatches(records, rules.objects);
  // The layout's own choice, when Salesforce returned one.
  const layout = result?.SCREEN_POP_DATA as ScreenPopParams | undefined;
  const first = ranked[0];
  if (ranked.length === 1 && first) return { pop: { type: 'sobject', params: { recordId: first.id } }, result: { kind: 'one', record: first } };
  if (ranked.length > 1 && first) {
    const outcome: PopResult = { kind: 'many', records: ranked };
    switch (rules.onManyMatches ?? 'layout') {
      case 'first': return { pop: { type: 'sobject', params: { recordId: first.id } }, result: outcome };
      case 'nothing': return { result: outcome };
      case 'layout': return { ...(layout ? { pop: layout } : {}), result: outcome };
    }
  }
  switch (rules.onNoMatch ?? 'layout') {
    case 'new-record':
      return { pop: { type: 'newRecord', params: { entityName: rules.newRecordObject ?? 'Contact' }, defaultFieldValues }, result: { kind: 'none' } };
    case 'nothing':
      return { result: { kind: 'none' } };
    case 'layout':
      // Only matches of excluded objects: the layout's choice would pop one of them, so pop nothing.
      return { ...(layout && records.length === 0 ? { pop: layout } : {}), result: { kind: 'none' } };
  }
}
