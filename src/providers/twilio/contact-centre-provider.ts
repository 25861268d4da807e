import {
  DTMF_DIGITS,
  ProviderError,
  ProviderReporter,
  errorMessage,
  type AddParticipantOptions,
  type AgentStatus,
  type CallEvent,
  type CallId,
  type EndReason,
  type ParticipantId,
  type ProviderCapabilities,
  type ProviderContext,
  type ProviderHealth,
  type SupervisorMode,
  type TelephonyProvider,
} from '../../core/index.js';
import { ContactCentreApi, TwilioCallControlError, type ContactCentreFetch, type LiveTask } from './contact-centre-api.js';
import { ringingFromLeg, ringingFromTask, presenceOf } from './contact-centre-mapping.js';
import { ConferenceParticipants } from './contact-centre-participants.js';
import type { TwilioConfigOptions, TwilioContactCentreOptions } from './config.js';
import { fromTwilioError } from './errors.js';
import { startFailure } from './mapping.js';
import { listenAll, type TwilioCallLike, type TwilioDeviceFactory, type TwilioDeviceLike, type TwilioErrorLike, type TwilioListener } from './sdk.js';
import type { TaskRouterReservationLike, TaskRouterWorkerFactory, TaskRouterWorkerLike } from './taskrouter-sdk.js';
import type { ServerSession } from '../../core/index.js';
import { CallCommands, type CcCall } from './contact-centre-commands.js';
import { TeamCallsPoller } from './contact-centre-team.js';

/** Options of {@link TwilioContactCentreProvider}. */
export interface TwilioContactCentreProviderOptions extends Omit<TwilioConfigOptions, 'contactCentre'> {
  readonly contactCentre: TwilioContactCentreOptions;
  /** Creates the Voice SDK's `Device` (the agent's own identity). */
  readonly createDevice: TwilioDeviceFactory;
  /** Creates the TaskRouter `Worker`; may load the SDK first (the browser entry imports it lazily). */
  readonly createWorker: (token: string, options: Parameters<TaskRouterWorkerFactory>[1]) => TaskRouterWorkerLike | Promise<TaskRouterWorkerLike>;
  /** The agent's session for the server's routes. */
  readonly session?: ServerSession;
  /** Overrides how server requests are sent (tests). */
  readonly fetch?: ContactCentreFetch;
  /** Re-registration delay after an unexpected unregistration (default 2000 ms). */
  readonly reregisterMs?: number;
  /** How long to wait for the Worker's `ready` (default 15000 ms). */
  readonly workerReadyMs?: number;
}

/**
 * A {@link TelephonyProvider} for a Twilio contact centre, as Twilio Flex runs one: TaskRouter
 * offers calls to the agent's worker (a reservation rings with the task's attributes as call data),
 * every call is a Twilio conference the server controls (`/api/twilio/cc/…`: accept, hold, consult,
 * transfer, supervise, record, complete), and the agent's `Device` carries only their own leg,
 * which is answered by itself. A reloaded page finds its live task and rejoins the same call id.
 */
export class TwilioContactCentreProvider implements TelephonyProvider {
  readonly id = 'twilio';
  readonly capabilities: ProviderCapabilities;
  private readonly reporter = new ProviderReporter();
  private readonly api: ContactCentreApi;
  private readonly commands: CallCommands;
  private device?: TwilioDeviceLike;
  private worker?: TaskRouterWorkerLike;
  private identity = '';
  private readonly detach: Array<() => void> = [];
  private readonly calls = new Map<CallId, CcCall>();
  /** Calls whose Device leg is on its way (accepted, rejoining, monitoring): the next incoming leg is theirs. */
  private readonly awaiting: CcCall[] = [];
  /** Ended calls whose task waits for the agent's wrap-up, by call id. */
  private readonly wrapping = new Map<CallId, string>();
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private refreshTimer?: ReturnType<typeof setTimeout>;
  /** A supervisor's list of the team's calls, read while connected. */
  private team?: TeamCallsPoller;
  private workerReady = false;
  private nextLocal = 1;

  constructor(private readonly options: TwilioContactCentreProviderOptions) {
    const supervisor = options.contactCentre.supervisor === true;
    this.capabilities = {
      outbound: false,
      hold: true,
      mute: true,
      dtmf: true,
      transfer: { blind: true, consult: true },
      conference: true,
      recording: true,
      presence: true,
      ...(supervisor ? { supervisor: { listen: true, whisper: true, barge: true } } : {}),
    };
    this.api = new ContactCentreApi({ baseUrl: options.contactCentre.baseUrl ?? '/api/twilio/cc', ...(options.session ? { session: options.session } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) });
    this.commands = new CallCommands({ api: this.api, emit: (event) => this.emit(event), now: () => this.reporter.now(), end: (call, reason, message) => this.end(call, reason, message), refresh: (call) => this.refresh(call) });
  }

  get health(): ProviderHealth {
    return this.reporter.health;
  }

  /** Gets the worker token, registers the Device, connects the Worker, reads presence and rejoins live calls. */
  async connect(ctx: ProviderContext): Promise<void> {
    this.reporter.attach(ctx);
    this.reporter.setHealth('connecting');
    try {
      const token = await this.api.workerToken();
      this.identity = token.identity;
      const device = this.options.createDevice(token.token, {
        ...(this.options.edge ? { edge: typeof this.options.edge === 'string' ? this.options.edge : [...this.options.edge] } : {}),
        closeProtection: this.options.closeProtection ?? true,
        // A consult or transfer leg may ring while the agent is on a call.
        allowIncomingWhileBusy: true,
        appName: 'softphone-connector',
      });
      this.device = device;
      this.detach.push(this.listenToDevice(device));
      await device.register();
      const made = this.options.createWorker(token.token, { closeExistingSessions: true, setWorkerOfflineIfDisconnected: false });
      // Listened to in the same tick it is made (when made synchronously), so no early event is missed.
      const worker = 'then' in made ? await made : made;
      this.worker = worker;
      const ready = this.untilReady(worker);
      this.detach.push(this.listenToWorker(worker));
      await ready;
      this.scheduleRenewal(token.ttlSeconds);
      const presence = await this.api.presence();
      this.emit({ type: 'presence-changed', at: this.reporter.now(), status: presence.status });
      for (const reservation of worker.reservations.values()) if (reservation.status === 'pending') this.offered(reservation);
      await this.rejoinLiveCalls(await this.api.tasks());
      this.reporter.setHealth('ready');
      if (this.capabilities.supervisor) {
        this.team = new TeamCallsPoller({ api: this.api, intervalMs: this.options.contactCentre.refreshMs ?? 2000, emit: (event) => this.emit(event), now: () => this.reporter.now() });
        this.team.start();
      }
    } catch (error) {
      const failure = startFailure(error);
      this.reporter.setHealth('failed', failure.message);
      this.release();
      throw failure;
    }
  }

  async disconnect(): Promise<void> {
    const { device, worker } = this;
    this.release();
    try {
      device?.destroy();
    } catch {
      // A half-created device may refuse; it holds nothing once destroyed or failed.
    }
    try {
      worker?.disconnect();
    } catch {
      // Likewise for a worker that never connected.
    }
    this.reporter.setHealth('disconnected');
  }

  async answer(callId: CallId): Promise<void> {
    const call = this.call(callId, 'answer', ['ringing']);
    if (call.kind === 'direct') return void call.leg?.accept();
    const reservation = call.reservationSid;
    if (!call.taskSid || !reservation) throw new ProviderError('invalid-state', `Call ${callId} has no reservation to accept.`);
    call.phase = 'joining';
    this.awaiting.push(call);
    try {
      const accepted = await this.api.accept(call.taskSid, reservation);
      if (accepted.conferenceSid) call.conferenceSid = accepted.conferenceSid;
    } catch (error) {
      this.unawait(call);
      if (error instanceof TwilioCallControlError && error.failure === 'invalid') this.end(call, 'missed', error.message);
      else if (this.calls.get(call.id) === call) call.phase = 'ringing';
      throw error;
    }
  }

  async decline(callId: CallId): Promise<void> {
    const call = this.call(callId, 'decline', ['ringing']);
    if (call.kind === 'direct') {
      this.end(call, 'rejected');
      return void call.leg?.reject();
    }
    if (call.taskSid && call.reservationSid) {
      try {
        await this.api.reject(call.taskSid, call.reservationSid);
      } catch (error) {
        // No longer offered (timed out, taken by the caller's hang-up): it is over either way.
        if (!(error instanceof TwilioCallControlError && error.failure === 'invalid')) throw error;
      }
    }
    this.end(call, 'rejected');
  }

  async hangup(callId: CallId): Promise<void> {
    const call = this.call(callId, 'hang up', ['ringing', 'joining', 'connected']);
    if (call.phase === 'ringing') return this.decline(callId);
    if (call.kind === 'monitor' || !call.conferenceSid) {
      this.end(call, 'hangup-local');
      return void call.leg?.disconnect();
    }
    call.phase = 'ending';
    try {
      await this.api.hangup(call.conferenceSid);
    } catch (error) {
      // A call that already ended is over for the agent too; anything else leaves the call as it was.
      if (!(error instanceof TwilioCallControlError && (error.failure === 'call-ended' || error.failure === 'participant-gone'))) {
        if (this.calls.get(call.id) === call) call.phase = 'connected';
        throw error;
      }
    }
    this.end(call, 'hangup-local');
    call.leg?.disconnect();
  }

  async hold(callId: CallId): Promise<void> {
    const call = this.conferenced(callId, 'hold');
    await this.commands.run(call, () => this.commands.hold(call, true));
  }
  async resume(callId: CallId): Promise<void> {
    const call = this.conferenced(callId, 'resume');
    await this.commands.run(call, () => this.commands.hold(call, false));
  }
  async mute(callId: CallId): Promise<void> {
    this.leg(callId, 'mute').mute(true);
  }
  async unmute(callId: CallId): Promise<void> {
    this.leg(callId, 'unmute').mute(false);
  }
  async sendDtmf(callId: CallId, digits: string): Promise<void> {
    const leg = this.leg(callId, 'send digits on');
    if (!DTMF_DIGITS.test(digits)) throw new ProviderError('invalid-argument', `DTMF digits must be 0-9, *, #, A-D, got ${JSON.stringify(digits)}`);
    leg.sendDigits(digits);
  }
  async dial(): Promise<CallId> {
    this.ready();
    throw new ProviderError('unsupported', 'In a Twilio contact centre, calls come from TaskRouter: outbound calls are not offered here.');
  }
  async transfer(callId: CallId, to: string, mode: 'blind' | 'consult'): Promise<void> {
    const call = this.conferenced(callId, 'transfer');
    await this.commands.run(call, () => this.commands.transfer(call, to, mode));
  }
  async setPresence(status: AgentStatus): Promise<void> {
    this.ready();
    const result = await this.api.setPresence(status);
    this.emit({ type: 'presence-changed', at: this.reporter.now(), status: result.status });
  }
  addParticipant(callId: CallId, to: string, options: AddParticipantOptions): Promise<ParticipantId> {
    const call = this.conferenced(callId, 'add someone to');
    return this.commands.run(call, () => this.commands.addParticipant(call, to, options));
  }
  swap(callId: CallId): Promise<void> {
    const call = this.conferenced(callId, 'swap');
    return this.commands.run(call, () => this.commands.swap(call));
  }
  merge(callId: CallId): Promise<void> {
    const call = this.conferenced(callId, 'merge');
    return this.commands.run(call, () => this.commands.merge(call));
  }
  completeTransfer(callId: CallId): Promise<void> {
    const call = this.conferenced(callId, 'complete the transfer of');
    return this.commands.run(call, () => this.commands.completeTransfer(call));
  }
  holdParticipant(callId: CallId, participantId: ParticipantId): Promise<void> {
    const call = this.conferenced(callId, 'hold a participant of');
    return this.commands.run(call, () => this.commands.holdParticipant(call, participantId, true));
  }
  resumeParticipant(callId: CallId, participantId: ParticipantId): Promise<void> {
    const call = this.conferenced(callId, 'resume a participant of');
    return this.commands.run(call, () => this.commands.holdParticipant(call, participantId, false));
  }
  removeParticipant(callId: CallId, participantId: ParticipantId): Promise<void> {
    const call = this.conferenced(callId, 'remove a participant of');
    return this.commands.run(call, () => this.commands.removeParticipant(call, participantId));
  }
  setRecording(callId: CallId, on: boolean): Promise<void> {
    const call = this.conferenced(callId, 'record');
    return this.commands.run(call, () => this.commands.record(call, on));
  }

  /** A supervisor joins a team call (its conference sid) in `mode`; resolves with their leg's id. */
  async monitor(teamCallId: CallId, mode: SupervisorMode): Promise<CallId> {
    this.ready();
    if (!this.capabilities.supervisor?.[mode]) throw new ProviderError('unsupported', 'Supervising calls is not enabled for this softphone.');
    const call: CcCall = { id: `monitor-${this.nextLocal++}`, kind: 'monitor', phase: 'joining', conferenceSid: teamCallId, held: false, revision: 0, monitorMode: mode, participants: new ConferenceParticipants('', this.identity) };
    this.awaiting.push(call);
    let legSid: string | undefined;
    try {
      legSid = await this.api.monitor(teamCallId, mode);
    } catch (error) {
      this.unawait(call);
      throw error;
    }
    const monitored: CcCall = { ...call, id: legSid ?? call.id };
    // The leg may already have been bound to the placeholder: carry it over.
    this.unawait(call);
    if (call.leg) this.bindLeg(monitored, call.leg, call.offLeg);
    else this.awaiting.push(monitored);
    monitored.phase = 'connected';
    this.calls.set(monitored.id, monitored);
    // Whose call it is, from the team list the supervisor picked it from.
    const listed = this.team?.current.find((candidate) => candidate.callId === teamCallId);
    this.emit({ type: 'monitoring', callId: monitored.id, at: this.reporter.now(), teamCallId, mode, ...(listed ? { agent: listed.agent, remote: listed.remote, ...(listed.displayName ? { displayName: listed.displayName } : {}) } : {}) });
    this.team?.refresh();
    return monitored.id;
  }

  /** A supervisor changes mode on their leg; `monitoring` with the new mode follows. */
  async setMonitorMode(callId: CallId, mode: SupervisorMode): Promise<void> {
    const call = this.call(callId, 'change the mode of', ['connected']);
    if (call.kind !== 'monitor' || !call.conferenceSid) throw new ProviderError('invalid-state', `Call ${callId} is not a supervisor's leg.`);
    if (!this.capabilities.supervisor?.[mode]) throw new ProviderError('unsupported', 'Supervising calls is not enabled for this softphone.');
    await this.api.setMonitorMode(call.conferenceSid, mode);
    call.monitorMode = mode;
    this.emit({ type: 'monitoring', callId, at: this.reporter.now(), teamCallId: call.conferenceSid, mode });
    this.team?.refresh();
  }

  /** The agent saved the call's wrap-up: its task completes and the worker is available again. */
  async wrapUpSaved(callId: CallId): Promise<void> {
    const taskSid = this.wrapping.get(callId);
    if (!taskSid) return;
    await this.api.complete(taskSid);
    this.wrapping.delete(callId);
  }

  // ——— Worker and Device ———

  private untilReady(worker: TaskRouterWorkerLike): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.off('ready', onReady);
        this.timers.delete(timer);
        reject(new ProviderError('transport', 'TaskRouter did not confirm the worker in time: check the network (wss://event-bridge.twilio.com) and reload.'));
      }, this.options.workerReadyMs ?? 15_000);
      this.timers.add(timer);
      const onReady = (): void => {
        clearTimeout(timer);
        this.timers.delete(timer);
        worker.off('ready', onReady);
        resolve();
      };
      worker.on('ready', onReady);
    });
  }

  private listenToWorker(worker: TaskRouterWorkerLike): () => void {
    const handlers: Record<string, TwilioListener> = {
      ready: () => {
        this.workerReady = true;
        if (this.health === 'reconnecting' && this.device?.state === 'registered') this.reporter.setHealth('ready');
      },
      disconnected: () => {
        this.workerReady = false;
        if (this.health === 'ready') this.reporter.setHealth('reconnecting', 'Lost the connection to TaskRouter; reconnecting…');
      },
      reservationCreated: (reservation: TaskRouterReservationLike) => this.offered(reservation),
      activityUpdated: (updated: TaskRouterWorkerLike) => this.emit({ type: 'presence-changed', at: this.reporter.now(), status: presenceOf(updated.activity) }),
      tokenExpired: () => this.renewToken(),
      error: (error: unknown) => this.reporter.setHealth(this.health, `TaskRouter reported an error: ${errorMessage(error)}`),
    };
    return listenAll(worker, handlers);
  }

  private listenToDevice(device: TwilioDeviceLike): () => void {
    const handlers: Record<string, TwilioListener> = {
      registered: () => {
        if (this.health === 'reconnecting' && this.workerReady) this.reporter.setHealth('ready');
      },
      unregistered: () => {
        if (!this.device || this.health === 'connecting') return;
        this.reporter.setHealth('reconnecting', 'Lost the registration with Twilio; registering again.');
        this.later(this.options.reregisterMs ?? 2000, () => this.device?.register().catch((error: unknown) => this.reporter.setHealth('reconnecting', errorMessage(error))));
      },
      error: (error: TwilioErrorLike, call?: TwilioCallLike) => {
        if (call) return;
        const mapped = fromTwilioError(error);
        if (mapped.code === 'not-connected') this.reporter.setHealth('failed', mapped.message);
      },
      incoming: (leg: TwilioCallLike) => this.incoming(leg),
      tokenWillExpire: () => this.renewToken(),
    };
    return listenAll(device, handlers);
  }

  /** A reservation rings: the task's sid is the call's id from now on, reloads included. */
  private offered(reservation: TaskRouterReservationLike): void {
    const task = reservation.task;
    if (this.calls.has(task.sid)) return;
    const call: CcCall = { id: task.sid, kind: 'task', phase: 'ringing', taskSid: task.sid, reservationSid: reservation.sid, held: false, revision: 0, participants: new ConferenceParticipants(task.sid, this.identity) };
    const ended = (reason: EndReason) => () => {
      if (this.calls.get(call.id) !== call) return;
      if (call.phase === 'ringing' || call.phase === 'joining') this.end(call, reason);
      else if (call.phase === 'connected') this.end(call, 'hangup-remote');
    };
    const handlers: Record<string, TwilioListener> = { rejected: ended('rejected'), timeout: ended('missed'), canceled: ended('missed'), rescinded: ended('missed'), wrapup: ended('missed'), completed: ended('missed') };
    call.offReservation = listenAll(reservation, handlers);
    this.calls.set(call.id, call);
    this.emit({ type: 'ringing', callId: call.id, at: this.reporter.now(), ...ringingFromTask(task.attributes as Record<string, unknown>, task.queueName) });
  }

  /** A leg rings the Device: the conference leg of an accepted, rejoined or monitored call, or a call put straight through to this agent. */
  private incoming(leg: TwilioCallLike): void {
    const waiting = this.awaiting.shift();
    if (waiting) {
      this.bindLeg(waiting, leg);
      leg.accept();
      return;
    }
    // A colleague's consult or transfer names its conference and the customer: the call is theirs to handle like a routed one.
    const { conferenceSid, ringing } = ringingFromLeg(Object.fromEntries(leg.customParameters ?? new Map<string, string>()), leg.parameters.From ?? '');
    const call: CcCall = { id: leg.parameters.CallSid || `twilio-leg-${this.nextLocal++}`, kind: 'direct', phase: 'ringing', held: false, revision: 0, participants: new ConferenceParticipants('', this.identity), ...(conferenceSid ? { conferenceSid } : {}) };
    call.participants = new ConferenceParticipants(call.id, this.identity);
    this.bindLeg(call, leg);
    this.calls.set(call.id, call);
    this.emit({ type: 'ringing', callId: call.id, at: this.reporter.now(), ...ringing });
  }

  private bindLeg(call: CcCall, leg: TwilioCallLike, existingOff?: () => void): void {
    existingOff?.();
    const handlers: Record<string, TwilioListener> = {
      accept: () => {
        if (call.kind === 'monitor' || this.calls.get(call.id) !== call || call.phase === 'connected') return;
        call.phase = 'connected';
        this.emit({ type: 'connected', callId: call.id, at: this.reporter.now() });
        this.refresh(call);
      },
      mute: (muted: boolean) => {
        if (this.calls.get(call.id) === call) this.emit({ type: muted ? 'muted' : 'unmuted', callId: call.id, at: this.reporter.now() });
      },
      cancel: () => this.end(call, 'missed'),
      reject: () => this.end(call, 'rejected'),
      disconnect: () => {
        if (call.phase === 'ending') return;
        this.end(call, call.phase === 'connected' ? 'hangup-remote' : 'missed');
      },
      error: (error: TwilioErrorLike) => this.end(call, 'failed', fromTwilioError(error).message),
    };
    call.offLeg = listenAll(leg, handlers);
    call.leg = leg;
  }

  /** After a reload: every accepted task is rung again as replayed (its log may exist) and its conference dials the agent back in. */
  private async rejoinLiveCalls(tasks: readonly LiveTask[]): Promise<void> {
    const live: CallId[] = [];
    for (const task of tasks) {
      if (task.status === 'wrapping') {
        this.wrapping.set(task.taskSid, task.taskSid);
        continue;
      }
      if (task.status !== 'accepted' || !task.conferenceSid || this.calls.has(task.taskSid)) continue;
      const call: CcCall = { id: task.taskSid, kind: 'task', phase: 'joining', taskSid: task.taskSid, reservationSid: task.reservationSid, conferenceSid: task.conferenceSid, held: false, revision: 0, participants: new ConferenceParticipants(task.taskSid, this.identity) };
      this.calls.set(call.id, call);
      live.push(call.id);
      this.emit({ type: 'ringing', callId: call.id, at: this.reporter.now(), ...ringingFromTask(task.attributes), replayed: true });
      this.awaiting.push(call);
      try {
        await this.api.rejoin(task.conferenceSid);
      } catch (error) {
        this.unawait(call);
        this.end(call, error instanceof TwilioCallControlError && error.failure === 'call-ended' ? 'hangup-remote' : 'failed', errorMessage(error));
      }
    }
    for (const call of this.calls.values()) if (call.phase === 'ringing') live.push(call.id);
    this.emit({ type: 'calls-synced', at: this.reporter.now(), callIds: live });
  }

  // ——— helpers ———

  private emit(event: CallEvent): void {
    if (this.device) this.reporter.emit(event);
  }

  /** Ends a call once, releasing its listeners; its task waits for the wrap-up (or completes now). */
  private end(call: CcCall, reason: EndReason, message?: string): void {
    if (this.calls.get(call.id) !== call) return;
    this.calls.delete(call.id);
    this.unawait(call);
    call.phase = 'ended';
    call.offLeg?.();
    call.offReservation?.();
    this.emit({ type: 'ended', callId: call.id, at: this.reporter.now(), reason, ...(message ? { message } : {}) });
    if (call.kind === 'monitor') this.team?.refresh();
    const answered = reason !== 'rejected' && reason !== 'missed';
    if (call.kind === 'task' && call.taskSid && answered) {
      if (this.options.contactCentre.completeOnEnd) this.api.complete(call.taskSid).catch((error: unknown) => this.reporter.setHealth(this.health, errorMessage(error)));
      else this.wrapping.set(call.id, call.taskSid);
    }
  }

  private unawait(call: CcCall): void {
    const index = this.awaiting.indexOf(call);
    if (index >= 0) this.awaiting.splice(index, 1);
  }

  /** Reads the conference now and reports what changed; while calls are live, again every `refreshMs`. */
  private refresh(call?: CcCall): void {
    const targets = call ? [call] : [...this.calls.values()].filter((candidate) => candidate.phase === 'connected' && candidate.conferenceSid && candidate.kind !== 'monitor');
    for (const target of targets) {
      if (!target.conferenceSid) continue;
      const revision = target.revision;
      this.api.view(target.conferenceSid).then(
        (view) => {
          // Dropped if the call ended, or a command ran meanwhile (the view may predate it).
          if (this.calls.get(target.id) !== target || target.phase !== 'connected' || target.revision !== revision) return;
          for (const event of target.participants.update(view, this.reporter.now())) this.emit(event);
          const customer = view.parties.find((party) => party.role === 'customer');
          if (customer && customer.hold !== target.held) {
            target.held = customer.hold;
            this.emit({ type: customer.hold ? 'held' : 'resumed', callId: target.id, at: this.reporter.now() });
          }
        },
        (error: unknown) => {
          if (error instanceof TwilioCallControlError && error.failure === 'call-ended' && this.calls.get(target.id) === target) this.end(target, 'hangup-remote');
        },
      );
    }
    if (!this.refreshTimer && this.device) {
      this.refreshTimer = setTimeout(() => {
        this.refreshTimer = undefined;
        if ([...this.calls.values()].some((candidate) => candidate.phase === 'connected' && candidate.kind !== 'monitor')) this.refresh();
      }, this.options.contactCentre.refreshMs ?? 2000);
    }
  }

  private renewToken(): void {
    this.api
      .workerToken()
      .then((token) => {
        this.worker?.updateToken(token.token);
        this.device?.updateToken(token.token);
        this.scheduleRenewal(token.ttlSeconds);
      })
      .catch((error: unknown) => {
        if (!this.device) return;
        this.reporter.setHealth(this.health, `Could not renew the Twilio token: ${errorMessage(error)}; retrying.`);
        this.later(5000, () => this.renewToken());
      });
  }

  private renewal?: ReturnType<typeof setTimeout>;
  /** Renews at four fifths of the token's life, before TaskRouter or the Device notice. */
  private scheduleRenewal(ttlSeconds: number | undefined): void {
    if (this.renewal) {
      clearTimeout(this.renewal);
      this.timers.delete(this.renewal);
    }
    if (!ttlSeconds || ttlSeconds < 60) return;
    this.renewal = this.later(ttlSeconds * 800, () => this.renewToken());
  }

  private later(ms: number, run: () => void): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private ready(): void {
    if (!this.device) throw new ProviderError('not-connected', 'The softphone is not connected to Twilio; wait until it is ready.');
  }

  private call(callId: CallId, action: string, phases: readonly CcCall['phase'][]): CcCall {
    this.ready();
    const call = this.calls.get(callId);
    if (!call) throw new ProviderError('unknown-call', `No Twilio call ${callId} at this softphone (it may have ended).`);
    if (!phases.includes(call.phase)) throw new ProviderError('invalid-state', `Cannot ${action} call ${callId} while it is ${call.phase}.`);
    return call;
  }

  /** A connected call on a conference this agent's commands can reach. */
  private conferenced(callId: CallId, action: string): CcCall & { conferenceSid: string } {
    const call = this.call(callId, action, ['connected']);
    if (!call.conferenceSid || call.kind === 'monitor') {
      throw new ProviderError('unsupported', `Cannot ${action} this call: it was put straight through to you, not through TaskRouter, so the softphone does not know its conference.`);
    }
    return call as CcCall & { conferenceSid: string };
  }

  private leg(callId: CallId, action: string): TwilioCallLike {
    const call = this.call(callId, action, ['connected']);
    if (!call.leg) throw new ProviderError('invalid-state', `Cannot ${action} call ${callId}: its audio is not connected yet.`);
    return call.leg;
  }

  private release(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.team?.stop();
    this.team = undefined;
    this.renewal = undefined;
    for (const off of this.detach.splice(0)) off();
    for (const call of this.calls.values()) {
      call.offLeg?.();
      call.offReservation?.();
    }
    this.calls.clear();
    this.awaiting.length = 0;
    this.device = undefined;
    this.worker = undefined;
    this.workerReady = false;
  }
}
