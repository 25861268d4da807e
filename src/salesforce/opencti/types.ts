/**
 * Types of Salesforce Open CTI for Lightning Experience: the `sforce.opencti` object defined by
 * `/support/api/<version>/lightning/opencti_min.js`. Every method takes one argument object and
 * reports through `callback({ success, returnValue, errors })`. Versions are the API version a
 * method first appeared in.
 */

/** One error of a failed call. */
export interface OpenCtiErrorEntry {
  readonly description?: string;
  readonly details?: unknown;
  readonly [key: string]: unknown;
}

/** What every callback receives. `returnValue` is null unless the method documents one. */
export interface OpenCtiResponse<T = null> {
  readonly success: boolean;
  readonly returnValue: T | null;
  /** Null on success, the list of errors on failure. */
  readonly errors: readonly OpenCtiErrorEntry[] | null;
}

/** A method's callback. */
export type OpenCtiCallback<T = null> = (response: OpenCtiResponse<T>) => void;

/** Arguments every method accepts. */
export interface WithCallback<T = null> {
  readonly callback?: OpenCtiCallback<T>;
}

/** `sforce.opencti.CALL_TYPE`. */
export interface CallTypeConstants {
  readonly INBOUND: 'inbound';
  readonly OUTBOUND: 'outbound';
  readonly INTERNAL: 'internal';
}
/** A value of `CALL_TYPE`. */
export type OpenCtiCallType = CallTypeConstants[keyof CallTypeConstants];

/** `sforce.opencti.SCREENPOP_TYPE`. */
export interface ScreenPopTypeConstants {
  readonly SOBJECT: 'sobject';
  readonly URL: 'url';
  readonly OBJECTHOME: 'objecthome';
  readonly LIST: 'list';
  readonly SEARCH: 'search';
  readonly NEW_RECORD_MODAL: 'newRecord';
  readonly FLOW: 'flow';
}
/** A value of `SCREENPOP_TYPE`. */
export type ScreenPopType = ScreenPopTypeConstants[keyof ScreenPopTypeConstants];

/** Field values for a new record form, by field API name. */
export type DefaultFieldValues = Readonly<Record<string, string | number | boolean>>;

/** `screenPop` arguments, by type (API 38.0; FLOW 41.0; NEW_RECORD_MODAL 38.0). */
export type ScreenPopParams =
  | { readonly type: 'sobject'; readonly params: { readonly recordId: string } }
  | { readonly type: 'url'; readonly params: { readonly url: string } }
  | { readonly type: 'objecthome'; readonly params: { readonly scope: string } }
  | { readonly type: 'list'; readonly params: { readonly listViewId: string; readonly scope: string } }
  | { readonly type: 'search'; readonly params: { readonly searchString: string } }
  | {
      readonly type: 'newRecord';
      readonly params: { readonly entityName: string; readonly recordTypeId?: string };
      readonly defaultFieldValues?: DefaultFieldValues;
    }
  | {
      readonly type: 'flow';
      readonly params: {
        readonly flowDevName: string;
        readonly flowArgs?: ReadonlyArray<{ readonly name: string; readonly type: string; readonly value: unknown }>;
      };
    };

/** Data for a later `screenPop`, returned by a deferred `searchAndScreenPop`. */
export type ScreenPopData = Omit<ScreenPopParams, 'defaultFieldValues'>;

/** `searchAndScreenPop` arguments (API 38.0; `defaultFieldValues` 43.0). */
export interface SearchAndScreenPopParams extends WithCallback<SearchAndScreenPopResult> {
  /** The string to search for, e.g. the caller's number. */
  readonly searchParams?: string;
  /** Query string appended to the pop URL (only for "Pop to Visualforce" layouts). */
  readonly queryParams?: string;
  /** Prefills a new record when nothing matches an inbound call. */
  readonly defaultFieldValues?: DefaultFieldValues;
  readonly callType: OpenCtiCallType;
  /** Return matches and `SCREEN_POP_DATA` without popping. */
  readonly deferred?: boolean;
}

/** One match of `searchAndScreenPop`: the record's id, name, object type and layout fields. */
export interface SearchMatch {
  readonly Id: string;
  readonly Name?: string;
  /** The object's API name, e.g. `Contact`. */
  readonly RecordType: string;
  readonly [field: string]: unknown;
}

/** Matches keyed by record id; with `deferred`, also `SCREEN_POP_DATA`. */
export type SearchAndScreenPopResult = Readonly<Record<string, SearchMatch>> & { readonly SCREEN_POP_DATA?: ScreenPopData };

/** `saveLog` arguments (API 38.0): creates a record, or updates it when `value.Id` is set. */
export interface SaveLogParams extends WithCallback<SaveLogResult> {
  readonly value: { readonly entityApiName: string; readonly Id?: string; readonly [field: string]: unknown };
}
/** `saveLog` result. */
export interface SaveLogResult {
  readonly recordId: string;
}

/** `runApex` arguments (API 38.0): calls a global static Apex method. */
export interface RunApexParams extends WithCallback<RunApexResult> {
  readonly apexClass: string;
  readonly methodName: string;
  /** URL-encoded parameters, e.g. `name=Acme&id=001…`. */
  readonly methodParams?: string;
}
/** `runApex` result: the Apex method's return value under `runApex`. */
export interface RunApexResult {
  readonly runApex: unknown;
}

/** The page the agent is on (`getAppViewInfo`, `onNavigationChange`). */
export interface AppViewInfo {
  readonly url: string;
  readonly recordId?: string;
  readonly recordName?: string;
  readonly objectType?: string;
  /** Set when the page shows a record of a person account. */
  readonly accountId?: string;
  readonly contactId?: string;
  readonly personAccount?: boolean;
}

/** What `onClickToDial`'s listener receives (API 38.0). */
export interface ClickToDialPayload {
  /** The number as shown on the record. */
  readonly number: string;
  readonly recordId: string;
  readonly recordName: string;
  readonly objectType: string;
  /** Only for person accounts. */
  readonly accountId?: string;
  readonly contactId?: string;
  /** Only present when person accounts are enabled. */
  readonly personAccount?: boolean;
  /** Comma-separated parameters of the phone field (Lightning click-to-dial components). */
  readonly params?: string;
}

/** `onSoftphonePanelVisibilityChange`'s payload. */
export interface PanelVisibilityPayload {
  readonly visible: boolean;
}

/** A listener registration. */
export interface ListenerParams<P> extends WithCallback {
  readonly listener: (payload: P) => void;
}

/** `setSoftphonePanelVisibility` arguments (API 38.0). */
export interface PanelVisibilityParams extends WithCallback {
  readonly visible: boolean;
}
/** `isSoftphonePanelVisible` result. */
export interface PanelVisibleResult {
  readonly visible: boolean;
}
/** `setSoftphonePanelHeight` (240–2560) arguments (API 38.0). */
export interface PanelHeightParams extends WithCallback {
  readonly heightPX: number;
}
/** `setSoftphonePanelWidth` (200–1920) arguments (API 38.0). */
export interface PanelWidthParams extends WithCallback {
  readonly widthPX: number;
}
/** `setSoftphonePanelLabel` / `setSoftphoneItemLabel` arguments (API 40.0). */
export interface LabelParams extends WithCallback {
  readonly label: string;
}
/** `setSoftphonePanelIcon` / `setSoftphoneItemIcon` arguments (API 40.0): an SLDS utility icon key. */
export interface IconParams extends WithCallback {
  readonly key: string;
}

/** Call-centre settings, keyed like `/reqGeneralInfo/reqAdapterUrl`. */
export type CallCenterSettings = Readonly<Record<string, string>>;

/** The softphone layout for each call type. */
export type SoftphoneLayout = Readonly<Record<string, unknown>>;

/** Lightning Message Service: publish (API 47.0). `channelName` is the message channel's API name. */
export interface PublishParams extends WithCallback {
  readonly channelName: string;
  readonly message?: unknown;
}
/** Lightning Message Service: subscribe (API 47.0). */
export interface SubscribeParams extends WithCallback<SubscribeResult> {
  readonly channelName: string;
  readonly listener: (message: unknown) => void;
}
/** `subscribe` result: keep it to unsubscribe. */
export interface SubscribeResult {
  readonly subscription: unknown;
}
/** Lightning Message Service: unsubscribe (API 47.0). */
export interface UnsubscribeParams extends WithCallback {
  readonly subscription: unknown;
}

/** The `sforce.opencti` object of Lightning Experience. */
export interface OpenCtiApi {
  readonly CALL_TYPE: CallTypeConstants;
  readonly SCREENPOP_TYPE: ScreenPopTypeConstants;
  /** Searches the softphone layout's objects and pops per the layout (API 38.0). */
  searchAndScreenPop(params: SearchAndScreenPopParams): void;
  /** Pops a record, URL, object home, list, search, new-record form or flow (API 38.0). */
  screenPop(params: ScreenPopParams & WithCallback): void;
  /** Creates or updates a record, typically the call's Task (API 38.0). */
  saveLog(params: SaveLogParams): void;
  /** Calls a global static Apex method (API 38.0). */
  runApex(params: RunApexParams): void;
  /** Refreshes the current view (API 38.0). */
  refreshView(params?: WithCallback): void;
  /** Makes phone fields dialable (API 38.0). */
  enableClickToDial(params?: WithCallback): void;
  /** Makes phone fields plain text again (API 38.0). */
  disableClickToDial(params?: WithCallback): void;
  /** Registers the click-to-dial listener (API 38.0). */
  onClickToDial(params: ListenerParams<ClickToDialPayload>): void;
  /** Registers a listener for page changes (API 38.0). */
  onNavigationChange(params: ListenerParams<AppViewInfo>): void;
  /** The page the agent is on (API 38.0). */
  getAppViewInfo(params: WithCallback<AppViewInfo>): void;
  /** Opens or closes the softphone panel (API 38.0). */
  setSoftphonePanelVisibility(params: PanelVisibilityParams): void;
  /** Whether the softphone panel is open (API 38.0). */
  isSoftphonePanelVisible(params: WithCallback<PanelVisibleResult>): void;
  /** Registers a listener for the panel opening or closing (API 49.0). */
  onSoftphonePanelVisibilityChange?(params: ListenerParams<PanelVisibilityPayload>): void;
  setSoftphonePanelHeight(params: PanelHeightParams): void;
  setSoftphonePanelWidth(params: PanelWidthParams): void;
  setSoftphonePanelLabel(params: LabelParams): void;
  setSoftphonePanelIcon(params: IconParams): void;
  setSoftphoneItemLabel(params: LabelParams): void;
  setSoftphoneItemIcon(params: IconParams): void;
  /** The call centre definition's values (API 38.0). */
  getCallCenterSettings(params: WithCallback<CallCenterSettings>): void;
  /** The softphone layout (API 38.0). */
  getSoftphoneLayout(params: WithCallback<SoftphoneLayout>): void;
  /** Ends the softphone's loading state; without it Salesforce may switch to the standby URL (API 38.0). */
  notifyInitializationComplete(params?: WithCallback): void;
  publish(params: PublishParams): void;
  subscribe(params: SubscribeParams): void;
  unsubscribe(params: UnsubscribeParams): void;
}

declare global {
  interface Window {
    /** Defined by Salesforce's `opencti_min.js`. */
    sforce?: { opencti?: OpenCtiApi };
  }
}
