// A fake of the server's contact-centre routes (`/api/twilio/cc/…`), answering as
// docs/providers/twilio.md "What the server does" documents them: the conference and the task are
// kept here, agent legs ring the fake Device, and errors come back as {error, message} with the
// documented statuses (409 participant-gone, 410 call-ended, 503 rate-limited, 403 forbidden).
import type { FakeCall, FakeDevice } from './twilio-sdk.js';
import { FakeActivity, FakeReservation, FakeTask, type FakeWorker } from './taskrouter-sdk.js';

export interface FakeParty {
  callSid: string;
  role: 'customer' | 'agent' | 'supervisor' | 'external';
  identity?: string;
  number?: string;
  status: string;
  hold: boolean;
  muted: boolean;
  coaching: boolean;
  leg?: FakeCall;
}

interface FakeConference {
  sid: string;
  status: 'in-progress' | 'completed';
  taskSid?: string;
  parties: FakeParty[];
}

interface FakeTaskState {
  task: FakeTask;
  reservation: FakeReservation;
  conferenceSid?: string;
}

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly body?: Record<string, unknown>;
}

const ACTIVITIES = {
  available: new FakeActivity('WAavailable', 'Available', true),
  busy: new FakeActivity('WAbusy', 'Busy', false),
  offline: new FakeActivity('WAoffline', 'Offline', false),
  wrapUp: new FakeActivity('WAwrapup', 'Wrap-up', false),
};

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class FakeContactCentre {
  readonly identity = 'agent';
  readonly workerSid = 'WKagent';
  readonly requests: Recorded[] = [];
  readonly tasks = new Map<string, FakeTaskState>();
  readonly conferences = new Map<string, FakeConference>();
  /** The next request whose path matches answers this instead (one-shot). */
  readonly faults: Array<{ match: RegExp; status: number; error: string; message: string }> = [];
  device?: FakeDevice;
  worker?: FakeWorker;
  role: 'agent' | 'supervisor' = 'agent';
  tokensIssued = 0;
  ttlSeconds = 3600;
  private next = 1;

  private id(prefix: string): string {
    return `${prefix}${String(this.next++).padStart(32, '0')}`;
  }

  /** `fetch` as the provider calls it. */
  readonly fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const method = init.method ?? 'GET';
    const path = url.replace(/^\/api\/twilio\/cc/, '');
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : undefined;
    this.requests.push({ method, path, ...(body ? { body } : {}) });
    const fault = this.faults.findIndex((candidate) => candidate.match.test(`${method} ${path}`));
    if (fault >= 0) {
      const [found] = this.faults.splice(fault, 1);
      return json(found!.status, { error: found!.error, message: found!.message });
    }
    try {
      return json(200, (await this.route(method, path, body ?? {})) ?? { ok: true });
    } catch (error) {
      if (error instanceof Refused) return json(error.status, { error: error.code, message: error.message });
      throw error;
    }
  };

  /** A customer's call is enqueued and TaskRouter offers it to the agent. */
  offer(attributes: Record<string, string>): FakeReservation {
    const task = new FakeTask(this.id('WT'), { type: 'inbound', to: '+14155550100', ...attributes });
    const reservation = new FakeReservation(this.id('WR'), this.workerSid, task);
    this.tasks.set(task.sid, { task, reservation });
    this.worker!.offer(reservation);
    return reservation;
  }

  /**
   * A colleague adds this agent to their call with the customer: a leg rings this agent's Device,
   * with the custom parameters the server dials it with (`withParameters`), or none (a leg that
   * names no conference).
   */
  consultedBy(colleague: string, attributes: Record<string, string>, withParameters = true): { conference: FakeConference; leg: FakeCall } {
    const conference: FakeConference = { sid: this.id('CF'), status: 'in-progress', taskSid: this.id('WT'), parties: [] };
    conference.parties.push({ callSid: this.id('CA'), role: 'customer', number: attributes.from ?? '', status: 'connected', hold: false, muted: false, coaching: false });
    conference.parties.push({ callSid: this.id('CA'), role: 'agent', identity: colleague, status: 'connected', hold: false, muted: false, coaching: false });
    this.conferences.set(conference.sid, conference);
    const { from, caller_name: callerName, ...data } = attributes;
    const leg = this.device!.ring('+14155550100', withParameters ? { conferenceSid: conference.sid, ...(from ? { from } : {}), ...(callerName ? { callerName } : {}), ...data } : {});
    conference.parties.push({ callSid: leg.id, role: 'agent', identity: this.identity, status: 'connected', hold: false, muted: false, coaching: false, leg });
    return { conference, leg };
  }

  /** Another agent of the team is on an answered call (not routed to this one): what a supervisor lists. */
  teamCall(agent = 'bob', from = '+14155550123'): FakeConference {
    const conference: FakeConference = { sid: this.id('CF'), status: 'in-progress', parties: [] };
    conference.parties.push({ callSid: this.id('CA'), role: 'customer', number: from, status: 'connected', hold: false, muted: false, coaching: false });
    conference.parties.push({ callSid: this.id('CA'), role: 'agent', identity: agent, status: 'connected', hold: false, muted: false, coaching: false });
    this.conferences.set(conference.sid, conference);
    return conference;
  }

  conference(taskSid: string): FakeConference {
    const sid = this.tasks.get(taskSid)?.conferenceSid;
    const conference = sid ? this.conferences.get(sid) : undefined;
    if (!conference) throw new Error(`no conference for task ${taskSid}`);
    return conference;
  }

  party(conferenceSid: string, callSid: string): FakeParty {
    const party = this.conferences.get(conferenceSid)?.parties.find((candidate) => candidate.callSid === callSid);
    if (!party) throw new Refused(409, 'participant-gone', 'That participant has already left the call. Nothing else was changed.');
    return party;
  }

  /** A party leaves (hangs up, is removed, or never answered); the customer's leaving ends the call. */
  leave(conference: FakeConference, party: FakeParty): void {
    conference.parties = conference.parties.filter((candidate) => candidate !== party);
    party.leg?.disconnect();
    if (party.role === 'customer') this.end(conference);
  }

  /** The conference ends: every leg drops, the task goes to wrap-up. */
  end(conference: FakeConference): void {
    conference.status = 'completed';
    const parties = conference.parties;
    conference.parties = [];
    for (const party of parties) party.leg?.disconnect();
    const state = conference.taskSid ? this.tasks.get(conference.taskSid) : undefined;
    if (state && state.reservation.status === 'accepted') {
      state.task.status = 'wrapping';
      state.reservation.settle('wrapping', 'wrapup');
    }
  }

  private agentLeg(conference: FakeConference, role: 'agent' | 'supervisor', extra: Partial<FakeParty> = {}): FakeParty {
    const leg = this.device!.ring('+14155550100');
    const party: FakeParty = { callSid: leg.id, role, identity: this.identity, status: 'connected', hold: false, muted: false, coaching: false, leg, ...extra };
    conference.parties.push(party);
    // A supervisor leaves by hanging up their own leg (no server request): their participant goes.
    if (role === 'supervisor') leg.on('disconnect', () => void (conference.parties = conference.parties.filter((candidate) => candidate !== party)));
    return party;
  }

  private live(conferenceSid: string): FakeConference {
    const conference = this.conferences.get(conferenceSid);
    if (!conference || conference.status === 'completed') throw new Refused(410, 'call-ended', 'Could not do that: the call has already ended.');
    return conference;
  }

  private me(conference: FakeConference): FakeParty | undefined {
    return conference.parties.find((party) => party.role === 'agent' && party.identity === this.identity);
  }

  private view(conference: FakeConference) {
    return {
      conferenceSid: conference.sid,
      friendlyName: conference.taskSid ?? conference.sid,
      status: conference.status,
      ...(conference.taskSid ? { taskSid: conference.taskSid } : {}),
      parties: conference.parties.map(({ leg: _leg, ...party }) => ({ ...party, endConferenceOnExit: party.role === 'customer' })),
    };
  }

  private wrap(conference: FakeConference): void {
    const state = conference.taskSid ? this.tasks.get(conference.taskSid) : undefined;
    if (state && state.reservation.status === 'accepted') {
      state.task.status = 'wrapping';
      state.reservation.settle('wrapping', 'wrapup');
    }
  }

  private async route(method: string, path: string, body: Record<string, unknown>): Promise<unknown> {
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/worker-token') {
      return { token: `worker-token-${++this.tokensIssued}`, identity: this.identity, workerSid: this.workerSid, workspaceSid: 'WSfake', ttlSeconds: this.ttlSeconds };
    }
    if (method === 'GET' && path === '/tasks') {
      return {
        tasks: [...this.tasks.values()]
          .filter((state) => state.reservation.status === 'accepted' || state.reservation.status === 'wrapping')
          .map((state) => ({ taskSid: state.task.sid, reservationSid: state.reservation.sid, status: state.reservation.status, ...(state.conferenceSid ? { conferenceSid: state.conferenceSid } : {}), attributes: { ...state.task.attributes, ...(state.conferenceSid ? { conference: { sid: state.conferenceSid } } : {}) } })),
      };
    }
    if ((match = /^\/reservations\/(\w+)\/(\w+)\/(accept|reject)$/.exec(path)) && method === 'POST') {
      const state = this.tasks.get(match[1]!);
      if (!state || state.reservation.sid !== match[2]) throw new Refused(403, 'forbidden', 'This reservation is offered to another agent.');
      if (state.reservation.status !== 'pending') throw new Refused(400, 'invalid', `This call is no longer offered to you (the reservation is ${state.reservation.status}).`);
      if (match[3] === 'reject') {
        state.reservation.settle('rejected', 'rejected');
        return undefined;
      }
      const conference: FakeConference = { sid: this.id('CF'), status: 'in-progress', taskSid: state.task.sid, parties: [] };
      conference.parties.push({ callSid: this.id('CA'), role: 'customer', number: state.task.attributes.from ?? '', status: 'connected', hold: false, muted: false, coaching: false });
      this.conferences.set(conference.sid, conference);
      state.conferenceSid = conference.sid;
      state.task.status = 'assigned';
      // The conference instruction dials the agent's client before the request answers.
      this.agentLeg(conference, 'agent');
      state.reservation.settle('accepted', 'accepted');
      return { conferenceSid: conference.sid };
    }
    if ((match = /^\/tasks\/(\w+)\/complete$/.exec(path)) && method === 'POST') {
      const state = this.tasks.get(match[1]!);
      if (!state) throw new Refused(403, 'forbidden', 'This task is not yours.');
      state.task.status = 'completed';
      state.reservation.settle('completed', 'completed');
      this.worker?.setActivity(ACTIVITIES.available);
      return undefined;
    }
    if (path === '/presence') {
      if (method === 'PUT') {
        const status = body.status as 'available' | 'busy' | 'offline';
        this.worker?.setActivity(ACTIVITIES[status]);
      }
      const activity = this.worker?.activity ?? ACTIVITIES.offline;
      return { status: activity.available ? 'available' : activity.name === 'Offline' ? 'offline' : 'busy', activity: activity.name };
    }
    if (method === 'GET' && path === '/team-calls') {
      if (this.role !== 'supervisor') throw new Refused(403, 'forbidden', "Only a supervisor can list the team's calls: the agent directory gives you the role agent.");
      const live = [...this.conferences.values()].filter((conference) => conference.status === 'in-progress' && conference.parties.some((party) => party.role === 'customer'));
      return {
        calls: live.map((conference) => {
          const mine = conference.parties.find((party) => party.role === 'supervisor' && party.identity === this.identity);
          return {
            callId: conference.sid,
            agent: conference.parties.filter((party) => party.role === 'agent').map((party) => party.identity).join(', '),
            remote: conference.parties.find((party) => party.role === 'customer')?.number ?? '',
            direction: 'inbound',
            startedAt: 1_700_000_000_000,
            ...(mine ? { monitoredBy: mine.coaching ? 'whisper' : mine.muted ? 'listen' : 'barge' } : {}),
          };
        }),
      };
    }
    if (!(match = /^\/calls\/(\w+)(\/.*)?$/.exec(path))) throw new Refused(404, 'invalid', `no route ${method} ${path}`);
    const conferenceSid = match[1]!;
    const rest = match[2] ?? '';
    if (method === 'GET' && rest === '') {
      const conference = this.conferences.get(conferenceSid);
      if (!conference) throw new Refused(410, 'call-ended', 'The call has already ended.');
      return this.view(conference);
    }
    const conference = this.live(conferenceSid);
    const customer = conference.parties.find((party) => party.role === 'customer');
    if (rest === '/hold' || rest === '/resume') {
      const party = typeof body.callSid === 'string' ? this.party(conferenceSid, body.callSid) : customer;
      if (!party) throw new Refused(409, 'participant-gone', 'The customer has already left the call.');
      party.hold = rest === '/hold';
      return { ...party, leg: undefined };
    }
    if (rest === '/participants' && method === 'POST') {
      const to = body.to as { kind: string; identity?: string; number?: string };
      if (body.mode === 'consult' && customer) customer.hold = true;
      const party: FakeParty = { callSid: this.id('CA'), role: to.kind === 'agent' ? 'agent' : 'external', ...(to.identity ? { identity: to.identity } : {}), ...(to.number ? { number: to.number } : {}), status: 'ringing', hold: false, muted: false, coaching: false };
      conference.parties.push(party);
      return { callSid: party.callSid };
    }
    if ((match = /^\/participants\/(\w+)$/.exec(rest)) && method === 'DELETE') {
      this.leave(conference, this.party(conferenceSid, match[1]!));
      return undefined;
    }
    if (rest === '/merge') {
      for (const party of conference.parties) party.hold = false;
      return undefined;
    }
    const me = this.me(conference);
    if (rest === '/complete-transfer') {
      const other = conference.parties.find((party) => party !== me && (party.role === 'agent' || party.role === 'external') && party.status === 'connected');
      if (!other) throw new Refused(400, 'invalid', 'There is nobody to hand the call to: consult someone first, and wait until they answer.');
      if (customer) customer.hold = false;
      if (me) this.leave(conference, me);
      this.wrap(conference);
      return undefined;
    }
    if (rest === '/transfer') {
      if (customer) customer.hold = true;
      const to = body.to as { kind: string; identity?: string; number?: string };
      if (to.kind !== 'queue') conference.parties.push({ callSid: this.id('CA'), role: to.kind === 'agent' ? 'agent' : 'external', ...(to.number ? { number: to.number } : {}), ...(to.identity ? { identity: to.identity } : {}), status: 'ringing', hold: false, muted: false, coaching: false });
      if (me) this.leave(conference, me);
      this.wrap(conference);
      return undefined;
    }
    if (rest === '/hangup') {
      const others = conference.parties.filter((party) => party !== me && (party.role === 'agent' || party.role === 'external'));
      if (others.length === 0) this.end(conference);
      else if (me) this.leave(conference, me);
      return undefined;
    }
    if (rest === '/rejoin') {
      if (me) throw new Refused(400, 'invalid', 'You are already on this call.');
      if (customer) customer.hold = false;
      return { callSid: this.agentLeg(conference, 'agent').callSid };
    }
    if (rest === '/monitor') {
      if (this.role !== 'supervisor') throw new Refused(403, 'forbidden', 'Only a supervisor can listen to, whisper on or barge into a call.');
      const mode = body.mode as string;
      const flags = { muted: mode === 'listen', coaching: mode === 'whisper' };
      const mine = conference.parties.find((party) => party.role === 'supervisor' && party.identity === this.identity);
      if (method === 'PUT') {
        if (!mine) throw new Refused(403, 'forbidden', 'You are not monitoring this call.');
        Object.assign(mine, flags);
        return undefined;
      }
      return { callSid: this.agentLeg(conference, 'supervisor', flags).callSid };
    }
    if (rest === '/recording') {
      return { recordingSid: 'RE00000000000000000000000000000001', mediaUrl: 'https://api.twilio.com/2010-04-01/Accounts/ACfake/Recordings/RE00000000000000000000000000000001', status: method === 'POST' ? 'in-progress' : 'stopped' };
    }
    throw new Refused(404, 'invalid', `no route ${method} ${path}`);
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
