/**
 * The parts of the TaskRouter JavaScript SDK (`twilio-taskrouter`) the contact-centre provider uses,
 * as `Pick`s of the SDK's own published types: the real `Worker`/`Reservation`/`Task` satisfy them
 * by construction, and a stand-in or test fake that implements them fails to compile as soon as the
 * SDK's shape drifts. Type-only: nothing of the SDK is bundled by importing this file.
 */
import type { Activity, Reservation, Task, Worker, WorkerOptions } from 'twilio-taskrouter';
import type { TwilioEmitter } from './sdk.js';

/** What the provider reads of a task: its sid, state, queue and attributes (the IVR's call data). */
export type TaskRouterTaskLike = Pick<Task, 'sid' | 'status' | 'attributes' | 'queueName' | 'reason' | 'age' | 'dateCreated'>;

/**
 * What the provider needs of a reservation. Accepting, rejecting and completing go through the
 * server (`/api/twilio/cc/…`), which owns the conference; the browser only watches the reservation.
 */
export type TaskRouterReservationLike = Pick<Reservation, 'sid' | 'status' | 'workerSid' | 'timeout' | 'dateCreated'> &
  TwilioEmitter & {
  readonly task: TaskRouterTaskLike;
};

/** What the provider reads of an activity. */
export type TaskRouterActivityLike = Pick<Activity, 'sid' | 'name' | 'available' | 'isCurrent'>;

/**
 * What the provider needs of a `Worker`: its reservations as events (`ready`, `reservationCreated`,
 * `activityUpdated`, `tokenExpired`, `disconnected`, `error`), its current activity, and token
 * renewal. Activity changes go through the server's presence route.
 */
export type TaskRouterWorkerLike = Pick<Worker, 'sid' | 'name' | 'available' | 'updateToken' | 'disconnect'> &
  TwilioEmitter & {
  readonly activity: TaskRouterActivityLike;
  readonly reservations: ReadonlyMap<string, TaskRouterReservationLike>;
};

/** `Worker` options the provider sets. */
export type TaskRouterWorkerOptions = Pick<WorkerOptions, 'closeExistingSessions' | 'setWorkerOfflineIfDisconnected' | 'logLevel' | 'region'>;

/** Creates a TaskRouter `Worker` from a worker token (the real SDK in the browser, a stand-in locally, a fake in tests). */
export type TaskRouterWorkerFactory = (token: string, options: TaskRouterWorkerOptions) => TaskRouterWorkerLike;
