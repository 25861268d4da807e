/** `softphone-connector/providers/sip`: any SIP PBX over WebSocket with WebRTC media, on SIP.js. */
export * from './config.js';
export * from './sip-provider.js';
export * from './create.js';
export { parseNameAddr, remoteIdentity, headerData, type RemoteIdentity } from './identity.js';
export { describeMediaError } from './media-errors.js';
export { endReasonOfStatus, type RemoteAudioSink, type SipMediaStats } from './sip-call.js';
