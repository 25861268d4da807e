/**
 * A stand-in of the TaskRouter SDK's `Worker` and `Reservation` that talks to the local Twilio
 * stand-in instead of TaskRouter's event bridge: the worker connects with its worker token (the
 * TaskRouter grant names the worker), emits `ready`, `reservationCreated`, `activityUpdated`,
 * `tokenExpired`, `tokenUpdated` and `disconnected`, keeps `reservations` (pending and active), and
 * each reservation emits `accepted`, `rejected`, `timeout`, `canceled`, `rescinded`, `wrapup` and
 * `completed` — all from the stand-in's TaskRouter model. Accepting, rejecting and completing go
 * through the server (`/api/twilio/cc/…`), as the provider does with the real SDK.
 */
import type { TaskRouterActivityLike, TaskRouterReservationLike, TaskRouterTaskLike, TaskRouterWorkerFactory, TaskRouterWorkerLike } from '../../providers/twilio/taskrouter-sdk.js';
import { StandInEmitter } from './emitter.js';
import { openEventStream, type StandInEvent, type StandInEventStream } from './event-stream.js';

type ReservationStatus = TaskRouterReservationLike['status'];
type TaskStatus = TaskRouterTaskLike['status'];

interface TaskView {
  readonly sid: string;
  readonly status: string;
  readonly attributes: Record<string, unknown>;
  readonly queueName: string;
  readonly reason: string;
  readonly age: number;
  readonly dateCreated: number;
}
interface ReservationView {
  readonly sid: string;
  readonly status: string;
  readonly workerSid: string;
  readonly timeout: number;
  readonly dateCreated: number;
  readonly task?: TaskView;
}
interface WorkerView {
  readonly sid: string;
  readonly name: string;
  readonly activitySid: string;
  readonly activities: readonly { readonly sid: string; readonly name: string; readonly available: boolean }[];
}

/** The SDK's reservation events, by the stand-in's event type. */
const RESERVATION_EVENTS: Readonly<Record<string, string>> = {
  'reservation.accepted': 'accepted',
  'reservation.rejected': 'rejected',
  'reservation.timeout': 'timeout',
  'reservation.canceled': 'canceled',
  'reservation.rescinded': 'rescinded',
  'reservation.wrapup': 'wrapup',
  'reservation.completed': 'completed',
};
/** Statuses after which the SDK drops a reservation from `worker.reservations`. */
const ENDED: ReadonlySet<string> = new Set(['rejected', 'timeout', 'canceled', 'rescinded', 'completed']);

/** A task as the SDK's `Task` carries it. */
class StandInTask implements TaskRouterTaskLike {
  sid = '';
  status: TaskStatus = 'pending';
  attributes: Record<string, unknown> = {};
  queueName = '';
  reason = '';
  age = 0;
  dateCreated = new Date(0);

  constructor(view: TaskView) {
    this.update(view);
  }

  update(view: TaskView): void {
    this.sid = view.sid;
    this.status = view.status as TaskStatus;
    this.attributes = view.attributes;
    this.queueName = view.queueName;
    this.reason = view.reason;
    this.age = view.age;
    this.dateCreated = new Date(view.dateCreated);
  }
}

/** A `Reservation` of the stand-in. */
export class StandInReservation extends StandInEmitter implements TaskRouterReservationLike {
  readonly sid: string;
  readonly workerSid: string;
  readonly timeout: number;
  readonly dateCreated: Date;
  status: ReservationStatus;
  readonly task: StandInTask;

  constructor(view: ReservationView) {
    super();
    this.sid = view.sid;
    this.workerSid = view.workerSid;
    this.timeout = view.timeout;
    this.dateCreated = new Date(view.dateCreated);
    this.status = view.status as ReservationStatus;
    this.task = new StandInTask(view.task ?? { sid: '', status: 'pending', attributes: {}, queueName: '', reason: '', age: 0, dateCreated: 0 });
  }

  /** The stand-in reported a change: new status and task, then the SDK's event for it. */
  update(view: ReservationView, event: string | undefined): void {
    this.status = view.status as ReservationStatus;
    if (view.task) this.task.update(view.task);
    if (event) this.emit(event, this);
  }
}

/** What a worker's activity looks like to the SDK. */
interface StandInActivity extends TaskRouterActivityLike {
  readonly sid: string;
  readonly name: string;
  readonly available: boolean;
  isCurrent: boolean;
}

/** A `Worker` of the stand-in at `baseUrl`; it connects at once, as the SDK's does. */
export class StandInWorker extends StandInEmitter implements TaskRouterWorkerLike {
  sid: string;
  name = '';
  activity: StandInActivity = { sid: '', name: 'Offline', available: false, isCurrent: true };
  readonly activities = new Map<string, StandInActivity>();
  readonly reservations = new Map<string, StandInReservation>();
  private stream: StandInEventStream | undefined;
  private isReady = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private disconnected = false;

  constructor(
    private token: string,
    private readonly baseUrl: string,
    private readonly retryMs = 2000,
  ) {
    super();
    this.sid = workerSidOf(token);
    this.open();
  }

  get available(): boolean {
    return this.activity.available;
  }

  updateToken(newToken: string): void {
    this.token = newToken;
    this.sid = workerSidOf(newToken) || this.sid;
    if (this.disconnected) return;
    this.open();
    this.emit('tokenUpdated');
  }

  disconnect(): void {
    this.disconnected = true;
    clearTimeout(this.retry);
    this.close();
    this.emit('disconnected', this);
  }

  private open(): void {
    this.close();
    clearTimeout(this.retry);
    const stream = openEventStream(`${this.baseUrl}/__stand-in/browser/worker/events`, this.token, {}, (event) => this.onEvent(event), (error) => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      if (error !== undefined) this.emit('error', error instanceof Error ? error : new Error(String(error)));
      this.emit('disconnected', this);
      // The SDK reconnects on its own; so does the stand-in's worker, with the token it has.
      this.retry = setTimeout(() => this.open(), this.retryMs);
    });
    this.stream = stream;
  }

  private close(): void {
    const stream = this.stream;
    this.stream = undefined;
    stream?.close();
  }

  private onEvent(event: StandInEvent): void {
    if (event.type === 'ready') {
      this.setWorker(event.worker as WorkerView);
      const live = event.reservations as readonly ReservationView[];
      for (const view of live) {
        const known = this.reservations.get(view.sid);
        if (known) known.update(view, undefined);
        else this.reservations.set(view.sid, new StandInReservation(view));
      }
      for (const sid of [...this.reservations.keys()]) if (!live.some((view) => view.sid === sid)) this.reservations.delete(sid);
      if (!this.isReady) {
        this.isReady = true;
        this.emit('ready', this);
      }
    } else if (event.type === 'worker') {
      this.setWorker(event.worker as WorkerView);
      this.emit('activityUpdated', this);
    } else if (event.type === 'reservation') {
      this.onReservation(String(event.eventType), event.reservation as ReservationView);
    } else if (event.type === 'task') {
      const view = event.task as TaskView;
      for (const reservation of this.reservations.values()) if (reservation.task.sid === view.sid) reservation.task.update(view);
    } else if (event.type === 'token-expired') {
      this.close();
      this.emit('tokenExpired');
    }
  }

  private onReservation(eventType: string, view: ReservationView): void {
    if (eventType === 'reservation.created') {
      const reservation = new StandInReservation(view);
      this.reservations.set(reservation.sid, reservation);
      this.emit('reservationCreated', reservation);
      return;
    }
    const reservation = this.reservations.get(view.sid);
    if (!reservation) return;
    if (ENDED.has(view.status)) this.reservations.delete(view.sid);
    reservation.update(view, RESERVATION_EVENTS[eventType]);
  }

  private setWorker(view: WorkerView): void {
    this.sid = view.sid;
    this.name = view.name;
    this.activities.clear();
    for (const activity of view.activities) this.activities.set(activity.sid, { ...activity, isCurrent: activity.sid === view.activitySid });
    this.activity = this.activities.get(view.activitySid) ?? { sid: view.activitySid, name: view.activitySid, available: false, isCurrent: true };
  }
}

/** The worker sid of a worker token's TaskRouter grant ('' when it has none). */
function workerSidOf(token: string): string {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const sid = (JSON.parse(json) as { grants?: { task_router?: { worker_sid?: unknown } } }).grants?.task_router?.worker_sid;
    return typeof sid === 'string' ? sid : '';
  } catch {
    return '';
  }
}

/** A {@link TaskRouterWorkerFactory} whose workers talk to the Twilio stand-in at `baseUrl`. */
export function standInWorkerFactory(baseUrl: string): TaskRouterWorkerFactory {
  return (token) => new StandInWorker(token, baseUrl);
}
