/**
 * The stand-in's side of the agents' browsers (`/__stand-in/browser/…`): what Twilio's Voice SDK
 * signalling and TaskRouter's event bridge carry, for the browser stand-ins of `Device`/`Call` and
 * `Worker`/`Reservation` (`src/console/twilio-stand-in/`). Each request carries the access token
 * the server issued (`Authorization: Bearer`), verified as Twilio does: signed with one of the
 * account's API key secrets, issued by that key for this account, not expired; its grants decide
 * what it may do (the Voice grant's identity receives `client:<identity>` calls, the TaskRouter
 * grant names the worker). Events go out as Server-Sent Events and come from the stand-in's real
 * call and TaskRouter models, never made up.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors as joseErrors, jwtVerify } from 'jose';
import { TwilioApiError } from './model.js';
import { age, type StandInReservation, type StandInTask, type StandInTaskRouter, type StandInWorker } from './taskrouter.js';
import type { StandInCall, StandInVoice } from './voice.js';

/** What the browser routes need of the stand-in. */
export interface BrowserRoutesOptions {
  readonly voice: StandInVoice;
  readonly taskRouter: StandInTaskRouter;
  readonly accountSid: string;
  readonly apiKeys: readonly { readonly sid: string; readonly secret: string }[];
  /** An agent's browser places a call through the TwiML app. */
  readonly clientCall: (identity: string, params: Record<string, string>) => Promise<StandInCall>;
}

/** The grants of a verified access token. */
export interface VerifiedGrants {
  readonly identity: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
  readonly incomingAllow: boolean;
  readonly outgoingApplicationSid?: string;
  readonly taskRouter?: { readonly workspaceSid: string; readonly workerSid: string; readonly role: string };
}

/** What the browser did to a call that has no REST counterpart (DTMF, mute), for tests and people. */
export interface ClientMedia {
  digits: string;
  muted: boolean;
}

type Grants = Record<string, unknown>;
/** How long a device may have no stream before its calls end (a renewing device opens its new stream first). */
const DROPPED_DEVICE_GRACE_MS = 50;
const record = (value: unknown): Grants => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Grants) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Verifies an access token as Twilio does; Twilio's 20101 (invalid) or 20104 (expired) otherwise. */
export async function verifyAccessToken(token: string, accountSid: string, apiKeys: BrowserRoutesOptions['apiKeys']): Promise<VerifiedGrants> {
  for (const key of apiKeys) {
    try {
      const { payload } = await jwtVerify(token, new TextEncoder().encode(key.secret), { algorithms: ['HS256'], issuer: key.sid, subject: accountSid });
      const grants = record(payload.grants);
      const identity = text(grants.identity);
      if (!identity) throw new TwilioApiError(401, 20101, 'Invalid Access Token: it has no identity');
      const voice = record(grants.voice);
      const router = record(grants.task_router);
      const workspaceSid = text(router.workspace_sid);
      const workerSid = text(router.worker_sid);
      const outgoing = text(record(voice.outgoing).application_sid);
      return {
        identity,
        expiresAt: payload.exp ?? 0,
        incomingAllow: record(voice.incoming).allow === true,
        ...(outgoing ? { outgoingApplicationSid: outgoing } : {}),
        ...(workspaceSid && workerSid ? { taskRouter: { workspaceSid, workerSid, role: text(router.role) ?? 'worker' } } : {}),
      };
    } catch (error) {
      if (error instanceof TwilioApiError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new TwilioApiError(401, 20104, 'Access Token expired or expiration date invalid');
      // Signed by another key, or not a token of this account: try the next key.
    }
  }
  throw new TwilioApiError(401, 20101, 'Invalid Access Token');
}

/** A call as the browser's `Call` sees it. */
function callView(call: StandInCall): Record<string, unknown> {
  return { callSid: call.sid, from: call.from, to: call.to, status: call.status, direction: call.direction, ...(call.parentCallSid ? { parentCallSid: call.parentCallSid } : {}), customParameters: call.customParameters ?? {} };
}

/** Registers `/__stand-in/browser/…`; returns what the browsers did to calls (DTMF, mute). */
export function browserRoutes(app: FastifyInstance, options: BrowserRoutesOptions): Map<string, ClientMedia> {
  const { voice, taskRouter } = options;
  const media = new Map<string, ClientMedia>();
  /**
   * Open streams by device (`x-stand-in-device`, one id per `Device` object) and the calls each
   * device answered or placed: a page that goes away (closed, reloaded) takes its calls' media with
   * it, so they end; a device renewing its token reopens its stream under the same id and keeps them.
   */
  const openStreams = new Map<string, number>();
  const deviceCalls = new Map<string, Set<string>>();
  const deviceOf = (request: FastifyRequest): string => {
    const id = request.headers['x-stand-in-device'];
    return typeof id === 'string' && /^[\w-]{8,64}$/.test(id) ? id : '';
  };
  const claim = (request: FastifyRequest, callSid: string): void => {
    const device = deviceOf(request);
    if (device) (deviceCalls.get(device) ?? deviceCalls.set(device, new Set()).get(device))?.add(callSid);
  };
  const mediaOf = (callSid: string): ClientMedia => media.get(callSid) ?? media.set(callSid, { digits: '', muted: false }).get(callSid) ?? { digits: '', muted: false };

  const grantsOf = async (request: FastifyRequest): Promise<VerifiedGrants> => {
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new TwilioApiError(401, 20101, 'Invalid Access Token: send it as Authorization: Bearer <token>');
    return verifyAccessToken(token, options.accountSid, options.apiKeys);
  };
  const cors = (request: FastifyRequest): Record<string, string> => ({ 'access-control-allow-origin': request.headers.origin ?? '*', vary: 'origin' });
  // Pages on another origin (the softphone's) call these routes with a bearer token: answer the preflight.
  app.options('/__stand-in/browser/*', (request, reply) =>
    reply.code(204).headers({ ...cors(request), 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'authorization, content-type, x-stand-in-device', 'access-control-max-age': '600' }).send(),
  );
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/__stand-in/browser/')) reply.headers(cors(request));
  });

  /** Opens an event stream; `subscribe` returns its unsubscribe. Ends when the token expires. */
  const stream = (request: FastifyRequest, reply: FastifyReply, grants: VerifiedGrants, subscribe: (send: (event: Record<string, unknown>) => void) => () => void): void => {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', ...cors(request) });
    const send = (event: Record<string, unknown>) => void raw.write(`data: ${JSON.stringify(event)}\n\n`);
    const unsubscribe = subscribe(send);
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
    const expiry = setTimeout(() => {
      send({ type: 'token-expired' });
      raw.end();
    }, Math.max(0, grants.expiresAt * 1000 - Date.now()));
    keepAlive.unref();
    expiry.unref();
    const stop = () => {
      clearInterval(keepAlive);
      clearTimeout(expiry);
      unsubscribe();
    };
    raw.on('close', stop);
    app.server.once('close', () => raw.destroy());
  };

  // The Voice SDK's signalling: incoming calls to client:<identity>, and the progress of its calls.
  app.get('/__stand-in/browser/device/events', async (request, reply) => {
    const grants = await grantsOf(request);
    const address = `client:${grants.identity}`;
    const mine = new Set<string>();
    const device = deviceOf(request);
    openStreams.set(device, (openStreams.get(device) ?? 0) + 1);
    stream(request, reply, grants, (send) => {
      const listener = (call: StandInCall, event: string) => {
        const own = call.to === address || call.from === address;
        const child = call.parentCallSid !== undefined && mine.has(call.parentCallSid);
        if (!own && !child) return;
        mine.add(call.sid);
        if (event === 'ringing' && call.to === address && call.direction !== 'inbound') {
          if (grants.incomingAllow) send({ type: 'incoming', call: callView(call) });
        } else send({ type: 'call', event, call: callView(call) });
      };
      send({ type: 'registered', identity: grants.identity });
      // Calls already ringing this identity are offered to a newly registered device.
      for (const call of voice.calls.values()) {
        if (call.to === address && call.status === 'ringing' && call.direction !== 'inbound' && grants.incomingAllow) {
          mine.add(call.sid);
          send({ type: 'incoming', call: callView(call) });
        }
      }
      voice.callChanged.push(listener);
      return () => {
        voice.callChanged.splice(voice.callChanged.indexOf(listener), 1);
        openStreams.set(device, (openStreams.get(device) ?? 1) - 1);
        // The page closed or reloaded: its media connection is gone, so Twilio ends the calls it answered or placed.
        setTimeout(() => {
          if (!device || openStreams.get(device)) return;
          openStreams.delete(device);
          for (const sid of deviceCalls.get(device) ?? []) {
            const call = voice.calls.get(sid);
            if (call && (call.status === 'in-progress' || call.direction === 'inbound')) voice.hangUp(sid);
          }
          deviceCalls.delete(device);
        }, DROPPED_DEVICE_GRACE_MS).unref();
      };
    });
  });

  const ownCall = (grants: VerifiedGrants, sid: string): StandInCall => {
    const call = voice.call(sid);
    const address = `client:${grants.identity}`;
    const parent = call.parentCallSid ? voice.calls.get(call.parentCallSid) : undefined;
    if (call.to !== address && call.from !== address && parent?.from !== address) throw new TwilioApiError(403, 20403, `Call ${sid} is not a call of ${address}`);
    return call;
  };
  type CallAction = { Params: { sid: string }; Body: Record<string, unknown> | undefined };
  app.post<{ Body: Record<string, unknown> | undefined }>('/__stand-in/browser/calls', async (request, reply) => {
    const grants = await grantsOf(request);
    if (!grants.outgoingApplicationSid) throw new TwilioApiError(403, 31603, 'The access token has no outgoing application: the Voice grant must name the TwiML app');
    const raw = record(request.body?.params);
    const params = Object.fromEntries(Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    const call = await options.clientCall(grants.identity, params);
    claim(request, call.sid);
    return reply.code(201).send({ call: callView(call) });
  });
  app.post<CallAction>('/__stand-in/browser/calls/:sid/accept', async (request) => {
    const call = ownCall(await grantsOf(request), request.params.sid);
    claim(request, call.sid);
    return { call: callView(await voice.answer(call.sid)) };
  });
  app.post<CallAction>('/__stand-in/browser/calls/:sid/reject', async (request) => {
    const call = ownCall(await grantsOf(request), request.params.sid);
    voice.endUnanswered(call.sid, 'busy');
    return { call: callView(call) };
  });
  app.post<CallAction>('/__stand-in/browser/calls/:sid/disconnect', async (request) => {
    const call = ownCall(await grantsOf(request), request.params.sid);
    return { call: callView(voice.hangUp(call.sid)) };
  });
  app.post<CallAction>('/__stand-in/browser/calls/:sid/digits', async (request) => {
    const call = ownCall(await grantsOf(request), request.params.sid);
    const digits = text(request.body?.digits);
    if (!digits || !/^[0-9*#wW]{1,32}$/.test(digits)) throw new TwilioApiError(400, 31000, 'digits must be 1 to 32 of 0-9, *, #, w and W');
    if (call.status !== 'in-progress') throw new TwilioApiError(400, 21220, `Call ${call.sid} is ${call.status}: digits need an answered call`);
    mediaOf(call.sid).digits += digits;
    return mediaOf(call.sid);
  });
  app.post<CallAction>('/__stand-in/browser/calls/:sid/mute', async (request) => {
    const call = ownCall(await grantsOf(request), request.params.sid);
    mediaOf(call.sid).muted = request.body?.muted === true;
    return mediaOf(call.sid);
  });
  app.get<{ Params: { sid: string } }>('/__stand-in/calls/:sid/client-media', (request) => media.get(request.params.sid) ?? { digits: '', muted: false });

  // TaskRouter's event bridge for one worker: its activity, its reservations and their tasks.
  app.get('/__stand-in/browser/worker/events', async (request, reply) => {
    const grants = await grantsOf(request);
    const grant = grants.taskRouter;
    if (!grant) throw new TwilioApiError(403, 20101, 'The access token has no TaskRouter grant');
    const worker = taskRouter.get(taskRouter.workers, grant.workspaceSid, grant.workerSid, 'Workers');
    const json = new TaskRouterViews(taskRouter);
    stream(request, reply, grants, (send) => {
      const listener = (eventType: string, about: { task?: StandInTask; worker?: StandInWorker; reservation?: StandInReservation }) => {
        if (about.reservation) {
          if (about.reservation.workerSid === worker.sid) send({ type: 'reservation', eventType, reservation: json.reservation(about.reservation) });
        } else if (about.worker) {
          if (about.worker.sid === worker.sid) send({ type: 'worker', eventType, worker: json.worker(worker) });
        } else if (about.task) {
          const task = about.task;
          if (taskRouter.workerReservations(worker.sid).some((reservation) => reservation.taskSid === task.sid)) send({ type: 'task', eventType, task: json.task(task) });
        }
      };
      const live = taskRouter.workerReservations(worker.sid).filter((reservation) => reservation.status === 'pending' || reservation.status === 'accepted' || reservation.status === 'wrapping');
      send({ type: 'ready', worker: json.worker(worker), reservations: live.map((reservation) => json.reservation(reservation)) });
      taskRouter.eventListeners.push(listener);
      return () => void taskRouter.eventListeners.splice(taskRouter.eventListeners.indexOf(listener), 1);
    });
  });
  return media;
}

/** TaskRouter's resources as the Worker SDK's objects carry them. */
class TaskRouterViews {
  constructor(private readonly taskRouter: StandInTaskRouter) {}

  worker(worker: StandInWorker): Record<string, unknown> {
    const activities = [...this.taskRouter.activities.values()].filter((activity) => activity.workspaceSid === worker.workspaceSid);
    return {
      sid: worker.sid,
      name: worker.friendlyName,
      attributes: JSON.parse(worker.attributes) as unknown,
      activitySid: worker.activitySid,
      activities: activities.map((activity) => ({ sid: activity.sid, name: activity.friendlyName, available: activity.available })),
    };
  }

  task(task: StandInTask): Record<string, unknown> {
    const queue = task.taskQueueSid ? this.taskRouter.queues.get(task.taskQueueSid) : undefined;
    return { sid: task.sid, status: task.assignmentStatus, attributes: JSON.parse(task.attributes) as unknown, queueSid: task.taskQueueSid ?? '', queueName: queue?.friendlyName ?? '', reason: task.reason ?? '', age: age(task, Date.now()), priority: task.priority, dateCreated: task.dateCreated, dateUpdated: task.dateUpdated };
  }

  reservation(reservation: StandInReservation): Record<string, unknown> {
    const task = this.taskRouter.tasks.get(reservation.taskSid);
    const workflow = task?.workflowSid ? this.taskRouter.workflows.get(task.workflowSid) : undefined;
    return { sid: reservation.sid, status: reservation.status, workerSid: reservation.workerSid, workspaceSid: reservation.workspaceSid, timeout: workflow?.taskReservationTimeout ?? 120, dateCreated: reservation.dateCreated, dateUpdated: reservation.dateUpdated, ...(task ? { task: this.task(task) } : {}) };
  }
}
