import { errorMessage } from '../../core/index.js';
import { OpenCtiError } from './errors.js';
import type {
  AppViewInfo,
  CallCenterSettings,
  ClickToDialPayload,
  LmsSubscription,
  OpenCtiApi,
  OpenCtiErrorEntry,
  OpenCtiResponse,
  PanelVisibleResult,
  RunApexParams,
  RunApexResult,
  SaveLogParams,
  SaveLogResult,
  ScreenPopParams,
  SearchAndScreenPopParams,
  SearchAndScreenPopResult,
  SoftphoneLayout,
  SubscribeResult,
} from './types.js';

/** Options of the client. */
export interface OpenCtiClientOptions {
  /** How long a call may wait for Salesforce's callback (default 10 s). */
  readonly timeoutMs?: number;
}

type Data<P> = Omit<P, 'callback' | 'listener'>;

/** The documented `errors` array; anything else an org answers becomes one entry, so nothing is lost. */
function errorList(errors: unknown): OpenCtiErrorEntry[] {
  return (Array.isArray(errors) ? errors : errors == null ? [] : [errors]).map((error: unknown) => {
    const entry = (typeof error === 'object' ? error : { description: String(error) }) as Partial<OpenCtiErrorEntry>;
    return { ...entry, code: String(entry.code ?? 'GENERIC_ERROR'), description: String(entry.description ?? JSON.stringify(error)) };
  });
}

/** The errors' descriptions, each with its code. */
const describe = (errors: readonly OpenCtiErrorEntry[]): string => errors.map((error) => `${error.description} (${error.code})`).join('; ') || 'no details given';

const CALL_TYPES: readonly string[] = ['inbound', 'outbound', 'internal'];

/**
 * The id in a `saveLog` answer. Its shape is not documented: public adapters read
 * `returnValue.recordId`, so that comes first; a bare id or an `id`/`Id` key is accepted too.
 */
function savedRecordId(returnValue: unknown): string | undefined {
  const { recordId, id, Id } = (typeof returnValue === 'object' && returnValue ? returnValue : {}) as Record<string, unknown>;
  return [recordId, id, Id, returnValue].find((value): value is string => typeof value === 'string' && value !== '');
}

/**
 * `sforce.opencti` as promises: every method resolves with its `returnValue`, or rejects with an
 * {@link OpenCtiError} — `timeout` when Salesforce never called back, `api-error` with Salesforce's
 * messages when it reported failure, `invalid-argument` before calling when an argument is wrong.
 */
export class OpenCtiClient {
  private readonly timeoutMs: number;

  constructor(
    private readonly api: OpenCtiApi,
    options: OpenCtiClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** The API's `CALL_TYPE` constants. */
  get callTypes(): OpenCtiApi['CALL_TYPE'] {
    return this.api.CALL_TYPE;
  }

  searchAndScreenPop(params: Data<SearchAndScreenPopParams>, timeoutMs?: number): Promise<SearchAndScreenPopResult> {
    if (!CALL_TYPES.includes(params.callType)) {
      return Promise.reject(this.invalid('searchAndScreenPop', `params.callType must be CALL_TYPE.INBOUND, OUTBOUND or INTERNAL, got ${String(params.callType)}`));
    }
    return this.call('searchAndScreenPop', params, timeoutMs) as Promise<SearchAndScreenPopResult>;
  }

  screenPop(params: ScreenPopParams, timeoutMs?: number): Promise<null> {
    if (params.type === 'search' && params.params.searchString.length < 3) {
      return Promise.reject(this.invalid('screenPop', `params.searchString must be at least 3 characters, got ${JSON.stringify(params.params.searchString)}`));
    }
    return this.call('screenPop', params, timeoutMs) as Promise<null>;
  }

  /** Saves a record (an update when `value.Id` is set) and resolves with its id, whichever documented-compatible shape the answer has. */
  saveLog(params: Data<SaveLogParams>, timeoutMs?: number): Promise<SaveLogResult> {
    if (!params.value?.Id && !params.value?.entityApiName) {
      return Promise.reject(this.invalid('saveLog', 'params.value needs Id (to update) or entityApiName (to create)'));
    }
    return this.call('saveLog', params, timeoutMs).then((result) => {
      // An update's id is known even when the answer carries none.
      const recordId = savedRecordId(result) ?? params.value.Id;
      if (!recordId) throw new OpenCtiError('api-error', 'saveLog', 'saveLog answered no record id.');
      return { recordId };
    });
  }

  runApex(params: Data<RunApexParams>, timeoutMs?: number): Promise<RunApexResult> {
    if (!params.apexClass || !params.methodName) return Promise.reject(this.invalid('runApex', 'params.apexClass and params.methodName are required'));
    return this.call('runApex', params, timeoutMs) as Promise<RunApexResult>;
  }

  refreshView(): Promise<null> {
    return this.call('refreshView', {}) as Promise<null>;
  }
  enableClickToDial(): Promise<null> {
    return this.call('enableClickToDial', {}) as Promise<null>;
  }
  disableClickToDial(): Promise<null> {
    return this.call('disableClickToDial', {}) as Promise<null>;
  }
  /** Registers the click-to-dial listener. Open CTI documents no answer to a registration, so none is awaited. */
  async onClickToDial(listener: (payload: ClickToDialPayload) => void): Promise<void> {
    await this.call('onClickToDial', { listener }, null);
  }
  /** Registers the navigation listener. Open CTI documents no answer to a registration, so none is awaited. */
  async onNavigationChange(listener: (page: AppViewInfo) => void): Promise<void> {
    await this.call('onNavigationChange', { listener }, null);
  }
  getAppViewInfo(): Promise<AppViewInfo> {
    return this.call('getAppViewInfo', {}) as Promise<AppViewInfo>;
  }
  setSoftphonePanelVisibility(visible: boolean): Promise<null> {
    return this.call('setSoftphonePanelVisibility', { visible }) as Promise<null>;
  }
  async isSoftphonePanelVisible(): Promise<boolean> {
    return ((await this.call('isSoftphonePanelVisible', {})) as Partial<PanelVisibleResult> | null)?.visible === true;
  }
  setSoftphonePanelHeight(heightPX: number): Promise<null> {
    if (!Number.isFinite(heightPX) || heightPX < 240 || heightPX > 2560) {
      return Promise.reject(this.invalid('setSoftphonePanelHeight', `heightPX must be a number from 240 through 2560, got ${heightPX}`));
    }
    return this.call('setSoftphonePanelHeight', { heightPX }) as Promise<null>;
  }
  setSoftphonePanelWidth(widthPX: number): Promise<null> {
    if (!Number.isFinite(widthPX) || widthPX < 200 || widthPX > 1920) {
      return Promise.reject(this.invalid('setSoftphonePanelWidth', `widthPX must be a number from 200 through 1920, got ${widthPX}`));
    }
    return this.call('setSoftphonePanelWidth', { widthPX }) as Promise<null>;
  }
  setSoftphonePanelLabel(label: string): Promise<null> {
    return this.call('setSoftphonePanelLabel', { label }) as Promise<null>;
  }
  setSoftphonePanelIcon(key: string): Promise<null> {
    return this.call('setSoftphonePanelIcon', { key }) as Promise<null>;
  }
  setSoftphoneItemLabel(label: string): Promise<null> {
    return this.call('setSoftphoneItemLabel', { label }) as Promise<null>;
  }
  setSoftphoneItemIcon(key: string): Promise<null> {
    return this.call('setSoftphoneItemIcon', { key }) as Promise<null>;
  }
  getCallCenterSettings(): Promise<CallCenterSettings> {
    return this.call('getCallCenterSettings', {}) as Promise<CallCenterSettings>;
  }
  getSoftphoneLayout(): Promise<SoftphoneLayout> {
    return this.call('getSoftphoneLayout', {}) as Promise<SoftphoneLayout>;
  }
  notifyInitializationComplete(): Promise<null> {
    return this.call('notifyInitializationComplete', {}) as Promise<null>;
  }
  /** Publishes on a Lightning message channel; what it resolves with is not documented. */
  publish(channelName: string, message: unknown): Promise<unknown> {
    return this.call('publish', { channelName, message });
  }
  /** Subscribes to a Lightning message channel; keep `subscription` of the answer to unsubscribe. */
  subscribe(channelName: string, listener: (message: unknown) => void): Promise<SubscribeResult> {
    return this.call('subscribe', { channelName, listener }) as Promise<SubscribeResult>;
  }
  /** Ends a subscription; what it resolves with is not documented. */
  unsubscribe(subscription: LmsSubscription): Promise<unknown> {
    return this.call('unsubscribe', { subscription });
  }

  /**
   * Calls one method and settles on its callback or the timeout, whichever comes first. A listener
   * registration (`timeoutMs` null) gets no callback, as documented, and settles once the call returned.
   */
  private call(method: Exclude<keyof OpenCtiApi, 'CALL_TYPE' | 'SCREENPOP_TYPE' | 'hvs'>, params: object, timeoutMs: number | null = this.timeoutMs): Promise<unknown> {
    const fn = this.api[method] as ((params: object) => void) | undefined;
    if (typeof fn !== 'function') {
      return Promise.reject(new OpenCtiError('unavailable', method, `sforce.opencti.${method} is not available in this Salesforce org or API version.`));
    }
    return new Promise((resolve, reject) => {
      let settled = false;
      const timer = timeoutMs !== null
        ? setTimeout(() => {
            settled = true;
            reject(new OpenCtiError('timeout', method, `Salesforce did not answer ${method} within ${timeoutMs} ms; check the connection and that the softphone runs inside Salesforce.`));
          }, timeoutMs)
        : undefined;
      const callback = (response: OpenCtiResponse<unknown>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (response?.success === true) {
          resolve(response.returnValue ?? null);
          return;
        }
        const errors = errorList(response?.errors);
        reject(new OpenCtiError('api-error', method, `Salesforce rejected ${method}: ${describe(errors)}`, errors));
      };
      try {
        fn.call(this.api, timeoutMs !== null ? { ...params, callback } : params);
        if (timeoutMs === null) resolve(null);
      } catch (error) {
        settled = true;
        clearTimeout(timer);
        reject(new OpenCtiError('api-error', method, `${method} threw: ${errorMessage(error)}`, [], { cause: error }));
      }
    });
  }

  private invalid(method: string, message: string): OpenCtiError {
    return new OpenCtiError('invalid-argument', method, `${method}: ${message}`);
  }
}
