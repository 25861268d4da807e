/**
 * The TaskRouter SDK's own classes satisfy the provider's types of them
 * (`src/providers/twilio/taskrouter-sdk.ts`): checked by the compiler when `npm test` type-checks, so
 * a change in `twilio-taskrouter` that a stand-in or fake would not notice fails here. The test at
 * run time only shows the file was compiled with the rest.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Activity, Reservation, Task, Worker, WorkerOptions } from 'twilio-taskrouter';
import type {
  TaskRouterActivityLike,
  TaskRouterReservationLike,
  TaskRouterTaskLike,
  TaskRouterWorkerLike,
  TaskRouterWorkerOptions,
} from '../../src/providers/twilio/taskrouter-sdk.js';

/** Compiles only when `Actual` can be used where `Expected` is asked for. */
type Satisfies<Actual extends Expected, Expected> = [Actual, Expected];

export type Checked = [
  Satisfies<Task, TaskRouterTaskLike>,
  Satisfies<Reservation, TaskRouterReservationLike>,
  Satisfies<Activity, TaskRouterActivityLike>,
  Satisfies<Worker, TaskRouterWorkerLike>,
  Satisfies<TaskRouterWorkerOptions, WorkerOptions>,
];

it('the TaskRouter SDK satisfies the provider\'s types of it (a compile-time check)', () => {
  const checked: Checked | undefined = undefined;
  assert.equal(checked, undefined);
});
