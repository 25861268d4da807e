/**
 * A loopback stand-in for the parts of Twilio the server uses — the 2010 REST API's Calls,
 * Conferences, Participants and Recordings, and TaskRouter v1 — so the server's production code
 * (the official `twilio` library, pointed at this base URL) runs without an account, in tests and
 * in `dev`. It checks credentials (HTTP Basic with the account's auth token or an API key), answers
 * with Twilio's field names and error bodies, fetches TwiML with signed requests, and posts status
 * and event callbacks signed with `X-Twilio-Signature`. Its own surface (`/__stand-in/…`) plays
 * the customers and the agents' browsers. It is not Twilio: there is no audio, and only what
 * docs/providers/twilio.md lists is modelled.
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import type Twilio from 'twilio';
import { importOptional } from '../../../config/optional-dependencies.js';
import { adminRoutes } from './admin-routes.js';
import { apiRoutes } from './api-routes.js';
import { browserRoutes } from './browser-routes.js';
import { CallbackSender } from './callbacks.js';
import { TaskRouterJson } from './json.js';
import { TwilioApiError } from './model.js';
import { StandInTaskRouter } from './taskrouter.js';
import { taskRouterRoutes } from './taskrouter-routes.js';
import { TWIML_PARSER_OPTIONS, TwimlRunner } from './twiml.js';
import { StandInVoice, type StandInCall } from './voice.js';

export { TwilioApiError } from './model.js';
export type { StandInCall, StandInConference, StandInParticipant, StandInRecording } from './voice.js';
export type { StandInTask, StandInReservation, StandInWorker } from './taskrouter.js';
export type { CallbackDelivery } from './callbacks.js';

/** Options of the stand-in. */
export interface TwilioStandInOptions {
  /** The `twilio` library (signatures are computed with its helper). */
  readonly library: typeof Twilio;
  /** `AC…`. */
  readonly accountSid: string;
  /** Signs callbacks and authenticates REST requests with the account sid. */
  readonly authToken: string;
  /** API keys (`SK…` and secret) that may authenticate REST requests too. */
  readonly apiKeys?: readonly { readonly sid: string; readonly secret: string }[];
  /** The Twilio number's incoming-call webhook (this server's voice URL); may be set later with {@link TwilioStandIn.configure}. */
  readonly voiceUrl?: string;
  /** The TwiML app's Voice URL, which calls placed by agents' browsers fetch. */
  readonly twimlAppVoiceUrl?: string;
  /** Status callback of incoming calls (the number's "call status changes" URL). */
  readonly voiceStatusCallback?: string;
  /** Host to listen on (default 127.0.0.1) and port (default 0, any free one). */
  readonly host?: string;
  readonly port?: number;
}

/** A failure the stand-in answers instead of the next matching requests (e.g. 429 with 20429). */
export interface StandInFault {
  readonly path: RegExp;
  readonly method?: string;
  readonly status: number;
  readonly code: number;
  /** How many matching requests fail (then the fault is spent). */
  times: number;
}

/** A running stand-in. */
export interface TwilioStandIn {
  /** Base URL, e.g. `http://127.0.0.1:43123`: both `/2010-04-01/…` and `/v1/…` live under it. */
  readonly url: string;
  readonly accountSid: string;
  readonly voice: StandInVoice;
  readonly taskRouter: StandInTaskRouter;
  readonly callbacks: CallbackSender;
  readonly twiml: TwimlRunner;
  /** Sets the webhooks once the server that receives them is listening. */
  configure(urls: { voiceUrl?: string; twimlAppVoiceUrl?: string; voiceStatusCallback?: string; numberVoiceUrls?: Readonly<Record<string, string>> }): void;
  /** A customer calls the Twilio number: the number's voice URL is fetched (signed) and its TwiML run. */
  incomingCall(call: { from: string; to: string; callerName?: string; params?: Readonly<Record<string, string>> }): Promise<StandInCall>;
  /** An agent's browser places a call through the TwiML app (`device.connect({ params })`). */
  clientCall(identity: string, params: Record<string, string>): Promise<StandInCall>;
  /** Calls ringing to `client:identity` or a number. */
  ringing(to: string): StandInCall[];
  /** The next matching requests fail as the fault says. */
  injectFault(fault: StandInFault): void;
  /** Resolves when every callback queued so far was delivered. */
  settled(): Promise<void>;
  /** A summary of every resource, for people and tests. */
  snapshot(): Record<string, unknown>;
  close(): Promise<void>;
}

/** Starts the stand-in on loopback (a free port unless told otherwise). */
export async function startTwilioStandIn(options: TwilioStandInOptions): Promise<TwilioStandIn> {
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 256 * 1024 });
  await app.register(formbody);
  let url = '';
  const urls: { voiceUrl?: string | undefined; twimlAppVoiceUrl?: string | undefined; voiceStatusCallback?: string | undefined; numberVoiceUrls?: Readonly<Record<string, string>> } = { voiceUrl: options.voiceUrl, twimlAppVoiceUrl: options.twimlAppVoiceUrl, voiceStatusCallback: options.voiceStatusCallback };
  const callbacks = new CallbackSender(options.library, options.authToken);
  const voice = new StandInVoice({ accountSid: options.accountSid, callbacks, apiBaseUrl: () => url });
  const taskRouter = new StandInTaskRouter(voice, callbacks);
  // Loaded here, not at import: fast-xml-parser is needed only when a stand-in runs.
  const { XMLParser } = await importOptional('fast-xml-parser', 'the local Twilio stand-in (dev --provider twilio without TWILIO_ACCOUNT_SID)', () => import('fast-xml-parser'));
  const twiml = new TwimlRunner(voice, taskRouter, new XMLParser(TWIML_PARSER_OPTIONS));
  const faults: StandInFault[] = [];
  const credentials = new Map<string, string>([[options.accountSid, options.authToken], ...(options.apiKeys ?? []).map((key) => [key.sid, key.secret] as [string, string])]);

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof TwilioApiError) return reply.code(error.status).send(error.body());
    const status = typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
    return reply.code(status).send(new TwilioApiError(status, status === 400 ? 20001 : 20500, error instanceof Error ? error.message : String(error)).body());
  });
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/__stand-in/')) return;
    const fault = faults.find((candidate) => candidate.times > 0 && candidate.path.test(path) && (!candidate.method || candidate.method === request.method));
    if (fault) {
      fault.times -= 1;
      const message = fault.status === 429 ? 'Too Many Requests' : `Fault injected by the Twilio stand-in on ${path}`;
      return reply.code(fault.status).send(new TwilioApiError(fault.status, fault.code, message).body());
    }
    const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
    const [user = '', secret = ''] = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8').split(':') : [];
    if (!credentials.has(user) || credentials.get(user) !== secret) {
      return reply.code(401).send(new TwilioApiError(401, 20003, 'Authenticate').body());
    }
    const account = /^\/2010-04-01\/Accounts\/([^/]+)\//.exec(path)?.[1];
    if (account !== undefined && account !== options.accountSid) return reply.code(404).send(new TwilioApiError(404, 20404, `The requested resource ${path} was not found`).body());
  });

  const fetchTwiml = (target: string, params: Record<string, string>) => callbacks.fetchTwiml(target, params);
  apiRoutes(app, voice, twiml, fetchTwiml);
  taskRouterRoutes(app, taskRouter, new TaskRouterJson(taskRouter, options.accountSid, () => url), () => voice.now());

  const runIncoming = async (call: StandInCall, target: string | undefined, extra: Record<string, string>): Promise<StandInCall> => {
    if (!target) throw new Error('The stand-in has no voice URL to fetch: configure({ voiceUrl, twimlAppVoiceUrl }) first');
    const params = { CallSid: call.sid, AccountSid: options.accountSid, From: call.from, To: call.to, Called: call.to, Caller: call.from, CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01', ...(call.callerName ? { CallerName: call.callerName } : {}), ...extra };
    try {
      twiml.run(call, await fetchTwiml(target, params));
    } catch (error) {
      twiml.errors.push({ callSid: call.sid, message: `${target}: ${error instanceof Error ? error.message : String(error)}` });
      voice.hangUp(call.sid);
    }
    return call;
  };
  const standIn: TwilioStandIn = {
    get url() {
      return url;
    },
    accountSid: options.accountSid,
    voice,
    taskRouter,
    callbacks,
    twiml,
    configure(next) {
      Object.assign(urls, next);
    },
    incomingCall(init) {
      const call = voice.createCall({ from: init.from, to: init.to, direction: 'inbound', ...(init.callerName ? { callerName: init.callerName } : {}), ...(urls.voiceStatusCallback ? { statusCallback: urls.voiceStatusCallback, statusEvents: ['initiated', 'ringing', 'answered', 'completed'] } : {}) });
      // A number with a webhook of its own (as each Twilio number has), else the default number's.
      return runIncoming(call, urls.numberVoiceUrls?.[init.to] ?? urls.voiceUrl, { ...init.params });
    },
    clientCall(identity, params) {
      const call = voice.createCall({ from: `client:${identity}`, to: params.To ?? '', direction: 'inbound' });
      return runIncoming(call, urls.twimlAppVoiceUrl, { ...params, ApplicationSid: 'AP00000000000000000000000000000000' });
    },
    ringing: (to) => [...voice.calls.values()].filter((call) => call.to === to && call.status === 'ringing'),
    injectFault: (fault) => void faults.push(fault),
    settled: () => callbacks.settled(),
    snapshot: () => ({
      calls: [...voice.calls.values()].map(({ sid, from, to, status, direction, place, parentCallSid }) => ({ sid, from, to, status, direction, place, parentCallSid })),
      conferences: [...voice.conferences.values()].map((conference) => ({ sid: conference.sid, friendlyName: conference.friendlyName, status: conference.status, reasonEnded: conference.reasonEnded, participants: [...conference.participants.values()] })),
      tasks: [...taskRouter.tasks.values()].map(({ sid, assignmentStatus, attributes, taskQueueSid, reason }) => ({ sid, assignmentStatus, attributes, taskQueueSid, reason })),
      reservations: [...taskRouter.reservations.values()].map(({ sid, taskSid, workerSid, status }) => ({ sid, taskSid, workerSid, status })),
      workers: [...taskRouter.workers.values()].map(({ sid, friendlyName, activitySid }) => ({ sid, friendlyName, activity: taskRouter.activities.get(activitySid)?.friendlyName })),
      twimlErrors: twiml.errors,
    }),
    async close() {
      voice.close();
      taskRouter.close();
      await app.close();
    },
  };
  adminRoutes(app, standIn);
  browserRoutes(app, { voice, taskRouter, accountSid: options.accountSid, apiKeys: options.apiKeys ?? [], clientCall: (identity, params) => standIn.clientCall(identity, params) });
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  const host = options.host ?? '127.0.0.1';
  url = `http://${host.includes(':') ? `[${host}]` : host}:${typeof address === 'object' && address ? address.port : 0}`;
  return standIn;
}
