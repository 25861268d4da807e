// A fake of the Twilio Voice SDK's Device and Call. Both implement the provider's `Pick`s of the
// SDK's published types, so any drift of the SDK's shape fails the typecheck. Events are named and
// shaped as the SDK documents them; the SDK's own enums and error classes are used.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Call, Device, TwilioError } from '@twilio/voice-sdk';
import type { TwilioCallLike, TwilioDeviceLike, TwilioDeviceOptions } from '../../../src/providers/twilio/index.js';

export class FakeCall extends EventEmitter implements TwilioCallLike {
  readonly customParameters: Map<string, string>;
  readonly outboundConnectionId?: string;
  parameters: Record<string, string>;
  digits = '';
  private state: Call.State;
  private muted = false;

  constructor(
    readonly direction: Call.CallDirection,
    parameters: Record<string, string>,
    custom: Record<string, string> = {},
  ) {
    super();
    this.parameters = parameters;
    this.customParameters = new Map(Object.entries(custom));
    this.state = direction === Call.CallDirection.Incoming ? Call.State.Pending : Call.State.Connecting;
    if (direction === Call.CallDirection.Outgoing) this.outboundConnectionId = `TJ${randomBytes(16).toString('hex')}`;
  }

  get id(): string {
    return this.parameters.CallSid || this.outboundConnectionId || '';
  }
  accept(): void {
    this.open();
  }
  reject(): void {
    this.state = Call.State.Closed;
    this.emit('reject');
  }
  disconnect(): void {
    if (this.state === Call.State.Closed) return;
    this.state = Call.State.Closed;
    this.emit('disconnect', this);
  }
  mute(shouldMute = true): void {
    this.muted = shouldMute;
    this.emit('mute', shouldMute, this);
  }
  isMuted(): boolean {
    return this.muted;
  }
  sendDigits(digits: string): void {
    this.digits += digits;
  }
  status(): Call.State {
    return this.state;
  }

  /** The far end: media is up (incoming: after accept; outgoing: the callee answered). */
  open(): void {
    this.state = Call.State.Open;
    this.emit('accept', this);
  }
  /** The far end hung up or, before answering, cancelled / declined. */
  remoteEnd(): void {
    if (this.state === Call.State.Pending) {
      this.state = Call.State.Closed;
      this.emit('cancel');
    } else this.disconnect();
  }
}

export class FakeDevice extends EventEmitter implements TwilioDeviceLike {
  tokens: string[] = [];
  connects: Array<Device.ConnectOptions | undefined> = [];
  readonly calls: FakeCall[] = [];
  registerError?: TwilioError.TwilioError;
  private currentState = Device.State.Unregistered;

  constructor(
    token: string,
    readonly options: TwilioDeviceOptions,
  ) {
    super();
    this.tokens.push(token);
  }

  get state(): Device.State {
    return this.currentState;
  }
  async register(): Promise<void> {
    this.currentState = Device.State.Registering;
    this.emit('registering');
    if (this.registerError) throw this.registerError;
    this.currentState = Device.State.Registered;
    this.emit('registered');
  }
  async unregister(): Promise<void> {
    this.currentState = Device.State.Unregistered;
    this.emit('unregistered');
  }
  async connect(options?: Device.ConnectOptions): Promise<FakeCall> {
    this.connects.push(options);
    const call = new FakeCall(Call.CallDirection.Outgoing, {});
    this.calls.push(call);
    return call;
  }
  updateToken(token: string): void {
    this.tokens.push(token);
  }
  destroy(): void {
    this.currentState = Device.State.Destroyed;
    for (const call of this.calls) call.disconnect();
    this.emit('destroyed');
    this.removeAllListeners();
  }

  /** Twilio routes a call to this client. */
  ring(from: string, custom: Record<string, string> = {}): FakeCall {
    const call = new FakeCall(Call.CallDirection.Incoming, { CallSid: `CA${randomBytes(16).toString('hex')}`, From: from, To: 'client:agent' }, custom);
    this.calls.push(call);
    this.emit('incoming', call);
    return call;
  }
  /** The signalling connection dropped and the registration was lost. */
  drop(): void {
    this.currentState = Device.State.Unregistered;
    this.emit('unregistered');
  }
  /** Listeners on the device and its calls: what a provider must remove on disconnect. */
  openListeners(): number {
    const count = (emitter: EventEmitter): number => emitter.eventNames().reduce((sum, name) => sum + emitter.listenerCount(name), 0);
    return count(this) + this.calls.reduce((sum, call) => sum + count(call), 0);
  }
  find(id: string): FakeCall {
    const call = this.calls.find((candidate) => candidate.id === id);
    if (!call) throw new Error(`no fake Twilio call ${id}`);
    return call;
  }
}

/** The SDK's own error class for a code. */
export function twilioError(code: number): TwilioError.TwilioError {
  const ErrorClass = TwilioError.getErrorByCode(code);
  return new ErrorClass();
}
