/**
 * A stand-in of the Voice SDK's `Device` and `Call` that talks to the local Twilio stand-in instead
 * of Twilio's signalling: the device registers `client:<identity>` (the access token's identity) by
 * opening the stand-in's event stream, receives the calls the stand-in rings to that identity,
 * answers, rejects and hangs up through the stand-in, places calls through the TwiML app, and
 * records DTMF and mute there. There is no audio. It implements the provider's `Pick`s of the SDK's
 * published types, so a change in the SDK's shape fails `tsc` here too.
 */
import type { TwilioCallLike, TwilioDeviceFactory, TwilioDeviceLike, TwilioDeviceOptions, TwilioErrorLike } from '../../providers/twilio/sdk.js';
import { StandInEmitter } from './emitter.js';
import { openEventStream, standInAnswer, StandInRequestError, type StandInEvent, type StandInEventStream } from './event-stream.js';

type CallState = ReturnType<TwilioCallLike['status']>;
type DeviceState = TwilioDeviceLike['state'];
type CallDirection = TwilioCallLike['direction'];

/** A call as the stand-in's stream and answers describe it. */
interface CallView {
  readonly callSid: string;
  readonly from: string;
  readonly to: string;
  readonly status: string;
  readonly parentCallSid?: string;
  readonly customParameters?: Readonly<Record<string, string>>;
}

/** What a call needs of its device. */
interface CallHost {
  post(path: string, body?: Record<string, unknown>): Promise<Record<string, unknown>>;
  callFailed(call: StandInCall, error: unknown): void;
}

const FINAL = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/** Twilio's error shape for a failure of the stand-in (its Twilio code when it gave one). */
function twilioError(error: unknown): TwilioErrorLike {
  if (error instanceof StandInRequestError) return { code: error.twilioCode || 31005, message: error.message };
  return { code: 31005, message: `The local Twilio stand-in cannot be reached: ${error instanceof Error ? error.message : String(error)}` };
}

/** A `Call` of the stand-in. */
export class StandInCall extends StandInEmitter implements TwilioCallLike {
  readonly parameters: Record<string, string>;
  readonly customParameters: Map<string, string>;
  readonly outboundConnectionId?: string;
  private state: CallState;
  private muted = false;

  constructor(
    private readonly host: CallHost,
    view: CallView,
    readonly direction: CallDirection,
  ) {
    super();
    this.parameters = { CallSid: view.callSid, From: view.from, To: view.to };
    this.customParameters = new Map(Object.entries(view.customParameters ?? {}));
    this.state = (direction === 'OUTGOING' ? 'connecting' : 'pending') as CallState;
    if (direction === 'OUTGOING') this.outboundConnectionId = view.callSid;
  }

  get sid(): string {
    return this.parameters.CallSid ?? '';
  }

  accept(): void {
    if (this.state !== 'pending') return;
    this.state = 'connecting' as CallState;
    this.host.post(`/calls/${this.sid}/accept`).then(
      () => this.opened(),
      (error: unknown) => this.host.callFailed(this, error),
    );
  }

  reject(): void {
    if (this.state !== 'pending') return;
    this.state = 'closed' as CallState;
    this.emit('reject');
    this.host.post(`/calls/${this.sid}/reject`).catch((error: unknown) => this.host.callFailed(this, error));
  }

  disconnect(): void {
    if (this.state === 'closed') return;
    this.host.post(`/calls/${this.sid}/disconnect`).catch((error: unknown) => this.host.callFailed(this, error));
  }

  mute(shouldMute = true): void {
    if (this.muted === shouldMute || this.state === 'closed') return;
    this.muted = shouldMute;
    this.emit('mute', shouldMute, this);
    this.host.post(`/calls/${this.sid}/mute`, { muted: shouldMute }).catch((error: unknown) => this.host.callFailed(this, error));
  }

  isMuted(): boolean {
    return this.muted;
  }

  sendDigits(digits: string): void {
    this.host.post(`/calls/${this.sid}/digits`, { digits }).catch((error: unknown) => this.host.callFailed(this, error));
  }

  status(): CallState {
    return this.state;
  }

  /** The call (or, for an outgoing call, the leg it dialled) was answered. */
  opened(): void {
    if (this.state === 'open' || this.state === 'closed') return;
    this.state = 'open' as CallState;
    this.emit('accept', this);
  }

  /** The stand-in ended the call: before it was answered (`cancel` for an incoming call), or after (`disconnect`). */
  ended(): void {
    if (this.state === 'closed') return;
    const ringing = this.state === 'pending';
    this.state = 'closed' as CallState;
    this.emit(ringing ? 'cancel' : 'disconnect', this);
  }

  /** The stand-in refused an action on the call. */
  failed(error: TwilioErrorLike): void {
    this.emit('error', error);
  }
}

/** Seconds since the epoch at which an access token expires (0 when unreadable). */
export function tokenExpiry(token: string): number {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : 0;
  } catch {
    return 0;
  }
}

/** A `Device` of the stand-in at `baseUrl`. */
export class StandInDevice extends StandInEmitter implements TwilioDeviceLike, CallHost {
  private current: DeviceState = 'unregistered' as DeviceState;
  private stream: StandInEventStream | undefined;
  private readonly calls = new Map<string, StandInCall>();
  private willExpire: ReturnType<typeof setTimeout> | undefined;
  /** This device's id at the stand-in: the calls it answers or places end when its stream is gone for good. */
  private readonly id = `device-${Math.random().toString(36).slice(2, 12)}${Date.now().toString(36)}`;

  constructor(
    private token: string,
    private readonly baseUrl: string,
    private readonly options: TwilioDeviceOptions = {},
  ) {
    super();
    this.scheduleTokenWillExpire();
  }

  get state(): DeviceState {
    return this.current;
  }

  async register(): Promise<void> {
    if (this.current === 'destroyed') throw new Error('The device was destroyed: create a new one');
    this.closeStream();
    this.setState('registering');
    const stream = this.openStream();
    await stream.opened.catch((error: unknown) => {
      this.setState('unregistered');
      throw twilioError(error);
    });
  }

  async unregister(): Promise<void> {
    this.closeStream();
    this.setState('unregistered');
  }

  updateToken(token: string): void {
    this.token = token;
    this.scheduleTokenWillExpire();
    // Registered again with the new token; the stream's `registered` is then not reported twice.
    if (this.current === 'registered') {
      // The new stream opens before the old one closes, so the stand-in never sees this device gone.
      const old = this.stream;
      this.openStream().opened.then(
        () => old?.close(),
        () => old?.close(),
      );
    }
  }

  destroy(): void {
    // The device's own calls end with it; a call still ringing stays offered to the identity's other devices.
    for (const call of this.calls.values()) if (call.status() !== 'pending') call.disconnect();
    this.closeStream();
    clearTimeout(this.willExpire);
    this.current = 'destroyed' as DeviceState;
    this.emit('destroyed', this);
  }

  async connect(options?: Parameters<TwilioDeviceLike['connect']>[0]): Promise<TwilioCallLike> {
    const body = await this.post('/calls', { params: options?.params ?? {} });
    const call = new StandInCall(this, body.call as CallView, 'OUTGOING' as CallDirection);
    this.calls.set(call.sid, call);
    return call;
  }

  /** POSTs to the stand-in's browser surface with this device's token. */
  async post(path: string, body: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.baseUrl}/__stand-in/browser${path}`, { method: 'POST', headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', 'x-stand-in-device': this.id }, body: JSON.stringify(body) });
    return standInAnswer(response);
  }

  callFailed(call: StandInCall, error: unknown): void {
    call.failed(twilioError(error));
  }

  private setState(state: string): void {
    if (this.current === state) return;
    this.current = state as DeviceState;
    this.emit(state, this);
  }

  private openStream(): StandInEventStream {
    const stream = openEventStream(`${this.baseUrl}/__stand-in/browser/device/events`, this.token, { 'x-stand-in-device': this.id }, (event) => this.onEvent(event), (error) => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      if (error !== undefined) this.emit('error', twilioError(error));
      this.setState('unregistered');
    });
    this.stream = stream;
    return stream;
  }

  private closeStream(): void {
    const stream = this.stream;
    this.stream = undefined;
    stream?.close();
  }

  private onEvent(event: StandInEvent): void {
    if (event.type === 'registered') this.setState('registered');
    else if (event.type === 'token-expired') {
      this.emit('error', { code: 20104, message: 'Access Token expired or expiration date invalid' } satisfies TwilioErrorLike);
      this.closeStream();
      this.setState('unregistered');
    } else if (event.type === 'incoming') {
      const view = event.call as CallView;
      if (this.calls.has(view.callSid)) return;
      const call = new StandInCall(this, view, 'INCOMING' as CallDirection);
      this.calls.set(call.sid, call);
      this.emit('incoming', call);
    } else if (event.type === 'call') {
      const view = event.call as CallView;
      const own = this.calls.get(view.callSid);
      const parent = view.parentCallSid ? this.calls.get(view.parentCallSid) : undefined;
      if (own && event.event === 'answered') {
        // Answered by another device of this identity: the SDK reports `cancel` to the others.
        if (own.status() === 'pending') {
          own.ended();
          this.calls.delete(own.sid);
        } else own.opened();
      }
      else if (own && FINAL.has(view.status)) {
        own.ended();
        this.calls.delete(own.sid);
      } else if (parent && parent.direction === ('OUTGOING' as CallDirection) && event.event === 'answered') parent.opened();
    }
  }

  private scheduleTokenWillExpire(): void {
    clearTimeout(this.willExpire);
    const expiry = tokenExpiry(this.token);
    if (!expiry) return;
    const at = expiry * 1000 - (this.options.tokenRefreshMs ?? 10_000);
    this.willExpire = setTimeout(() => this.emit('tokenWillExpire', this), Math.max(0, at - Date.now()));
  }
}

/** A {@link TwilioDeviceFactory} whose devices talk to the Twilio stand-in at `baseUrl`. */
export function standInDeviceFactory(baseUrl: string): TwilioDeviceFactory {
  return (token, options) => new StandInDevice(token, baseUrl, options);
}
