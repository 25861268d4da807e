/**
 * The stand-in's TaskRouter: workspaces, activities, workers, task queues, workflows, tasks and
 * reservations, with the routing and state changes Twilio documents — a pending task is offered to
 * the available eligible worker idle longest; a reservation is accepted, rejected or times out
 * (the worker then takes the workspace's timeout activity and the task goes to the next worker);
 * a queued caller who hangs up cancels their task; the `conference` instruction puts the caller
 * and the worker in a conference named after the task; when the caller's call ends, an assigned
 * task goes to `wrapping`. Every change posts the workspace's event callback.
 */
import type { CallbackSender } from './callbacks.js';
import { parseExpression, parseWorkflow } from './expressions.js';
import { newSid, notFound, TwilioApiError } from './model.js';
import type { StandInCall, StandInVoice } from './voice.js';

/** Statuses of `task_enum_status` and `task_reservation_enum_status`. */
export type TaskStatus = 'pending' | 'reserved' | 'assigned' | 'canceled' | 'completed' | 'wrapping';
export type ReservationStatus = 'pending' | 'accepted' | 'rejected' | 'timeout' | 'canceled' | 'rescinded' | 'wrapping' | 'completed';

interface Dated {
  readonly sid: string;
  readonly workspaceSid: string;
  readonly dateCreated: number;
  dateUpdated: number;
}
export interface StandInWorkspace extends Omit<Dated, 'workspaceSid'> {
  friendlyName: string;
  eventCallbackUrl?: string;
  defaultActivitySid: string;
  timeoutActivitySid: string;
}
export interface StandInActivity extends Dated {
  friendlyName: string;
  readonly available: boolean;
}
export interface StandInWorker extends Dated {
  friendlyName: string;
  activitySid: string;
  attributes: string;
  dateStatusChanged: number;
}
export interface StandInQueue extends Dated {
  friendlyName: string;
  targetWorkers: string;
  reservationActivitySid?: string;
  assignmentActivitySid?: string;
  maxReservedWorkers: number;
  taskOrder: 'FIFO' | 'LIFO';
}
export interface StandInWorkflow extends Dated {
  friendlyName: string;
  configuration: string;
  assignmentCallbackUrl?: string;
  taskReservationTimeout: number;
}
export interface StandInTask extends Dated {
  attributes: string;
  assignmentStatus: TaskStatus;
  priority: number;
  reason?: string;
  taskQueueSid?: string;
  readonly workflowSid?: string;
  readonly timeout: number;
  /** Workers already offered this task since it was last pending with nobody left to try. */
  readonly offered: Set<string>;
}
export interface StandInReservation extends Dated {
  readonly taskSid: string;
  readonly workerSid: string;
  status: ReservationStatus;
  timer?: NodeJS.Timeout;
}

/** TaskRouter's resources by sid, one map per kind. */
export class StandInTaskRouter {
  readonly workspaces = new Map<string, StandInWorkspace>();
  readonly activities = new Map<string, StandInActivity>();
  readonly workers = new Map<string, StandInWorker>();
  readonly queues = new Map<string, StandInQueue>();
  readonly workflows = new Map<string, StandInWorkflow>();
  readonly tasks = new Map<string, StandInTask>();
  readonly reservations = new Map<string, StandInReservation>();
  /** Listeners to every event, whether or not the workspace has an event callback (the browser stand-in's Worker streams). */
  readonly eventListeners: ((eventType: string, about: TaskRouterEventSubject) => void)[] = [];

  constructor(
    private readonly voice: StandInVoice,
    private readonly callbacks: CallbackSender,
  ) {
    voice.callEnded.push((call) => this.callerGone(call));
  }

  private get now(): number {
    return this.voice.now();
  }

  /** One resource of a workspace, or Twilio's 20404. */
  get<T extends { readonly workspaceSid: string }>(map: Map<string, T>, workspaceSid: string, sid: string, kind: string): T {
    const found = map.get(sid);
    if (!found || found.workspaceSid !== workspaceSid) throw notFound(`/v1/Workspaces/${workspaceSid}/${kind}/${sid}`);
    return found;
  }

  workspace(sid: string): StandInWorkspace {
    const workspace = this.workspaces.get(sid);
    if (!workspace) throw notFound(`/v1/Workspaces/${sid}`);
    return workspace;
  }

  createWorkspace(friendlyName: string, eventCallbackUrl?: string): StandInWorkspace {
    const sid = newSid('WS');
    const at = this.now;
    const made = ['Offline', 'Available', 'Unavailable'].map((name) => this.createActivity(sid, name, name === 'Available', true));
    const offline = made[0]?.sid ?? '';
    const workspace: StandInWorkspace = { sid, friendlyName, ...(eventCallbackUrl ? { eventCallbackUrl } : {}), defaultActivitySid: offline, timeoutActivitySid: offline, dateCreated: at, dateUpdated: at };
    this.workspaces.set(sid, workspace);
    return workspace;
  }

  createActivity(workspaceSid: string, friendlyName: string, available: boolean, creatingWorkspace = false): StandInActivity {
    if (!creatingWorkspace) this.workspace(workspaceSid);
    if ([...this.activities.values()].some((activity) => activity.workspaceSid === workspaceSid && activity.friendlyName === friendlyName)) {
      throw new TwilioApiError(409, 20001, `Activity ${friendlyName} already exists in workspace ${workspaceSid}`);
    }
    const at = this.now;
    const activity: StandInActivity = { sid: newSid('WA'), workspaceSid, friendlyName, available, dateCreated: at, dateUpdated: at };
    this.activities.set(activity.sid, activity);
    return activity;
  }

  createWorker(workspaceSid: string, init: { friendlyName: string; activitySid?: string; attributes?: string }): StandInWorker {
    const workspace = this.workspace(workspaceSid);
    if ([...this.workers.values()].some((worker) => worker.workspaceSid === workspaceSid && worker.friendlyName === init.friendlyName)) {
      throw new TwilioApiError(409, 20001, `Worker ${init.friendlyName} already exists in workspace ${workspaceSid}`);
    }
    const activitySid = init.activitySid ?? workspace.defaultActivitySid;
    this.get(this.activities, workspaceSid, activitySid, 'Activities');
    const at = this.now;
    const worker: StandInWorker = { sid: newSid('WK'), workspaceSid, friendlyName: init.friendlyName, activitySid, attributes: json(init.attributes ?? '{}', 'Attributes'), dateCreated: at, dateUpdated: at, dateStatusChanged: at };
    this.workers.set(worker.sid, worker);
    this.route(workspaceSid);
    return worker;
  }

  /** `POST /Workers/{Sid}`: a new activity (available workers get pending tasks), attributes or name. */
  updateWorker(worker: StandInWorker, update: { activitySid?: string; attributes?: string; friendlyName?: string; rejectPendingReservations?: boolean }): void {
    if (update.attributes !== undefined) worker.attributes = json(update.attributes, 'Attributes');
    if (update.friendlyName !== undefined) worker.friendlyName = update.friendlyName;
    if (update.activitySid !== undefined && update.activitySid !== worker.activitySid) {
      const activity = this.get(this.activities, worker.workspaceSid, update.activitySid, 'Activities');
      const pending = this.workerReservations(worker.sid).filter((reservation) => reservation.status === 'pending');
      if (pending.length && !activity.available) {
        if (!update.rejectPendingReservations) throw new TwilioApiError(400, 20001, `Worker ${worker.sid} has a pending reservation: reject it first, or set RejectPendingReservations=true`);
        for (const reservation of pending) this.endReservation(reservation, 'rejected');
      }
      this.setActivity(worker, activity.sid);
    }
    worker.dateUpdated = this.now;
    this.route(worker.workspaceSid);
  }

  private setActivity(worker: StandInWorker, activitySid: string): void {
    if (worker.activitySid === activitySid) return;
    worker.activitySid = activitySid;
    worker.dateStatusChanged = this.now;
    worker.dateUpdated = this.now;
    this.event(worker.workspaceSid, 'worker.activity.update', { worker });
  }

  createQueue(workspaceSid: string, init: Omit<StandInQueue, 'sid' | 'workspaceSid' | 'dateCreated' | 'dateUpdated'>): StandInQueue {
    this.workspace(workspaceSid);
    parseExpression(init.targetWorkers, 'TargetWorkers');
    const at = this.now;
    const queue: StandInQueue = { sid: newSid('WQ'), workspaceSid, ...init, dateCreated: at, dateUpdated: at };
    this.queues.set(queue.sid, queue);
    return queue;
  }

  createWorkflow(workspaceSid: string, init: Omit<StandInWorkflow, 'sid' | 'workspaceSid' | 'dateCreated' | 'dateUpdated'>): StandInWorkflow {
    this.workspace(workspaceSid);
    const routing = parseWorkflow(init.configuration);
    for (const queueSid of [...routing.filters.map((filter) => filter.queueSid), ...(routing.defaultQueueSid ? [routing.defaultQueueSid] : [])]) this.get(this.queues, workspaceSid, queueSid, 'TaskQueues');
    const at = this.now;
    const workflow: StandInWorkflow = { sid: newSid('WW'), workspaceSid, ...init, dateCreated: at, dateUpdated: at };
    this.workflows.set(workflow.sid, workflow);
    return workflow;
  }

  /** A new task, routed at once (the workflow picks its queue; an explicit `TaskQueueSid` wins). */
  createTask(workspaceSid: string, init: { attributes?: string; workflowSid?: string; taskQueueSid?: string; priority?: number; timeout?: number }): StandInTask {
    this.workspace(workspaceSid);
    if (!init.workflowSid && !init.taskQueueSid) throw new TwilioApiError(400, 20001, 'Missing required parameter WorkflowSid in the post body');
    const workflow = init.workflowSid ? this.get(this.workflows, workspaceSid, init.workflowSid, 'Workflows') : undefined;
    const attributes = json(init.attributes ?? '{}', 'Attributes');
    let taskQueueSid = init.taskQueueSid;
    if (taskQueueSid) this.get(this.queues, workspaceSid, taskQueueSid, 'TaskQueues');
    else if (workflow) {
      const routing = parseWorkflow(workflow.configuration);
      const parsed: unknown = JSON.parse(attributes);
      taskQueueSid = routing.filters.find((filter) => filter.matches(parsed))?.queueSid ?? routing.defaultQueueSid;
    }
    const at = this.now;
    const task: StandInTask = { sid: newSid('WT'), workspaceSid, attributes, assignmentStatus: 'pending', priority: init.priority ?? 0, ...(taskQueueSid ? { taskQueueSid } : {}), ...(workflow ? { workflowSid: workflow.sid } : {}), timeout: init.timeout ?? 86_400, offered: new Set(), dateCreated: at, dateUpdated: at };
    this.tasks.set(task.sid, task);
    this.event(workspaceSid, 'task.created', { task });
    this.route(workspaceSid);
    return task;
  }

  /** `POST /Tasks/{Sid}`: `AssignmentStatus` (canceled, wrapping, completed), `Reason`, `Attributes`, `Priority`. */
  updateTask(task: StandInTask, update: { assignmentStatus?: string; reason?: string; attributes?: string; priority?: number }): void {
    if (update.attributes !== undefined) task.attributes = json(update.attributes, 'Attributes');
    if (update.priority !== undefined) task.priority = update.priority;
    if (update.reason !== undefined) task.reason = update.reason;
    task.dateUpdated = this.now;
    const next = update.assignmentStatus;
    if (next === undefined || next === task.assignmentStatus) return;
    const allowed: Record<string, readonly TaskStatus[]> = { canceled: ['pending', 'reserved'], wrapping: ['assigned'], completed: ['assigned', 'wrapping'] };
    if (!allowed[next]?.includes(task.assignmentStatus)) {
      throw new TwilioApiError(400, 20001, `Task ${task.sid} is ${task.assignmentStatus}: it cannot become ${next}`);
    }
    this.setTaskStatus(task, next as TaskStatus);
  }

  private setTaskStatus(task: StandInTask, status: TaskStatus): void {
    task.assignmentStatus = status;
    task.dateUpdated = this.now;
    const reservations = [...this.reservations.values()].filter((reservation) => reservation.taskSid === task.sid);
    if (status === 'canceled') {
      for (const reservation of reservations) if (reservation.status === 'pending') this.endReservation(reservation, 'canceled');
      this.event(task.workspaceSid, 'task.canceled', { task });
    } else if (status === 'wrapping') {
      for (const reservation of reservations) if (reservation.status === 'accepted') this.moveReservation(reservation, 'wrapping', 'reservation.wrapup');
      this.event(task.workspaceSid, 'task.wrapup', { task });
    } else if (status === 'completed') {
      for (const reservation of reservations) if (reservation.status === 'accepted' || reservation.status === 'wrapping') this.moveReservation(reservation, 'completed', 'reservation.completed');
      this.event(task.workspaceSid, 'task.completed', { task });
    }
    this.route(task.workspaceSid);
  }

  /** Reservations of one worker, newest last. */
  workerReservations(workerSid: string): StandInReservation[] {
    return [...this.reservations.values()].filter((reservation) => reservation.workerSid === workerSid);
  }

  /**
   * `POST …/Reservations/{Sid}`: `ReservationStatus` (accepted, rejected, wrapping, completed) or an
   * `Instruction` (`conference`; `dequeue`, `call` and `redirect` are not part of the stand-in).
   */
  async updateReservation(reservation: StandInReservation, params: { status?: string; instruction?: string; workerActivitySid?: string; conference?: ConferenceInstruction }): Promise<void> {
    const task = this.get(this.tasks, reservation.workspaceSid, reservation.taskSid, 'Tasks');
    if (params.instruction !== undefined) {
      if (params.instruction !== 'conference') throw new TwilioApiError(400, 20001, `Instruction ${params.instruction} is not part of the Twilio stand-in: use conference`);
      if (reservation.status !== 'pending') throw new TwilioApiError(400, 20001, `Reservation ${reservation.sid} is ${reservation.status}, not pending`);
      await this.conference(reservation, task, params.conference ?? {});
      return;
    }
    const status = params.status;
    if (status === 'accepted' || status === 'rejected') {
      if (reservation.status !== 'pending') throw new TwilioApiError(400, 20001, `Reservation ${reservation.sid} is ${reservation.status}, not pending`);
      if (status === 'accepted') this.accept(reservation, task);
      else {
        if (params.workerActivitySid) this.get(this.activities, reservation.workspaceSid, params.workerActivitySid, 'Activities');
        this.endReservation(reservation, 'rejected');
        const worker = this.workers.get(reservation.workerSid);
        if (worker && params.workerActivitySid) this.setActivity(worker, params.workerActivitySid);
        this.route(reservation.workspaceSid);
      }
    } else if (status === 'wrapping' || status === 'completed') {
      this.updateTask(task, { assignmentStatus: status });
    } else if (status !== undefined) {
      throw new TwilioApiError(400, 20001, `ReservationStatus must be accepted, rejected, wrapping or completed, got ${status}`);
    }
  }

  private accept(reservation: StandInReservation, task: StandInTask): void {
    // The task is assigned by the time `reservation.accepted` is reported, as in Twilio's event.
    task.assignmentStatus = 'assigned';
    task.dateUpdated = this.now;
    this.moveReservation(reservation, 'accepted', 'reservation.accepted');
    const queue = task.taskQueueSid ? this.queues.get(task.taskQueueSid) : undefined;
    const worker = this.workers.get(reservation.workerSid);
    if (worker && queue?.assignmentActivitySid) this.setActivity(worker, queue.assignmentActivitySid);
  }

  /** The `conference` instruction: caller and worker join the conference named after the task. */
  private async conference(reservation: StandInReservation, task: StandInTask, instruction: ConferenceInstruction): Promise<void> {
    const attributes = JSON.parse(task.attributes) as Record<string, unknown>;
    const callSid = typeof attributes.call_sid === 'string' ? attributes.call_sid : undefined;
    const caller = callSid ? this.voice.calls.get(callSid) : undefined;
    if (!caller || caller.place.kind !== 'queue' || caller.place.taskSid !== task.sid) throw new TwilioApiError(400, 20001, `Task ${task.sid} has no caller waiting in the queue (call_sid ${callSid ?? 'missing'})`);
    const worker = this.get(this.workers, reservation.workspaceSid, reservation.workerSid, 'Workers');
    const contact = (JSON.parse(worker.attributes) as { contact_uri?: unknown }).contact_uri;
    const to = instruction.to ?? (typeof contact === 'string' ? contact : undefined);
    if (!to) throw new TwilioApiError(400, 20001, `Missing required parameter To (or the worker's contact_uri attribute)`);
    const from = instruction.from ?? caller.to;
    const common = { ...(instruction.conferenceStatusCallback ? { statusCallback: instruction.conferenceStatusCallback } : {}), ...(instruction.conferenceStatusEvents ? { statusEvents: instruction.conferenceStatusEvents } : {}) };
    const conference = this.voice.join(caller.sid, task.sid, { ...common, endConferenceOnExit: instruction.endConferenceOnCustomerExit ?? false, startConferenceOnEnter: false });
    const leg = this.voice.createCall({
      from,
      to,
      direction: 'outbound-api',
      ...(instruction.statusCallback ? { statusCallback: instruction.statusCallback, statusEvents: instruction.statusEvents ?? [] } : {}),
      timeoutSeconds: instruction.timeout ?? 60,
      onAnswer: (call) => {
        const participant = conference.participants.get(call.sid);
        if (participant && conference.status !== 'completed') this.voice.connect(conference, participant, call);
        else this.voice.hangUp(call.sid);
      },
      onUnanswered: (call) => this.voice.leave(conference.sid, call.sid, 'left'),
    });
    const participant = this.voice.newParticipant(leg.sid, { endConferenceOnExit: instruction.endConferenceOnExit ?? false });
    participant.status = 'ringing';
    conference.participants.set(leg.sid, participant);
    this.updateTask(task, { attributes: JSON.stringify({ ...attributes, conference: { sid: conference.sid, participants: { customer: caller.sid, worker: leg.sid } } }) });
    this.accept(reservation, task);
  }

  private moveReservation(reservation: StandInReservation, status: ReservationStatus, eventType: string): void {
    clearTimeout(reservation.timer);
    reservation.status = status;
    reservation.dateUpdated = this.now;
    this.event(reservation.workspaceSid, eventType, { reservation });
  }

  /** A pending reservation ends without the task: the task is pending again. */
  private endReservation(reservation: StandInReservation, status: 'rejected' | 'timeout' | 'canceled' | 'rescinded'): void {
    this.moveReservation(reservation, status, `reservation.${status}`);
    const task = this.tasks.get(reservation.taskSid);
    if (task && task.assignmentStatus === 'reserved') {
      task.assignmentStatus = 'pending';
      task.dateUpdated = this.now;
    }
  }

  /** A queued caller hangs up: their task is canceled; an assigned caller's end puts the task in wrap-up. */
  private callerGone(call: StandInCall): void {
    for (const task of this.tasks.values()) {
      const attributes = JSON.parse(task.attributes) as { call_sid?: unknown };
      if (attributes.call_sid !== call.sid) continue;
      if (task.assignmentStatus === 'pending' || task.assignmentStatus === 'reserved') {
        task.reason = 'hangup';
        this.setTaskStatus(task, 'canceled');
      } else if (task.assignmentStatus === 'assigned') {
        task.reason = 'The call ended';
        this.setTaskStatus(task, 'wrapping');
      }
    }
  }

  /** Offers every pending task of a workspace to an available eligible worker, highest priority and oldest first. */
  route(workspaceSid: string): void {
    const pending = [...this.tasks.values()].filter((task) => task.workspaceSid === workspaceSid && task.assignmentStatus === 'pending' && task.taskQueueSid);
    pending.sort((a, b) => b.priority - a.priority || a.dateCreated - b.dateCreated);
    for (const task of pending) {
      const queue = this.queues.get(task.taskQueueSid ?? '');
      if (!queue) continue;
      const target = parseExpression(queue.targetWorkers, 'TargetWorkers');
      const eligible = [...this.workers.values()]
        .filter((worker) => worker.workspaceSid === workspaceSid && this.activities.get(worker.activitySid)?.available && target(JSON.parse(worker.attributes)))
        .filter((worker) => !this.workerReservations(worker.sid).some((reservation) => ['pending', 'accepted', 'wrapping'].includes(reservation.status)))
        .sort((a, b) => a.dateStatusChanged - b.dateStatusChanged);
      if (!eligible.length) continue;
      const untried = eligible.filter((worker) => !task.offered.has(worker.sid));
      if (!untried.length) task.offered.clear();
      const worker = (untried.length ? untried : eligible)[0];
      if (worker) this.reserve(task, worker, queue);
    }
  }

  private reserve(task: StandInTask, worker: StandInWorker, queue: StandInQueue): void {
    const at = this.now;
    const reservation: StandInReservation = { sid: newSid('WR'), workspaceSid: task.workspaceSid, taskSid: task.sid, workerSid: worker.sid, status: 'pending', dateCreated: at, dateUpdated: at };
    this.reservations.set(reservation.sid, reservation);
    task.offered.add(worker.sid);
    task.assignmentStatus = 'reserved';
    task.dateUpdated = at;
    if (queue.reservationActivitySid) this.setActivity(worker, queue.reservationActivitySid);
    const workflow = task.workflowSid ? this.workflows.get(task.workflowSid) : undefined;
    reservation.timer = setTimeout(() => this.timeOut(reservation.sid), (workflow?.taskReservationTimeout ?? 120) * 1000);
    reservation.timer.unref();
    this.event(task.workspaceSid, 'reservation.created', { reservation });
    this.callbacks.send(workflow?.assignmentCallbackUrl, { AccountSid: this.voice.accountSid, WorkspaceSid: task.workspaceSid, WorkflowSid: workflow?.sid ?? '', TaskQueueSid: queue.sid, TaskSid: task.sid, TaskAttributes: task.attributes, TaskAge: String(age(task, this.now)), TaskPriority: String(task.priority), ReservationSid: reservation.sid, WorkerSid: worker.sid, WorkerAttributes: worker.attributes });
  }

  private timeOut(reservationSid: string): void {
    const reservation = this.reservations.get(reservationSid);
    if (!reservation || reservation.status !== 'pending') return;
    this.endReservation(reservation, 'timeout');
    const worker = this.workers.get(reservation.workerSid);
    const workspace = this.workspaces.get(reservation.workspaceSid);
    if (worker && workspace) this.setActivity(worker, workspace.timeoutActivitySid);
    this.route(reservation.workspaceSid);
  }

  /** Posts one event to the workspace's event callback, with the fields of the resources involved. */
  private event(workspaceSid: string, eventType: string, about: TaskRouterEventSubject): void {
    for (const listener of this.eventListeners) listener(eventType, about);
    const workspace = this.workspaces.get(workspaceSid);
    if (!workspace?.eventCallbackUrl) return;
    const reservation = about.reservation;
    const task = about.task ?? (reservation ? this.tasks.get(reservation.taskSid) : undefined);
    const worker = about.worker ?? (reservation ? this.workers.get(reservation.workerSid) : undefined);
    const params: Record<string, string> = { AccountSid: this.voice.accountSid, WorkspaceSid: workspaceSid, WorkspaceName: workspace.friendlyName, EventType: eventType, Sid: newSid('EV'), Timestamp: String(Math.floor(this.now / 1000)), ResourceType: reservation ? 'reservation' : task ? 'task' : 'worker', ResourceSid: reservation?.sid ?? task?.sid ?? worker?.sid ?? '' };
    if (task) Object.assign(params, { TaskSid: task.sid, TaskAttributes: task.attributes, TaskAssignmentStatus: task.assignmentStatus, TaskPriority: String(task.priority), TaskAge: String(age(task, this.now)), ...(task.taskQueueSid ? { TaskQueueSid: task.taskQueueSid } : {}), ...(task.workflowSid ? { WorkflowSid: task.workflowSid } : {}), ...(task.reason ? { [eventType === 'task.canceled' ? 'TaskCanceledReason' : 'TaskCompletedReason']: task.reason } : {}) });
    if (worker) Object.assign(params, { WorkerSid: worker.sid, WorkerName: worker.friendlyName, WorkerAttributes: worker.attributes, WorkerActivitySid: worker.activitySid, WorkerActivityName: this.activities.get(worker.activitySid)?.friendlyName ?? '' });
    if (reservation) params.ReservationSid = reservation.sid;
    this.callbacks.send(workspace.eventCallbackUrl, params);
  }

  /** Stops every reservation timer (the stand-in is closing). */
  close(): void {
    for (const reservation of this.reservations.values()) clearTimeout(reservation.timer);
  }
}

/** What a TaskRouter event is about. */
export interface TaskRouterEventSubject {
  readonly task?: StandInTask;
  readonly worker?: StandInWorker;
  readonly reservation?: StandInReservation;
}

/** The `conference` instruction's parameters the stand-in honours. */
export interface ConferenceInstruction {
  readonly from?: string;
  readonly to?: string;
  readonly timeout?: number;
  readonly endConferenceOnExit?: boolean;
  readonly endConferenceOnCustomerExit?: boolean;
  readonly statusCallback?: string;
  readonly statusEvents?: readonly string[];
  readonly conferenceStatusCallback?: string;
  readonly conferenceStatusEvents?: readonly string[];
}

/** A task's age in whole seconds. */
export function age(task: StandInTask, now: number): number {
  return Math.max(0, Math.floor((now - task.dateCreated) / 1000));
}

function json(text: string, field: string): string {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  } catch {
    throw new TwilioApiError(400, 20001, `${field} must be a JSON object, got ${text.slice(0, 80)}`);
  }
  return text;
}
