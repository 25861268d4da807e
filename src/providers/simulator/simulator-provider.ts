import {
  DTMF_DIGITS,
  ProviderError,
  ProviderReporter,
  errorMessage,
  type AddParticipantOptions,
  type AgentStatus,
  type CallId,
  type DialOptions,
  type ParticipantId,
  type ProviderCapabilities,
  type ProviderContext,
  type ProviderHealth,
  type ServerSession,
  type SupervisorMode,
  type TelephonyProvider,
} from '../../core/index.js';
import { connectionLost, noAnswer, notConnected, refusedCommand, unreachable } from './errors.js';
import { snapshotEvents, toCallEvent } from './mapping.js';
import type { SimCallSnapshot, SimCommand, SimRequest } from './protocol.js';
import { parseSimMessage } from './validate.js';

/** The parts of the WebSocket API the provider uses (browser `WebSocket` or the `ws` package). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

/** Options of the simulator provider. */
export interface SimulatorProviderOptions {
  /** The simulator's agent endpoint, e.g. `ws://127.0.0.1:3000/api/sim/agent`. */
  readonly url: string;
  /** Which agent this softphone is (one session per agent). */
  readonly agentId?: string;
  /** `supervisor`: the agent gets the team's live calls and may monitor them (default `agent`). */
  readonly role?: 'agent' | 'supervisor';
  /** How long a command may wait for the simulator's answer. */
  readonly commandTimeoutMs?: number;
  /** Reconnect back-off after a lost connection. */
  readonly reconnect?: { readonly baseMs: number; readonly maxMs: number };
  /** WebSocket constructor; defaults to the global one. */
  readonly WebSocket?: new (url: string, protocols?: string[]) => WebSocketLike;
  /**
   * The agent's session with the server: sent as the WebSocket subprotocols
   * `softphone-session, <token>`, so the server (not the query) decides which agent this is.
   */
  readonly session?: ServerSession;
}

/** The WebSocket subprotocol that announces a session token as the next protocol (as the server reads it). */
const SESSION_PROTOCOL = 'softphone-session';

const OPEN = 1;

/** A {@link TelephonyProvider} for the telephony simulator of the local console. */
export class SimulatorProvider implements TelephonyProvider {
  readonly id = 'simulator';
  readonly capabilities: ProviderCapabilities = {
    outbound: true,
    hold: true,
    mute: true,
    dtmf: true,
    transfer: { blind: true, consult: true },
    conference: true,
    recording: false,
    presence: true,
    supervisor: { listen: true, whisper: true, barge: true },
  };
  private readonly reporter = new ProviderReporter();
  private socket?: WebSocketLike;
  private nextRequestId = 1;
  private readonly pending = new Map<number, { resolve: (callId?: string) => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private attempts = 0;
  private closing = false;
  private firstHello?: { resolve: () => void; reject: (error: Error) => void };
  /** Our clock minus the simulator's, from the last `hello`. */
  private offset = 0;

  constructor(private readonly options: SimulatorProviderOptions) {
    if (!/^wss?:\/\//.test(options.url)) {
      throw new ProviderError('invalid-argument', `simulator.url must be a ws:// or wss:// URL, got ${JSON.stringify(options.url)}`);
    }
  }

  get health(): ProviderHealth {
    return this.reporter.health;
  }

  /** Connects and resolves once the simulator greeted this agent (or rejects if the first attempt fails). */
  connect(ctx: ProviderContext): Promise<void> {
    this.reporter.attach(ctx);
    this.closing = false;
    return new Promise((resolve, reject) => {
      this.firstHello = { resolve, reject };
      this.open();
    });
  }

  async disconnect(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.failPending(new ProviderError('not-connected', 'The softphone disconnected from the telephony simulator.'));
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.onopen = socket.onclose = socket.onerror = socket.onmessage = null;
      socket.close(1000, 'disconnect');
    }
    this.reporter.setHealth('disconnected');
  }

  answer(callId: CallId): Promise<void> {
    return this.callCommand({ type: 'answer', callId });
  }
  decline(callId: CallId): Promise<void> {
    return this.callCommand({ type: 'decline', callId });
  }
  hangup(callId: CallId): Promise<void> {
    return this.callCommand({ type: 'hangup', callId });
  }
  hold(callId: CallId): Promise<void> {
    return this.callCommand({ type: 'hold', callId });
  }
  resume(callId: CallId): Promise<void> {
    return this.callCommand({ type: 'resume', callId });
  }
  mute(callId: CallId): Promise<void> {
    return this.callCommand({ type: 'mute', callId });
  }
  unmute(callId: CallId): Promise<void> {
    return this.callCommand({ type: 'unmute', callId });
  }
  sendDtmf(callId: CallId, digits: string): Promise<void> {
    if (!DTMF_DIGITS.test(digits)) {
      return Promise.reject(new ProviderError('invalid-argument', `DTMF digits must be 0-9, *, #, A-D, got ${JSON.stringify(digits)}`));
    }
    return this.callCommand({ type: 'dtmf', callId, digits });
  }
  async dial(to: string, options?: DialOptions): Promise<CallId> {
    if (to.trim() === '') throw new ProviderError('invalid-argument', 'A number to dial is required.');
    return this.answered(await this.send({ type: 'dial', to: to.trim(), ...(options?.data ? { data: options.data } : {}) }));
  }
  /** A consult transfer in one step hands the call over like a blind one; `addParticipant` + `completeTransfer` is the attended way. */
  async transfer(callId: CallId, to: string): Promise<void> {
    await this.send({ type: 'transfer', callId, to });
  }
  async setPresence(status: AgentStatus): Promise<void> {
    await this.send({ type: 'set-presence', status });
  }
  /** `to` is another agent's id (their softphone rings with the customer) or a number the control panel plays. */
  async addParticipant(callId: CallId, to: string, options: AddParticipantOptions): Promise<ParticipantId> {
    // The simulator checks `to` (an agent id or a number, 1 to 64 characters) and answers `invalid-argument`.
    return this.answered(await this.send({ type: 'add-participant', callId, to, ...options }));
  }
  swap(callId: CallId): Promise<void> {
    return this.callCommand({ type: 'swap', callId });
  }
  merge(callId: CallId): Promise<void> {
    return this.callCommand({ type: 'merge', callId });
  }
  completeTransfer(callId: CallId): Promise<void> {
    return this.callCommand({ type: 'complete-transfer', callId });
  }
  holdParticipant(callId: CallId, participantId: ParticipantId): Promise<void> {
    return this.callCommand({ type: 'hold-participant', callId, participantId });
  }
  resumeParticipant(callId: CallId, participantId: ParticipantId): Promise<void> {
    return this.callCommand({ type: 'resume-participant', callId, participantId });
  }
  removeParticipant(callId: CallId, participantId: ParticipantId): Promise<void> {
    return this.callCommand({ type: 'remove-participant', callId, participantId });
  }
  async monitor(teamCallId: CallId, mode: SupervisorMode): Promise<CallId> {
    return this.answered(await this.send({ type: 'monitor', teamCallId, mode }));
  }
  setMonitorMode(callId: CallId, mode: SupervisorMode): Promise<void> {
    return this.callCommand({ type: 'set-monitor-mode', callId, mode });
  }

  /** The id a command's answer must carry (the new call's, leg's or participant's). */
  private answered(id: string | undefined): string {
    if (!id) throw new ProviderError('transport', 'The telephony simulator did not return an id.');
    return id;
  }

  private async callCommand(command: SimCommand): Promise<void> {
    await this.send(command);
  }

  private send(command: SimCommand): Promise<string | undefined> {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN || this.health !== 'ready') {
      return Promise.reject(notConnected());
    }
    const requestId = this.nextRequestId++;
    const request: SimRequest = { type: 'command', requestId, command };
    return new Promise((resolve, reject) => {
      const timeoutMs = this.options.commandTimeoutMs ?? 5000;
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(noAnswer(command.type, timeoutMs));
      }, timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
      socket.send(JSON.stringify(request));
    });
  }

  private open(): void {
    const Impl = this.options.WebSocket ?? (globalThis as unknown as { WebSocket?: new (url: string, protocols?: string[]) => WebSocketLike }).WebSocket;
    if (!Impl) throw new ProviderError('transport', 'No WebSocket implementation is available.');
    this.reporter.setHealth(this.attempts === 0 ? 'connecting' : 'reconnecting');
    const { session } = this.options;
    if (!session) return this.openSocket(Impl);
    session.token().then(
      (token) => {
        if (!this.closing) this.openSocket(Impl, token);
      },
      (error: unknown) => {
        if (this.firstHello) {
          this.firstHello.reject(new ProviderError('rejected', `The server did not accept this agent: ${errorMessage(error)}`, { cause: error }));
          this.firstHello = undefined;
        }
        this.lost();
      },
    );
  }

  private openSocket(Impl: new (url: string, protocols?: string[]) => WebSocketLike, token?: string): void {
    const agent = encodeURIComponent(this.options.agentId ?? 'agent');
    const url = `${this.options.url}?agent=${agent}&role=${this.options.role ?? 'agent'}`;
    const socket = token ? new Impl(url, [SESSION_PROTOCOL, token]) : new Impl(url);
    this.socket = socket;
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => undefined;
    socket.onclose = () => this.lost();
  }

  private lost(): void {
    this.socket = undefined;
    // A refused or dropped socket may be an expired session: the next attempt gets a new one.
    this.options.session?.invalidate();
    this.failPending(connectionLost());
    if (this.closing) return;
    if (this.firstHello) {
      this.firstHello.reject(unreachable(this.options.url));
      this.firstHello = undefined;
    }
    const { baseMs, maxMs } = this.options.reconnect ?? { baseMs: 500, maxMs: 10_000 };
    const delay = Math.min(maxMs, baseMs * 2 ** this.attempts) * (0.5 + Math.random() / 2);
    this.attempts++;
    this.reporter.setHealth('reconnecting', `Connection lost; retrying in ${Math.round(delay / 100) / 10} s`);
    this.reconnectTimer = setTimeout(() => this.open(), delay);
  }

  private receive(data: unknown): void {
    const message = parseSimMessage(data);
    if (!message) return;
    if (message.type === 'result') {
      const pending = this.pending.get(message.requestId);
      if (!pending) return;
      this.pending.delete(message.requestId);
      clearTimeout(pending.timer);
      if (message.ok) pending.resolve(typeof message.callId === 'string' ? message.callId : message.participantId);
      else pending.reject(refusedCommand(message.code, message.message));
      return;
    }
    if (message.type === 'hello') {
      this.attempts = 0;
      this.reporter.setHealth('ready');
      this.reporter.emit({ type: 'presence-changed', at: this.reporter.now(), status: message.presence });
      // The simulator's clock may differ from ours: map its timestamps by the offset at this moment.
      const offset = (this.offset = message.serverTime !== undefined ? this.reporter.now() - message.serverTime : 0);
      for (const call of message.calls) this.replay(call, offset);
      for (const call of message.ended ?? []) this.replay(call, offset);
      this.reporter.emit({ type: 'calls-synced', at: this.reporter.now(), callIds: message.calls.filter((call) => call.state !== 'ended').map((call) => call.callId) });
      this.firstHello?.resolve();
      this.firstHello = undefined;
      return;
    }
    if (message.type === 'replaced') {
      this.closing = true;
      this.reporter.setHealth('failed', message.message);
      return;
    }
    const event = toCallEvent(message, this.reporter.now(), this.offset);
    if (event) this.reporter.emit(event);
  }

  /** After a (re)connect, re-reports one of the agent's live or recently ended calls with its own times. */
  private replay(call: SimCallSnapshot, offset: number): void {
    for (const event of snapshotEvents(call, offset, this.reporter.now())) this.reporter.emit(event);
  }

  private failPending(error: Error): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
  }
}
