/**
 * Browser stand-ins of the Voice SDK's `Device`/`Call` and the TaskRouter SDK's
 * `Worker`/`Reservation`, for the local Twilio stand-in (`dev --provider twilio` without an
 * account). Never part of the production Twilio bundle.
 */
export { StandInDevice, StandInCall, standInDeviceFactory, tokenExpiry } from './device.js';
export { StandInWorker, StandInReservation, standInWorkerFactory } from './worker.js';
export { StandInRequestError } from './event-stream.js';
