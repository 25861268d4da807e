/**
 * Types of Salesforce Open CTI for Lightning Experience: the `sforce.opencti` object defined by
 * `/support/api/<version>/lightning/opencti_min.js`. Every method takes one argument object and
 * reports through `callback({ success, returnValue, errors })`. Versions are the API version a
 * method first appeared in.
 */

/** The error codes Open CTI documents for a failed call. */
export type OpenCtiApiErrorCode = 'INVALID_PARAM' | 'GENERIC_ERROR' | 'SERVER_ERROR' | 'SOFTPHONE_CONTAINER_ERROR';

/** One error of a failed call, as documented: a code, a description and sometimes details. */
export interface OpenCtiErrorEntry {
  /** One of {@link OpenCtiApiErrorCode}; typed wider because an org may add codes the guide does not list. */
  readonly code: OpenCtiApiErrorCode | (string & Record<never, never>);
  readonly description: string;
  readonly details?: unknown;
}

/**
 * What every callback receives. `returnValue` is the method's documented value, or `null` for the
 * methods that document none (setters, `screenPop`, `refreshView`, …).
 */
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

/** One input variable of a flow (`FLOW` screen pops, `searchAndScreenPop`'s `params.FLOW`). */
export interface FlowArg {
  readonly name: string;
  /** The variable's data type, e.g. `String`, `Number`, `Boolean`. */
  readonly type: string;
  readonly value: unknown;
}

/** `screenPop` arguments, by type (API 38.0; FLOW 41.0; NEW_RECORD_MODAL 38.0). */
export type ScreenPopParams =
  | { readonly type: 'sobject'; readonly params: { readonly recordId: string } }
  /** A relative URL stays in the app; an absolute one opens in a new browser tab. */
  | { readonly type: 'url'; readonly params: { readonly url: string } }
  /** `scope`: the object's API name. */
  | { readonly type: 'objecthome'; readonly params: { readonly scope: string } }
  | { readonly type: 'list'; readonly params: { readonly listViewId: string; readonly scope: string } }
  /** `searchString`: at least 3 characters. */
  | { readonly type: 'search'; readonly params: { readonly searchString: string } }
  | {
      readonly type: 'newRecord';
      /** `entityName`, not saveLog's `entityApiName`. Default values may come here or beside `params`. */
      readonly params: { readonly entityName: string; readonly recordTypeId?: string; readonly defaultFieldValues?: DefaultFieldValues };
      readonly defaultFieldValues?: DefaultFieldValues;
    }
  | { readonly type: 'flow'; readonly params: { readonly flowDevName: string; readonly flowArgs?: readonly FlowArg[] } };

/** Data for a later `screenPop`, returned by a deferred `searchAndScreenPop`: pass it to `screenPop` unchanged. */
export type ScreenPopData = ScreenPopParams extends infer P ? (P extends unknown ? Omit<P, 'defaultFieldValues'> : never) : never;

/** `searchAndScreenPop` arguments (API 38.0; `defaultFieldValues` 43.0; `params` for flows 41.0). */
export interface SearchAndScreenPopParams extends WithCallback<SearchAndScreenPopResult> {
  /** The string to search for, e.g. the caller's number. */
  readonly searchParams?: string;
  /** Query string appended to the pop URL (only for "Pop to Visualforce" layouts). */
  readonly queryParams?: string;
  /** Input variables for a "Pop to flow" layout. */
  readonly params?: { readonly FLOW?: { readonly flowArgs: readonly FlowArg[] } };
  /** Prefills a new record when nothing matches. */
  readonly defaultFieldValues?: DefaultFieldValues;
  /** The one required argument: which call type's softphone layout applies. */
  readonly callType: OpenCtiCallType;
  /** Return matches and `SCREEN_POP_DATA` without popping (default false). */
  readonly deferred?: boolean;
}

/** One match of `searchAndScreenPop`: the record's id, name, object type and the layout's fields. */
export interface SearchMatch {
  readonly Id: string;
  readonly Name?: string;
  /** The object's API name, e.g. `Contact`. */
  readonly RecordType: string;
  readonly LastModifiedDate?: string;
  readonly [field: string]: unknown;
}

/** Matches keyed by record id (only objects of the softphone layout); with `deferred`, also `SCREEN_POP_DATA`. */
export type SearchAndScreenPopResult = Readonly<Record<string, SearchMatch>> & { readonly SCREEN_POP_DATA?: ScreenPopData };

/** `saveLog` arguments (API 38.0): updates the record when `value.Id` is set, else creates one of `entityApiName`. */
export interface SaveLogParams extends WithCallback<SaveLogReturnValue> {
  readonly value:
    | { readonly Id: string; readonly entityApiName?: string; readonly [field: string]: unknown }
    | { readonly entityApiName: string; readonly Id?: undefined; readonly [field: string]: unknown };
}
/**
 * What `saveLog` answers: the saved record's id, in a shape the guide does not state. Public adapters
 * read `returnValue.recordId`; read it defensively.
 */
export type SaveLogReturnValue = { readonly recordId?: unknown; readonly [key: string]: unknown } | string;
/** The promise client's `saveLog` result: the saved record's id. */
export interface SaveLogResult {
  readonly recordId: string;
}

/** `runApex` arguments (API 38.0): calls a `webService static` method of a `global` Apex class. */
export interface RunApexParams extends WithCallback<RunApexResult> {
  readonly apexClass: string;
  readonly methodName: string;
  /** URL-encoded parameters, e.g. `name=Acme&phone=415…`. */
  readonly methodParams?: string;
}
/** `runApex` result: the Apex method's return value under `runApex`. */
export interface RunApexResult {
  readonly runApex: unknown;
}

/** Fields that identify a person account's record; present only for person accounts. */
export interface PersonAccountFields {
  readonly accountId?: string;
  readonly contactId?: string;
  /** Only present when person accounts are enabled in the org. */
  readonly personAccount?: boolean;
}

/**
 * The page the agent is on (`getAppViewInfo`, `onNavigationChange`). Off a record page the record
 * fields are empty strings.
 */
export interface AppViewInfo extends PersonAccountFields {
  readonly url: string;
  readonly recordId: string;
  readonly recordName: string;
  readonly objectType: string;
}

/** What `onClickToDial`'s listener receives (API 38.0): a flat payload. */
export interface ClickToDialPayload extends PersonAccountFields {
  /** Documented as a number; adapters receive and treat it as a string. */
  readonly number: string | number;
  readonly recordId: string;
  readonly recordName: string;
  readonly objectType: string;
  /** Comma-separated parameters of the click-to-dial component's phone field. */
  readonly params?: string;
}

/** A listener registration: no callback is documented. */
export interface ListenerParams<P> {
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
/** `setSoftphonePanelHeight` arguments (API 38.0): 240 through 2,560 pixels. */
export interface PanelHeightParams extends WithCallback {
  readonly heightPX: number;
}
/** `setSoftphonePanelWidth` arguments (API 38.0): 200 through 1,920 pixels. */
export interface PanelWidthParams extends WithCallback {
  readonly widthPX: number;
}
/** `setSoftphonePanelLabel` / `setSoftphoneItemLabel` arguments (API 40.0). */
export interface LabelParams extends WithCallback {
  readonly label: string;
}
/** `setSoftphonePanelIcon` / `setSoftphoneItemIcon` arguments (API 40.0): an SLDS utility icon key, e.g. `call`, `end_call`. */
export interface IconParams extends WithCallback {
  readonly key: string;
}
/** Arguments of methods that take only a callback which they require. */
export interface RequiredCallback<T> {
  readonly callback: OpenCtiCallback<T>;
}

/**
 * Call-centre settings (`getCallCenterSettings`): one flat map of slash paths to string values,
 * e.g. `/reqGeneralInfo/reqAdapterUrl`, `/reqGeneralInfo/reqUseApi` (`"true"`), with a `/label`
 * and `/sortOrder` (`"0.0"`) key for the call centre, each section and each item, and the custom
 * sections' items (`/reqMySettings/reqProvider`).
 */
export type CallCenterSettings = Readonly<Record<string, string>>;

/** Call information a softphone layout shows (caller number, dialled number, segment, queue). */
export type CallRelatedField = 'ANI' | 'DNIS' | 'SEGMENT' | 'QUEUE';

/** A field a softphone layout shows for matches of one object. */
export interface SoftphoneLayoutField {
  readonly displayName: string;
  readonly apiName: string;
}

/** What a softphone layout opens in one situation. */
export type LayoutScreenPopType = 'PopToEntity' | 'PopToVisualforce' | 'PopToSearch' | 'PopToFlow';

/** One situation's screen pop: its type and the object, Visualforce page or flow (absent for `PopToSearch`). */
export interface ScreenPopSetting {
  readonly screenPopType: LayoutScreenPopType;
  readonly screenPopData?: string;
}

/** The screen pops of a call type: what opens for no, one and several matches. */
export interface ScreenPopSettings {
  readonly screenPopsOpenWithin?: 'ExistingWindow' | 'NewWindow';
  readonly NoMatch: ScreenPopSetting;
  readonly SingleMatch: ScreenPopSetting;
  readonly MultipleMatches: ScreenPopSetting;
}

/** The softphone layout of one call type. */
export interface SoftphoneCallTypeLayout {
  readonly callRelatedFields: readonly CallRelatedField[];
  /** Objects searched, by API name, with the fields shown for their matches. */
  readonly objects: Readonly<Record<string, readonly SoftphoneLayoutField[]>>;
  /** Empty when the call type pops nothing (usual for Outbound and Internal). */
  readonly screenPopSettings: ScreenPopSettings | Readonly<Record<string, never>>;
}

/** `getSoftphoneLayout`: the layout per call type; Internal and Outbound may be `{}`. */
export interface SoftphoneLayout {
  readonly Inbound: SoftphoneCallTypeLayout;
  readonly Outbound: SoftphoneCallTypeLayout | Readonly<Record<string, never>>;
  readonly Internal: SoftphoneCallTypeLayout | Readonly<Record<string, never>>;
}

/** An opaque Lightning Message Service subscription: keep it to unsubscribe. */
export type LmsSubscription = unknown;

/** Lightning Message Service: publish (API 47.0). `channelName` is the message channel's API name (`X__c`). */
export interface PublishParams extends WithCallback<unknown> {
  readonly channelName: string;
  /** Serializable data: no functions or symbols. */
  readonly message: unknown;
}
/** Lightning Message Service: subscribe (API 47.0). */
export interface SubscribeParams extends WithCallback<SubscribeResult> {
  readonly channelName: string;
  /** Receives each message published on the channel, as published. */
  readonly listener: (message: unknown) => void;
}
/** `subscribe` result. */
export interface SubscribeResult {
  readonly subscription: LmsSubscription;
}
/** Lightning Message Service: unsubscribe (API 47.0). */
export interface UnsubscribeParams extends WithCallback<unknown> {
  readonly subscription: LmsSubscription;
}

/** Sales Engagement: `hvs.completeWork` arguments (API 46.0). */
export interface CompleteWorkParams extends WithCallback<unknown> {
  readonly workId: string;
  readonly attributes: { readonly disposition?: string; readonly taskId?: string; readonly wasConnected?: boolean };
}
/** Sales Engagement (High Velocity Sales) work items, API 46.0. */
export interface HvsApi {
  onWorkStart(params: ListenerParams<{ readonly workId: string; readonly [key: string]: unknown }>): void;
  completeWork(params: CompleteWorkParams): void;
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
  /** Registers a listener for page changes, tab switches and the window regaining focus (API 38.0). */
  onNavigationChange(params: ListenerParams<AppViewInfo>): void;
  /** The page the agent is on (API 38.0). */
  getAppViewInfo(params: RequiredCallback<AppViewInfo>): void;
  /** Opens or closes the softphone panel (API 38.0). */
  setSoftphonePanelVisibility(params: PanelVisibilityParams): void;
  /** Whether the softphone panel is open (API 38.0). */
  isSoftphonePanelVisible(params: RequiredCallback<PanelVisibleResult>): void;
  setSoftphonePanelHeight(params: PanelHeightParams): void;
  setSoftphonePanelWidth(params: PanelWidthParams): void;
  setSoftphonePanelLabel(params: LabelParams): void;
  setSoftphonePanelIcon(params: IconParams): void;
  setSoftphoneItemLabel(params: LabelParams): void;
  setSoftphoneItemIcon(params: IconParams): void;
  /** The call centre definition's values (API 38.0). */
  getCallCenterSettings(params: RequiredCallback<CallCenterSettings>): void;
  /** The softphone layout (API 38.0). */
  getSoftphoneLayout(params: RequiredCallback<SoftphoneLayout>): void;
  /** Ends the softphone's loading state; without it Salesforce may switch to the standby URL (API 38.0). */
  notifyInitializationComplete(params?: WithCallback): void;
  /** Lightning Message Service (API 47.0). */
  publish(params: PublishParams): void;
  subscribe(params: SubscribeParams): void;
  unsubscribe(params: UnsubscribeParams): void;
  /** Sales Engagement (API 46.0); absent where the org has none. */
  readonly hvs?: HvsApi;
}

declare global {
  interface Window {
    /** Defined by Salesforce's `opencti_min.js`. */
    sforce?: { opencti?: OpenCtiApi };
  }
}
