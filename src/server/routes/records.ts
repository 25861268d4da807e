import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FaultInjector } from '../faults.js';
import { RecordError, isObjectType, SOFTPHONE_LAYOUT_OBJECTS, type ObjectType, type RecordStore } from '../../console/store/index.js';

/** Salesforce-shaped error body: a list of `{ message, errorCode, fields }`. */
function sendError(reply: FastifyReply, status: number, errorCode: string, message: string, fields: readonly string[] = []): FastifyReply {
  return reply.code(status).send([{ message, errorCode, fields }]);
}

function objectType(reply: FastifyReply, type: string): ObjectType | undefined {
  if (isObjectType(type)) return type;
  sendError(reply, 404, 'NOT_FOUND', `The requested resource does not exist: sObject type '${type}' is not one of Contact, Lead, Account, Case, Task.`);
  return undefined;
}

function handle(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof RecordError) {
    return sendError(reply, error.code === 'NOT_FOUND' ? 404 : 400, error.code, error.message, error.fields);
  }
  throw error;
}

/** REST for records: `GET|POST /api/sobjects/:type`, `GET|PATCH /api/sobjects/:type/:id`, `GET /api/search`. */
/** Header the console's Open CTI emulation sets on the writes of a softphone's `saveLog`. */
export const SAVE_LOG_HEADER = 'x-softphone-savelog';

/** Response header telling the console's Open CTI emulation to never answer this saveLog. */
export const DROP_RESPONSE_HEADER = 'x-softphone-fault';

/**
 * Runs one write, under the injected saveLog faults when it is a softphone's saveLog: fail without
 * saving, or save and have the console swallow the answer, so the softphone's saveLog times out
 * not knowing the record exists. (Cutting the HTTP connection instead would not do: browsers resend
 * a request whose reused connection closed without an answer, which would save twice.)
 */
async function write(faults: FaultInjector | undefined, request: FastifyRequest, reply: FastifyReply, run: () => FastifyReply): Promise<FastifyReply> {
  const fault = faults && request.headers[SAVE_LOG_HEADER] ? await faults.saveLog() : 'none';
  if (fault === 'fail') return sendError(reply, 503, 'SERVER_UNAVAILABLE', 'Injected fault: saveLog failed and nothing was saved; retry later.');
  if (fault === 'drop-response') reply.header(DROP_RESPONSE_HEADER, 'drop-response');
  return run();
}

export function recordRoutes(app: FastifyInstance, store: RecordStore, faults?: FaultInjector): void {
  app.get<{ Params: { type: string }; Querystring: Record<string, string> }>('/api/sobjects/:type', (request, reply) => {
    const type = objectType(reply, request.params.type);
    if (!type) return reply;
    const { limit, ...where } = request.query;
    try {
      return store.list(type, where, limit ? Number(limit) : undefined);
    } catch (error) {
      return handle(reply, error);
    }
  });

  app.get<{ Params: { type: string; id: string } }>('/api/sobjects/:type/:id', (request, reply) => {
    const type = objectType(reply, request.params.type);
    if (!type) return reply;
    const record = store.get(request.params.id);
    if (!record || record.attributes.type !== type) {
      return sendError(reply, 404, 'NOT_FOUND', `No ${type} record has the id ${request.params.id}.`);
    }
    return record;
  });

  app.post<{ Params: { type: string }; Body: unknown }>('/api/sobjects/:type', (request, reply) => {
    const type = objectType(reply, request.params.type);
    if (!type) return reply;
    return write(faults, request, reply, () => {
      try {
        const id = store.create(type, request.body);
        return reply.code(201).send({ id, success: true, errors: [] });
      } catch (error) {
        return handle(reply, error);
      }
    });
  });

  app.patch<{ Params: { type: string; id: string }; Body: unknown }>('/api/sobjects/:type/:id', (request, reply) => {
    const type = objectType(reply, request.params.type);
    if (!type) return reply;
    return write(faults, request, reply, () => {
      try {
        store.update(type, request.params.id, request.body);
        return reply.code(204).send();
      } catch (error) {
        return handle(reply, error);
      }
    });
  });

  app.get<{ Querystring: { q?: string; types?: string } }>('/api/search', (request, reply) => {
    const q = request.query.q ?? '';
    const types = request.query.types ? request.query.types.split(',') : [...SOFTPHONE_LAYOUT_OBJECTS];
    const unknown = types.find((type) => !isObjectType(type));
    if (unknown) return sendError(reply, 400, 'INVALID_TYPE', `types: '${unknown}' is not one of Contact, Lead, Account, Case, Task.`, ['types']);
    return store.search(q, types as ObjectType[]);
  });
}
