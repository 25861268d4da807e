import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorMessage } from '../../core/index.js';
import type { SimMessage, SimRequest } from '../../providers/simulator/protocol.js';
import type { AgentIdentity, Authenticate } from '../auth/index.js';
import { AuthError, sessionTokenOf } from '../auth/index.js';
import { sendAuthError } from '../auth/server-auth.js';
import type { FaultInjector } from '../faults.js';
import { commandErrorCode } from '../simulator-input.js';
import { SimulatorError, type InboundCallRequest, type TelephonySimulator } from '../telephony-simulator.js';

function fail(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof SimulatorError) return reply.code(error.status).send({ error: error.code, message: error.message });
  throw error;
}

/** Checks `POST /api/sim/calls`'s body, naming the field that is wrong. */
export function parseInboundCall(body: unknown): InboundCallRequest {
  const bad = (field: string, expected: string): SimulatorError =>
    new SimulatorError(400, 'invalid-argument', `${field} must be ${expected}.`);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('The request body', 'a JSON object like {"from": "+14155550142"}');
  const { from, name, to, data, agent, ringTimeoutMs } = body as Record<string, unknown>;
  if (typeof from !== 'string' || from.trim() === '' || from.length > 64) throw bad('from', 'the caller\'s number, 1 to 64 characters');
  if (name !== undefined && (typeof name !== 'string' || name.length > 128)) throw bad('name', 'a string of at most 128 characters');
  if (to !== undefined && (typeof to !== 'string' || to.length > 64)) throw bad('to', 'a string of at most 64 characters');
  if (agent !== undefined && (typeof agent !== 'string' || agent.length > 64)) throw bad('agent', 'an agent id of at most 64 characters');
  if (ringTimeoutMs !== undefined && (typeof ringTimeoutMs !== 'number' || ringTimeoutMs < 100 || ringTimeoutMs > 600_000)) {
    throw bad('ringTimeoutMs', 'a number of milliseconds between 100 and 600000');
  }
  if (data !== undefined) {
    const entries = typeof data === 'object' && data !== null && !Array.isArray(data) ? Object.entries(data) : undefined;
    if (!entries || entries.length > 32 || entries.some(([key, value]) => typeof value !== 'string' || key.length > 64 || value.length > 1024)) {
      throw bad('data', 'an object of at most 32 string values (keys ≤ 64, values ≤ 1024 characters)');
    }
  }
  return {
    from: from.trim(),
    ...(name ? { name } : {}),
    ...(to ? { to } : {}),
    ...(data ? { data: data as Record<string, string> } : {}),
    ...(agent ? { agent } : {}),
    ...(typeof ringTimeoutMs === 'number' ? { ringTimeoutMs } : {}),
  };
}

/** Who may connect as an agent to the simulator. */
export interface SimulatorAgentAuth {
  readonly authenticate: Authenticate;
  /** Take connections without a session, naming their agent in `?agent=` (local development only). */
  readonly anonymous: boolean;
}

/**
 * The telephony simulator: REST for the far end and the control panel, WebSockets for softphones
 * and monitors. A softphone's socket is the agent of its session (agent id and role from the
 * server's agent directory); without `auth`, or anonymously when `auth.anonymous`, the agent named
 * in the query.
 */
export function simulatorRoutes(app: FastifyInstance, simulator: TelephonySimulator, faults?: FaultInjector, auth?: SimulatorAgentAuth): void {
  app.post('/api/sim/calls', (request, reply) => {
    try {
      const callId = simulator.placeInbound(parseInboundCall(request.body));
      return reply.code(201).send({ callId });
    } catch (error) {
      return fail(reply, error);
    }
  });
  app.get('/api/sim/calls', () => simulator.snapshot());
  app.get<{ Params: { callId: string } }>('/api/sim/calls/:callId', (request, reply) => {
    try {
      return simulator.get(request.params.callId);
    } catch (error) {
      return fail(reply, error);
    }
  });
  const farEnd = {
    hangup: (id: string) => simulator.remoteHangup(id),
    answer: (id: string) => simulator.remoteAnswer(id),
    reject: (id: string) => simulator.remoteReject(id),
    'ring-out': (id: string) => simulator.ringOut(id),
    fail: (id: string) => simulator.remoteFail(id),
  };
  for (const [action, run] of Object.entries(farEnd)) {
    app.post<{ Params: { callId: string } }>(`/api/sim/calls/:callId/${action}`, (request, reply) => {
      try {
        run(request.params.callId);
        return { ok: true };
      } catch (error) {
        return fail(reply, error);
      }
    });
  }

  app.get('/api/sim/participants', () => ({ participants: simulator.snapshot().participants }));
  for (const action of ['answer', 'reject', 'hangup'] as const) {
    app.post<{ Params: { participantId: string } }>(`/api/sim/participants/:participantId/${action}`, (request, reply) => {
      try {
        simulator.participantFarEnd(request.params.participantId, action);
        return { ok: true };
      } catch (error) {
        return fail(reply, error);
      }
    });
  }
  app.get<{ Querystring: { supervisor?: unknown } }>('/api/sim/team-calls', (request, reply) => {
    const { supervisor } = request.query;
    if (supervisor !== undefined && (typeof supervisor !== 'string' || supervisor === '' || supervisor.length > 64)) {
      return fail(reply, new SimulatorError(400, 'invalid-argument', 'supervisor must be an agent id of 1 to 64 characters.'));
    }
    return { calls: simulator.teamCalls(supervisor) };
  });

  const WARNING_KINDS = ['latency', 'packet-loss', 'jitter', 'audio-input', 'audio-output', 'network', 'quality'] as const;
  app.post<{ Params: { callId: string } }>('/api/sim/calls/:callId/warning', (request, reply) => {
    try {
      const { kind, active } = (request.body ?? {}) as { kind?: unknown; active?: unknown };
      if (!WARNING_KINDS.includes(kind as (typeof WARNING_KINDS)[number])) {
        throw new SimulatorError(400, 'invalid-argument', `kind must be one of ${WARNING_KINDS.join(', ')}.`);
      }
      if (active !== undefined && typeof active !== 'boolean') throw new SimulatorError(400, 'invalid-argument', 'active must be true or false.');
      simulator.qualityWarning(request.params.callId, kind as (typeof WARNING_KINDS)[number], active ?? true);
      return { ok: true };
    } catch (error) {
      return fail(reply, error);
    }
  });

  // `?role=supervisor` makes the agent a supervisor while this socket lasts (the simulator is a
  // development tool: in production the phone system, not the softphone, decides who supervises).
  const identities = new WeakMap<FastifyRequest, AgentIdentity>();
  // Before the upgrade: a refused socket gets a plain 401 or 403 answer, and no WebSocket.
  const preValidation = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (!auth || (auth.anonymous && !sessionTokenOf(request))) return undefined;
    try {
      const identity = await auth.authenticate(request);
      if (!identity.simulatorAgent) throw new AuthError('no-telephony-identity', `Salesforce user ${identity.userId} has no simulator agent in the agent directory (simulatorAgent).`);
      identities.set(request, identity);
      return undefined;
    } catch (error) {
      return sendAuthError(reply, error);
    }
  };
  app.get<{ Querystring: { agent?: string; role?: string } }>('/api/sim/agent', { websocket: true, preValidation }, (socket, request) => {
    const identity = identities.get(request);
    const agentId = identity?.simulatorAgent ?? ((request.query.agent ?? 'agent').slice(0, 64) || 'agent');
    const role = identity ? identity.role : request.query.role === 'supervisor' ? 'supervisor' : 'agent';
    const raw = (message: SimMessage): void => socket.send(JSON.stringify(message));
    const detach = simulator.attachAgent(
      agentId,
      {
        send: faults ? faults.events(raw) : raw,
        close: () => socket.close(4000, 'replaced'),
      },
      role,
    );
    const unregister = faults?.register(() => socket.terminate());
    socket.on('close', () => {
      unregister?.();
      detach();
    });
    socket.on('message', (raw: Buffer) => {
      let request: SimRequest;
      try {
        request = JSON.parse(raw.toString('utf8')) as SimRequest;
      } catch {
        return;
      }
      if (request?.type !== 'command' || typeof request.requestId !== 'number' || typeof request.command?.type !== 'string') return;
      try {
        const id = simulator.command(agentId, request.command);
        const key = request.command.type === 'add-participant' ? 'participantId' : 'callId';
        socket.send(JSON.stringify({ type: 'result', requestId: request.requestId, ok: true, ...(id ? { [key]: id } : {}) }));
      } catch (error) {
        socket.send(JSON.stringify({ type: 'result', requestId: request.requestId, ok: false, code: commandErrorCode(error), message: errorMessage(error) }));
      }
    });
  });

  app.get('/api/sim/monitor', { websocket: true }, (socket) => {
    const push = (): void => socket.send(JSON.stringify(simulator.snapshot()));
    push();
    const off = simulator.onChange(push);
    socket.on('close', off);
  });
}
