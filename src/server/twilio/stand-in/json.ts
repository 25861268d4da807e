/**
 * The stand-in's resources as Twilio's REST API returns them: the field names of Twilio's published
 * OpenAPI description (`twilio_api_v2010.json`, `twilio_taskrouter_v1.json`), snake_case, the 2010
 * API's RFC 2822 dates and relative `uri`s, TaskRouter's ISO 8601 dates and absolute `url`s.
 */
import { iso8601, rfc2822 } from './model.js';
import { age, type StandInActivity, type StandInQueue, type StandInReservation, type StandInTask, type StandInTaskRouter, type StandInWorker, type StandInWorkflow, type StandInWorkspace } from './taskrouter.js';
import { duration, type StandInCall, type StandInConference, type StandInParticipant, type StandInRecording, type StandInVoice } from './voice.js';

type Json = Record<string, unknown>;
const date = (at: number | undefined) => (at === undefined ? null : rfc2822(at));

/** `api.v2010.account.call`. */
export function callJson(voice: StandInVoice, call: StandInCall): Json {
  const uri = `/2010-04-01/Accounts/${voice.accountSid}/Calls/${call.sid}`;
  return {
    sid: call.sid, date_created: date(call.dateCreated), date_updated: date(call.dateUpdated), parent_call_sid: call.parentCallSid ?? null, account_sid: voice.accountSid,
    to: call.to, to_formatted: call.to, from: call.from, from_formatted: call.from, phone_number_sid: null, status: call.status,
    start_time: date(call.startTime), end_time: date(call.endTime), duration: call.endTime ? String(duration(call.startTime, call.endTime)) : null,
    price: null, price_unit: 'USD', direction: call.direction, answered_by: null, api_version: '2010-04-01', forwarded_from: null, group_sid: null,
    caller_name: call.callerName ?? null, queue_time: '0', trunk_sid: null, uri: `${uri}.json`, subresource_uris: { recordings: `${uri}/Recordings.json` },
  };
}

/** `api.v2010.account.conference`. */
export function conferenceJson(voice: StandInVoice, conference: StandInConference): Json {
  const uri = `/2010-04-01/Accounts/${voice.accountSid}/Conferences/${conference.sid}`;
  return {
    account_sid: voice.accountSid, date_created: date(conference.dateCreated), date_updated: date(conference.dateUpdated), api_version: '2010-04-01',
    friendly_name: conference.friendlyName, region: 'us1', sid: conference.sid, status: conference.status, uri: `${uri}.json`,
    subresource_uris: { participants: `${uri}/Participants.json`, recordings: `${uri}/Recordings.json` },
    reason_conference_ended: conference.reasonEnded ?? null, call_sid_ending_conference: conference.callSidEnding ?? null,
  };
}

/** `api.v2010.account.conference.participant`. */
export function participantJson(voice: StandInVoice, conference: StandInConference, participant: StandInParticipant): Json {
  return {
    account_sid: voice.accountSid, call_sid: participant.callSid, label: participant.label ?? null, call_sid_to_coach: participant.callSidToCoach ?? null,
    coaching: participant.coaching, conference_sid: conference.sid, date_created: date(participant.dateCreated), date_updated: date(participant.dateUpdated),
    end_conference_on_exit: participant.endConferenceOnExit, muted: participant.muted, hold: participant.hold, start_conference_on_enter: participant.startConferenceOnEnter,
    status: participant.status, queue_time: '0', uri: `/2010-04-01/Accounts/${voice.accountSid}/Conferences/${conference.sid}/Participants/${participant.callSid}.json`,
  };
}

/** `api.v2010.account.call.call_recording`. */
export function recordingJson(voice: StandInVoice, recording: StandInRecording): Json {
  return {
    account_sid: voice.accountSid, api_version: '2010-04-01', call_sid: recording.callSid, conference_sid: recording.conferenceSid ?? null,
    date_created: date(recording.dateCreated), date_updated: date(recording.dateUpdated), start_time: date(recording.dateCreated),
    duration: recording.endTime ? String(duration(recording.dateCreated, recording.endTime)) : '-1', sid: recording.sid, price: null, price_unit: 'USD',
    uri: `/2010-04-01/Accounts/${voice.accountSid}/Calls/${recording.callSid}/Recordings/${recording.sid}.json`, encryption_details: null,
    status: recording.status, channels: recording.channels, source: recording.source, error_code: null, track: 'both',
  };
}

/** A page of the 2010 API: the list under its key with `uri`-style paging (one page holds everything). */
export function page2010(key: string, uri: string, items: readonly Json[]): Json {
  return { [key]: items, end: Math.max(0, items.length - 1), first_page_uri: uri, next_page_uri: null, previous_page_uri: null, page: 0, page_size: Math.max(50, items.length), start: 0, uri };
}

/** A TaskRouter page: the list under its key, `meta` with `key` and `url`s. */
export function pageV1(key: string, url: string, items: readonly Json[]): Json {
  return { [key]: items, meta: { first_page_url: url, key, next_page_url: null, page: 0, page_size: Math.max(50, items.length), previous_page_url: null, url } };
}

/** Builds TaskRouter JSON with absolute `url`s under the stand-in's base. */
export class TaskRouterJson {
  constructor(
    private readonly taskRouter: StandInTaskRouter,
    private readonly accountSid: string,
    private readonly base: () => string,
  ) {}

  private url(workspaceSid: string, path = ''): string {
    return `${this.base()}/v1/Workspaces/${workspaceSid}${path}`;
  }

  private activityName(sid: string | undefined): string | null {
    return sid ? (this.taskRouter.activities.get(sid)?.friendlyName ?? null) : null;
  }

  workspace(workspace: StandInWorkspace): Json {
    return {
      account_sid: this.accountSid, date_created: iso8601(workspace.dateCreated), date_updated: iso8601(workspace.dateUpdated),
      default_activity_name: this.activityName(workspace.defaultActivitySid), default_activity_sid: workspace.defaultActivitySid,
      event_callback_url: workspace.eventCallbackUrl ?? null, events_filter: null, friendly_name: workspace.friendlyName, multi_task_enabled: false,
      sid: workspace.sid, timeout_activity_name: this.activityName(workspace.timeoutActivitySid), timeout_activity_sid: workspace.timeoutActivitySid,
      prioritize_queue_order: 'FIFO', url: this.url(workspace.sid), links: { activities: this.url(workspace.sid, '/Activities'), workers: this.url(workspace.sid, '/Workers') },
    };
  }

  activity(activity: StandInActivity): Json {
    return { account_sid: this.accountSid, available: activity.available, date_created: iso8601(activity.dateCreated), date_updated: iso8601(activity.dateUpdated), friendly_name: activity.friendlyName, sid: activity.sid, workspace_sid: activity.workspaceSid, url: this.url(activity.workspaceSid, `/Activities/${activity.sid}`), links: { workspace: this.url(activity.workspaceSid) } };
  }

  worker(worker: StandInWorker): Json {
    return {
      account_sid: this.accountSid, activity_name: this.activityName(worker.activitySid), activity_sid: worker.activitySid, attributes: worker.attributes,
      available: this.taskRouter.activities.get(worker.activitySid)?.available ?? false, date_created: iso8601(worker.dateCreated), date_status_changed: iso8601(worker.dateStatusChanged),
      date_updated: iso8601(worker.dateUpdated), friendly_name: worker.friendlyName, sid: worker.sid, workspace_sid: worker.workspaceSid, url: this.url(worker.workspaceSid, `/Workers/${worker.sid}`),
      links: { reservations: this.url(worker.workspaceSid, `/Workers/${worker.sid}/Reservations`), workspace: this.url(worker.workspaceSid) },
    };
  }

  queue(queue: StandInQueue): Json {
    return {
      account_sid: this.accountSid, assignment_activity_sid: queue.assignmentActivitySid ?? null, assignment_activity_name: this.activityName(queue.assignmentActivitySid),
      date_created: iso8601(queue.dateCreated), date_updated: iso8601(queue.dateUpdated), friendly_name: queue.friendlyName, max_reserved_workers: queue.maxReservedWorkers,
      reservation_activity_sid: queue.reservationActivitySid ?? null, reservation_activity_name: this.activityName(queue.reservationActivitySid), sid: queue.sid,
      target_workers: queue.targetWorkers, task_order: queue.taskOrder, url: this.url(queue.workspaceSid, `/TaskQueues/${queue.sid}`), workspace_sid: queue.workspaceSid, links: { workspace: this.url(queue.workspaceSid) },
    };
  }

  workflow(workflow: StandInWorkflow): Json {
    return {
      account_sid: this.accountSid, assignment_callback_url: workflow.assignmentCallbackUrl ?? null, configuration: workflow.configuration, date_created: iso8601(workflow.dateCreated),
      date_updated: iso8601(workflow.dateUpdated), document_content_type: 'application/json', fallback_assignment_callback_url: null, friendly_name: workflow.friendlyName, sid: workflow.sid,
      task_reservation_timeout: workflow.taskReservationTimeout, workspace_sid: workflow.workspaceSid, url: this.url(workflow.workspaceSid, `/Workflows/${workflow.sid}`), links: { workspace: this.url(workflow.workspaceSid) },
    };
  }

  task(task: StandInTask, now: number): Json {
    const queue = task.taskQueueSid ? this.taskRouter.queues.get(task.taskQueueSid) : undefined;
    const workflow = task.workflowSid ? this.taskRouter.workflows.get(task.workflowSid) : undefined;
    return {
      account_sid: this.accountSid, age: age(task, now), assignment_status: task.assignmentStatus, attributes: task.attributes, addons: '{}', date_created: iso8601(task.dateCreated),
      date_updated: iso8601(task.dateUpdated), task_queue_entered_date: iso8601(task.dateCreated), priority: task.priority, reason: task.reason ?? null, sid: task.sid,
      task_queue_sid: task.taskQueueSid ?? null, task_queue_friendly_name: queue?.friendlyName ?? null, task_channel_sid: null, task_channel_unique_name: 'voice', timeout: task.timeout,
      workflow_sid: task.workflowSid ?? null, workflow_friendly_name: workflow?.friendlyName ?? null, workspace_sid: task.workspaceSid, url: this.url(task.workspaceSid, `/Tasks/${task.sid}`),
      links: { reservations: this.url(task.workspaceSid, `/Tasks/${task.sid}/Reservations`), workspace: this.url(task.workspaceSid) }, virtual_start_time: iso8601(task.dateCreated), ignore_capacity: false, routing_target: null,
    };
  }

  reservation(reservation: StandInReservation): Json {
    return {
      account_sid: this.accountSid, date_created: iso8601(reservation.dateCreated), date_updated: iso8601(reservation.dateUpdated), reservation_status: reservation.status, sid: reservation.sid,
      task_sid: reservation.taskSid, worker_name: this.taskRouter.workers.get(reservation.workerSid)?.friendlyName ?? null, worker_sid: reservation.workerSid, workspace_sid: reservation.workspaceSid,
      url: this.url(reservation.workspaceSid, `/Tasks/${reservation.taskSid}/Reservations/${reservation.sid}`), links: { task: this.url(reservation.workspaceSid, `/Tasks/${reservation.taskSid}`), worker: this.url(reservation.workspaceSid, `/Workers/${reservation.workerSid}`) },
    };
  }
}
