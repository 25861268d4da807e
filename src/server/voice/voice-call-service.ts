import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthError, type AgentIdentity, type Authenticate } from '../auth/index.js';
import { sendAuthError } from '../auth/server-auth.js';
import type { EndReason } from '../../core/index.js';
import type { VoiceCallEnd, VoiceCallStart, VoiceCallSync } from '../../salesforce/voice/voice-call-sync.js';
import type { OmniFlowRequest, TelephonyApiClient, TranscriptMessage } from './telephony-api.js';

/** `callDisposition` written when a call ends, by why it ended. */
export const DISPOSITIONS: Record<EndReason, string> = {
  'hangup-local': 'completed',
  'hangup-remote': 'completed',
  transferred: 'transferred',
  rejected: 'declined',
  missed: 'missed',
  failed: 'failed',
};

/**
 * The vendor server's VoiceCall life cycle over the Telephony Integration API: create on the
 * first report of a call, update on connect and end. Updates wait for the create of their call,
 * so they never reach the API before the VoiceCall exists.
 */
export class VoiceCallService implements VoiceCallSync {
  private readonly starts = new Map<string, Promise<{ readonly voiceCallId?: string }>>();

  constructor(private readonly api: TelephonyApiClient) {}

  started(call: VoiceCallStart): Promise<{ readonly voiceCallId?: string }> {
    const farEnd = call.direction === 'inbound' ? call.from : call.to;
    const pending = this.api.createVoiceCall({
      vendorCallKey: call.vendorCallKey,
      from: call.from,
      to: call.to,
      initiationMethod: call.direction === 'inbound' ? 'Inbound' : 'Outbound',
      startTime: call.startTime,
      participants: [{ participantKey: farEnd, type: 'END_USER' }],
      ...(call.data && Object.keys(call.data).length ? { callAttributes: JSON.stringify(call.data) } : {}),
    });
    this.starts.set(call.vendorCallKey, pending);
    if (this.starts.size > 5000) this.starts.delete(this.starts.keys().next().value as string);
    return pending;
  }

  async connected(vendorCallKey: string, acceptTime: string): Promise<void> {
    await this.api.updateVoiceCall(await this.target(vendorCallKey), { acceptTime });
  }

  async ended(call: VoiceCallEnd): Promise<void> {
    await this.api.updateVoiceCall(await this.target(call.vendorCallKey), {
      startTime: call.startTime,
      ...(call.acceptTime ? { acceptTime: call.acceptTime } : {}),
      endTime: call.endTime,
      totalHoldDuration: call.totalHoldDurationSeconds,
      numberOfHolds: call.numberOfHolds,
      callDisposition: DISPOSITIONS[call.reason],
    });
  }

  /** Adds a transcript utterance to the call's VoiceCall (retried with the same `messageId`). */
  async transcript(vendorCallKey: string, message: TranscriptMessage): Promise<void> {
    await this.starts.get(vendorCallKey)?.catch(() => undefined);
    await this.api.addTranscriptMessage(vendorCallKey, message);
  }

  /** Routes the call through an Omni-Channel flow. */
  async route(vendorCallKey: string, request: OmniFlowRequest): Promise<void> {
    await this.api.routeThroughOmniFlow(await this.target(vendorCallKey), request);
  }

  /** The VoiceCall id once created; the vendor call key (which the API also accepts) otherwise. */
  private async target(vendorCallKey: string): Promise<string> {
    const created = await this.starts.get(vendorCallKey)?.catch(() => undefined);
    return created?.voiceCallId ?? vendorCallKey;
  }
}

const END_REASONS = Object.keys(DISPOSITIONS);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Checks a reported field; returns an error message naming it, or undefined. */
function check(body: Record<string, unknown>, field: string, test: (value: unknown) => boolean, expected: string, optional = false): string | undefined {
  const value = body[field];
  if (value === undefined && optional) return undefined;
  return test(value) ? undefined : `${field} must be ${expected}`;
}

const isText = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length <= 255;
const isIso = (value: unknown) => typeof value === 'string' && ISO.test(value);
const isCount = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;

/** Who may report calls. */
export interface VoiceReportAuth {
  readonly authenticate: Authenticate;
  /**
   * Whether a call is this agent's, where the server knows (the simulator, Twilio): `undefined`
   * when it does not know the call. Without it, a call belongs to the agent who reported its start.
   */
  readonly isAgentsCall?: (identity: AgentIdentity, vendorCallKey: string) => boolean | undefined;
}

/**
 * The connector's endpoints for call life-cycle reports: `/api/voice/calls…`. With `auth`, each
 * report needs a session, and a report about a call is taken only from its agent (403 otherwise).
 */
export function voiceCallRoutes(app: FastifyInstance, sync: VoiceCallSync & Partial<Pick<VoiceCallService, 'transcript' | 'route'>>, auth?: VoiceReportAuth): void {
  const bad = (messages: (string | undefined)[]) => messages.filter((m): m is string => !!m);
  // Who reported each call's start (this instance's memory; the telephony system is the truth where it knows).
  const reporters = new Map<string, string>();
  const reporterOf = new WeakMap<FastifyRequest, string>();
  const refuseOthers = async (request: FastifyRequest, reply: FastifyReply, key: string): Promise<FastifyReply | undefined> => {
    if (!auth) return undefined;
    try {
      const identity = await auth.authenticate(request);
      const known = auth.isAgentsCall?.(identity, key);
      const reporter = reporters.get(key);
      if (known === false || (known === undefined && reporter !== undefined && reporter !== identity.userId)) {
        throw new AuthError('not-your-call', `call ${key.slice(0, 64)} is not a call of Salesforce user ${identity.userId}: only its agent reports it.`);
      }
      reporterOf.set(request, identity.userId);
      return undefined;
    } catch (error) {
      return sendAuthError(reply, error);
    }
  };
  const guard = { preHandler: async (request: FastifyRequest<{ Params: { key?: string } }>, reply: FastifyReply) => {
    const key = request.params.key ?? (typeof request.body === 'object' && request.body !== null ? (request.body as { vendorCallKey?: unknown }).vendorCallKey : undefined);
    return refuseOthers(request, reply, typeof key === 'string' ? key : '');
  } };
  app.post('/api/voice/calls', guard, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const errors = bad([
      check(body, 'vendorCallKey', isText, 'a call id'),
      check(body, 'direction', (v) => v === 'inbound' || v === 'outbound', '"inbound" or "outbound"'),
      check(body, 'from', (v) => typeof v === 'string' && v.length <= 80, 'a phone number'),
      check(body, 'to', (v) => typeof v === 'string' && v.length <= 80, 'a phone number'),
      check(body, 'startTime', isIso, 'an ISO 8601 UTC time'),
      check(body, 'data', (v) => !!v && typeof v === 'object' && Object.values(v).every((x) => typeof x === 'string'), 'an object of strings', true),
    ]);
    if (errors.length) return reply.code(400).send({ message: errors.join('; ') });
    const reporter = reporterOf.get(request);
    if (reporter && !reporters.has(body.vendorCallKey as string)) {
      reporters.set(body.vendorCallKey as string, reporter);
      if (reporters.size > 5000) reporters.delete(reporters.keys().next().value as string);
    }
    return sync.started(body as unknown as VoiceCallStart);
  });
  app.post<{ Params: { key: string } }>('/api/voice/calls/:key/connected', guard, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const errors = bad([check(body, 'acceptTime', isIso, 'an ISO 8601 UTC time')]);
    if (errors.length) return reply.code(400).send({ message: errors.join('; ') });
    await sync.connected(request.params.key, body.acceptTime as string);
    return { ok: true };
  });
  app.post<{ Params: { key: string } }>('/api/voice/calls/:key/ended', guard, async (request, reply) => {
    const body = { ...((request.body ?? {}) as Record<string, unknown>), vendorCallKey: request.params.key };
    const errors = bad([
      check(body, 'startTime', isIso, 'an ISO 8601 UTC time'),
      check(body, 'acceptTime', isIso, 'an ISO 8601 UTC time', true),
      check(body, 'endTime', isIso, 'an ISO 8601 UTC time'),
      check(body, 'reason', (v) => END_REASONS.includes(String(v)), `one of ${END_REASONS.join(', ')}`),
      check(body, 'totalHoldDurationSeconds', isCount, 'a whole number of seconds'),
      check(body, 'numberOfHolds', isCount, 'a whole number'),
    ]);
    if (errors.length) return reply.code(400).send({ message: errors.join('; ') });
    await sync.ended(body as unknown as VoiceCallEnd);
    return { ok: true };
  });
  const { transcript, route } = sync;
  if (transcript) {
    app.post<{ Params: { key: string } }>('/api/voice/calls/:key/messages', guard, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const errors = bad([
        check(body, 'messageId', isText, 'a unique message id'),
        check(body, 'participantId', isText, 'the speaker\'s id (caller number or agent id)'),
        check(body, 'senderType', (v) => v === 'END_USER' || v === 'HUMAN_AGENT' || v === 'VIRTUAL_AGENT', '"END_USER", "HUMAN_AGENT" or "VIRTUAL_AGENT"'),
        check(body, 'content', (v) => typeof v === 'string' && v.length > 0 && v.length <= 10_000, 'the utterance text (1 to 10000 characters)'),
        check(body, 'startTime', isCount, 'epoch milliseconds'),
        check(body, 'endTime', isCount, 'epoch milliseconds'),
      ]);
      if (errors.length) return reply.code(400).send({ message: errors.join('; ') });
      await transcript.call(sync, request.params.key, body as unknown as TranscriptMessage);
      return { ok: true };
    });
  }
  if (route) {
    app.post<{ Params: { key: string } }>('/api/voice/calls/:key/omni-flow', guard, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const errors = bad([
        check(body, 'flowDevName', isText, 'the Omni-Channel flow\'s API name'),
        check(body, 'fallbackQueue', isText, 'the fallback queue\'s id or API name'),
        check(body, 'dialedNumber', (v) => typeof v === 'string', 'a phone number', true),
        check(body, 'flowInputParameters', (v) => !!v && typeof v === 'object' && Object.values(v).every((x) => typeof x === 'string'), 'an object of strings', true),
      ]);
      if (errors.length) return reply.code(400).send({ message: errors.join('; ') });
      await route.call(sync, request.params.key, body as unknown as OmniFlowRequest);
      return { ok: true };
    });
  }
}
