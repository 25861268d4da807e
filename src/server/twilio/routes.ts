/**
 * HTTP routes of the Twilio contact centre (`/api/twilio/cc/…`): Twilio's webhooks and callbacks,
 * each refused with 403 unless `X-Twilio-Signature` validates, and the agents' call-control and
 * TaskRouter requests, each made as the agent `authenticate` names (401 without one) and only on
 * that agent's calls (403 otherwise).
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AgentStatus } from '../../core/index.js';
import { sendAuthError } from '../auth/server-auth.js';
import type { TwilioServerSettings } from '../twilio-settings.js';
import { TwilioCallControl, type CallControlAgent, type DialPolicyCheck, type MonitorMode, type TransferTarget } from './call-control.js';
import { createTwilioClient, loadTwilioLibrary, type TwilioClient, type TwilioLibrary } from './client.js';
import { CallControlError } from './errors.js';
import { publicBase, twilioSignatureCheck, UNSIGNED_REFUSAL } from './signature.js';
import type { ContactCentreSettings } from './settings.js';
import { TwilioTaskControl } from './task-control.js';
import { listTeamCalls } from './team-calls.js';

/** Options of {@link contactCentreRoutes}. */
export interface ContactCentreRoutesOptions {
  readonly settings: TwilioServerSettings;
  readonly contactCentre: ContactCentreSettings;
  /**
   * Who is asking: resolve with the agent of the request's verified session (`server/auth`), or
   * `undefined` for 401. There is no anonymous default.
   */
  readonly authenticate: (request: FastifyRequest) => Promise<CallControlAgent | undefined>;
  /** The outbound dial policy's check (default: any E.164 number). */
  readonly dialPolicy?: DialPolicyCheck;
  /** The library and a client of it (default: loaded, and a client from the settings). */
  readonly library?: TwilioLibrary;
  readonly client?: TwilioClient;
}

type Form = Record<string, string | undefined>;
const PRESENCE: readonly AgentStatus[] = ['available', 'busy', 'offline'];
const MODES: readonly MonitorMode[] = ['listen', 'whisper', 'barge'];

function form(request: FastifyRequest): Form {
  return typeof request.body === 'object' && request.body !== null ? (request.body as Form) : {};
}

function transferTarget(value: unknown): TransferTarget {
  const target = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (target.kind === 'agent' && typeof target.identity === 'string') return { kind: 'agent', identity: target.identity };
  if (target.kind === 'number' && typeof target.number === 'string') return { kind: 'number', number: target.number };
  if (target.kind === 'queue') return { kind: 'queue', ...(typeof target.queueSid === 'string' ? { queueSid: target.queueSid } : {}) };
  throw new CallControlError('invalid', 'to must be { kind: "agent", identity } , { kind: "number", number } or { kind: "queue", queueSid? }.');
}

/** Registers the contact centre's routes. */
export async function contactCentreRoutes(app: FastifyInstance, options: ContactCentreRoutesOptions): Promise<void> {
  const { settings, contactCentre } = options;
  const library = options.library ?? (await loadTwilioLibrary());
  const client = options.client ?? createTwilioClient(library, { accountSid: settings.accountSid, apiKeySid: settings.apiKeySid, apiKeySecret: settings.apiKeySecret, ...(contactCentre.apiBaseUrl ? { baseUrl: contactCentre.apiBaseUrl } : {}) });
  const { authenticate } = options;
  const base = (request: FastifyRequest) => publicBase(settings, request);
  // The callbacks of the legs a request dials go to TWILIO_WEBHOOK_BASE_URL, else to the URL the request came to.
  const services = (request: FastifyRequest) => {
    const common = { client, settings, contactCentre, callbackBaseUrl: base(request) };
    return { calls: new TwilioCallControl({ ...common, ...(options.dialPolicy ? { dialPolicy: options.dialPolicy } : {}) }), tasks: new TwilioTaskControl({ ...common, library }) };
  };

  await app.register(async (scope) => {
    await scope.register(formbody);
    const signed = twilioSignatureCheck(library, settings);
    const refuse = (reply: FastifyReply) => reply.code(403).type('text/plain').send(UNSIGNED_REFUSAL);
    const fail = (reply: FastifyReply, error: unknown) => {
      if (error instanceof CallControlError) return reply.code(error.httpStatus).send({ error: error.code, message: error.message, ...(error.twilioCode ? { twilioCode: error.twilioCode } : {}) });
      throw error;
    };
    /** A Twilio callback: signed, then handled; a failure is answered 502 with what went wrong. */
    const callback = (path: string, handle: (params: Form, request: FastifyRequest) => Promise<void>) =>
      scope.post(path, async (request, reply) => {
        if (!signed(request)) return refuse(reply);
        try {
          await handle(form(request), request);
          return reply.code(204).send();
        } catch (error) {
          if (error instanceof CallControlError) return reply.code(502).send({ error: error.code, message: error.message });
          throw error;
        }
      });
    /** An agent's request: authenticated, then run; call-control failures become their HTTP answers. */
    const agentRoute = <P>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handle: (agent: CallControlAgent, request: FastifyRequest<{ Params: P }>) => Promise<unknown>) =>
      scope.route<{ Params: P }>({
        method,
        url: path,
        handler: async (request, reply) => {
          let agent: CallControlAgent | undefined;
          try {
            agent = await authenticate(request);
          } catch (error) {
            // 401 or 403 with what is missing (server/auth); anything else is the server's fault.
            return sendAuthError(reply, error);
          }
          if (!agent) return reply.code(401).send({ error: 'unauthenticated', message: 'Sign in before using the softphone.' });
          try {
            return reply.header('cache-control', 'no-store').send((await handle(agent, request)) ?? { ok: true });
          } catch (error) {
            return fail(reply, error);
          }
        },
      });

    scope.post('/api/twilio/cc/voice', (request, reply) => {
      if (!signed(request)) return refuse(reply);
      const params = form(request);
      const response = new library.twiml.VoiceResponse();
      const data = Object.fromEntries(Object.entries(params).filter(([name, value]) => value && /^(CallerName|Digits|SpeechResult|FromCity|FromState|FromCountry)$/.test(name)).map(([name, value]) => [name === 'CallerName' ? 'caller_name' : name, value]));
      response.enqueue({ workflowSid: contactCentre.workflowSid }).task({}, JSON.stringify({ type: 'inbound', ...data }));
      return reply.type('text/xml').send(response.toString());
    });
    callback('/api/twilio/cc/conference-events', (params, request) => services(request).calls.conferenceEvent(params));
    callback('/api/twilio/cc/leg-events', async (params, request) => {
      const conference = (request.query as Form).conference;
      if (conference) await services(request).calls.legEvent(conference, params);
    });
    callback('/api/twilio/cc/taskrouter-events', (params, request) => services(request).tasks.taskRouterEvent(params));
    callback('/api/twilio/cc/recording-events', async () => undefined);

    agentRoute('GET', '/api/twilio/cc/worker-token', (agent, request) => services(request).tasks.workerToken(agent));
    agentRoute('GET', '/api/twilio/cc/tasks', async (agent, request) => ({ tasks: await services(request).tasks.liveTasks(agent) }));
    agentRoute<{ taskSid: string; reservationSid: string }>('POST', '/api/twilio/cc/reservations/:taskSid/:reservationSid/accept', (agent, request) => services(request).tasks.accept(agent, request.params.taskSid, request.params.reservationSid));
    agentRoute<{ taskSid: string; reservationSid: string }>('POST', '/api/twilio/cc/reservations/:taskSid/:reservationSid/reject', (agent, request) => services(request).tasks.reject(agent, request.params.taskSid, request.params.reservationSid));
    agentRoute<{ taskSid: string }>('POST', '/api/twilio/cc/tasks/:taskSid/complete', (agent, request) => services(request).tasks.complete(agent, request.params.taskSid));
    agentRoute('GET', '/api/twilio/cc/presence', (agent, request) => services(request).tasks.presence(agent));
    agentRoute('PUT', '/api/twilio/cc/presence', (agent, request) => {
      const status = form(request).status as AgentStatus | undefined;
      if (!status || !PRESENCE.includes(status)) throw new CallControlError('invalid', 'status must be available, busy or offline.');
      return services(request).tasks.setPresence(agent, status);
    });

    // A supervisor's list of live calls, read from Twilio each time (403 for an agent).
    agentRoute('GET', '/api/twilio/cc/team-calls', async (agent) => ({ calls: await listTeamCalls({ client, workspaceSid: contactCentre.workspaceSid }, agent) }));

    type Call = { conferenceSid: string };
    type Leg = Call & { callSid: string };
    const call = '/api/twilio/cc/calls/:conferenceSid';
    agentRoute<Call>('GET', call, (agent, request) => services(request).calls.view(agent, request.params.conferenceSid));
    agentRoute<Call>('POST', `${call}/hold`, (agent, request) => services(request).calls.hold(agent, request.params.conferenceSid, form(request).callSid));
    agentRoute<Call>('POST', `${call}/resume`, (agent, request) => services(request).calls.resume(agent, request.params.conferenceSid, form(request).callSid));
    agentRoute<Call>('POST', `${call}/merge`, (agent, request) => services(request).calls.merge(agent, request.params.conferenceSid));
    agentRoute<Call>('POST', `${call}/complete-transfer`, (agent, request) => services(request).calls.completeTransfer(agent, request.params.conferenceSid));
    agentRoute<Call>('POST', `${call}/transfer`, (agent, request) => services(request).calls.coldTransfer(agent, request.params.conferenceSid, transferTarget((request.body as Record<string, unknown> | undefined)?.to)));
    agentRoute<Call>('POST', `${call}/participants`, async (agent, request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const mode = body.mode === 'consult' ? 'consult' : body.mode === 'conference' ? 'conference' : undefined;
      if (!mode) throw new CallControlError('invalid', 'mode must be consult or conference.');
      return { callSid: await services(request).calls.addParticipant(agent, request.params.conferenceSid, { to: transferTarget(body.to), mode }) };
    });
    agentRoute<Leg>('DELETE', `${call}/participants/:callSid`, (agent, request) => services(request).calls.removeParticipant(agent, request.params.conferenceSid, request.params.callSid));
    agentRoute<Call>('POST', `${call}/hangup`, (agent, request) => services(request).calls.hangUp(agent, request.params.conferenceSid));
    agentRoute<Call>('POST', `${call}/rejoin`, async (agent, request) => ({ callSid: await services(request).calls.rejoin(agent, request.params.conferenceSid) }));
    agentRoute<Call>('POST', `${call}/monitor`, async (agent, request) => ({ callSid: await services(request).calls.monitor(agent, request.params.conferenceSid, monitorMode(request.body)) }));
    agentRoute<Call>('PUT', `${call}/monitor`, (agent, request) => services(request).calls.setMonitorMode(agent, request.params.conferenceSid, monitorMode(request.body)));
    agentRoute<Call>('POST', `${call}/recording`, (agent, request) => services(request).calls.startRecording(agent, request.params.conferenceSid));
    agentRoute<Call>('DELETE', `${call}/recording`, (agent, request) => services(request).calls.stopRecording(agent, request.params.conferenceSid));
  });
}

function monitorMode(body: unknown): MonitorMode {
  const mode = (typeof body === 'object' && body !== null ? (body as Record<string, unknown>).mode : undefined) as MonitorMode | undefined;
  if (!mode || !MODES.includes(mode)) throw new CallControlError('invalid', 'mode must be listen, whisper or barge.');
  return mode;
}
