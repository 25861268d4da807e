/** Open CTI for Lightning Experience: types, promise client and the bridge. */
export type {
  OpenCtiErrorEntry, OpenCtiResponse, OpenCtiCallback, WithCallback, CallTypeConstants, OpenCtiCallType,
  ScreenPopTypeConstants, DefaultFieldValues, ScreenPopParams, ScreenPopData, SearchAndScreenPopParams, SearchMatch,
  SearchAndScreenPopResult, SaveLogParams, SaveLogResult, RunApexParams, RunApexResult, AppViewInfo,
  ClickToDialPayload, ListenerParams, PanelVisibilityParams, PanelVisibleResult,
  PanelHeightParams, PanelWidthParams, LabelParams, IconParams, CallCenterSettings, SoftphoneLayout, PublishParams,
  SubscribeParams, SubscribeResult, UnsubscribeParams, OpenCtiApi, OpenCtiApiErrorCode, FlowArg, SaveLogReturnValue,
  PersonAccountFields, RequiredCallback, CallRelatedField, SoftphoneLayoutField, LayoutScreenPopType, ScreenPopSetting,
  ScreenPopSettings, SoftphoneCallTypeLayout, LmsSubscription, CompleteWorkParams, HvsApi,
} from './types.js';
export { OpenCtiError } from './errors.js';
export type { OpenCtiErrorCode } from './errors.js';
export { OpenCtiClient } from './client.js';
export type { OpenCtiClientOptions } from './client.js';
export { callLogToTask, nameFields, SOFTPHONE_CALL_LOG_APEX, OpenCtiBridge } from './bridge.js';
export type { OpenCtiBridgeOptions, TaskFields } from './bridge.js';
export { checkHostOrigin } from './host-origin.js';
export type { FramedWindow, HostOriginOptions } from './host-origin.js';
export { ivrFieldValues, decidePop } from './pop-rules.js';
export type { PopRules } from './pop-rules.js';
export { runPopRules, matchesFor, flowInputs, directPop } from './pop-rule-runner.js';
export type { RuleOutcome } from './pop-rule-runner.js';
export { OmniChannelSync, DEFAULT_OMNI_CHANNEL } from './omni-sync.js';
export type { OmniSyncMessage, OmniChannelSyncOptions, PresenceSyncTarget } from './omni-sync.js';
