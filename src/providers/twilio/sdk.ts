/**
 * The parts of `@twilio/voice-sdk` the provider uses, as `Pick`s of the SDK's own published types:
 * the real `Device`/`Call` satisfy them by construction, and a test fake that implements them fails
 * to compile as soon as the SDK's shape drifts.
 */
import type { Call, Device, TwilioError } from '@twilio/voice-sdk';

/**
 * What the provider needs of a `Device`. `connect` keeps the SDK's parameter type but may resolve
 * with anything call-like, so a fake does not have to build a real `Call`.
 */
export type TwilioDeviceLike = Pick<Device, 'register' | 'unregister' | 'updateToken' | 'destroy' | 'state'> &
  TwilioEmitter & {
  connect(options?: Device.ConnectOptions): Promise<TwilioCallLike>;
};

/**
 * An SDK event listener. Declared as a method so its parameters are checked bivariantly, the way
 * the SDK's own `EventEmitter` typings accept any listener.
 */
export type TwilioListener = { listener(...args: unknown[]): void }['listener'];

/**
 * `on`/`off` as the SDK's classes have them (Node-style `EventEmitter`), without the `this`
 * return type that would tie a fake to the real class.
 */
export interface TwilioEmitter {
  on(event: string, listener: TwilioListener): unknown;
  off(event: string, listener: TwilioListener): unknown;
}

/** What the provider needs of a `Call`. */
export type TwilioCallLike = Pick<
  Call,
  'accept' | 'reject' | 'disconnect' | 'mute' | 'isMuted' | 'sendDigits' | 'status' | 'parameters' | 'customParameters' | 'direction' | 'outboundConnectionId'
> &
  TwilioEmitter;

/** `Device` options the provider sets. */
export type TwilioDeviceOptions = Pick<Device.Options, 'edge' | 'codecPreferences' | 'closeProtection' | 'tokenRefreshMs' | 'allowIncomingWhileBusy' | 'appName'>;

/** Creates a `Device` (the real one in the browser, a fake in tests). */
export type TwilioDeviceFactory = (token: string, options: TwilioDeviceOptions) => TwilioDeviceLike;

/** The fields of a `TwilioError` the provider reads. */
export type TwilioErrorLike = Pick<TwilioError.TwilioError, 'code' | 'message'> & Partial<Pick<TwilioError.TwilioError, 'description' | 'explanation'>>;

/** Adds each handler to `emitter` under its event name; the returned function removes them all again. */
export function listenAll(emitter: TwilioEmitter, handlers: Readonly<Record<string, TwilioListener>>): () => void {
  for (const [event, handler] of Object.entries(handlers)) emitter.on(event, handler);
  return () => {
    for (const [event, handler] of Object.entries(handlers)) emitter.off(event, handler);
  };
}
