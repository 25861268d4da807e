/** The SIP provider's errors: media failures (microphone, WebRTC) in words an agent can act on. */
import { errorMessage } from '../../core/index.js';

/** Turns a getUserMedia / WebRTC failure into a sentence an agent can act on. */
export function describeMediaError(error: unknown): string {
  const name = error && typeof error === 'object' && 'name' in error ? String(error.name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Microphone access was denied. Allow the microphone for this site (in Salesforce, also for the softphone frame) and try again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Connect a headset or microphone and try again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The microphone is in use by another application or could not be started.';
    default:
      return `The call could not be set up: ${errorMessage(error)}`;
  }
}
