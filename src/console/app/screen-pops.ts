/**
 * Open CTI's `screenPop` and `searchAndScreenPop` in the local console: every `SCREENPOP_TYPE`, and
 * searches that follow the org's Softphone Layout (objects searched, fields returned, what pops for
 * no, one and several matches).
 */
import type { ScreenPopData, ScreenPopSetting, SearchMatch, SoftphoneCallTypeLayout } from '../../salesforce/opencti/types.js';
import { OBJECTS } from '../store/schema.js';
import { layoutFor, screenPopsOf, type LayoutCallType, type MatchSituation } from '../store/softphone-layout.js';
import { ApiError, api, typeOfId, type ConsoleRecord } from './api.js';
import type { ConsoleController } from './controller.js';
import {
  API_NAME,
  HostError,
  RECORD_ID,
  fieldValues,
  flowArgs,
  invalid,
  optionalObject,
  optionalString,
  requiredString,
  type Args,
} from './opencti-args.js';

const CALL_TYPES: Readonly<Record<string, LayoutCallType>> = { inbound: 'Inbound', outbound: 'Outbound', internal: 'Internal' };
const isObject = (name: string): boolean => Object.prototype.hasOwnProperty.call(OBJECTS, name);

/** A store failure while popping: the answer names what failed. */
function storeError(method: string, error: unknown): HostError {
  if (error instanceof ApiError && error.status === 404) return new HostError('INVALID_PARAM', `${method}: ${error.message}`, undefined, { cause: error });
  if (error instanceof ApiError) return new HostError('SERVER_ERROR', `${method}: ${error.message}`, { status: error.status, fields: error.fields }, { cause: error });
  return new HostError('SERVER_ERROR', `${method}: the record store did not answer.`, undefined, { cause: error });
}

/** Screen pops of the console's Open CTI host. */
export class ScreenPops {
  constructor(private readonly controller: ConsoleController) {}

  /** `screenPop`: opens what `type` and `params` describe; resolves `null` as documented. */
  async screenPop(args: Args): Promise<null> {
    const method = 'screenPop';
    const type = requiredString(method, args, 'type');
    const params = optionalObject(method, args, 'params');
    if (!params) throw invalid(method, 'params', 'is required: an object of the parameters of the type', args.params);
    switch (type) {
      case 'sobject': {
        const recordId = requiredString(method, params, 'recordId');
        if (!RECORD_ID.test(recordId) || !typeOfId(recordId)) throw invalid(method, 'params.recordId', 'must be the id of a Contact, Lead, Account, Case or Task', recordId);
        await this.controller.openRecord(recordId).catch((error: unknown) => Promise.reject(storeError(method, error)));
        return null;
      }
      case 'url':
        this.openUrl(method, requiredString(method, params, 'url'));
        return null;
      case 'objecthome':
        this.controller.openList(this.objectName(method, params, 'scope'));
        return null;
      case 'list': {
        const listViewId = requiredString(method, params, 'listViewId');
        this.controller.openList(this.objectName(method, params, 'scope'), listViewId);
        return null;
      }
      case 'search': {
        const term = typeof params.searchString === 'string' ? params.searchString.trim() : '';
        if (term.length < 3) throw invalid(method, 'params.searchString', 'must be at least 3 characters', params.searchString);
        await this.controller.search(term).catch((error: unknown) => Promise.reject(storeError(method, error)));
        return null;
      }
      case 'newRecord': {
        const entityName = this.objectName(method, params, 'entityName');
        // Documented beside params; a deferred search's SCREEN_POP_DATA carries them inside params.
        const defaults = fieldValues(method, args.defaultFieldValues ?? params.defaultFieldValues);
        this.controller.openNewRecord(entityName, defaults);
        return null;
      }
      case 'flow': {
        const flowDevName = requiredString(method, params, 'flowDevName');
        if (!API_NAME.test(flowDevName)) throw invalid(method, 'params.flowDevName', "must be a flow's API name", flowDevName);
        this.controller.openFlow(flowDevName, flowArgs(method, params.flowArgs, 'params.flowArgs'));
        return null;
      }
      default:
        throw invalid(method, 'type', 'must be a SCREENPOP_TYPE: sobject, url, objecthome, list, search, newRecord or flow', type);
    }
  }

  /**
   * `searchAndScreenPop`: searches the objects of the call type's softphone layout and pops what the
   * layout says for no, one or several matches; with `deferred`, pops nothing and returns the pop as
   * `SCREEN_POP_DATA` for a later `screenPop`.
   */
  async searchAndScreenPop(args: Args, note: (stage: string) => void): Promise<Record<string, unknown>> {
    const method = 'searchAndScreenPop';
    const callType = CALL_TYPES[typeof args.callType === 'string' ? args.callType : ''];
    if (!callType) throw invalid(method, 'callType', 'is required: CALL_TYPE.INBOUND, OUTBOUND or INTERNAL', args.callType);
    const term = (optionalString(method, args, 'searchParams') ?? '').trim();
    const queryParams = optionalString(method, args, 'queryParams');
    const defaults = fieldValues(method, args.defaultFieldValues);
    const flow = optionalObject(method, optionalObject(method, args, 'params') ?? {}, 'FLOW');
    const inputs = flowArgs(method, flow?.flowArgs, 'params.FLOW.flowArgs');
    if (args.deferred !== undefined && typeof args.deferred !== 'boolean') throw invalid(method, 'deferred', 'must be true or false', args.deferred);

    const layout = layoutFor(this.controller.store.get().softphoneLayout, callType);
    const objects = Object.keys(layout?.objects ?? {});
    const results = term && objects.length > 0 ? await api.search(term, objects).catch((error: unknown) => Promise.reject(storeError(method, error))) : [];
    note('searched');
    const returnValue: Record<string, unknown> = {};
    for (const record of results) returnValue[record.Id] = toMatch(record, layout);

    const pops = screenPopsOf(layout);
    if (!pops) return returnValue;
    const situation: MatchSituation = results.length === 0 ? 'NoMatch' : results.length === 1 ? 'SingleMatch' : 'MultipleMatches';
    const pop = popData(pops[situation], { term, results, defaults, queryParams, flowArgs: inputs });
    if (!pop) return returnValue;
    if (args.deferred === true) return { ...returnValue, SCREEN_POP_DATA: pop };
    const [single] = results;
    if (pop.type === 'sobject' && single) await this.controller.openRecord(single.Id, single);
    // The layout's search page lists the matches of its objects, without searching again.
    else if (pop.type === 'search') this.controller.openSearch(term, results);
    else await this.screenPop(pop);
    note('opened');
    return returnValue;
  }

  private objectName(method: string, params: Args, name: string): string {
    const value = requiredString(method, params, name);
    if (!isObject(value)) throw invalid(method, `params.${name}`, `must be an object API name of this org: ${Object.keys(OBJECTS).join(', ')}`, value);
    return value;
  }

  /** A relative URL stays in the app; an absolute http(s) one is what Salesforce opens in a new browser tab. */
  private openUrl(method: string, url: string): void {
    if (/^\/(?![/\\])/.test(url)) {
      const recordId = /^\/lightning\/r\/(?:[A-Za-z0-9_]+\/)?([A-Za-z0-9]{15,18})\/view(?:[?#]|$)/.exec(url)?.[1] ?? /^\/([A-Za-z0-9]{15,18})(?:[?#]|$)/.exec(url)?.[1];
      if (recordId && RECORD_ID.test(recordId) && typeOfId(recordId)) {
        void this.controller.openRecord(recordId).catch(() => this.controller.openUrl(url, false));
        return;
      }
      const home = /^\/lightning\/o\/([A-Za-z0-9_]+)\/(?:list|home)(?:[?#]|$)/.exec(url)?.[1];
      if (home && isObject(home)) return this.controller.openList(home);
      return this.controller.openUrl(url, false);
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw invalid(method, 'params.url', 'must be a relative URL (/apex/Page) or an absolute http(s) URL', url);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalid(method, 'params.url', 'must be a relative URL or use http or https', url);
    this.controller.openUrl(parsed.href, true);
  }
}

/** A search match as `searchAndScreenPop` returns it: `Id`, `Name`, `RecordType` and the layout's fields of the object. */
function toMatch(record: ConsoleRecord, layout: SoftphoneCallTypeLayout | undefined): SearchMatch {
  const type = record.attributes.type;
  const fields: Record<string, unknown> = {};
  for (const field of layout?.objects[type] ?? []) if (record[field.apiName] !== undefined) fields[field.apiName] = record[field.apiName];
  const modified = record.LastModifiedDate;
  return { ...fields, Id: record.Id, Name: record.Name, RecordType: type, ...(typeof modified === 'string' ? { LastModifiedDate: modified } : {}) };
}

interface PopInput {
  readonly term: string;
  readonly results: readonly ConsoleRecord[];
  readonly defaults: Readonly<Record<string, string>>;
  readonly queryParams?: string;
  readonly flowArgs: ScreenPopDataFlowArgs;
}
type ScreenPopDataFlowArgs = Extract<ScreenPopData, { type: 'flow' }>['params']['flowArgs'];

/** The `screenPop` a layout setting stands for, as `SCREEN_POP_DATA` carries it. */
function popData(setting: ScreenPopSetting, input: PopInput): ScreenPopData | undefined {
  const [single] = input.results;
  switch (setting.screenPopType) {
    case 'PopToEntity':
      if (input.results.length === 0 && setting.screenPopData) {
        return { type: 'newRecord', params: { entityName: setting.screenPopData, defaultFieldValues: input.defaults } };
      }
      return single && input.results.length === 1 ? { type: 'sobject', params: { recordId: single.Id } } : undefined;
    case 'PopToSearch':
      return { type: 'search', params: { searchString: input.term } };
    case 'PopToVisualforce':
      // The Visualforce page gets the call's queryParams, as in an org.
      return { type: 'url', params: { url: `/apex/${setting.screenPopData ?? ''}${input.queryParams ? `?${input.queryParams.replace(/^\?/, '')}` : ''}` } };
    case 'PopToFlow':
      return { type: 'flow', params: { flowDevName: setting.screenPopData ?? '', flowArgs: input.flowArgs ?? [] } };
  }
}
