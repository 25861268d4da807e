/** `softphone-connector/server`: the local console server and the telephony simulator (Node only). */
export * from './app.js';
export * from './telephony-simulator.js';
export { escapeHtml } from './pages.js';
export * from './twilio-settings.js';
export { twilioRoutes, voiceTwiml, type TwilioRoutesOptions } from './routes/twilio.js';
export * from './faults.js';
