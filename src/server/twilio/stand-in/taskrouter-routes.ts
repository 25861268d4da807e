/**
 * TaskRouter v1 routes of the stand-in under `/v1/Workspaces`: workspaces, activities, workers,
 * task queues, workflows, tasks and reservations (from the task's side and the worker's).
 */
import type { FastifyInstance } from 'fastify';
import type { TaskRouterJson } from './json.js';
import { pageV1 } from './json.js';
import { flag, integer, list, param, required, TwilioApiError, type FormParams } from './model.js';
import type { StandInReservation, StandInTaskRouter } from './taskrouter.js';

type Params = { WorkspaceSid: string; Sid: string; TaskSid: string; WorkerSid: string };
type Query = Record<string, string | undefined>;
const body = (value: unknown): FormParams => (typeof value === 'object' && value !== null ? (value as FormParams) : {});
const optional = <K extends string>(key: K, value: string | undefined): { [P in K]?: string } => (value === undefined ? {} : ({ [key]: value } as { [P in K]?: string }));

/** Registers TaskRouter v1 on a scope whose hooks have checked the credentials. */
export function taskRouterRoutes(app: FastifyInstance, taskRouter: StandInTaskRouter, json: TaskRouterJson, now: () => number): void {
  const ws = '/v1/Workspaces/:WorkspaceSid';
  const mine = <T extends { readonly workspaceSid: string }>(map: Map<string, T>, workspaceSid: string) => [...map.values()].filter((item) => item.workspaceSid === workspaceSid);

  app.post('/v1/Workspaces', (request, reply) => {
    const form = body(request.body);
    const workspace = taskRouter.createWorkspace(required(form, 'FriendlyName'), param(form, 'EventCallbackUrl'));
    return reply.code(201).send(json.workspace(workspace));
  });
  app.get<{ Querystring: Query }>('/v1/Workspaces', (request) => pageV1('workspaces', request.url, [...taskRouter.workspaces.values()].filter((item) => !request.query.FriendlyName || item.friendlyName === request.query.FriendlyName).map((item) => json.workspace(item))));
  app.get<{ Params: Params }>(ws, (request) => json.workspace(taskRouter.workspace(request.params.WorkspaceSid)));
  app.post<{ Params: Params }>(ws, (request) => {
    const workspace = taskRouter.workspace(request.params.WorkspaceSid);
    const form = body(request.body);
    for (const [name, key] of [['DefaultActivitySid', 'defaultActivitySid'], ['TimeoutActivitySid', 'timeoutActivitySid']] as const) {
      const sid = param(form, name);
      if (sid) workspace[key] = taskRouter.get(taskRouter.activities, workspace.sid, sid, 'Activities').sid;
    }
    const callback = param(form, 'EventCallbackUrl');
    if (callback !== undefined) workspace.eventCallbackUrl = callback;
    workspace.friendlyName = param(form, 'FriendlyName') ?? workspace.friendlyName;
    workspace.dateUpdated = now();
    return json.workspace(workspace);
  });

  app.post<{ Params: Params }>(`${ws}/Activities`, (request, reply) => {
    const form = body(request.body);
    return reply.code(201).send(json.activity(taskRouter.createActivity(request.params.WorkspaceSid, required(form, 'FriendlyName'), flag(form, 'Available', true))));
  });
  app.get<{ Params: Params; Querystring: Query }>(`${ws}/Activities`, (request) => {
    taskRouter.workspace(request.params.WorkspaceSid);
    const { FriendlyName: name, Available: available } = request.query;
    return pageV1('activities', request.url, mine(taskRouter.activities, request.params.WorkspaceSid).filter((item) => (!name || item.friendlyName === name) && (!available || String(item.available) === available)).map((item) => json.activity(item)));
  });
  app.get<{ Params: Params }>(`${ws}/Activities/:Sid`, (request) => json.activity(taskRouter.get(taskRouter.activities, request.params.WorkspaceSid, request.params.Sid, 'Activities')));

  app.post<{ Params: Params }>(`${ws}/Workers`, (request, reply) => {
    const form = body(request.body);
    const worker = taskRouter.createWorker(request.params.WorkspaceSid, { friendlyName: required(form, 'FriendlyName'), ...optional('activitySid', param(form, 'ActivitySid')), ...optional('attributes', param(form, 'Attributes')) });
    return reply.code(201).send(json.worker(worker));
  });
  app.get<{ Params: Params; Querystring: Query }>(`${ws}/Workers`, (request) => {
    taskRouter.workspace(request.params.WorkspaceSid);
    const { FriendlyName: name, ActivitySid: activitySid, ActivityName: activityName, Available: available } = request.query;
    const workers = mine(taskRouter.workers, request.params.WorkspaceSid).filter((worker) => {
      const activity = taskRouter.activities.get(worker.activitySid);
      return (!name || worker.friendlyName === name) && (!activitySid || worker.activitySid === activitySid) && (!activityName || activity?.friendlyName === activityName) && (!available || String(activity?.available ?? false) === available);
    });
    return pageV1('workers', request.url, workers.map((worker) => json.worker(worker)));
  });
  app.get<{ Params: Params }>(`${ws}/Workers/:Sid`, (request) => json.worker(taskRouter.get(taskRouter.workers, request.params.WorkspaceSid, request.params.Sid, 'Workers')));
  app.post<{ Params: Params }>(`${ws}/Workers/:Sid`, (request) => {
    const worker = taskRouter.get(taskRouter.workers, request.params.WorkspaceSid, request.params.Sid, 'Workers');
    const form = body(request.body);
    taskRouter.updateWorker(worker, { ...optional('activitySid', param(form, 'ActivitySid')), ...optional('attributes', param(form, 'Attributes')), ...optional('friendlyName', param(form, 'FriendlyName')), rejectPendingReservations: flag(form, 'RejectPendingReservations', false) });
    return json.worker(worker);
  });

  app.post<{ Params: Params }>(`${ws}/TaskQueues`, (request, reply) => {
    const form = body(request.body);
    const taskOrder = param(form, 'TaskOrder') ?? 'FIFO';
    if (taskOrder !== 'FIFO' && taskOrder !== 'LIFO') throw new TwilioApiError(400, 20001, `TaskOrder must be FIFO or LIFO, got ${taskOrder}`);
    const queue = taskRouter.createQueue(request.params.WorkspaceSid, {
      friendlyName: required(form, 'FriendlyName'), targetWorkers: param(form, 'TargetWorkers') ?? '1==1', maxReservedWorkers: integer(form, 'MaxReservedWorkers', 1, 1, 50), taskOrder,
      ...optional('reservationActivitySid', param(form, 'ReservationActivitySid')), ...optional('assignmentActivitySid', param(form, 'AssignmentActivitySid')),
    });
    return reply.code(201).send(json.queue(queue));
  });
  app.get<{ Params: Params; Querystring: Query }>(`${ws}/TaskQueues`, (request) => pageV1('task_queues', request.url, mine(taskRouter.queues, request.params.WorkspaceSid).filter((item) => !request.query.FriendlyName || item.friendlyName === request.query.FriendlyName).map((item) => json.queue(item))));
  app.get<{ Params: Params }>(`${ws}/TaskQueues/:Sid`, (request) => json.queue(taskRouter.get(taskRouter.queues, request.params.WorkspaceSid, request.params.Sid, 'TaskQueues')));

  app.post<{ Params: Params }>(`${ws}/Workflows`, (request, reply) => {
    const form = body(request.body);
    const workflow = taskRouter.createWorkflow(request.params.WorkspaceSid, { friendlyName: required(form, 'FriendlyName'), configuration: required(form, 'Configuration'), taskReservationTimeout: integer(form, 'TaskReservationTimeout', 120, 1, 86_400), ...optional('assignmentCallbackUrl', param(form, 'AssignmentCallbackUrl')) });
    return reply.code(201).send(json.workflow(workflow));
  });
  app.get<{ Params: Params; Querystring: Query }>(`${ws}/Workflows`, (request) => pageV1('workflows', request.url, mine(taskRouter.workflows, request.params.WorkspaceSid).filter((item) => !request.query.FriendlyName || item.friendlyName === request.query.FriendlyName).map((item) => json.workflow(item))));
  app.get<{ Params: Params }>(`${ws}/Workflows/:Sid`, (request) => json.workflow(taskRouter.get(taskRouter.workflows, request.params.WorkspaceSid, request.params.Sid, 'Workflows')));

  app.post<{ Params: Params }>(`${ws}/Tasks`, (request, reply) => {
    const form = body(request.body);
    const task = taskRouter.createTask(request.params.WorkspaceSid, { ...optional('attributes', param(form, 'Attributes')), ...optional('workflowSid', param(form, 'WorkflowSid')), ...optional('taskQueueSid', param(form, 'TaskQueueSid')), priority: integer(form, 'Priority', 0, 0, 2 ** 31 - 1), timeout: integer(form, 'Timeout', 86_400, 1, 2_592_000) });
    return reply.code(201).send(json.task(task, now()));
  });
  app.get<{ Params: Params; Querystring: Query }>(`${ws}/Tasks`, (request) => {
    taskRouter.workspace(request.params.WorkspaceSid);
    const statuses = request.query.AssignmentStatus?.split(',');
    const { WorkflowSid: workflowSid, TaskQueueSid: queueSid } = request.query;
    const tasks = mine(taskRouter.tasks, request.params.WorkspaceSid).filter((task) => (!statuses || statuses.includes(task.assignmentStatus)) && (!workflowSid || task.workflowSid === workflowSid) && (!queueSid || task.taskQueueSid === queueSid));
    return pageV1('tasks', request.url, tasks.map((task) => json.task(task, now())));
  });
  app.get<{ Params: Params }>(`${ws}/Tasks/:Sid`, (request) => json.task(taskRouter.get(taskRouter.tasks, request.params.WorkspaceSid, request.params.Sid, 'Tasks'), now()));
  app.post<{ Params: Params }>(`${ws}/Tasks/:Sid`, (request) => {
    const task = taskRouter.get(taskRouter.tasks, request.params.WorkspaceSid, request.params.Sid, 'Tasks');
    const form = body(request.body);
    const priority = param(form, 'Priority');
    taskRouter.updateTask(task, { ...optional('assignmentStatus', param(form, 'AssignmentStatus')), ...optional('reason', param(form, 'Reason')), ...optional('attributes', param(form, 'Attributes')), ...(priority !== undefined ? { priority: integer(form, 'Priority', 0, 0, 2 ** 31 - 1) } : {}) });
    return json.task(task, now());
  });

  const reservations = (filter: (reservation: StandInReservation) => boolean, status: string | undefined) => [...taskRouter.reservations.values()].filter((reservation) => filter(reservation) && (!status || reservation.status === status)).map((reservation) => json.reservation(reservation));
  const update = async (reservation: StandInReservation, form: FormParams) => {
    const instruction = param(form, 'Instruction');
    const timeout = param(form, 'Timeout');
    const endOnExit = param(form, 'EndConferenceOnExit');
    const endOnCustomerExit = param(form, 'EndConferenceOnCustomerExit');
    await taskRouter.updateReservation(reservation, {
      ...optional('status', param(form, 'ReservationStatus')), ...optional('instruction', instruction), ...optional('workerActivitySid', param(form, 'WorkerActivitySid')),
      conference: {
        ...optional('from', param(form, 'From')), ...optional('to', param(form, 'To')), ...(timeout ? { timeout: integer(form, 'Timeout', 60, 1, 600) } : {}),
        ...(endOnExit ? { endConferenceOnExit: flag(form, 'EndConferenceOnExit', false) } : {}), ...(endOnCustomerExit ? { endConferenceOnCustomerExit: flag(form, 'EndConferenceOnCustomerExit', false) } : {}),
        ...optional('statusCallback', param(form, 'StatusCallback')), statusEvents: list(form, 'StatusCallbackEvent'),
        ...optional('conferenceStatusCallback', param(form, 'ConferenceStatusCallback')), conferenceStatusEvents: list(form, 'ConferenceStatusCallbackEvent'),
      },
    });
    return json.reservation(reservation);
  };
  app.get<{ Params: Params; Querystring: Query }>(`${ws}/Tasks/:TaskSid/Reservations`, (request) => {
    taskRouter.get(taskRouter.tasks, request.params.WorkspaceSid, request.params.TaskSid, 'Tasks');
    return pageV1('reservations', request.url, reservations((reservation) => reservation.taskSid === request.params.TaskSid && (!request.query.WorkerSid || reservation.workerSid === request.query.WorkerSid), request.query.ReservationStatus));
  });
  app.get<{ Params: Params }>(`${ws}/Tasks/:TaskSid/Reservations/:Sid`, (request) => json.reservation(reservationOf(taskRouter, request.params, 'task')));
  app.post<{ Params: Params }>(`${ws}/Tasks/:TaskSid/Reservations/:Sid`, (request) => update(reservationOf(taskRouter, request.params, 'task'), body(request.body)));
  app.get<{ Params: Params; Querystring: Query }>(`${ws}/Workers/:WorkerSid/Reservations`, (request) => {
    taskRouter.get(taskRouter.workers, request.params.WorkspaceSid, request.params.WorkerSid, 'Workers');
    return pageV1('reservations', request.url, reservations((reservation) => reservation.workerSid === request.params.WorkerSid, request.query.ReservationStatus));
  });
  app.get<{ Params: Params }>(`${ws}/Workers/:WorkerSid/Reservations/:Sid`, (request) => json.reservation(reservationOf(taskRouter, request.params, 'worker')));
  app.post<{ Params: Params }>(`${ws}/Workers/:WorkerSid/Reservations/:Sid`, (request) => update(reservationOf(taskRouter, request.params, 'worker'), body(request.body)));
}

function reservationOf(taskRouter: StandInTaskRouter, params: Params, side: 'task' | 'worker'): StandInReservation {
  const reservation = taskRouter.get(taskRouter.reservations, params.WorkspaceSid, params.Sid, side === 'task' ? `Tasks/${params.TaskSid}/Reservations` : `Workers/${params.WorkerSid}/Reservations`);
  if (side === 'task' ? reservation.taskSid !== params.TaskSid : reservation.workerSid !== params.WorkerSid) {
    throw new TwilioApiError(404, 20404, `The requested resource /v1/Workspaces/${params.WorkspaceSid}/${side === 'task' ? `Tasks/${params.TaskSid}` : `Workers/${params.WorkerSid}`}/Reservations/${params.Sid} was not found`);
  }
  return reservation;
}
