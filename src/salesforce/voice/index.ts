/** The Salesforce Voice host: a partner-telephony vendor connector over any `TelephonyProvider`. */
export * from './vendor-connector.js';
export * from './call-table.js';
export * from './errors.js';
export * from './library.js';
export * from './publisher.js';
export * from './voice-call-sync.js';
export * from './packaging.js';
export * from './http-voice-call-sync.js';
export * from './call-memory.js';
export * from './provider-event-relay.js';
export * from './command-waiters.js';
