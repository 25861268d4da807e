/** The Salesforce Voice host: a partner-telephony vendor connector over any `TelephonyProvider`. */
export { VoiceVendorConnector } from './vendor-connector.js';
export type { VoiceDirectoryEntry, VoiceConnectorOptions } from './vendor-connector.js';
export { CallTable } from './call-table.js';
export type { VoiceCallEntry, CallChange } from './call-table.js';
export { VoiceHostError } from './errors.js';
export type { VoiceHostErrorCode } from './errors.js';
export { scv } from './library.js';
export type { ScvLibrary, Lib } from './library.js';
export { libraryPublisher } from './publisher.js';
export type { VoiceEventType, VoiceErrorType, VoicePublisher } from './publisher.js';
export type { VoiceCallStart, VoiceCallEnd, VoiceCallSync } from './voice-call-sync.js';
export { voiceCallCenterDefinition, conversationVendorInfoMetadata, voiceConnectorPage, voicePackageFiles } from './packaging.js';
export type { VoicePackageOptions } from './packaging.js';
export { VoiceCallReportError, HttpVoiceCallSync } from './http-voice-call-sync.js';
export type { CallMemoryStorage } from './call-memory.js';
