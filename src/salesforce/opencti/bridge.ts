import { participantLines } from '../../core/index.js';
import type {
  CallLog,
  ClickToDialRequest,
  PopRequest,
  PopResult,
  RecordRef,
  SalesforceBridge,
} from '../../core/index.js';
import { OpenCtiClient, type OpenCtiClientOptions } from './client.js';
import { OpenCtiError } from './errors.js';
import { runPopRules } from './pop-rule-runner.js';
import { checkHostOrigin, type HostOriginOptions } from './host-origin.js';
import { decidePop, ivrFieldValues, type PopRules } from './pop-rules.js';
import type { AppViewInfo, DefaultFieldValues, OpenCtiApi, SearchAndScreenPopResult, SearchMatch } from './types.js';

/** Options of the Open CTI bridge. */
export interface OpenCtiBridgeOptions extends OpenCtiClientOptions, HostOriginOptions {
  /** Object the call log is saved as (default `Task`). */
  readonly logObject?: string;
  /**
   * Screen-pop rules. Absent: one `searchAndScreenPop` pops what the softphone layout says. Present:
   * a deferred search, then the bridge pops per the rules.
   */
  readonly popRules?: PopRules;
  /**
   * The Apex method that finds a call's saved log by `CallObject` (the optional
   * `SoftphoneCallLog` class in `src/salesforce/apex/`). When set, a create whose answer was lost
   * is looked up before it is retried, so no call is logged twice.
   */
  readonly callLogLookup?: { readonly apexClass: string; readonly methodName: string };
  /**
   * Task field (API name) that gets the call recording's location. Absent: a `Recording: <location>`
   * line in the Description.
   */
  readonly recordingField?: string;
}

/** The Apex method shipped in `src/salesforce/apex/SoftphoneCallLog.cls`. */
export const SOFTPHONE_CALL_LOG_APEX = { apexClass: 'SoftphoneCallLog', methodName: 'findByCallObject' } as const;

/** Task fields of a call log. */
export type TaskFields = Record<string, string | number>;

/**
 * Maps a host-neutral call log to the fields of a Salesforce call Task; with `recordId`, an update.
 * The recording's location goes to `fields.recordingField`, else to the Description.
 */
export function callLogToTask(log: CallLog, recordId?: string, entityApiName = 'Task', fields: { readonly recordingField?: string } = {}): { entityApiName: string } & TaskFields {
  const recording = log.recordingLocation && !fields.recordingField ? `Recording: ${log.recordingLocation}` : undefined;
  // The agent's notes first, then who else took part in a multi-party call, then the recording.
  const description = [log.notes, participantLines(log).join('\n'), recording].filter(Boolean).join('\n\n');
  return {
    entityApiName,
    ...(recordId ? { Id: recordId } : {}),
    Subject: log.subject.slice(0, 255),
    CallType: log.direction === 'inbound' ? 'Inbound' : 'Outbound',
    CallDurationInSeconds: Math.max(0, Math.round(log.durationSeconds)),
    CallObject: log.callId.slice(0, 255),
    CallDisposition: log.disposition.slice(0, 255),
    ...(description ? { Description: description.slice(0, 32_000) } : {}),
    ...(log.whoId ? { WhoId: log.whoId } : {}),
    ...(log.whatId ? { WhatId: log.whatId } : {}),
    ...(log.recordingLocation && fields.recordingField ? { [fields.recordingField]: log.recordingLocation.slice(0, 1000) } : {}),
    ActivityDate: log.activityDate,
    Status: 'Completed',
    TaskSubtype: 'Call',
  };
}

/** A person-like caller id name splits into FirstName/LastName for a new record; anything else does not. */
export function nameFields(displayName: string | undefined): DefaultFieldValues {
  const name = displayName?.trim() ?? '';
  if (!/^[\p{L}'’.-]+(?: [\p{L}'’.-]+){0,3}$/u.test(name) || /^(unknown|anonymous|private|restricted|unavailable)$/i.test(name)) return {};
  const parts = name.split(' ');
  const lastName = parts.pop() ?? name;
  return parts.length > 0 ? { FirstName: parts.join(' '), LastName: lastName } : { LastName: lastName };
}

/** Matches of a `searchAndScreenPop` as a {@link PopResult}. */
export function toPopResult(result: SearchAndScreenPopResult | null): PopResult {
  const records = matchesOf(result);
  if (records.length === 0) return { kind: 'none' };
  if (records.length === 1 && records[0]) return { kind: 'one', record: records[0] };
  return { kind: 'many', records };
}

/** The matched records of a `searchAndScreenPop` result. */
export function matchesOf(result: SearchAndScreenPopResult | null): RecordRef[] {
  return Object.entries(result ?? {})
    .filter(([key, value]) => key !== 'SCREEN_POP_DATA' && typeof value === 'object' && value !== null)
    .map(([id, match]) => {
      const record = match as SearchMatch;
      return { id: record.Id ?? id, objectType: record.RecordType, ...(record.Name ? { name: record.Name } : {}) };
    });
}

function toRecordRef(page: AppViewInfo | null | undefined): RecordRef | undefined {
  if (!page?.recordId || !page.objectType) return undefined;
  return { id: page.recordId, objectType: page.objectType, ...(page.recordName ? { name: page.recordName } : {}) };
}

/** The {@link SalesforceBridge} for Lightning Experience, over `sforce.opencti`. */
export class OpenCtiBridge implements SalesforceBridge {
  /** The promise client underneath, for calls the bridge does not wrap. */
  readonly client: OpenCtiClient;
  private readonly logObject: string;
  private readonly recordingField?: string;
  private readonly popRules: PopRules | undefined;
  private readonly lookup?: OpenCtiBridgeOptions['callLogLookup'];

  constructor(api: OpenCtiApi, options: OpenCtiBridgeOptions = {}) {
    this.client = new OpenCtiClient(api, options);
    this.logObject = options.logObject ?? 'Task';
    this.recordingField = options.recordingField;
    this.popRules = options.popRules;
    this.lookup = options.callLogLookup;
    // Offered only when the org has the Apex method: without it there is nothing to look up with.
    if (!this.lookup) this.findCallLog = undefined;
  }

  /** The id of the log already saved for `callId` (by `CallObject`), through the configured Apex method. */
  findCallLog?: (callId: string) => Promise<string | undefined> = async (callId) => {
    if (!this.lookup) return undefined;
    const result = await this.client.runApex({ ...this.lookup, methodParams: new URLSearchParams({ callObject: callId.slice(0, 255) }).toString() });
    const id = result?.runApex;
    if (id === '' || id === null || id === undefined) return undefined;
    if (typeof id !== 'string' || !/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(id)) {
      throw new OpenCtiError('api-error', 'runApex', `${this.lookup.apexClass}.${this.lookup.methodName} returned ${JSON.stringify(id)}, not a record id.`);
    }
    return id;
  };

  /**
   * The bridge for the page's `sforce.opencti`; throws if `opencti_min.js` is not loaded, or
   * (`untrusted-host`) if the page framing the softphone is not the Salesforce page it may trust.
   */
  static fromWindow(win: Window = window, options?: OpenCtiBridgeOptions): OpenCtiBridge {
    if (win.location) checkHostOrigin(win, options);
    const api = win.sforce?.opencti;
    if (!api) {
      throw new OpenCtiError(
        'unavailable',
        'opencti',
        'sforce.opencti is not loaded: the page must include /support/api/<version>/lightning/opencti_min.js and run inside Salesforce Lightning.',
      );
    }
    return new OpenCtiBridge(api, options);
  }

  async popCaller(request: PopRequest): Promise<PopResult> {
    const callType = request.direction === 'inbound' ? this.client.callTypes.INBOUND : this.client.callTypes.OUTBOUND;
    // The configured rules first; the phone-number search below is the default rule.
    const byRule = this.popRules?.rules?.length ? await runPopRules(this.client, this.popRules.rules, request, callType) : undefined;
    if (byRule) return byRule.result;
    const defaultFieldValues = { Phone: request.number, ...nameFields(request.displayName), ...ivrFieldValues(request.data, this.popRules?.ivrFields) };
    const search = {
      searchParams: request.number,
      callType,
      defaultFieldValues,
      ...(request.data && Object.keys(request.data).length > 0 ? { queryParams: new URLSearchParams(request.data).toString() } : {}),
    };
    if (!this.popRules) return toPopResult(await this.client.searchAndScreenPop({ ...search, deferred: false }));
    const result = await this.client.searchAndScreenPop({ ...search, deferred: true });
    const decision = decidePop(matchesOf(result), result, this.popRules, defaultFieldValues);
    if (decision.pop) await this.client.screenPop(decision.pop);
    return decision.result;
  }

  async saveCallLog(log: CallLog, recordId?: string): Promise<{ recordId: string }> {
    return this.client.saveLog({ value: callLogToTask(log, recordId, this.logObject, { recordingField: this.recordingField }) });
  }

  async showSoftphone(): Promise<void> {
    await this.client.setSoftphonePanelVisibility(true);
  }

  async setStatusLabel(label: string): Promise<void> {
    await this.client.setSoftphoneItemLabel(label);
  }

  async enableClickToDial(handler: (request: ClickToDialRequest) => void): Promise<void> {
    await this.client.onClickToDial((payload) => {
      const record = payload.recordId && payload.objectType
        ? { id: payload.recordId, objectType: payload.objectType, ...(payload.recordName ? { name: payload.recordName } : {}) }
        : undefined;
      handler({ number: String(payload.number), ...(record ? { record } : {}) });
    });
    await this.client.enableClickToDial();
  }

  async onNavigationChange(handler: (record: RecordRef | undefined) => void): Promise<void> {
    await this.client.onNavigationChange((page) => handler(toRecordRef(page)));
    handler(toRecordRef(await this.client.getAppViewInfo()));
  }

  async ready(): Promise<void> {
    await this.client.notifyInitializationComplete();
  }
}
