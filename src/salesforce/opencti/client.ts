import { errorMessage } from '../../core/index.js';
import { OpenCtiError } from './errors.js';
import type {
  AppViewInfo,
  CallCenterSettings,
  ClickToDialPayload,
  OpenCtiApi,
  OpenCtiErrorEntry,
  OpenCtiResponse,
  PanelVisibleResult,
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

type Params<K extends keyof OpenCtiApi> = OpenCtiApi[K] extends ((params: infer P) => void) | undefined ? P : never;
type Data<P> = Omit<P, 'callback' | 'listener'>;

function describe(errors: readonly OpenCtiErrorEntry[] | null | undefined): string {
  const texts = (errors ?? []).map((error) => error.description ?? JSON.stringify(error)).filter(Boolean);
  return texts.length > 0 ? texts.join('; ') : 'no details given';
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
    if (!params.callType) return Promise.reject(this.invalid('searchAndScreenPop', 'params.callType is required (CALL_TYPE.INBOUND, OUTBOUND or INTERNAL)'));
    return this.call('searchAndScreenPop', params, timeoutMs) as Promise<SearchAndScreenPopResult>;
  }

  screenPop(params: ScreenPopParams, timeoutMs?: number): Promise<null> {
    if (params.type === 'search' && params.params.searchString.length < 3) {
      return Promise.reject(this.invalid('screenPop', `params.searchString must be at least 3 characters, got ${JSON.stringify(params.params.searchString)}`));
    }
    return this.call('screenPop', params, timeoutMs) as Promise<null>;
  }

  saveLog(params: Data<SaveLogParams>, timeoutMs?: number): Promise<SaveLogResult> {
    if (!params.value?.entityApiName) return Promise.reject(this.invalid('saveLog', 'params.value.entityApiName is required, e.g. "Task"'));
    return this.call('saveLog', params, timeoutMs).then((result) => {
      const recordId = (result as SaveLogResult | null)?.recordId;
      if (!recordId) throw new OpenCtiError('api-error', 'saveLog', 'saveLog reported success without a recordId.');
      return { recordId };
    });
  }

  runApex(params: Data<Params<'runApex'>>, timeoutMs?: number): Promise<RunApexResult> {
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
  /** Registers the click-to-dial listener; resolves when Salesforce confirmed the registration. */
  onClickToDial(listener: (payload: ClickToDialPayload) => void): Promise<null> {
    return this.call('onClickToDial', { listener }) as Promise<null>;
  }
  /** Registers the navigation listener; resolves when Salesforce confirmed the registration. */
  onNavigationChange(listener: (page: AppViewInfo) => void): Promise<null> {
    return this.call('onNavigationChange', { listener }) as Promise<null>;
  }
  getAppViewInfo(): Promise<AppViewInfo> {
    return this.call('getAppViewInfo', {}) as Promise<AppViewInfo>;
  }
  setSoftphonePanelVisibility(visible: boolean): Promise<null> {
    return this.call('setSoftphonePanelVisibility', { visible }) as Promise<null>;
  }
  async isSoftphonePanelVisible(): Promise<boolean> {
    return ((await this.call('isSoftphonePanelVisible', {})) as PanelVisibleResult | null)?.visible === true;
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
  publish(channelName: string, message?: unknown): Promise<null> {
    return this.call('publish', { channelName, message }) as Promise<null>;
  }
  subscribe(channelName: string, listener: (message: unknown) => void): Promise<SubscribeResult> {
    return this.call('subscribe', { channelName, listener }) as Promise<SubscribeResult>;
  }
  unsubscribe(subscription: unknown): Promise<null> {
    return this.call('unsubscribe', { subscription }) as Promise<null>;
  }

  /** Calls one method and settles on its callback or the timeout, whichever comes first. */
  private call(method: Exclude<keyof OpenCtiApi, 'CALL_TYPE' | 'SCREENPOP_TYPE'>, params: object, timeoutMs = this.timeoutMs): Promise<unknown> {
    const fn = this.api[method] as ((params: object) => void) | undefined;
    if (typeof fn !== 'function') {
      return Promise.reject(new OpenCtiError('unavailable', method, `sforce.opencti.${method} is not available in this Salesforce org or API version.`));
    }
    return new Promise((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(new OpenCtiError('timeout', method, `Salesforce did not answer ${method} within ${timeoutMs} ms; check the connection and that the softphone runs inside Salesforce.`));
      }, timeoutMs);
      const callback = (response: OpenCtiResponse<unknown>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (response?.success) resolve(response.returnValue ?? null);
        else reject(new OpenCtiError('api-error', method, `Salesforce rejected ${method}: ${describe(response?.errors)}`, response?.errors ?? []));
      };
      try {
        fn.call(this.api, { ...params, callback });
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
