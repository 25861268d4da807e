/**
 * A local stand-in for Salesforce's Telephony Integration REST API: it verifies each request's JWT
 * with the call centre's certificate and checks each body against the documented shape, keeps the
 * VoiceCalls it creates, and can fail on purpose. Used by tests and by the local Voice console,
 * where no org is reachable; it is not Salesforce and does not pretend to do what Salesforce does
 * with a VoiceCall (routing, records, transcripts in the UI).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { importX509, jwtVerify } from 'jose';
import { errorMessage } from '../../core/index.js';

/** A VoiceCall as the stand-in keeps it. */
export interface StandInVoiceCall {
  readonly voiceCallId: string;
  readonly vendorCallKey: string;
  readonly create: Readonly<Record<string, unknown>>;
  readonly updates: Readonly<Record<string, unknown>>[];
  readonly messages: Readonly<Record<string, unknown>>[];
  readonly omniFlow: Readonly<Record<string, unknown>>[];
}

/** One request the stand-in answered. */
export interface StandInRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly body: unknown;
}

/** How the next request fails: before doing anything, or after doing it (the response is lost). */
export type StandInFailure = 'before' | 'after';

/** Settings of the stand-in: what the org's call centre holds. */
export interface TelephonyStandInOptions {
  readonly orgId: string;
  readonly callCenterApiName: string;
  readonly certificatePem: string;
  readonly audience?: string;
}

type Shape = Record<string, { readonly type: 'string' | 'number' | 'boolean' | 'array' | 'object'; readonly required?: boolean; readonly pattern?: RegExp; readonly values?: readonly string[] }>;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const CREATE: Shape = {
  callCenterApiName: { type: 'string', required: true },
  vendorCallKey: { type: 'string', required: true, pattern: /^.{1,255}$/ },
  to: { type: 'string', required: true },
  from: { type: 'string', required: true },
  initiationMethod: { type: 'string', required: true, values: ['Inbound', 'Outbound', 'Transfer', 'Callback'] },
  startTime: { type: 'string', required: true, pattern: ISO },
  participants: { type: 'array', required: true },
  parentVoiceCallId: { type: 'string' },
  callAttributes: { type: 'string' },
};
const UPDATE: Shape = {
  startTime: { type: 'string', pattern: ISO },
  acceptTime: { type: 'string', pattern: ISO },
  endTime: { type: 'string', pattern: ISO },
  totalHoldDuration: { type: 'number' },
  numberOfHolds: { type: 'number' },
  callDisposition: { type: 'string' },
  recordingLocation: { type: 'string' },
  totalRecordingDuration: { type: 'number' },
  isInternalTransfer: { type: 'boolean' },
};
const MESSAGE: Shape = {
  messageId: { type: 'string', required: true },
  participantId: { type: 'string', required: true },
  senderType: { type: 'string', required: true, values: ['END_USER', 'HUMAN_AGENT', 'VIRTUAL_AGENT'] },
  content: { type: 'string', required: true },
  startTime: { type: 'number', required: true },
  endTime: { type: 'number', required: true },
};
const OMNI_FLOW: Shape = {
  flowDevName: { type: 'string', required: true },
  fallbackQueue: { type: 'string', required: true },
  dialedNumber: { type: 'string' },
  flowInputParameters: { type: 'object' },
};

/** Problems of a body against a shape: unknown fields, missing or mistyped ones. */
function problems(body: unknown, shape: Shape): string[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return ['the body must be a JSON object'];
  const found: string[] = [];
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!(key in shape)) found.push(`unknown field ${key}`);
  for (const [key, rule] of Object.entries(shape)) {
    const value = record[key];
    if (value === undefined) {
      if (rule.required) found.push(`${key} is required`);
      continue;
    }
    const type = Array.isArray(value) ? 'array' : typeof value;
    if (type !== rule.type) found.push(`${key} must be a ${rule.type}`);
    else if (rule.pattern && !rule.pattern.test(String(value))) found.push(`${key} is malformed`);
    else if (rule.values && !rule.values.includes(String(value))) found.push(`${key} must be one of ${rule.values.join(', ')}`);
  }
  return found;
}

/** The stand-in. Register it on a Fastify app with {@link TelephonyApiStandIn.register}. */
export class TelephonyApiStandIn {
  readonly voiceCalls = new Map<string, StandInVoiceCall>();
  readonly requests: StandInRequest[] = [];
  private readonly options: TelephonyStandInOptions;
  private readonly key: ReturnType<typeof importX509>;
  private failures: StandInFailure[] = [];

  constructor(options: TelephonyStandInOptions) {
    this.options = options;
    this.key = importX509(options.certificatePem, 'RS256');
  }

  /** Makes the next requests fail with 503, in order. */
  failNext(...failures: StandInFailure[]): void {
    this.failures.push(...failures);
  }

  /** The VoiceCall of a vendor call key or id. */
  find(idOrKey: string): StandInVoiceCall | undefined {
    return this.voiceCalls.get(idOrKey) ?? [...this.voiceCalls.values()].find((call) => call.voiceCallId === idOrKey);
  }

  /** Adds the API's routes under `prefix` (default `/telephony/v1`). */
  register(app: FastifyInstance, prefix = '/telephony/v1'): void {
    app.post(`${prefix}/voiceCalls`, (request, reply) =>
      this.handle(request, reply, CREATE, (body) => {
        if (body.callCenterApiName !== this.options.callCenterApiName) return [400, { message: `callCenterApiName ${String(body.callCenterApiName)} is not this call centre` }];
        const participants = body.participants as unknown[];
        if (!participants.length || !participants.every((p) => p && typeof p === 'object' && typeof (p as Record<string, unknown>).participantKey === 'string' && (p as Record<string, unknown>).type === 'END_USER')) {
          return [400, { message: 'participants must be [{ participantKey, type: "END_USER" }, …]' }];
        }
        const key = String(body.vendorCallKey);
        if (this.voiceCalls.has(key)) return [400, { message: `A VoiceCall with vendorCallKey ${key} already exists (duplicate)` }];
        const voiceCallId = `0LQ${randomBytes(6).toString('hex').toUpperCase().slice(0, 12)}`;
        this.voiceCalls.set(key, { voiceCallId, vendorCallKey: key, create: body, updates: [], messages: [], omniFlow: [] });
        return [200, { voiceCallId }];
      }),
    );
    app.patch<{ Params: { id: string } }>(`${prefix}/voiceCalls/:id`, (request, reply) =>
      this.handle(request, reply, UPDATE, (body) => this.withCall(request.params.id, (call) => void call.updates.push(body))),
    );
    app.post<{ Params: { id: string } }>(`${prefix}/voiceCalls/:id/messages`, (request, reply) =>
      this.handle(request, reply, MESSAGE, (body) =>
        this.withCall(request.params.id, (call) => {
          if (!call.messages.some((m) => m.messageId === body.messageId)) call.messages.push(body);
        }),
      ),
    );
    app.patch<{ Params: { id: string } }>(`${prefix}/voiceCalls/:id/omniFlow`, (request, reply) =>
      this.handle(request, reply, OMNI_FLOW, (body) => this.withCall(request.params.id, (call) => void call.omniFlow.push(body))),
    );
  }

  private withCall(id: string, change: (call: StandInVoiceCall) => void): [number, object] {
    const call = this.find(id);
    if (!call) return [404, { message: `No VoiceCall ${id}` }];
    change(call);
    return [200, { success: true }];
  }

  private async handle(request: FastifyRequest, reply: FastifyReply, shape: Shape, act: (body: Record<string, unknown>) => [number, object]): Promise<FastifyReply> {
    const answer = (status: number, body: object) => {
      this.requests.push({ method: request.method, path: request.url, status, body: request.body });
      return reply.code(status).send(body);
    };
    const auth = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    if (!auth) return answer(401, { message: 'Authorization: Bearer <JWT> is required' });
    try {
      await jwtVerify(auth[1]!, await this.key, {
        algorithms: ['RS256'],
        issuer: this.options.orgId,
        subject: this.options.callCenterApiName,
        audience: this.options.audience ?? 'https://scrt.salesforce.com',
        requiredClaims: ['iat', 'exp'],
      });
    } catch (error) {
      return answer(401, { message: `JWT rejected: ${errorMessage(error)}` });
    }
    if (!/^application\/json/.test(request.headers['content-type'] ?? '')) return answer(415, { message: 'Content-Type must be application/json' });
    const found = problems(request.body, shape);
    if (found.length) return answer(400, { message: found.join('; ') });
    const failure = this.failures.shift();
    if (failure === 'before') return answer(503, { message: 'Service unavailable (injected)' });
    const [status, body] = act(request.body as Record<string, unknown>);
    if (failure === 'after') return answer(503, { message: 'Service unavailable after processing (injected)' });
    return answer(status, body);
  }
}
