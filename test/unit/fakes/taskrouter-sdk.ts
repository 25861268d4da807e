// A fake of the TaskRouter SDK's Worker, Reservation, Task and Activity. Each implements the
// provider's `Pick`s of `twilio-taskrouter`'s published types, so a drift of the SDK's shape fails
// the typecheck. Events are named and shaped as the SDK documents them.
import { EventEmitter } from 'node:events';
import type { TaskRouterActivityLike, TaskRouterReservationLike, TaskRouterTaskLike, TaskRouterWorkerLike, TaskRouterWorkerOptions } from '../../../src/providers/twilio/taskrouter-sdk.js';

type TaskStatus = TaskRouterTaskLike['status'];
type ReservationStatus = TaskRouterReservationLike['status'];

export class FakeTask implements TaskRouterTaskLike {
  status: TaskStatus = 'reserved';
  readonly reason = '';
  readonly age = 0;
  readonly dateCreated = new Date();
  constructor(
    readonly sid: string,
    readonly attributes: Record<string, string>,
    readonly queueName = 'Support',
  ) {}
}

export class FakeReservation extends EventEmitter implements TaskRouterReservationLike {
  status: ReservationStatus = 'pending';
  readonly timeout = 30;
  readonly dateCreated = new Date();
  constructor(
    readonly sid: string,
    readonly workerSid: string,
    readonly task: FakeTask,
  ) {
    super();
  }
  /** TaskRouter moves the reservation on and tells the worker's SDK. */
  settle(status: ReservationStatus, event: string): void {
    this.status = status;
    this.emit(event, this);
  }
}

export class FakeActivity implements TaskRouterActivityLike {
  constructor(
    readonly sid: string,
    readonly name: string,
    readonly available: boolean,
    public isCurrent = false,
  ) {}
}

export class FakeWorker extends EventEmitter implements TaskRouterWorkerLike {
  readonly reservations = new Map<string, FakeReservation>();
  readonly tokens: string[] = [];
  activity: FakeActivity = new FakeActivity('WAoffline', 'Offline', false, true);
  disconnected = false;
  constructor(
    token: string,
    readonly options: TaskRouterWorkerOptions,
    readonly sid = 'WKagent',
    readonly name = 'agent',
  ) {
    super();
    this.tokens.push(token);
    // The SDK connects to TaskRouter first, then says `ready`.
    queueMicrotask(() => {
      if (!this.disconnected) this.emit('ready', this);
    });
  }
  get available(): boolean {
    return this.activity.available;
  }
  updateToken(token: string): void {
    this.tokens.push(token);
    this.emit('tokenUpdated');
  }
  disconnect(): void {
    this.disconnected = true;
    this.emit('disconnected', 'disconnect() called');
    this.removeAllListeners();
  }
  /** TaskRouter offers a task. */
  offer(reservation: FakeReservation): void {
    this.reservations.set(reservation.sid, reservation);
    this.emit('reservationCreated', reservation);
  }
  /** The activity changed (by this worker or TaskRouter). */
  setActivity(activity: FakeActivity): void {
    this.activity = activity;
    this.emit('activityUpdated', this);
  }
  /** Listeners on the worker and its reservations: what a provider must remove. */
  openListeners(): number {
    const count = (emitter: EventEmitter): number => emitter.eventNames().reduce((sum, name) => sum + emitter.listenerCount(name), 0);
    return count(this) + [...this.reservations.values()].reduce((sum, reservation) => sum + count(reservation), 0);
  }
}
