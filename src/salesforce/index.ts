/** `softphone-connector/salesforce`: the Salesforce hosts of the connector. */
export {
  OpenCtiError, OpenCtiClient, callLogToTask, nameFields, SOFTPHONE_CALL_LOG_APEX, OpenCtiBridge, ivrFieldValues,
  decidePop, runPopRules, OmniChannelSync, DEFAULT_OMNI_CHANNEL, checkHostOrigin,
} from './opencti/index.js';
export type {
  OpenCtiErrorEntry, OpenCtiResponse, OpenCtiCallback, WithCallback, CallTypeConstants, OpenCtiCallType,
  ScreenPopTypeConstants, DefaultFieldValues, ScreenPopParams, ScreenPopData, SearchAndScreenPopParams, SearchMatch,
  SearchAndScreenPopResult, SaveLogParams, SaveLogResult, RunApexParams, RunApexResult, AppViewInfo,
  ClickToDialPayload, ListenerParams, PanelVisibilityParams, PanelVisibleResult,
  PanelHeightParams, PanelWidthParams, LabelParams, IconParams, CallCenterSettings, SoftphoneLayout, PublishParams,
  SubscribeParams, SubscribeResult, UnsubscribeParams, OpenCtiApi, OpenCtiApiErrorCode, FlowArg, SaveLogReturnValue,
  PersonAccountFields, RequiredCallback, CallRelatedField, SoftphoneLayoutField, LayoutScreenPopType, ScreenPopSetting,
  ScreenPopSettings, SoftphoneCallTypeLayout, LmsSubscription, CompleteWorkParams, HvsApi, OpenCtiErrorCode, OpenCtiClientOptions,
  OpenCtiBridgeOptions, TaskFields, PopRules, RuleOutcome, OmniSyncMessage, OmniChannelSyncOptions, PresenceSyncTarget, FramedWindow, HostOriginOptions,
} from './opencti/index.js';
