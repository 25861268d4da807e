/**
 * TaskRouter on the server: the worker's token (TaskRouter and Voice grants), accepting a
 * reservation into the customer's conference, rejecting one, finishing wrap-up, presence ↔ worker
 * activity, the agent's live calls (what a reloaded page rejoins), and the workspace's event
 * callback (wrap-up activity when a task goes to wrap-up). Stateless like call control: TaskRouter's
 * tasks and reservations are the truth.
 */
import type { AgentStatus } from '../../core/index.js';
import type { TwilioServerSettings } from '../twilio-settings.js';
import { findWorkerSid, type CallControlAgent } from './call-control.js';
import type { TwilioClient, TwilioLibrary } from './client.js';
import { partyLabel } from './conference-view.js';
import { CallControlError, twilioStep } from './errors.js';
import type { ContactCentreSettings } from './settings.js';

/** Events of the conference status callback that call control listens to. */
export const CONFERENCE_EVENTS: ('start' | 'end' | 'join' | 'leave' | 'mute' | 'hold')[] = ['start', 'end', 'join', 'leave', 'mute', 'hold'];

/** One of the agent's live tasks and its conference. */
export interface AgentTask {
  readonly taskSid: string;
  readonly reservationSid: string;
  /** `accepted` (on the call) or `wrapping` (after it). */
  readonly status: string;
  readonly conferenceSid?: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** Options of {@link TwilioTaskControl}. */
export interface TaskControlOptions {
  readonly library: TwilioLibrary;
  readonly client: TwilioClient;
  readonly settings: TwilioServerSettings;
  readonly contactCentre: ContactCentreSettings;
  readonly callbackBaseUrl: string;
}

/** TaskRouter operations for agents. */
export class TwilioTaskControl {
  constructor(private readonly options: TaskControlOptions) {}

  private workspace() {
    return this.options.client.taskrouter.v1.workspaces(this.options.contactCentre.workspaceSid);
  }

  /** The agent's worker sid: from their identity, or the worker whose friendly name is their Twilio identity. */
  workerSid(agent: CallControlAgent): Promise<string> {
    return findWorkerSid(this.options.client, this.options.contactCentre.workspaceSid, agent);
  }

  /** An access token with the TaskRouter grant (this worker) and the Voice grant (this identity). */
  async workerToken(agent: CallControlAgent): Promise<{ token: string; identity: string; workerSid: string; workspaceSid: string; ttlSeconds: number }> {
    const { AccessToken } = this.options.library.jwt;
    const { settings, contactCentre } = this.options;
    const workerSid = await this.workerSid(agent);
    const token = new AccessToken(settings.accountSid, settings.apiKeySid, settings.apiKeySecret, { identity: agent.twilioIdentity, ttl: settings.tokenTtlSeconds });
    token.addGrant(new AccessToken.TaskRouterGrant({ workspaceSid: contactCentre.workspaceSid, workerSid, role: 'worker' }));
    token.addGrant(new AccessToken.VoiceGrant({ outgoingApplicationSid: settings.twimlAppSid, incomingAllow: true }));
    return { token: token.toJwt(), identity: agent.twilioIdentity, workerSid, workspaceSid: contactCentre.workspaceSid, ttlSeconds: settings.tokenTtlSeconds };
  }

  private async ownReservation(agent: CallControlAgent, taskSid: string, reservationSid: string) {
    const workerSid = await this.workerSid(agent);
    const reservation = await twilioStep('find the reservation', 'call', () => this.workspace().tasks(taskSid).reservations(reservationSid).fetch());
    if (reservation.workerSid !== workerSid) throw new CallControlError('forbidden', 'This reservation is offered to another agent.');
    return { workerSid, reservation };
  }

  /**
   * Accepts a reservation: a new call joins the agent and the customer in a conference named after
   * the task (TaskRouter's `conference` instruction); a task that already has a conference (a
   * transfer) adds the agent to it. Resolves with the conference sid when it is known.
   */
  async accept(agent: CallControlAgent, taskSid: string, reservationSid: string): Promise<{ conferenceSid?: string }> {
    const { reservation } = await this.ownReservation(agent, taskSid, reservationSid);
    if (reservation.reservationStatus !== 'pending') throw new CallControlError('invalid', `This call is no longer offered to you (the reservation is ${reservation.reservationStatus}).`);
    const task = await twilioStep('read the call', 'call', () => this.workspace().tasks(taskSid).fetch());
    const attributes = JSON.parse(task.attributes) as { conference?: { sid?: unknown } };
    const existing = typeof attributes.conference?.sid === 'string' ? attributes.conference.sid : undefined;
    const { settings, callbackBaseUrl } = this.options;
    if (existing) {
      await twilioStep('join the transferred call', 'call', () =>
        this.options.client.conferences(existing).participants.create({ from: settings.callerId, to: `client:${agent.twilioIdentity}`, label: partyLabel('agent', agent.twilioIdentity), endConferenceOnExit: false, timeout: 30, statusCallback: `${callbackBaseUrl}/api/twilio/cc/leg-events?conference=${existing}`, statusCallbackEvent: ['completed'] }),
      );
      await twilioStep('accept the call', 'call', () => this.workspace().tasks(taskSid).reservations(reservationSid).update({ reservationStatus: 'accepted' }));
      return { conferenceSid: existing };
    }
    await twilioStep('accept the call', 'call', () =>
      this.workspace().tasks(taskSid).reservations(reservationSid).update({
        instruction: 'conference',
        from: settings.callerId,
        to: `client:${agent.twilioIdentity}`,
        endConferenceOnExit: false,
        endConferenceOnCustomerExit: true,
        conferenceStatusCallback: `${callbackBaseUrl}/api/twilio/cc/conference-events`,
        conferenceStatusCallbackEvent: CONFERENCE_EVENTS,
      }),
    );
    const updated = await twilioStep('read the call', 'call', () => this.workspace().tasks(taskSid).fetch());
    const conference = (JSON.parse(updated.attributes) as { conference?: { sid?: unknown } }).conference?.sid;
    return typeof conference === 'string' ? { conferenceSid: conference } : {};
  }

  /** Rejects a reservation (the call goes to the next agent); the agent's activity stays unless `activity` is given. */
  async reject(agent: CallControlAgent, taskSid: string, reservationSid: string, activity?: AgentStatus): Promise<void> {
    const { reservation } = await this.ownReservation(agent, taskSid, reservationSid);
    if (reservation.reservationStatus !== 'pending') throw new CallControlError('invalid', `This call is no longer offered to you (the reservation is ${reservation.reservationStatus}).`);
    const workerActivitySid = activity ? await this.activitySid(activity) : undefined;
    await twilioStep('decline the call', 'call', () => this.workspace().tasks(taskSid).reservations(reservationSid).update({ reservationStatus: 'rejected', ...(workerActivitySid ? { workerActivitySid } : {}) }));
  }

  /** The agent saved the wrap-up: the task completes and the agent is available again. */
  async complete(agent: CallControlAgent, taskSid: string, reason = 'wrap-up saved'): Promise<void> {
    const workerSid = await this.workerSid(agent);
    const reservations = await twilioStep('find your task', 'call', () => this.workspace().tasks(taskSid).reservations.list({ workerSid }));
    if (!reservations.some((reservation) => ['accepted', 'wrapping', 'completed'].includes(reservation.reservationStatus))) throw new CallControlError('forbidden', 'This task is not yours.');
    const task = await twilioStep('find your task', 'call', () => this.workspace().tasks(taskSid).fetch());
    if (task.assignmentStatus === 'assigned' || task.assignmentStatus === 'wrapping') {
      await twilioStep('complete the task', 'call', () => this.workspace().tasks(taskSid).update({ assignmentStatus: 'completed', reason }));
    }
    const available = await this.activitySid('available');
    await twilioStep('make you available', 'call', () => this.workspace().workers(workerSid).update({ activitySid: available }));
  }

  /** The agent's presence, from their worker's activity. */
  async presence(agent: CallControlAgent): Promise<{ status: AgentStatus; activity: string }> {
    const worker = await twilioStep('read your status', 'call', () => this.workspace().workers(agent.workerSid ?? '').fetch().catch(async (error: unknown) => {
      if (agent.workerSid) throw error;
      return this.workspace().workers(await this.workerSid(agent)).fetch();
    }));
    const names = this.options.contactCentre.activities;
    const status: AgentStatus = worker.activityName === names.offline ? 'offline' : worker.available ? 'available' : 'busy';
    return { status, activity: worker.activityName };
  }

  /** Sets the worker's activity from the softphone's presence. */
  async setPresence(agent: CallControlAgent, status: AgentStatus): Promise<{ status: AgentStatus; activity: string }> {
    const workerSid = await this.workerSid(agent);
    const activitySid = await this.activitySid(status);
    const worker = await twilioStep('change your status', 'call', () => this.workspace().workers(workerSid).update({ activitySid, rejectPendingReservations: status !== 'available' }));
    return { status, activity: worker.activityName };
  }

  /** The agent's live tasks (accepted or in wrap-up) and their conferences: what a reloaded page picks up again. */
  async liveTasks(agent: CallControlAgent): Promise<AgentTask[]> {
    const workerSid = await this.workerSid(agent);
    const reservations = await twilioStep('find your calls', 'call', () => this.workspace().workers(workerSid).reservations.list());
    const live = reservations.filter((reservation) => reservation.reservationStatus === 'accepted' || reservation.reservationStatus === 'wrapping');
    return Promise.all(
      live.map(async (reservation) => {
        const task = await twilioStep('read a call', 'call', () => this.workspace().tasks(reservation.taskSid).fetch());
        const attributes = JSON.parse(task.attributes) as Record<string, unknown> & { conference?: { sid?: unknown } };
        const conferenceSid = typeof attributes.conference?.sid === 'string' ? attributes.conference.sid : undefined;
        return { taskSid: task.sid, reservationSid: reservation.sid, status: reservation.reservationStatus, ...(conferenceSid ? { conferenceSid } : {}), attributes };
      }),
    );
  }

  /** The workspace's event callback (signature already checked): a reservation in wrap-up puts its worker in the wrap-up activity. */
  async taskRouterEvent(params: Readonly<Record<string, string | undefined>>): Promise<void> {
    if (params.EventType !== 'reservation.wrapup' || !params.WorkerSid) return;
    const workerSid = params.WorkerSid;
    const wrapUp = await this.activitySid('wrap-up');
    await twilioStep('start your wrap-up', 'call', () => this.workspace().workers(workerSid).update({ activitySid: wrapUp }));
  }

  /** The activity sid for a presence (or wrap-up), by the configured names. */
  private async activitySid(status: AgentStatus | 'wrap-up'): Promise<string> {
    const names = this.options.contactCentre.activities;
    const name = { available: names.available, busy: names.busy, offline: names.offline, 'wrap-up': names.wrapUp }[status];
    const activities = await twilioStep('find the activity', 'call', () => this.workspace().activities.list({ friendlyName: name, limit: 1 }));
    const activity = activities[0];
    if (!activity) throw new CallControlError('invalid', `The TaskRouter workspace has no activity named ${name}: create it, or set the TWILIO_ACTIVITY_* variable to the name you use.`);
    return activity.sid;
  }
}
