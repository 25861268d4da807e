/**
 * postMessage protocol between the emulated `opencti_min.js` (inside the softphone iframe) and the
 * local console (its parent). Both sides check the other's origin.
 */
import type { OpenCtiErrorEntry } from '../../salesforce/opencti/types.js';

/** Marks our messages among any others on the window. */
export const CHANNEL = 'softphone-connector/opencti';

/** The Open CTI callback result, exactly as documented: `errors` is null or a list of `{ code, description }`. */
export interface EmulatedResult {
  readonly success: boolean;
  readonly returnValue: unknown;
  readonly errors: readonly OpenCtiErrorEntry[] | null;
}

/** Listener kinds the console can push to the softphone. */
export type EmulatedEventName = 'clickToDial' | 'navigationChange' | 'message';

/** Iframe → console: an API call (arguments without their functions). */
export interface CallMessage {
  readonly channel: typeof CHANNEL;
  readonly kind: 'call';
  readonly id: number;
  readonly method: string;
  readonly args: Record<string, unknown>;
}

/** Console → iframe: the result of a call. */
export interface ResultMessage {
  readonly channel: typeof CHANNEL;
  readonly kind: 'result';
  readonly id: number;
  readonly result: EmulatedResult;
}

/** Console → iframe: an event for registered listeners. */
export interface EventMessage {
  readonly channel: typeof CHANNEL;
  readonly kind: 'event';
  readonly event: EmulatedEventName;
  readonly payload: unknown;
  /** For Lightning Message Service messages: the subscriptions (of this frame) to deliver to. */
  readonly subscriptions?: readonly string[];
}

/** Anything on the channel. */
export type EmulationMessage = CallMessage | ResultMessage | EventMessage;

/** Whether a received `data` is one of ours. */
export function isEmulationMessage(data: unknown): data is EmulationMessage {
  return typeof data === 'object' && data !== null && (data as { channel?: unknown }).channel === CHANNEL;
}

/** Methods whose only purpose is their callback's result: the guide requires the callback. */
export const CALLBACK_REQUIRED: readonly string[] = ['getAppViewInfo', 'getCallCenterSettings', 'getSoftphoneLayout', 'isSoftphonePanelVisible'];
