import {
  DTMF_DIGITS,
  ProviderError,
  ProviderReporter,
  errorMessage,
  type AgentStatus,
  type CallId,
  type EndReason,
  type ProviderCapabilities,
  type ProviderContext,
  type ProviderHealth,
  type TelephonyProvider,
} from '../../core/index.js';
import type { ConnectConfigOptions } from './config.js';
import { addressOf, agentStateFor, ccpOptions, presenceOf, ringingEvent, sub, transferTarget, type Unsubscribe } from './mapping.js';
import { streamsCall } from './errors.js';
import type { ConnectAgentLike, ConnectContactLike, ConnectStreamsLike, ContactTypeValue } from './sdk.js';

/** Options of {@link ConnectProvider}. */
export interface ConnectProviderOptions extends ConnectConfigOptions {
  /** The Streams library (the `connect` global in a page, a fake in tests). */
  readonly streams: ConnectStreamsLike;
  /** Where the CCP iframe goes. */
  readonly container: HTMLElement;
  /** How long `connect()` waits for the agent to be signed in (default 120 s: sign-in may need the agent). */
  readonly signInTimeoutMs?: number;
  /** How long `dial()` waits for Connect to report the new contact (default 10 s). */
  readonly dialTimeoutMs?: number;
}

interface TrackedContact {
  readonly id: CallId;
  readonly contact: ConnectContactLike;
  readonly direction: 'inbound' | 'outbound';
  phase: 'ringing' | 'dialing' | 'connected';
  held: boolean;
  readonly subscriptions: Unsubscribe[];
}

const VOICE: readonly ContactTypeValue[] = ['voice', 'queue_callback'];

/**
 * A {@link TelephonyProvider} on Amazon Connect Streams: the CCP runs in an iframe (hidden or
 * visible) and carries the audio; Streams' agent and contact events become {@link CallEvent}s.
 */
export class ConnectProvider implements TelephonyProvider {
  readonly id = 'connect';
  readonly capabilities: ProviderCapabilities = {
    outbound: true,
    hold: true,
    mute: true,
    dtmf: true,
    transfer: { blind: true, consult: false },
    conference: false,
    recording: false,
    presence: true,
  };
  private readonly reporter = new ProviderReporter();
  private agent?: ConnectAgentLike;
  private subscriptions: Unsubscribe[] = [];
  private readonly contacts = new Map<CallId, TrackedContact>();
  private pendingDial?: (contact: ConnectContactLike) => void;
  private timer?: ReturnType<typeof setTimeout>;
  private dialTimer?: ReturnType<typeof setTimeout>;
  /** Bumped on disconnect: callbacks Streams cannot unsubscribe check it and stay silent. */
  private generation = 0;

  constructor(private readonly options: ConnectProviderOptions) {}

  get health(): ProviderHealth {
    return this.reporter.health;
  }

  /** Loads the CCP and resolves once Streams reports the signed-in agent. */
  connect(ctx: ProviderContext): Promise<void> {
    this.reporter.attach(ctx);
    const generation = ++this.generation;
    const { streams } = this.options;
    this.reporter.setHealth('connecting');
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (message: string, cause?: unknown): void => {
        if (generation !== this.generation) return;
        this.reporter.setHealth('failed', message);
        if (!settled) {
          settled = true;
          this.release();
          reject(new ProviderError('not-connected', message, { cause }));
        }
      };
      this.timer = setTimeout(() => fail(`Not signed in to Amazon Connect after ${Math.round((this.options.signInTimeoutMs ?? 120_000) / 1000)} s: sign in in the Connect window and reload.`), this.options.signInTimeoutMs ?? 120_000);
      try {
        streams.core.initCCP(this.options.container, ccpOptions(this.options));
      } catch (error) {
        fail(`Could not load the Amazon Connect CCP: ${errorMessage(error)}`, error);
        return;
      }
      this.subscriptions.push(
        sub(streams.core.onAuthFail(() => fail('Amazon Connect sign-in failed: sign in again.'))),
        sub(streams.core.onAccessDenied(() => fail('Amazon Connect denied access: ask your administrator for a CCP security profile.'))),
        sub(streams.core.onIframeRetriesExhausted(() => fail('The Amazon Connect CCP did not load: check ccpUrl and that this page\'s origin is an approved origin of the instance.'))),
        sub(streams.contact((contact) => generation === this.generation && this.track(contact))),
        sub(
          streams.agent((agent) => {
            if (generation !== this.generation || this.agent) return;
            this.agent = agent;
            this.listenToAgent(agent, generation);
            clearTimeout(this.timer);
            this.timer = undefined;
            this.reporter.setHealth('ready');
            const presence = presenceOf(agent.getState().type);
            if (presence) this.reporter.emit({ type: 'presence-changed', at: this.reporter.now(), status: presence });
            settled = true;
            resolve();
          }),
        ),
      );
    });
  }

  async disconnect(): Promise<void> {
    const wasConnected = this.agent !== undefined || this.subscriptions.length > 0;
    this.generation++;
    this.release();
    if (wasConnected) {
      try {
        this.options.streams.core.terminate();
      } catch {
        // Terminating a CCP that never loaded has nothing to release.
      }
    }
    this.reporter.setHealth('disconnected');
  }

  async answer(callId: CallId): Promise<void> {
    const tracked = this.tracked(callId, 'answer', ['ringing'], 'inbound');
    await streamsCall('answer the call', (callbacks) => tracked.contact.accept(callbacks));
  }

  async decline(callId: CallId): Promise<void> {
    const tracked = this.tracked(callId, 'decline', ['ringing'], 'inbound');
    await streamsCall('decline the call', (callbacks) => tracked.contact.reject(callbacks));
    this.end(tracked, 'rejected');
  }

  async hangup(callId: CallId): Promise<void> {
    const tracked = this.tracked(callId, 'hang up', ['ringing', 'dialing', 'connected']);
    if (tracked.phase === 'ringing') return this.decline(callId);
    // Ended first: Streams then reports the contact's end, which must not read as the far end's.
    this.end(tracked, 'hangup-local');
    await streamsCall('hang up', (callbacks) => tracked.contact.getAgentConnection().destroy(callbacks));
  }

  async hold(callId: CallId): Promise<void> {
    const tracked = this.tracked(callId, 'hold', ['connected']);
    await streamsCall('put the caller on hold', (callbacks) => tracked.contact.getInitialConnection().hold(callbacks));
    this.setHeld(tracked, true);
  }

  async resume(callId: CallId): Promise<void> {
    const tracked = this.tracked(callId, 'resume', ['connected']);
    await streamsCall('take the caller off hold', (callbacks) => tracked.contact.getInitialConnection().resume(callbacks));
    this.setHeld(tracked, false);
  }

  async mute(callId: CallId): Promise<void> {
    this.tracked(callId, 'mute', ['connected']);
    this.ready().mute();
  }

  async unmute(callId: CallId): Promise<void> {
    this.tracked(callId, 'unmute', ['connected']);
    this.ready().unmute();
  }

  async sendDtmf(callId: CallId, digits: string): Promise<void> {
    const tracked = this.tracked(callId, 'send digits on', ['connected']);
    if (!DTMF_DIGITS.test(digits)) throw new ProviderError('invalid-argument', `DTMF digits must be 0-9, *, #, A-D, got ${JSON.stringify(digits)}`);
    await streamsCall('send the digits', (callbacks) => tracked.contact.getAgentConnection().sendDigits(digits, callbacks));
  }

  async dial(to: string): Promise<CallId> {
    const agent = this.ready();
    const number = to.trim();
    if (!/^\+?[\d\s().-]{3,32}$/.test(number)) throw new ProviderError('invalid-argument', `A phone number is required to dial, got ${JSON.stringify(to)}.`);
    if (this.pendingDial) throw new ProviderError('invalid-state', 'Another call is being placed; wait until it rings.');
    const contact = new Promise<ConnectContactLike>((resolve, reject) => {
      this.dialTimer = setTimeout(() => {
        this.pendingDial = undefined;
        reject(new ProviderError('transport', 'Amazon Connect did not report the outbound call in time.'));
      }, this.options.dialTimeoutMs ?? 10_000);
      this.pendingDial = (created) => {
        clearTimeout(this.dialTimer);
        this.pendingDial = undefined;
        resolve(created);
      };
    });
    try {
      await streamsCall('place the call', (callbacks) => agent.connect(this.options.streams.Endpoint.byPhoneNumber(number.replace(/[\s().-]/g, '')), callbacks));
    } catch (error) {
      clearTimeout(this.dialTimer);
      this.pendingDial = undefined;
      throw error;
    }
    return (await contact).getContactId();
  }

  async transfer(callId: CallId, to: string, mode: 'blind' | 'consult'): Promise<void> {
    const tracked = this.tracked(callId, 'transfer', ['connected']);
    if (mode !== 'blind') throw new ProviderError('unsupported', 'Consult transfer is not available yet with Amazon Connect; use a blind transfer.');
    const target = to.trim();
    if (target === '') throw new ProviderError('invalid-argument', 'A transfer target (quick connect name or number) is required.');
    const endpoint = await transferTarget(this.ready(), this.options.streams, target);
    await streamsCall('transfer the call', (callbacks) => tracked.contact.addConnection(endpoint, callbacks));
    this.reporter.emit({ type: 'transferred', callId, at: this.reporter.now(), to: endpoint.name || target });
    this.end(tracked, 'transferred');
    await streamsCall('leave the transferred call', (callbacks) => tracked.contact.getAgentConnection().destroy(callbacks));
  }

  async setPresence(status: AgentStatus): Promise<void> {
    const agent = this.ready();
    const state = agentStateFor(agent.getAgentStates(), status, this.options.busyStatus);
    await streamsCall(`set the status to ${state.name}`, (callbacks) => agent.setState(state, callbacks));
  }

  private listenToAgent(agent: ConnectAgentLike, generation: number): void {
    const live = (): boolean => generation === this.generation;
    this.subscriptions.push(
      sub(
        agent.onStateChange((change) => {
          if (!live()) return;
          const state = agent.getAgentStates().find((candidate) => candidate.name === change.newState);
          const presence = state ? presenceOf(state.type) : undefined;
          if (presence) this.reporter.emit({ type: 'presence-changed', at: this.reporter.now(), status: presence });
        }),
      ),
      sub(
        agent.onMuteToggle(({ muted }) => {
          if (!live()) return;
          for (const tracked of this.contacts.values()) {
            if (tracked.phase === 'connected') this.reporter.emit({ type: muted ? 'muted' : 'unmuted', callId: tracked.id, at: this.reporter.now() });
          }
        }),
      ),
    );
    // Streams offers no unsubscribe for these two; the generation check silences them after disconnect.
    agent.onWebSocketConnectionLost(() => live() && this.reporter.setHealth('reconnecting', 'Lost the connection to Amazon Connect; reconnecting…'));
    agent.onWebSocketConnectionGained(() => live() && this.reporter.setHealth('ready'));
  }

  private track(contact: ConnectContactLike): void {
    if (!VOICE.includes(contact.getType())) return;
    const id = contact.getContactId();
    if (this.contacts.has(id)) return;
    const inbound = contact.isInbound();
    const tracked: TrackedContact = { id, contact, direction: inbound ? 'inbound' : 'outbound', phase: inbound ? 'ringing' : 'dialing', held: false, subscriptions: [] };
    this.contacts.set(id, tracked);
    const current = (): TrackedContact | undefined => (this.contacts.get(id) === tracked ? tracked : undefined);
    tracked.subscriptions.push(
      sub(contact.onConnected(() => {
        const live = current();
        if (!live || live.phase === 'connected') return;
        live.phase = 'connected';
        this.reporter.emit({ type: 'connected', callId: id, at: this.reporter.now() });
      })),
      sub(contact.onMissed(() => current() && this.end(tracked, 'missed'))),
      sub(contact.onEnded(() => current() && this.end(tracked, tracked.phase === 'connected' ? 'hangup-remote' : inbound ? 'missed' : 'rejected'))),
      sub(contact.onError(() => current() && this.end(tracked, 'failed', 'Amazon Connect could not connect the call.'))),
      sub(contact.onRefresh(() => current()?.phase === 'connected' && this.setHeld(tracked, contact.getInitialConnection().isOnHold()))),
    );
    // After-call work outlives our tracking of the call, so it is subscribed apart.
    const acw = sub(
      contact.onACW(() => {
        if (current()) this.end(tracked, tracked.phase === 'connected' ? 'hangup-remote' : 'rejected');
        if (this.options.clearAfterCallWork ?? true) contact.clear({});
        acw();
      }),
    );
    tracked.subscriptions.push(acw);
    if (inbound) this.reporter.emit(ringingEvent(contact, this.reporter.now()));
    else {
      this.reporter.emit({ type: 'dialing', callId: id, at: this.reporter.now(), to: addressOf(contact.getInitialConnection().getEndpoint().phoneNumber) });
      this.pendingDial?.(contact);
    }
  }

  private setHeld(tracked: TrackedContact, held: boolean): void {
    if (tracked.held === held || this.contacts.get(tracked.id) !== tracked) return;
    tracked.held = held;
    this.reporter.emit({ type: held ? 'held' : 'resumed', callId: tracked.id, at: this.reporter.now() });
  }

  /** Ends a contact once; Streams reports an end several ways (ended, ACW, destroy). */
  private end(tracked: TrackedContact, reason: EndReason, message?: string): void {
    if (this.contacts.get(tracked.id) !== tracked) return;
    this.contacts.delete(tracked.id);
    // Keep the ACW subscription (last) when clearing is ours to do; drop the rest.
    const keep = (this.options.clearAfterCallWork ?? true) ? tracked.subscriptions.slice(-1) : [];
    for (const unsubscribe of tracked.subscriptions) if (!keep.includes(unsubscribe)) unsubscribe();
    this.reporter.emit({ type: 'ended', callId: tracked.id, at: this.reporter.now(), reason, ...(message ? { message } : {}) });
  }

  private tracked(callId: CallId, action: string, phases: readonly TrackedContact['phase'][], direction?: 'inbound' | 'outbound'): TrackedContact {
    this.ready();
    const tracked = this.contacts.get(callId);
    if (!tracked) throw new ProviderError('unknown-call', `No Amazon Connect contact ${callId} at this softphone (it may have ended).`);
    if (!phases.includes(tracked.phase) || (direction && tracked.direction !== direction)) {
      throw new ProviderError('invalid-state', `Cannot ${action} contact ${callId} while it is ${tracked.phase}.`);
    }
    return tracked;
  }

  private ready(): ConnectAgentLike {
    if (!this.agent) throw new ProviderError('not-connected', 'The softphone is not connected to Amazon Connect; wait until it is ready.');
    return this.agent;
  }

  private release(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    clearTimeout(this.dialTimer);
    this.pendingDial = undefined;
    for (const unsubscribe of this.subscriptions) unsubscribe();
    this.subscriptions = [];
    for (const tracked of this.contacts.values()) for (const unsubscribe of tracked.subscriptions) unsubscribe();
    this.contacts.clear();
    this.agent = undefined;
  }
}
