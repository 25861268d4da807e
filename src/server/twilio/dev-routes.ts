/**
 * The console's controls of the local Twilio stand-in (`dev --provider twilio` without an account):
 * a customer calls the queue (TaskRouter routes the call to an available agent) or the agent's
 * direct number (it rings that agent's identity), the customer hangs up, and the customers' calls
 * are listed for the simulator panel. Registered only while the stand-in runs.
 */
import type { FastifyInstance } from 'fastify';
import { errorMessage } from '../../core/index.js';

/** A customer's call on the stand-in, as the console lists it. */
export interface StandInCustomerCall {
  readonly callSid: string;
  readonly from: string;
  readonly to: string;
  readonly status: string;
  /** `queue` while TaskRouter looks for an agent, `conference` once with one, `none` otherwise. */
  readonly place: string;
}

/** What the console needs of the running stand-in. */
export interface TwilioStandInConsole {
  /** The stand-in's base URL, which the local softphone's SDK stand-ins talk to. */
  readonly url: string;
  /** The number whose calls enter the TaskRouter queue. */
  readonly queueNumber: string;
  /** The number whose calls ring the default agent's identity directly. */
  readonly directNumber: string;
  /** A customer calls `to`; `digits` is what an IVR gathered (e.g. an account number), a task attribute. */
  call(init: { from: string; to: string; callerName?: string; digits?: string }): Promise<StandInCustomerCall>;
  customerCalls(): StandInCustomerCall[];
  hangUp(callSid: string): void;
}

type Body = Record<string, unknown> | undefined;
const text = (value: unknown, max = 64): string | undefined => (typeof value === 'string' && value.trim() !== '' && value.length <= max ? value.trim() : undefined);

/** `GET/POST /api/twilio/stand-in/calls`, `POST /api/twilio/stand-in/calls/:sid/hangup`. */
export function twilioStandInConsoleRoutes(app: FastifyInstance, standIn: TwilioStandInConsole): void {
  app.get('/api/twilio/stand-in/calls', () => ({ queueNumber: standIn.queueNumber, directNumber: standIn.directNumber, calls: standIn.customerCalls() }));
  app.post<{ Body: Body }>('/api/twilio/stand-in/calls', async (request, reply) => {
    const from = text(request.body?.from, 32);
    if (!from || !/^\+[1-9]\d{6,14}$/.test(from)) return reply.code(400).send({ message: 'from must be the caller\'s number in E.164 form, e.g. +14155550142' });
    const digits = text(request.body?.digits, 32);
    if (digits !== undefined && !/^[0-9*#]+$/.test(digits)) return reply.code(400).send({ message: 'digits must be 0-9, * and #, as an IVR gathers them' });
    const callerName = text(request.body?.callerName);
    const to = request.body?.queue === false ? standIn.directNumber : standIn.queueNumber;
    try {
      return reply.code(201).send(await standIn.call({ from, to, ...(callerName ? { callerName } : {}), ...(digits ? { digits } : {}) }));
    } catch (error) {
      return reply.code(502).send({ message: `The Twilio stand-in could not place the call: ${errorMessage(error)}` });
    }
  });
  app.post<{ Params: { sid: string } }>('/api/twilio/stand-in/calls/:sid/hangup', (request, reply) => {
    if (!standIn.customerCalls().some((call) => call.callSid === request.params.sid)) return reply.code(404).send({ message: `No customer call ${request.params.sid} on the Twilio stand-in` });
    standIn.hangUp(request.params.sid);
    return { ok: true };
  });
}
