/**
 * The stand-in's own surface, under `/__stand-in/` and apart from Twilio's API: what the outside
 * world does to Twilio in a real deployment — a customer calls the number or hangs up, an agent's
 * browser answers a call to its client identity or places one through the TwiML app, a supervisor
 * watches — plus a view of the state, the callbacks delivered, and failures to inject.
 */
import type { FastifyInstance } from 'fastify';
import type { StandInFault, TwilioStandIn } from './index.js';

type Body = Record<string, unknown>;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Registers `/__stand-in/…`. */
export function adminRoutes(app: FastifyInstance, standIn: TwilioStandIn): void {
  app.post<{ Body: Body }>('/__stand-in/incoming-calls', async (request, reply) => {
    const from = text(request.body?.from);
    const to = text(request.body?.to);
    if (!from || !to) return reply.code(400).send({ message: 'from and to are required: the caller and the Twilio number they dial' });
    const callerName = text(request.body?.callerName);
    const call = await standIn.incomingCall({ from, to, ...(callerName ? { callerName } : {}) });
    return reply.code(201).send({ callSid: call.sid, status: call.status });
  });
  app.post<{ Params: { identity: string }; Body: Body }>('/__stand-in/clients/:identity/calls', async (request, reply) => {
    const params = typeof request.body?.params === 'object' && request.body.params !== null ? (request.body.params as Record<string, string>) : {};
    const call = await standIn.clientCall(request.params.identity, params);
    return reply.code(201).send({ callSid: call.sid, status: call.status });
  });
  app.get<{ Params: { identity: string } }>('/__stand-in/clients/:identity/ringing', (request) => ({ calls: standIn.ringing(`client:${request.params.identity}`).map((call) => ({ callSid: call.sid, from: call.from, parentCallSid: call.parentCallSid ?? null })) }));
  app.post<{ Params: { sid: string } }>('/__stand-in/calls/:sid/answer', async (request) => {
    const call = await standIn.voice.answer(request.params.sid);
    return { callSid: call.sid, status: call.status };
  });
  app.post<{ Params: { sid: string } }>('/__stand-in/calls/:sid/hangup', (request) => ({ status: standIn.voice.hangUp(request.params.sid).status }));
  app.post<{ Params: { sid: string }; Body: Body }>('/__stand-in/calls/:sid/reject', (request) => {
    const status = request.body?.status === 'busy' || request.body?.status === 'failed' ? request.body.status : 'no-answer';
    standIn.voice.endUnanswered(request.params.sid, status);
    return { status: standIn.voice.call(request.params.sid).status };
  });
  app.post<{ Body: Body }>('/__stand-in/faults', (request, reply) => {
    const path = text(request.body?.path);
    const status = Number(request.body?.status);
    if (!path || !Number.isInteger(status)) return reply.code(400).send({ message: 'path (a regular expression) and status are required' });
    const fault: StandInFault = { path: new RegExp(path), status, code: Number(request.body?.code ?? (status === 429 ? 20429 : 20500)), times: Number(request.body?.times ?? 1), ...(text(request.body?.method) ? { method: text(request.body?.method) } : {}) };
    standIn.injectFault(fault);
    return reply.code(201).send({ ok: true });
  });
  app.get('/__stand-in/callbacks', () => ({ deliveries: standIn.callbacks.deliveries }));
  app.get('/__stand-in/state', () => standIn.snapshot());
}
