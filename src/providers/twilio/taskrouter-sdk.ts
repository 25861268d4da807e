/**
 * The parts of the TaskRouter JavaScript SDK (`twilio-taskrouter`) the contact-centre provider uses.
 * Written out rather than picked from the SDK's declarations, which do not type-check on their own
 * (`skipLibCheck: false` fails inside them), so a project that imports the Twilio provider never
 * checks them. `test/unit/taskrouter-sdk-types.test.ts` asserts that the SDK's real
 * `Worker`/`Reservation`/`Task`/`Activity` satisfy these types, so a stand-in or fake that
 * implements them fails to compile as soon as the SDK's shape drifts. Nothing of the SDK is bundled
 * by importing this file.
 */
import type { TwilioEmitter } from './sdk.js';

/** What the provider reads of a task: its sid, state, queue and attributes (the IVR's call data). */
export interface TaskRouterTaskLike {
  readonly sid: string;
  readonly status: 'pending' | 'reserved' | 'assigned' | 'canceled' | 'completed' | 'wrapping';
  readonly attributes: Record<string, unknown>;
  readonly queueName: string;
  readonly reason: string;
  readonly age: number;
  readonly dateCreated: Date;
}

/**
 * What the provider needs of a reservation. Accepting, rejecting and completing go through the
 * server (`/api/twilio/cc/…`), which owns the conference; the browser only watches the reservation.
 */
export interface TaskRouterReservationLike extends TwilioEmitter {
  readonly sid: string;
  readonly status: 'pending' | 'accepted' | 'rejected' | 'timeout' | 'canceled' | 'rescinded' | 'wrapping' | 'completed';
  readonly workerSid: string;
  readonly timeout: number;
  readonly dateCreated: Date;
  readonly task: TaskRouterTaskLike;
}

/** What the provider reads of an activity. */
export interface TaskRouterActivityLike {
  readonly sid: string;
  readonly name: string;
  readonly available: boolean;
  readonly isCurrent: boolean;
}

/**
 * What the provider needs of a `Worker`: its reservations as events (`ready`, `reservationCreated`,
 * `activityUpdated`, `tokenExpired`, `disconnected`, `error`), its current activity, and token
 * renewal. Activity changes go through the server's presence route.
 */
export interface TaskRouterWorkerLike extends TwilioEmitter {
  readonly sid: string;
  readonly name: string;
  readonly available: boolean;
  readonly activity: TaskRouterActivityLike;
  readonly reservations: ReadonlyMap<string, TaskRouterReservationLike>;
  updateToken(newToken: string): void;
  disconnect(): void;
}

/** `Worker` options the provider sets. */
export interface TaskRouterWorkerOptions {
  readonly closeExistingSessions?: boolean;
  readonly setWorkerOfflineIfDisconnected?: boolean;
  readonly logLevel?: 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly region?: string;
}

/** Creates a TaskRouter `Worker` from a worker token (the real SDK in the browser, a stand-in locally, a fake in tests). */
export type TaskRouterWorkerFactory = (token: string, options: TaskRouterWorkerOptions) => TaskRouterWorkerLike;
