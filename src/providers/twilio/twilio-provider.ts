import {
  DTMF_DIGITS,
  ProviderError,
  ProviderReporter,
  errorMessage,
  type CallId,
  type DialOptions,
  type EndReason,
  type ProviderCapabilities,
  type ProviderContext,
  type ProviderHealth,
  type TelephonyProvider,
} from '../../core/index.js';
import type { TwilioConfigOptions } from './config.js';
import { fromTwilioError } from './errors.js';
import { isTwilioError, startFailure, stripClient, TWILIO_WARNINGS } from './mapping.js';
import { fetchTwilioToken, type TwilioToken } from './token.js';
import { listenAll, type TwilioCallLike, type TwilioDeviceFactory, type TwilioDeviceLike, type TwilioErrorLike, type TwilioListener } from './sdk.js';

/** Options of {@link TwilioProvider}. */
export interface TwilioProviderOptions extends TwilioConfigOptions {
  /** Creates the SDK's `Device`. */
  readonly createDevice: TwilioDeviceFactory;
  /** Fetches a fresh access token (default: GET `tokenUrl`). */
  readonly fetchToken?: () => Promise<TwilioToken>;
  /** Delay before re-registering after an unexpected unregistration (default 2000 ms). */
  readonly reregisterMs?: number;
}

interface TrackedCall {
  readonly id: CallId;
  readonly call: TwilioCallLike;
  readonly direction: 'inbound' | 'outbound';
  phase: 'ringing' | 'dialing' | 'connected';
  readonly off: () => void;
}

/**
 * A {@link TelephonyProvider} on the Twilio Voice JavaScript SDK: a registered `Device` receives
 * calls routed to the agent's client identity; outbound calls go through `device.connect` to the
 * TwiML app. Hold and transfer need Twilio's REST API on a server and are not offered here.
 */
export class TwilioProvider implements TelephonyProvider {
  readonly id = 'twilio';
  readonly capabilities: ProviderCapabilities = {
    outbound: true,
    hold: false,
    mute: true,
    dtmf: true,
    transfer: { blind: false, consult: false },
    conference: false,
    recording: false,
    presence: false,
  };
  private readonly reporter = new ProviderReporter();
  private device?: TwilioDeviceLike;
  private detachDevice?: () => void;
  private readonly calls = new Map<CallId, TrackedCall>();
  private timer?: ReturnType<typeof setTimeout>;
  private nextLocalId = 1;

  constructor(private readonly options: TwilioProviderOptions) {}

  get health(): ProviderHealth {
    return this.reporter.health;
  }

  /** Fetches a token, creates and registers the `Device`; resolves once it is registered. */
  async connect(ctx: ProviderContext): Promise<void> {
    this.reporter.attach(ctx);
    this.reporter.setHealth('connecting');
    try {
      const { token } = await this.token();
      const device = this.options.createDevice(token, {
        ...(this.options.edge ? { edge: typeof this.options.edge === 'string' ? this.options.edge : [...this.options.edge] } : {}),
        ...(this.options.codecPreferences ? { codecPreferences: [...this.options.codecPreferences] as TwilioDeviceOptionsCodecs } : {}),
        closeProtection: this.options.closeProtection ?? true,
        appName: 'softphone-connector',
      });
      this.device = device;
      this.detachDevice = this.listenToDevice(device);
      await device.register();
      this.reporter.setHealth('ready');
    } catch (error) {
      const failure = startFailure(error);
      this.reporter.setHealth('failed', failure.message);
      this.release();
      throw failure;
    }
  }

  async disconnect(): Promise<void> {
    const device = this.device;
    this.release();
    if (device) {
      try {
        device.destroy();
      } catch {
        // A device that failed half-way may refuse; it holds nothing more once destroyed or failed.
      }
    }
    this.reporter.setHealth('disconnected');
  }

  async answer(callId: CallId): Promise<void> {
    const tracked = this.tracked(callId, 'answer', ['ringing'], 'inbound');
    tracked.call.accept();
  }

  async decline(callId: CallId): Promise<void> {
    const tracked = this.tracked(callId, 'decline', ['ringing'], 'inbound');
    // Ended first: the SDK reports its own end of the call synchronously, which must not win.
    this.end(tracked, 'rejected');
    tracked.call.reject();
  }

  async hangup(callId: CallId): Promise<void> {
    const tracked = this.tracked(callId, 'hang up', ['ringing', 'dialing', 'connected']);
    const ringing = tracked.phase === 'ringing';
    // Ended first: `disconnect()` makes the SDK emit `disconnect`, which would read as the far end hanging up.
    this.end(tracked, ringing ? 'rejected' : 'hangup-local');
    if (ringing) tracked.call.reject();
    else tracked.call.disconnect();
  }

  hold(callId: CallId): Promise<void> {
    return this.unsupported(callId, 'Hold is not available with Twilio Voice in the browser (it needs a conference on the server).');
  }
  resume(callId: CallId): Promise<void> {
    return this.unsupported(callId, 'Hold is not available with Twilio Voice in the browser (it needs a conference on the server).');
  }

  async mute(callId: CallId): Promise<void> {
    this.tracked(callId, 'mute', ['connected']).call.mute(true);
  }
  async unmute(callId: CallId): Promise<void> {
    this.tracked(callId, 'unmute', ['connected']).call.mute(false);
  }

  async sendDtmf(callId: CallId, digits: string): Promise<void> {
    const tracked = this.tracked(callId, 'send digits on', ['connected']);
    if (!DTMF_DIGITS.test(digits)) throw new ProviderError('invalid-argument', `DTMF digits must be 0-9, *, #, A-D, got ${JSON.stringify(digits)}`);
    tracked.call.sendDigits(digits);
  }

  async dial(to: string, options?: DialOptions): Promise<CallId> {
    const device = this.ready();
    const number = to.trim();
    if (number === '') throw new ProviderError('invalid-argument', 'A number to dial is required.');
    let call: TwilioCallLike;
    try {
      call = await device.connect({ params: { ...options?.data, ...this.options.connectParams, To: number } });
    } catch (error) {
      throw isTwilioError(error) ? fromTwilioError(error) : new ProviderError('transport', `Twilio could not place the call: ${String(error)}`, { cause: error });
    }
    // The CallSid arrives only once Twilio answers the request; the SDK's connection id names the call until then.
    const id = call.parameters?.CallSid || call.outboundConnectionId || `twilio-out-${this.nextLocalId++}`;
    this.track(id, call, 'outbound');
    this.reporter.emit({ type: 'dialing', callId: id, at: this.reporter.now(), to: number });
    return id;
  }

  transfer(callId: CallId): Promise<void> {
    return this.unsupported(callId, 'Transfer is not available with Twilio Voice in the browser (it needs the REST API on the server).');
  }

  async setPresence(): Promise<void> {
    throw new ProviderError('unsupported', 'Twilio Voice has no agent presence; the softphone keeps the status itself.');
  }

  private listenToDevice(device: TwilioDeviceLike): () => void {
    const handlers: Record<string, Listener> = {
      registered: () => this.reporter.setHealth('ready'),
      registering: () => {
        if (this.health === 'ready') this.reporter.setHealth('reconnecting', 'Registering with Twilio again…');
      },
      unregistered: () => {
        if (!this.device) return;
        this.reporter.setHealth('reconnecting', 'Lost the registration with Twilio; registering again.');
        clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.device?.register().catch((error: unknown) => this.deviceError(error));
        }, this.options.reregisterMs ?? 2000);
      },
      error: (error: TwilioErrorLike, call?: TwilioCallLike) => {
        if (!call) this.deviceError(error);
      },
      incoming: (call: TwilioCallLike) => this.incoming(call),
      tokenWillExpire: () => this.refreshToken(),
    };
    return listenAll(device, handlers);
  }

  private incoming(call: TwilioCallLike): void {
    const id = call.parameters.CallSid || `twilio-in-${this.nextLocalId++}`;
    const custom = Object.fromEntries(call.customParameters ?? new Map<string, string>());
    const { callerName, ...data } = custom;
    this.track(id, call, 'inbound');
    this.reporter.emit({
      type: 'ringing',
      callId: id,
      at: this.reporter.now(),
      from: stripClient(call.parameters.From ?? ''),
      ...(call.parameters.To ? { to: stripClient(call.parameters.To) } : {}),
      ...(callerName ? { displayName: callerName } : {}),
      ...(Object.keys(data).length ? { data } : {}),
    });
  }

  private track(id: CallId, call: TwilioCallLike, direction: 'inbound' | 'outbound'): void {
    const handlers: Record<string, Listener> = {
      accept: () => {
        const tracked = this.calls.get(id);
        if (!tracked || tracked.phase === 'connected') return;
        tracked.phase = 'connected';
        this.reporter.emit({ type: 'connected', callId: id, at: this.reporter.now() });
      },
      mute: (muted: boolean) => this.reporter.emit({ type: muted ? 'muted' : 'unmuted', callId: id, at: this.reporter.now() }),
      cancel: () => this.endById(id, 'missed'),
      reject: () => this.endById(id, 'rejected'),
      disconnect: () => {
        const tracked = this.calls.get(id);
        if (tracked) this.end(tracked, tracked.phase === 'connected' ? 'hangup-remote' : tracked.direction === 'outbound' ? 'rejected' : 'missed');
      },
      error: (error: TwilioErrorLike) => {
        const tracked = this.calls.get(id);
        if (tracked) this.end(tracked, 'failed', fromTwilioError(error).message);
      },
      warning: (name: string) => this.warn(id, name, true),
      'warning-cleared': (name: string) => this.warn(id, name, false),
      reconnecting: () => this.reporter.emit({ type: 'warning', callId: id, at: this.reporter.now(), kind: 'network', active: true, message: 'The call\'s connection dropped; reconnecting…' }),
      reconnected: () => this.reporter.emit({ type: 'warning', callId: id, at: this.reporter.now(), kind: 'network', active: false }),
    };
    const off = listenAll(call, handlers);
    this.calls.set(id, { id, call, direction, phase: direction === 'inbound' ? 'ringing' : 'dialing', off });
  }

  private warn(callId: CallId, name: string, active: boolean): void {
    const kind = TWILIO_WARNINGS[name];
    if (kind) this.reporter.emit({ type: 'warning', callId, at: this.reporter.now(), kind, active });
  }

  private endById(id: CallId, reason: EndReason): void {
    const tracked = this.calls.get(id);
    if (tracked) this.end(tracked, reason);
  }

  /** Ends a call once: the SDK may report the same end several ways (reject, then disconnect). */
  private end(tracked: TrackedCall, reason: EndReason, message?: string): void {
    if (this.calls.get(tracked.id) !== tracked) return;
    this.calls.delete(tracked.id);
    tracked.off();
    this.reporter.emit({ type: 'ended', callId: tracked.id, at: this.reporter.now(), reason, ...(message ? { message } : {}) });
  }

  private deviceError(error: unknown): void {
    const mapped = isTwilioError(error) ? fromTwilioError(error) : new ProviderError('transport', String(error), { cause: error });
    if (mapped.code === 'not-connected') this.reporter.setHealth('failed', mapped.message);
    else if (mapped.code === 'transport') this.reporter.setHealth('reconnecting', mapped.message);
  }

  private refreshToken(): void {
    this.token()
      .then(({ token }) => this.device?.updateToken(token))
      .catch((error: unknown) => {
        if (!this.device) return;
        this.reporter.setHealth(this.health, `Could not renew the Twilio token: ${errorMessage(error)}; retrying.`);
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.refreshToken(), 5000);
      });
  }

  private token(): Promise<TwilioToken> {
    return this.options.fetchToken ? this.options.fetchToken() : fetchTwilioToken(this.options.tokenUrl ?? '/api/twilio/token');
  }

  private tracked(callId: CallId, action: string, phases: readonly TrackedCall['phase'][], direction?: 'inbound' | 'outbound'): TrackedCall {
    this.ready();
    const tracked = this.calls.get(callId);
    if (!tracked) throw new ProviderError('unknown-call', `No Twilio call ${callId} at this softphone (it may have ended).`);
    if (!phases.includes(tracked.phase) || (direction && tracked.direction !== direction)) {
      throw new ProviderError('invalid-state', `Cannot ${action} call ${callId} while it is ${tracked.phase}.`);
    }
    return tracked;
  }

  private async unsupported(callId: CallId, message: string): Promise<void> {
    if (!this.calls.has(callId)) throw new ProviderError('unknown-call', `No Twilio call ${callId} at this softphone (it may have ended).`);
    throw new ProviderError('unsupported', message);
  }

  private ready(): TwilioDeviceLike {
    if (!this.device) throw new ProviderError('not-connected', 'The softphone is not connected to Twilio; wait until it is ready.');
    return this.device;
  }

  private release(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.detachDevice?.();
    this.detachDevice = undefined;
    for (const tracked of this.calls.values()) tracked.off();
    this.calls.clear();
    this.device = undefined;
  }

}

type Listener = TwilioListener;

type TwilioDeviceOptionsCodecs = NonNullable<Parameters<TwilioDeviceFactory>[1]['codecPreferences']>;
