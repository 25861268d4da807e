/** The vendor server's Salesforce Voice parts: Telephony Integration API client, VoiceCall life cycle, stand-in, credentials. */
export { createTelephonyCredentials } from './credentials.js';
export type { TelephonyCredentials, TelephonyCredentialOptions } from './credentials.js';
export { TelephonyApiError, TelephonyApiClient } from './telephony-api.js';
export type {
  TelephonyApiOptions, InitiationMethod, CreateVoiceCallRequest, UpdateVoiceCallRequest, TranscriptMessage,
  OmniFlowRequest, TelephonyApiErrorCode,
} from './telephony-api.js';
export { TelephonyApiStandIn } from './telephony-stand-in.js';
export type { StandInVoiceCall, StandInRequest, StandInFailure, TelephonyStandInOptions } from './telephony-stand-in.js';
export { VoiceCallService } from './voice-call-service.js';
