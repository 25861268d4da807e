/** The vendor server's Salesforce Voice parts: Telephony Integration API client, VoiceCall life cycle, stand-in, credentials. */
export * from './credentials.js';
export * from './telephony-api.js';
export * from './telephony-stand-in.js';
export * from './voice-call-service.js';
export * from './voice-console.js';
