import {
  DTMF_DIGITS,
  ProviderError,
  ProviderReporter,
  errorMessage,
  type AddParticipantOptions,
  type AgentStatus,
  type CallId,
  type EndReason,
  type ParticipantId,
  type ProviderCapabilities,
  type ProviderContext,
  type ProviderHealth,
  type SupervisorMode,
  type TelephonyProvider,
} from '../../core/index.js';
import type { ConnectConfigOptions } from './config.js';
import { ContactLegs, type ExpectedParty } from './contact-legs.js';
import { abandonParty, addParty, partyFor, requireAnswered, resumeCustomer, switchMonitorMode } from './leg-commands.js';
import {
  addressOf,
  agentStateFor,
  ccpOptions,
  describeEndpoint,
  isMonitoringContact,
  monitoringEvent,
  presenceOf,
  ringingEvent,
  sub,
  supervisorModeOf,
  transferTarget,
  type Unsubscribe,
} from './mapping.js';
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
  /** The customer's hold, third parties as participants, the conference. */
  readonly legs: ContactLegs;
  /** A supervisor's monitoring leg on another agent's contact: its mode. */
  monitoring?: SupervisorMode;
  readonly subscriptions: Unsubscribe[];
}

const VOICE: readonly ContactTypeValue[] = ['voice', 'queue_callback'];
/** How long a one-step consult transfer waits for its target to answer. */
const CONSULT_ANSWER_MS = 60_000;

/**
 * A {@link TelephonyProvider} on Amazon Connect Streams: the CCP runs in an iframe (hidden or
 * visible) and carries the audio; Streams' agent and contact events become `CallEvent`s.
 * Multi-party calls are Streams' own: third-party connections on the contact (`addConnection`,
 * `toggleActiveConnections`, `conferenceConnections`), and a supervisor's monitoring contact
 * (`updateMonitorParticipantState`); Connect has no whisper.
 */
export class ConnectProvider implements TelephonyProvider {
  readonly id = 'connect';
  readonly capabilities: ProviderCapabilities = {
    outbound: true,
    hold: true,
    mute: true,
    dtmf: true,
    transfer: { blind: true, consult: true },
    conference: true,
    recording: false,
    presence: true,
    supervisor: { listen: true, whisper: false, barge: true },
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
    const tracked = this.customerCall(callId, 'hold', ['connected']);
    await streamsCall('put the caller on hold', (callbacks) => tracked.contact.getInitialConnection().hold(callbacks));
    tracked.legs.setHeld(true);
  }

  async resume(callId: CallId): Promise<void> {
    await resumeCustomer(this.customerCall(callId, 'resume', ['connected']));
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
    const tracked = this.customerCall(callId, 'send digits on', ['connected']);
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

  /**
   * Blind: adds the target and leaves. Consult, in one step: holds the caller, adds the target,
   * waits for them to answer and leaves the two together (no participant events: the transfer is
   * the news); if they do not answer, the caller is taken off hold and the transfer rejects.
   */
  async transfer(callId: CallId, to: string, mode: 'blind' | 'consult'): Promise<void> {
    const tracked = this.customerCall(callId, 'transfer', ['connected']);
    const endpoint = await this.endpointFor(to, 'A transfer target (quick connect name or number) is required.');
    const target: ExpectedParty = { ...describeEndpoint(endpoint), mode: 'consult', quiet: true };
    if (mode === 'blind') {
      // The target's connection is no participant; the agent leaves without waiting for Streams to show it.
      void tracked.legs.expect(target, this.options.dialTimeoutMs ?? 10_000);
      try {
        await streamsCall('transfer the call', (callbacks) => tracked.contact.addConnection(endpoint, callbacks));
      } catch (error) {
        tracked.legs.cancelExpected();
        throw error;
      }
    } else {
      const participantId = await addParty(tracked, endpoint, target, this.options.dialTimeoutMs ?? 10_000);
      try {
        await tracked.legs.whenAnswered(participantId, CONSULT_ANSWER_MS);
      } catch (error) {
        await abandonParty(tracked, participantId);
        throw error;
      }
    }
    await this.leave(tracked, endpoint.name || to.trim());
  }

  async addParticipant(callId: CallId, to: string, options: AddParticipantOptions): Promise<ParticipantId> {
    const tracked = this.customerCall(callId, 'add a participant to', ['connected']);
    const endpoint = await this.endpointFor(to, 'Whom to add (quick connect name or number) is required.');
    const party: ExpectedParty = { ...describeEndpoint(endpoint), ...(options.role ? { role: options.role } : {}), mode: options.mode };
    return addParty(tracked, endpoint, party, this.options.dialTimeoutMs ?? 10_000);
  }

  async swap(callId: CallId): Promise<void> {
    const tracked = this.customerCall(callId, 'swap on', ['connected']);
    requireAnswered(tracked, 'swap on');
    await streamsCall('swap between the caller and the participant', (callbacks) => tracked.contact.toggleActiveConnections(callbacks));
    tracked.legs.sync();
  }

  async merge(callId: CallId): Promise<void> {
    const tracked = this.customerCall(callId, 'merge', ['connected']);
    requireAnswered(tracked, 'merge');
    await streamsCall('join everyone into a conference', (callbacks) => tracked.contact.conferenceConnections(callbacks));
    tracked.legs.sync();
  }

  async completeTransfer(callId: CallId): Promise<void> {
    const tracked = this.customerCall(callId, 'complete a transfer of', ['connected']);
    const others = tracked.legs.others();
    if (!others.length) throw new ProviderError('invalid-state', `Nobody to leave contact ${callId} with: add a participant first.`);
    await this.leave(tracked, others.map((party) => party.label).join(', '));
  }

  async holdParticipant(callId: CallId, participantId: ParticipantId): Promise<void> {
    const tracked = this.customerCall(callId, 'hold a participant on', ['connected']);
    const party = partyFor(tracked, participantId, 'hold', 'connected');
    await streamsCall('put the participant on hold', (callbacks) => party.connection.hold(callbacks));
    tracked.legs.sync();
  }

  async resumeParticipant(callId: CallId, participantId: ParticipantId): Promise<void> {
    const tracked = this.customerCall(callId, 'resume a participant on', ['connected']);
    const party = partyFor(tracked, participantId, 'resume', 'held');
    await streamsCall('take the participant off hold', (callbacks) => party.connection.resume(callbacks));
    tracked.legs.sync();
  }

  async removeParticipant(callId: CallId, participantId: ParticipantId): Promise<void> {
    const tracked = this.customerCall(callId, 'remove a participant from', ['connected']);
    const party = partyFor(tracked, participantId, 'remove');
    tracked.legs.markRemoving(participantId);
    await streamsCall('drop the participant', (callbacks) => party.connection.destroy(callbacks));
    tracked.legs.sync();
  }

  /**
   * Connect starts monitoring from its real-time metrics, not through Streams: the supervisor's
   * monitoring contact then reaches this softphone (`monitoring`), and `monitor` on it sets the mode.
   */
  async monitor(teamCallId: CallId, mode: SupervisorMode): Promise<CallId> {
    this.ready();
    if (mode === 'whisper') throw new ProviderError('unsupported', 'Amazon Connect has no whisper: listen or barge in.');
    const tracked = this.contacts.get(teamCallId);
    if (!tracked?.monitoring) {
      throw new ProviderError('unknown-call', `Start monitoring contact ${teamCallId} from Amazon Connect's real-time metrics: the softphone picks the monitoring up from there.`);
    }
    await this.setMonitorMode(tracked.id, mode);
    return tracked.id;
  }

  async setMonitorMode(callId: CallId, mode: SupervisorMode): Promise<void> {
    if (mode === 'whisper') throw new ProviderError('unsupported', 'Amazon Connect has no whisper: listen or barge in.');
    const tracked = this.tracked(callId, 'change the monitoring mode of', ['connected']);
    if (!tracked.monitoring) throw new ProviderError('invalid-state', `Contact ${callId} is not a monitoring leg: listen and barge apply to a contact you monitor.`);
    if (tracked.monitoring === mode) return;
    await switchMonitorMode(tracked.contact, mode, this.options.streams.MonitoringMode);
    this.syncMonitoring(tracked);
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
    // A supervisor's monitoring contact arrives connected: it is a `monitoring` leg, never a ringing call.
    const monitoring = isMonitoringContact(contact) ? (supervisorModeOf(contact.getAgentConnection()) ?? 'listen') : undefined;
    const tracked: TrackedContact = {
      id,
      contact,
      direction: inbound ? 'inbound' : 'outbound',
      phase: monitoring ? 'connected' : inbound ? 'ringing' : 'dialing',
      legs: new ContactLegs({ callId: id, contact, emit: this.reporter.emit, now: this.reporter.now }),
      subscriptions: [],
      ...(monitoring ? { monitoring } : {}),
    };
    this.contacts.set(id, tracked);
    const current = (): TrackedContact | undefined => (this.contacts.get(id) === tracked ? tracked : undefined);
    tracked.subscriptions.push(
      sub(contact.onConnected(() => {
        const live = current();
        if (!live || live.phase === 'connected') return;
        live.phase = 'connected';
        this.reporter.emit({ type: 'connected', callId: id, at: this.reporter.now() });
        live.legs.sync();
      })),
      sub(contact.onMissed(() => current() && this.end(tracked, 'missed'))),
      sub(contact.onEnded(() => current() && this.end(tracked, tracked.phase === 'connected' ? 'hangup-remote' : inbound ? 'missed' : 'rejected'))),
      sub(contact.onError(() => current() && this.end(tracked, 'failed', 'Amazon Connect could not connect the call.'))),
      sub(contact.onRefresh(() => {
        if (current()?.phase !== 'connected') return;
        if (tracked.monitoring) this.syncMonitoring(tracked);
        else tracked.legs.sync();
      })),
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
    if (monitoring) this.reporter.emit(monitoringEvent(contact, monitoring, this.reporter.now()));
    else if (inbound) this.reporter.emit(ringingEvent(contact, this.reporter.now()));
    else {
      this.reporter.emit({ type: 'dialing', callId: id, at: this.reporter.now(), to: addressOf(contact.getInitialConnection().getEndpoint().phoneNumber) });
      this.pendingDial?.(contact);
    }
  }

  /** A supervisor's mode changed (their command, or the CCP): a `monitoring` event with the new one. */
  private syncMonitoring(tracked: TrackedContact): void {
    if (this.contacts.get(tracked.id) !== tracked || !tracked.monitoring) return;
    const mode = supervisorModeOf(tracked.contact.getAgentConnection()) ?? 'listen';
    if (mode === tracked.monitoring) return;
    tracked.monitoring = mode;
    this.reporter.emit(monitoringEvent(tracked.contact, mode, this.reporter.now()));
  }

  /** A quick connect by name, or a number (as blind transfers resolve them). */
  private async endpointFor(to: string, missing: string): Promise<connect.Endpoint> {
    const target = to.trim();
    if (target === '') throw new ProviderError('invalid-argument', missing);
    return transferTarget(this.ready(), this.options.streams, target);
  }

  /** The agent leaves the others connected: `transferred`, `ended(transferred)`, then the agent's connection goes. */
  private async leave(tracked: TrackedContact, to: string): Promise<void> {
    this.reporter.emit({ type: 'transferred', callId: tracked.id, at: this.reporter.now(), to });
    this.end(tracked, 'transferred');
    await streamsCall('leave the transferred call', (callbacks) => tracked.contact.getAgentConnection().destroy(callbacks));
  }

  /** Ends a contact once; Streams reports an end several ways (ended, ACW, destroy). */
  private end(tracked: TrackedContact, reason: EndReason, message?: string): void {
    if (this.contacts.get(tracked.id) !== tracked) return;
    this.contacts.delete(tracked.id);
    tracked.legs.dispose();
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

  /** A call of the agent's own (not a supervisor's monitoring leg). */
  private customerCall(callId: CallId, action: string, phases: readonly TrackedContact['phase'][], direction?: 'inbound' | 'outbound'): TrackedContact {
    const tracked = this.tracked(callId, action, phases, direction);
    if (tracked.monitoring) throw new ProviderError('invalid-state', `Cannot ${action} contact ${callId}: you are monitoring it; listen, barge in or leave.`);
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
    for (const tracked of this.contacts.values()) {
      tracked.legs.dispose();
      for (const unsubscribe of tracked.subscriptions) unsubscribe();
    }
    this.contacts.clear();
    this.agent = undefined;
  }
}
