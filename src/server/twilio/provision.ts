/**
 * Creates what the contact centre needs in a TaskRouter workspace, through the official library:
 * the activities (Offline, Available, Unavailable, Busy, Wrap-up), one task queue for every agent,
 * and a workflow to it. `dev` runs it against the stand-in; against a real account the same calls
 * set up a new workspace (docs/providers/twilio.md lists what they create).
 */
import type { TwilioClient } from './client.js';

/** What {@link provisionContactCentre} created. */
export interface ProvisionedContactCentre {
  readonly workspaceSid: string;
  readonly workflowSid: string;
  readonly queueSid: string;
  /** Activity sids by name: `Offline`, `Available`, `Unavailable`, `Busy`, `Wrap-up`. */
  readonly activities: Readonly<Record<string, string>>;
}

/** Options: the workspace's name, where its events go, and how long a reservation rings. */
export interface ProvisionOptions {
  readonly friendlyName: string;
  readonly eventCallbackUrl?: string;
  /** Seconds a worker has to accept a reservation before it goes to the next one (default 20). */
  readonly reservationTimeoutSeconds?: number;
}

/** Creates a workspace with the contact centre's activities, queue and workflow. */
export async function provisionContactCentre(client: TwilioClient, options: ProvisionOptions): Promise<ProvisionedContactCentre> {
  const created = await client.taskrouter.v1.workspaces.create({ friendlyName: options.friendlyName, ...(options.eventCallbackUrl ? { eventCallbackUrl: options.eventCallbackUrl } : {}) });
  // An instance returned by create() carries no path of its own in this library: address the workspace by sid.
  const workspace = client.taskrouter.v1.workspaces(created.sid);
  const activities: Record<string, string> = {};
  for (const activity of await workspace.activities.list()) activities[activity.friendlyName] = activity.sid;
  for (const [name, available] of [['Busy', false], ['Wrap-up', false], ['Unavailable', false], ['Available', true]] as const) {
    if (!activities[name]) activities[name] = (await workspace.activities.create({ friendlyName: name, available })).sid;
  }
  const queue = await workspace.taskQueues.create({ friendlyName: 'Everyone', targetWorkers: '1==1', ...(activities.Busy ? { assignmentActivitySid: activities.Busy } : {}) });
  const workflow = await workspace.workflows.create({
    friendlyName: 'Inbound calls',
    configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } }),
    taskReservationTimeout: options.reservationTimeoutSeconds ?? 20,
  });
  if (activities.Offline) await workspace.update({ timeoutActivitySid: activities.Offline });
  return { workspaceSid: created.sid, workflowSid: workflow.sid, queueSid: queue.sid, activities };
}
