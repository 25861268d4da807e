/**
 * A supervisor's list of the live customer calls, read from Twilio on every request: the
 * conferences in progress, who is in each (the labels call control gives legs, as
 * `conference-view.ts` reads them), the customer's call and, for routed calls, the task's queue and
 * caller name. Nothing is kept between requests, so any server instance answers.
 */
import type { TwilioClient } from './client.js';
import type { CallControlAgent, MonitorMode } from './call-control.js';
import { customerOf, loadConference, type ConferenceParty, type ConferenceView } from './conference-view.js';
import { CallControlError, twilioStep } from './errors.js';

/** One live call as a supervisor sees it (the shape of the core's `TeamCall`). */
export interface TeamCallView {
  /** The conference sid: what `POST calls/:conference/monitor` takes. */
  readonly callId: string;
  /** The agents on the call (their Twilio identities), or who the call waits for. */
  readonly agent: string;
  /** The customer's number. */
  readonly remote: string;
  readonly displayName?: string;
  readonly direction: 'inbound' | 'outbound';
  /** When the customer's call began (ms since the epoch). */
  readonly startedAt: number;
  /** When the first agent still on the call joined it. */
  readonly connectedAt?: number;
  /** The task queue that routed the call. */
  readonly queue?: string;
  /** The asking supervisor's own mode, while they are on the call. */
  readonly monitoredBy?: MonitorMode;
}

/** Options of {@link listTeamCalls}. */
export interface TeamCallsOptions {
  readonly client: TwilioClient;
  readonly workspaceSid: string;
  /** At most this many conferences are read (Twilio's default page). */
  readonly limit?: number;
}

/** A supervisor's leg's mode: muted is listening, coaching is whispering, neither is barging. */
export function monitorModeOf(party: Pick<ConferenceParty, 'muted' | 'coaching'>): MonitorMode {
  if (party.coaching) return 'whisper';
  return party.muted ? 'listen' : 'barge';
}

/**
 * The live calls: every conference in progress with a customer on it, but the supervisor's own
 * calls as an agent. Refused (`forbidden`) for an agent; a conference that ends while it is read is
 * left out.
 */
export async function listTeamCalls(options: TeamCallsOptions, supervisor: CallControlAgent): Promise<TeamCallView[]> {
  if (supervisor.role === 'agent') throw new CallControlError('forbidden', "Only a supervisor can list the team's calls: the agent directory gives you the role agent.");
  const { client } = options;
  const conferences = await twilioStep('list the live calls', 'call', () => client.conferences.list({ status: 'in-progress', limit: options.limit ?? 50 }));
  const calls = await Promise.all(
    conferences.map(async (conference) => {
      try {
        return await teamCall(options, await loadConference(client, conference.sid), supervisor);
      } catch (error) {
        // Ended between the list and the read: no longer live.
        if (error instanceof CallControlError && (error.code === 'call-ended' || error.code === 'participant-gone')) return undefined;
        throw error;
      }
    }),
  );
  return calls.filter((call): call is TeamCallView => call !== undefined).sort((a, b) => a.startedAt - b.startedAt);
}

async function teamCall(options: TeamCallsOptions, view: ConferenceView, supervisor: CallControlAgent): Promise<TeamCallView | undefined> {
  const customer = customerOf(view);
  if (view.status !== 'in-progress' || !customer) return undefined;
  const agents = view.parties.filter((party) => party.role === 'agent');
  // The supervisor's own calls (as an agent) are not theirs to monitor.
  if (agents.some((party) => party.identity === supervisor.twilioIdentity)) return undefined;
  const { client } = options;
  const leg = await twilioStep('read the customer\'s call', 'participant', () => client.calls(customer.callSid).fetch());
  const inbound = leg.direction === 'inbound';
  const task = view.taskSid ? await readTask(options, view.taskSid) : undefined;
  const joined = agents.map((party) => party.joinedAt).filter((at): at is number => at !== undefined);
  const mine = view.parties.find((party) => party.role === 'supervisor' && party.identity === supervisor.twilioIdentity);
  const started = leg.startTime ?? leg.dateCreated;
  const name = typeof task?.attributes.caller_name === 'string' && task.attributes.caller_name !== '' ? task.attributes.caller_name : undefined;
  return {
    callId: view.conferenceSid,
    agent: agents.length ? [...new Set(agents.map((party) => party.identity ?? 'agent'))].join(', ') : 'waiting for an agent',
    remote: customer.number ?? (inbound ? leg.from : leg.to),
    ...(name ? { displayName: name } : {}),
    direction: inbound ? 'inbound' : 'outbound',
    startedAt: started ? started.getTime() : Date.now(),
    ...(joined.length ? { connectedAt: Math.min(...joined) } : {}),
    ...(task?.queue ? { queue: task.queue } : {}),
    ...(mine ? { monitoredBy: monitorModeOf(mine) } : {}),
  };
}

/** The task's queue and attributes; a task Twilio no longer has just adds nothing. */
async function readTask(options: TeamCallsOptions, taskSid: string): Promise<{ queue?: string; attributes: Record<string, unknown> } | undefined> {
  try {
    const task = await options.client.taskrouter.v1.workspaces(options.workspaceSid).tasks(taskSid).fetch();
    const attributes = JSON.parse(task.attributes) as unknown;
    return { ...(task.taskQueueFriendlyName ? { queue: task.taskQueueFriendlyName } : {}), attributes: typeof attributes === 'object' && attributes !== null ? (attributes as Record<string, unknown>) : {} };
  } catch {
    return undefined;
  }
}
