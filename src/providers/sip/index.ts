/** `softphone-connector/providers/sip`: any SIP PBX over WebSocket with WebRTC media, on SIP.js. */
export { sip } from './config.js';
export type { SipIceServer, SipDtmfMode, SipConfigOptions, SipConfig, SipSupervisorCodes, SipRecordingOptions } from './config.js';
export { SipProvider } from './sip-provider.js';
export type { SipCredentials, SipProviderOptions } from './sip-provider.js';
export { createSipProvider } from './create.js';
export type { RemoteAudioSink, SipMediaStats } from './sip-call.js';
