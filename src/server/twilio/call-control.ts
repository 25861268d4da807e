/**
 * Call control for a contact centre on Twilio: every customer call is a conference, and hold,
 * transfer, consult, conference, removal, supervision and recording are changes to its
 * participants through the official library. Stateless: each request reads the conference from
 * Twilio, checks that the agent is on it (or holds its task), and changes it; the participants'
 * labels carry what a later status callback needs (who joined, for whom), so any instance answers
 * any call's callbacks. A multi-step change is ordered so that a failure part-way leaves the
 * customer connected to someone, and the error says what did and did not happen.
 */
import type { TwilioServerSettings } from '../twilio-settings.js';
import type { TwilioClient } from './client.js';
import { customerOf, handlersOf, loadConference, partyLabel, type ConferenceParty, type ConferenceView } from './conference-view.js';
import { CallControlError, twilioStep } from './errors.js';
import { clientAddress, legParameters } from './leg-parameters.js';
import type { ContactCentreSettings } from './settings.js';

/** Who is asking: what `authenticate(request)` resolves to. */
export interface CallControlAgent {
  /** The agent's own id (e.g. the Salesforce user id). */
  readonly agentId: string;
  /** The agent's Twilio client identity (`client:<identity>` rings their softphone). */
  readonly twilioIdentity: string;
  /** The agent's TaskRouter worker, if they take routed calls. */
  readonly workerSid?: string;
  readonly role: 'agent' | 'supervisor' | 'admin';
}

/** What an outbound destination is for, as the dial policy sees it. */
export interface CallControlDialRequest {
  readonly agent: CallControlAgent;
  /** The number as the agent gave it. */
  readonly to: string;
  readonly purpose: 'transfer' | 'consult' | 'conference';
}

/**
 * The hook for the outbound dial policy (allowed countries, premium numbers, …): resolves with the
 * number to dial (E.164), or rejects with the reason to show the agent. Default: any E.164 number.
 */
export type DialPolicyCheck = (request: CallControlDialRequest) => Promise<string>;

/** Where a cold transfer goes. */
export type TransferTarget = { readonly kind: 'agent'; readonly identity: string } | { readonly kind: 'queue'; readonly queueSid?: string } | { readonly kind: 'number'; readonly number: string };

/** Supervisor modes: listen (muted), whisper (coaching the agent), barge (talking to everyone). */
export type MonitorMode = 'listen' | 'whisper' | 'barge';

/** Options of {@link TwilioCallControl}. */
export interface CallControlOptions {
  readonly client: TwilioClient;
  readonly settings: Pick<TwilioServerSettings, 'accountSid' | 'callerId'>;
  readonly contactCentre: ContactCentreSettings;
  /** This server's public base URL, for the status callbacks of the legs it dials. */
  readonly callbackBaseUrl: string;
  readonly dialPolicy?: DialPolicyCheck;
}

/** A recording and the link to its media (for the call log). */
export interface RecordingLink {
  readonly recordingSid: string;
  readonly mediaUrl: string;
  readonly status: string;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** The default dial policy: any number in E.164 form (formatting characters removed). */
export const anyE164Number: DialPolicyCheck = async ({ to }) => {
  const number = to.replace(/[\s().-]/g, '');
  if (!E164.test(number)) throw new CallControlError('invalid', `"${to}" is not a phone number in international form, e.g. +14155550123.`);
  return number;
};

/** Someone to dial into a call: the address, the leg's label and, for an agent, their client identity. */
interface Dial {
  readonly to: string;
  readonly label: string;
  readonly identity?: string;
}

/**
 * The agent's TaskRouter worker sid: from their verified identity, or the worker whose friendly name
 * is their Twilio identity (how `dev` and a plain set-up name workers). Refused when there is none.
 */
export async function findWorkerSid(client: TwilioClient, workspaceSid: string, agent: CallControlAgent): Promise<string> {
  if (agent.workerSid) return agent.workerSid;
  const workers = await twilioStep('find your TaskRouter worker', 'call', () => client.taskrouter.v1.workspaces(workspaceSid).workers.list({ friendlyName: agent.twilioIdentity, limit: 1 }));
  const worker = workers[0];
  if (!worker) throw new CallControlError('forbidden', `No TaskRouter worker is named ${agent.twilioIdentity}: ask an administrator to create one.`);
  return worker.sid;
}

/** Call control on Twilio conferences. */
export class TwilioCallControl {
  private readonly client: TwilioClient;
  private readonly dialPolicy: DialPolicyCheck;

  constructor(private readonly options: CallControlOptions) {
    this.client = options.client;
    this.dialPolicy = options.dialPolicy ?? anyE164Number;
  }

  /**
   * The call as Twilio has it, if this agent has a live leg in it (the agent who took the task, or a
   * colleague consulted or transferred in who answered) or holds its task; otherwise `forbidden`.
   * A leg that still rings is not enough: the colleague has not taken part in the call yet.
   */
  async view(agent: CallControlAgent, conferenceSid: string): Promise<ConferenceView> {
    const view = await loadConference(this.client, conferenceSid);
    if (view.status === 'completed') throw new CallControlError('call-ended', 'The call has already ended.');
    if (view.parties.some((party) => party.role === 'agent' && party.identity === agent.twilioIdentity && party.status === 'connected')) return view;
    // An agent whose leg dropped (a reloaded page) is still the one holding the call's task.
    const workerSid = view.taskSid ? await findWorkerSid(this.client, this.options.contactCentre.workspaceSid, agent).catch(() => undefined) : undefined;
    if (workerSid && view.taskSid) {
      const reservations = await twilioStep('check the call is yours', 'call', () => this.workspace().tasks(view.taskSid ?? '').reservations.list({ workerSid }));
      if (reservations.some((reservation) => reservation.reservationStatus === 'accepted' || reservation.reservationStatus === 'wrapping')) return view;
    }
    throw new CallControlError('forbidden', 'This call is not yours: only an agent on the call can change it.');
  }

  /** Puts a party on hold with the hold music (default: the customer). */
  async hold(agent: CallControlAgent, conferenceSid: string, callSid?: string): Promise<ConferenceParty> {
    const view = await this.view(agent, conferenceSid);
    const party = this.target(view, callSid);
    await this.setHold(view, party, true, 'hold the call');
    return { ...party, hold: true };
  }

  /** Takes a party off hold (default: the customer). */
  async resume(agent: CallControlAgent, conferenceSid: string, callSid?: string): Promise<ConferenceParty> {
    const view = await this.view(agent, conferenceSid);
    const party = this.target(view, callSid);
    await this.setHold(view, party, false, 'resume the call');
    return { ...party, hold: false };
  }

  /**
   * Calls someone into the call: `consult` holds the customer first (the agent and the new party talk
   * privately), `conference` adds them to everyone. Resolves with the new leg's call sid.
   */
  async addParticipant(agent: CallControlAgent, conferenceSid: string, request: { readonly to: TransferTarget; readonly mode: 'consult' | 'conference' }): Promise<string> {
    const view = await this.view(agent, conferenceSid);
    const dial = await this.destination(agent, request.to, request.mode);
    const customer = customerOf(view);
    const heldHere = request.mode === 'consult' && customer !== undefined && !customer.hold;
    if (heldHere && customer) await this.setHold(view, customer, true, 'hold the customer for the consultation');
    try {
      return await this.dial(view, dial, request.mode === 'consult' ? 'start the consultation' : 'add them to the call');
    } catch (error) {
      // Nobody joined: the customer comes back off hold, so the agent has them as before.
      if (heldHere && customer) await this.setHold(view, customer, false, 'take the customer off hold again').catch(() => undefined);
      throw error;
    }
  }

  /** Everyone talks together: the customer and anyone held come off hold. */
  async merge(agent: CallControlAgent, conferenceSid: string): Promise<void> {
    const view = await this.view(agent, conferenceSid);
    for (const party of view.parties) if (party.hold) await this.setHold(view, party, false, 'bring everyone together');
  }

  /** Completes a warm transfer: the customer comes off hold with the consulted party, and this agent leaves. */
  async completeTransfer(agent: CallControlAgent, conferenceSid: string): Promise<void> {
    const view = await this.view(agent, conferenceSid);
    const me = this.me(view, agent);
    const other = handlersOf(view).find((party) => party.callSid !== me?.callSid && party.status === 'connected');
    if (!other) throw new CallControlError('invalid', 'There is nobody to hand the call to: consult someone first, and wait until they answer.');
    const customer = customerOf(view);
    if (customer?.hold) await this.setHold(view, customer, false, 'give the customer to the other party');
    if (me) await this.leave(view, me, 'leave the call after the transfer');
    await this.wrapTask(view, agent);
  }

  /**
   * A cold transfer: the target is dialled (an agent or a number) or the call is queued again
   * (a new task with the conference in its attributes); the customer hears hold music until someone
   * joins, and this agent leaves at once.
   */
  async coldTransfer(agent: CallControlAgent, conferenceSid: string, to: TransferTarget): Promise<{ readonly callSid?: string; readonly taskSid?: string }> {
    const view = await this.view(agent, conferenceSid);
    const customer = customerOf(view);
    if (!customer) throw new CallControlError('invalid', 'The customer has left the call: there is nothing to transfer.');
    const me = this.me(view, agent);
    let result: { callSid?: string; taskSid?: string };
    if (to.kind === 'queue') {
      result = { taskSid: await this.requeue(view, customer, { mode: 'COLD', from: agent.twilioIdentity, ...(to.queueSid ? { queueSid: to.queueSid } : {}) }) };
    } else {
      result = { callSid: await this.dial(view, await this.destination(agent, to, 'transfer'), 'transfer the call') };
    }
    if (!customer.hold) await this.setHold(view, customer, true, 'hold the customer for the transfer');
    if (me) await this.leave(view, me, 'leave the call after the transfer');
    await this.wrapTask(view, agent);
    return result;
  }

  /** Removes someone from the call (not the agent themself: that is {@link hangUp}). */
  async removeParticipant(agent: CallControlAgent, conferenceSid: string, callSid: string): Promise<void> {
    const view = await this.view(agent, conferenceSid);
    const party = view.parties.find((candidate) => candidate.callSid === callSid);
    if (!party) throw new CallControlError('participant-gone', 'That participant has already left the call. Nothing else was changed.');
    if (party.callSid === this.me(view, agent)?.callSid) throw new CallControlError('invalid', 'To leave the call yourself, hang up.');
    await twilioStep('remove them from the call', 'participant', () => this.client.conferences(view.conferenceSid).participants(party.callSid).remove());
  }

  /**
   * The agent hangs up: if another agent or party stays with the customer, the call goes on without
   * this agent; otherwise the call ends for everyone. (Agents' legs never end the conference by
   * leaving, so a page reload that drops the agent's leg leaves the customer waiting, not cut off.)
   */
  async hangUp(agent: CallControlAgent, conferenceSid: string): Promise<void> {
    const view = await this.view(agent, conferenceSid);
    // Every leg of this agent is theirs: a reloaded page's old leg may not have left yet.
    const mine = view.parties.filter((party) => party.role === 'agent' && party.identity === agent.twilioIdentity);
    const others = handlersOf(view).filter((party) => !mine.includes(party));
    if (others.length === 0) {
      await twilioStep('hang up', 'call', () => this.client.conferences(view.conferenceSid).update({ status: 'completed' }));
      return;
    }
    if (mine.length === 0) throw new CallControlError('participant-gone', 'You have already left the call.');
    for (const leg of mine) await this.leave(view, leg, 'hang up');
  }

  /**
   * The agent's page came back (a reload) and calls them into their call again: their task is still
   * theirs, so {@link view} lets them in; they join without a hold, and the customer comes off hold
   * when they do (see {@link conferenceEvent}). Resolves with the new leg's call sid.
   */
  async rejoin(agent: CallControlAgent, conferenceSid: string): Promise<string> {
    const view = await this.view(agent, conferenceSid);
    if (this.me(view, agent)) throw new CallControlError('invalid', 'You are already on this call.');
    return this.dial(view, { to: `client:${agent.twilioIdentity}`, label: partyLabel('agent', agent.twilioIdentity), identity: agent.twilioIdentity }, 'rejoin the call');
  }

  /** A supervisor joins a call in a mode; resolves with their leg's call sid. */
  async monitor(supervisor: CallControlAgent, conferenceSid: string, mode: MonitorMode): Promise<string> {
    if (supervisor.role === 'agent') throw new CallControlError('forbidden', 'Only a supervisor can listen to, whisper on or barge into a call.');
    const view = await loadConference(this.client, conferenceSid);
    if (view.status !== 'in-progress') throw new CallControlError('call-ended', 'The call has already ended.');
    if (view.parties.some((party) => party.role === 'supervisor' && party.identity === supervisor.twilioIdentity)) throw new CallControlError('invalid', 'You are already on this call: change your mode instead.');
    const coach = mode === 'whisper' ? this.coached(view) : undefined;
    const created = await twilioStep(`join the call (${mode})`, 'call', () =>
      this.client.conferences(view.conferenceSid).participants.create({
        from: this.options.settings.callerId,
        to: `client:${supervisor.twilioIdentity}`,
        label: partyLabel('supervisor', supervisor.twilioIdentity),
        muted: mode === 'listen',
        ...(coach ? { coaching: true, callSidToCoach: coach } : {}),
        endConferenceOnExit: false,
        beep: 'false',
      }),
    );
    return created.callSid;
  }

  /** A supervisor changes mode on their own leg. */
  async setMonitorMode(supervisor: CallControlAgent, conferenceSid: string, mode: MonitorMode): Promise<void> {
    const view = await loadConference(this.client, conferenceSid);
    if (view.status !== 'in-progress') throw new CallControlError('call-ended', 'The call has already ended.');
    const me = view.parties.find((party) => party.role === 'supervisor' && party.identity === supervisor.twilioIdentity);
    if (!me) throw new CallControlError('forbidden', 'You are not monitoring this call.');
    const coach = mode === 'whisper' ? this.coached(view) : undefined;
    await this.update(view, me, { muted: mode === 'listen', coaching: mode === 'whisper', ...(coach ? { callSidToCoach: coach } : {}) }, `switch to ${mode}`);
  }

  /** Starts recording the customer's leg (both sides, two channels); resolves with the recording's link. */
  async startRecording(agent: CallControlAgent, conferenceSid: string): Promise<RecordingLink> {
    const customer = this.requireCustomer(await this.view(agent, conferenceSid));
    const recording = await twilioStep('start recording', 'participant', () =>
      this.client.calls(customer.callSid).recordings.create({ recordingChannels: 'dual', recordingStatusCallback: `${this.options.callbackBaseUrl}/api/twilio/cc/recording-events`, recordingStatusCallbackEvent: ['in-progress', 'completed'] }),
    );
    return { recordingSid: recording.sid, mediaUrl: this.mediaUrl(recording.sid), status: recording.status };
  }

  /** Stops the customer leg's running recording; resolves with its link. */
  async stopRecording(agent: CallControlAgent, conferenceSid: string): Promise<RecordingLink> {
    const customer = this.requireCustomer(await this.view(agent, conferenceSid));
    const recordings = await twilioStep('find the recording', 'participant', () => this.client.calls(customer.callSid).recordings.list());
    const running = recordings.find((recording) => recording.status === 'in-progress' || recording.status === 'paused');
    if (!running) throw new CallControlError('invalid', 'The call is not being recorded.');
    const stopped = await twilioStep('stop recording', 'participant', () => this.client.calls(customer.callSid).recordings(running.sid).update({ status: 'stopped' }));
    return { recordingSid: stopped.sid, mediaUrl: this.mediaUrl(stopped.sid), status: stopped.status };
  }

  /**
   * A conference status callback (already signature-checked). When an agent or external party joins
   * a call where they are now the only one with the customer (a cold transfer arriving, an agent
   * back after a reload), the customer comes off hold. When the last of them leaves without ending
   * the call (the agent's page reloading, the network dropping), the customer is held with hold
   * music until someone joins again.
   */
  async conferenceEvent(params: Readonly<Record<string, string | undefined>>): Promise<void> {
    const event = params.StatusCallbackEvent;
    if ((event !== 'participant-join' && event !== 'participant-leave') || !params.ConferenceSid) return;
    const view = await loadConference(this.client, params.ConferenceSid);
    const customer = customerOf(view);
    if (view.status !== 'in-progress' || !customer) return;
    const handlers = handlersOf(view).filter((party) => party.status === 'connected');
    if (event === 'participant-join') {
      const joined = handlers.find((party) => party.callSid === params.CallSid);
      if (joined && handlers.length === 1 && customer.hold) await this.setHold(view, customer, false, 'connect the customer');
    } else if (params.CallSid !== customer.callSid && handlersOf(view).length === 0 && !customer.hold) {
      await this.setHold(view, customer, true, 'hold the customer until an agent is back');
    }
  }

  /**
   * A status callback of a leg call control dialled: if it ended unanswered and the customer is left
   * with nobody, the customer is queued again, so the call is never stranded on hold.
   */
  async legEvent(conferenceSid: string, params: Readonly<Record<string, string | undefined>>): Promise<void> {
    if (!['busy', 'no-answer', 'failed', 'canceled'].includes(params.CallStatus ?? '')) return;
    const view = await loadConference(this.client, conferenceSid);
    const customer = customerOf(view);
    if (view.status === 'completed' || !customer || handlersOf(view).length > 0) return;
    await this.requeue(view, customer, { mode: 'COLD', from: 'unanswered-transfer' });
  }

  private workspace() {
    return this.client.taskrouter.v1.workspaces(this.options.contactCentre.workspaceSid);
  }

  private me(view: ConferenceView, agent: CallControlAgent): ConferenceParty | undefined {
    return view.parties.find((party) => party.role === 'agent' && party.identity === agent.twilioIdentity);
  }

  private target(view: ConferenceView, callSid: string | undefined): ConferenceParty {
    const party = callSid ? view.parties.find((candidate) => candidate.callSid === callSid) : customerOf(view);
    if (!party) throw new CallControlError('participant-gone', callSid ? 'That participant has already left the call. Nothing else was changed.' : 'The customer has already left the call.');
    return party;
  }

  private requireCustomer(view: ConferenceView): ConferenceParty {
    const customer = customerOf(view);
    if (!customer) throw new CallControlError('participant-gone', 'The customer has already left the call.');
    return customer;
  }

  /** The agent a whisper coaches: the first connected agent. */
  private coached(view: ConferenceView): string {
    const agent = view.parties.find((party) => party.role === 'agent' && party.status === 'connected');
    if (!agent) throw new CallControlError('invalid', 'No agent is on this call to whisper to.');
    return agent.callSid;
  }

  private async destination(agent: CallControlAgent, to: TransferTarget, purpose: CallControlDialRequest['purpose']): Promise<Dial> {
    if (to.kind === 'queue') throw new CallControlError('invalid', 'A queue can take a cold transfer only; consult or conference an agent or a number.');
    if (to.kind === 'agent') {
      if (!/^[\w.@-]{1,121}$/.test(to.identity)) throw new CallControlError('invalid', `"${to.identity}" is not an agent identity.`);
      if (to.identity === agent.twilioIdentity) throw new CallControlError('invalid', 'You are already on this call.');
      return { to: `client:${to.identity}`, label: partyLabel('agent', to.identity), identity: to.identity };
    }
    let number: string;
    try {
      number = await this.dialPolicy({ agent, to: to.number, purpose });
    } catch (error) {
      if (error instanceof CallControlError) throw error;
      throw new CallControlError('forbidden', `You may not call ${to.number}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return { to: number, label: partyLabel('external', number) };
  }

  /** Dials someone into the call; an agent's softphone is told the conference and the customer's call data with the leg. */
  private async dial(view: ConferenceView, dial: Dial, doing: string): Promise<string> {
    const to = dial.identity ? clientAddress(dial.identity, legParameters(view, customerOf(view) ?? {}, await this.callData(view))) : dial.to;
    const created = await twilioStep(doing, 'call', () =>
      this.client.conferences(view.conferenceSid).participants.create({
        from: this.options.settings.callerId,
        to,
        label: dial.label,
        endConferenceOnExit: false,
        timeout: 30,
        statusCallback: `${this.options.callbackBaseUrl}/api/twilio/cc/leg-events?conference=${view.conferenceSid}`,
        statusCallbackEvent: ['completed'],
      }),
    );
    return created.callSid;
  }

  /**
   * The attributes of the call's task (the customer's number, name, IVR input…), for the screen pop
   * of an agent dialled in. Without them the leg still goes out: the call matters more than the pop.
   */
  private async callData(view: ConferenceView): Promise<Record<string, unknown>> {
    if (!view.taskSid) return {};
    try {
      const task = await this.workspace().tasks(view.taskSid).fetch();
      const attributes: unknown = JSON.parse(task.attributes);
      return typeof attributes === 'object' && attributes !== null ? (attributes as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }

  private async setHold(view: ConferenceView, party: ConferenceParty, hold: boolean, doing: string): Promise<void> {
    const music = this.options.contactCentre.holdMusicUrl;
    await this.update(view, party, { hold, ...(hold && music ? { holdUrl: music, holdMethod: 'GET' } : {}) }, doing);
  }

  private async update(view: ConferenceView, party: ConferenceParty, change: { hold?: boolean; holdUrl?: string; holdMethod?: string; muted?: boolean; coaching?: boolean; callSidToCoach?: string }, doing: string): Promise<void> {
    await twilioStep(doing, 'participant', () => this.client.conferences(view.conferenceSid).participants(party.callSid).update(change));
  }

  /** This agent's leg leaves the conference (the customer stays). */
  private async leave(view: ConferenceView, me: ConferenceParty, doing: string): Promise<void> {
    await twilioStep(doing, 'participant', () => this.client.conferences(view.conferenceSid).participants(me.callSid).remove());
  }

  /** A new task for the customer already in this conference: whoever accepts it joins the conference. */
  private async requeue(view: ConferenceView, customer: ConferenceParty, transfer: { mode: 'COLD' | 'WARM'; from: string; queueSid?: string }): Promise<string> {
    let attributes: Record<string, unknown> = {};
    if (view.taskSid) {
      const task = await twilioStep('read the call data', 'call', () => this.workspace().tasks(view.taskSid ?? '').fetch());
      attributes = JSON.parse(task.attributes) as Record<string, unknown>;
    }
    const next = { ...attributes, call_sid: customer.callSid, conference: { sid: view.conferenceSid, participants: { customer: customer.callSid } }, transfer: { mode: transfer.mode, from: transfer.from, ...(view.taskSid ? { task_sid: view.taskSid } : {}) } };
    const task = await twilioStep('queue the call', 'call', () =>
      this.workspace().tasks.create({ workflowSid: this.options.contactCentre.workflowSid, ...(transfer.queueSid ? { taskQueueSid: transfer.queueSid } : {}), attributes: JSON.stringify(next) }),
    );
    return task.sid;
  }

  /** After a transfer, the agent's task (if the call's task is theirs) goes to wrap-up: their part of the call is over. */
  private async wrapTask(view: ConferenceView, agent: CallControlAgent): Promise<void> {
    const { taskSid } = view;
    if (!taskSid) return;
    const workerSid = await findWorkerSid(this.client, this.options.contactCentre.workspaceSid, agent).catch(() => undefined);
    if (!workerSid) return;
    const reservations = await twilioStep('wrap up your task', 'call', () => this.workspace().tasks(taskSid).reservations.list({ workerSid }));
    if (!reservations.some((reservation) => reservation.reservationStatus === 'accepted')) return;
    await twilioStep('wrap up your task', 'call', () => this.workspace().tasks(taskSid).update({ assignmentStatus: 'wrapping', reason: 'transferred' }));
  }

  private mediaUrl(recordingSid: string): string {
    return `${this.options.contactCentre.apiBaseUrl ?? 'https://api.twilio.com'}/2010-04-01/Accounts/${this.options.settings.accountSid}/Recordings/${recordingSid}`;
  }
}
