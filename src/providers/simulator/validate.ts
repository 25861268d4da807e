import type { AgentStatus, CallData, CallWarningKind, EndReason, ParticipantLeftReason, ParticipantMode, ParticipantRole, SupervisorMode } from '../../core/index.js';
import type { SimCallSnapshot, SimMessage } from './protocol.js';

/** Larger messages than this are refused unread: no honest simulator message comes near it. */
export const MAX_SIM_MESSAGE_BYTES = 64 * 1024;

const END_REASONS: ReadonlySet<string> = new Set<EndReason>(['hangup-local', 'hangup-remote', 'rejected', 'missed', 'failed', 'transferred']);
const STATUSES: ReadonlySet<string> = new Set<AgentStatus>(['available', 'busy', 'offline']);
const CALL_STATES: ReadonlySet<string> = new Set(['ringing', 'dialing', 'connected', 'ended']);
const WARNING_KINDS: ReadonlySet<string> = new Set<CallWarningKind>(['latency', 'packet-loss', 'jitter', 'audio-input', 'audio-output', 'network', 'quality']);

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;
const id = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 256;
const optionalText = (value: unknown, max: number): boolean => value === undefined || value === null || text(value, max);

function isCallData(value: unknown): value is CallData {
  if (value === undefined) return true;
  if (!isObject(value)) return false;
  const entries = Object.entries(value);
  return entries.length <= 64 && entries.every(([key, entry]) => key.length <= 128 && text(entry, 4096));
}

type Check = (value: unknown) => boolean;

const time = (value: unknown): boolean => value === undefined || Number.isFinite(value);
const oneOf =
  <T extends string>(...values: readonly T[]): Check =>
  (value) =>
    values.includes(value as T);
/** Absent, or passing `check`: never `null`, so a multi-party message maps onto a core event as it is. */
const opt =
  (check: Check): Check =>
  (value) =>
    value === undefined || check(value);
const short: Check = (value) => text(value, 256);
const finite: Check = (value) => Number.isFinite(value);
const list =
  (max: number, item: Check): Check =>
  (value) =>
    Array.isArray(value) && value.length <= max && value.every(item);
/** An object whose fields each pass their check (other fields are ignored). */
const fields =
  (shape: Record<string, Check>): Check =>
  (value) =>
    isObject(value) && Object.entries(shape).every(([key, check]) => check(value[key]));

const supervisorMode = oneOf<SupervisorMode>('listen', 'whisper', 'barge');
const leftReason = oneOf<ParticipantLeftReason>('hangup', 'removed', 'no-answer', 'failed');
const ABOUT = { callId: id, participantId: id };
const WHO = { participantId: id, role: oneOf<ParticipantRole>('agent', 'external', 'supervisor'), number: opt(short), displayName: opt(short), mode: oneOf<ParticipantMode>('consult', 'conference'), supervisorMode: opt(supervisorMode) };
const isTeamCall = fields({ callId: id, agent: short, remote: short, displayName: opt(short), direction: oneOf('inbound', 'outbound'), startedAt: finite, connectedAt: time, queue: opt(short), monitoredBy: opt(supervisorMode) });

/** Multi-party messages by type (at most 200 team calls). */
const MULTI_PARTY = new Map<unknown, Check>([
  ['participant-added', fields({ callId: id, ...WHO })],
  ...['participant-ringing', 'participant-connected', 'participant-held', 'participant-resumed'].map((type): [string, Check] => [type, fields(ABOUT)]),
  ['participant-left', fields({ ...ABOUT, reason: leftReason, message: opt((value) => text(value, 1024)) })],
  ['supervisor-mode', fields({ ...ABOUT, mode: supervisorMode })],
  ['conferenced', fields({ callId: id })],
  ['monitoring', fields({ callId: id, teamCallId: id, mode: supervisorMode, agent: opt(short), remote: opt(short), displayName: opt(short) })],
  ['team-calls', fields({ calls: list(200, isTeamCall) })],
]);

/** A participant event of a snapshot: a multi-party message with its time. */
const replayable: Check = (value) => isObject(value) && finite(value.at) && value.type !== 'team-calls' && MULTI_PARTY.get(value.type)?.(value) === true;

function isSnapshot(value: unknown): value is SimCallSnapshot {
  return (
    isObject(value) &&
    id(value.callId) &&
    (value.direction === 'inbound' || value.direction === 'outbound') &&
    CALL_STATES.has(String(value.state)) &&
    text(value.from, 256) &&
    text(value.to, 256) &&
    optionalText(value.name, 256) &&
    isCallData(value.data) &&
    typeof value.held === 'boolean' &&
    typeof value.muted === 'boolean' &&
    [value.startedAt, value.connectedAt, value.endedAt].every(time) &&
    (value.endReason === undefined || END_REASONS.has(String(value.endReason))) &&
    opt(list(64, replayable))(value.events)
  );
}

/**
 * Parses one message from the simulator, trusting nothing: oversized, malformed or unknown messages
 * give `undefined` (and are dropped by the provider) instead of reaching the connector.
 */
export function parseSimMessage(data: unknown): SimMessage | undefined {
  if (typeof data !== 'string' || data.length > MAX_SIM_MESSAGE_BYTES) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const m = value;
  switch (m.type) {
    case 'hello':
      return text(m.agentId, 64) &&
        STATUSES.has(String(m.presence)) &&
        Array.isArray(m.calls) &&
        m.calls.length <= 100 &&
        m.calls.every(isSnapshot) &&
        (m.ended === undefined || (Array.isArray(m.ended) && m.ended.length <= 100 && m.ended.every(isSnapshot))) &&
        (m.serverTime === undefined || Number.isFinite(m.serverTime))
        ? (m as unknown as SimMessage)
        : undefined;
    case 'ringing':
      return id(m.callId) && text(m.from, 256) && text(m.to, 256) && optionalText(m.name, 256) && isCallData(m.data) ? (m as unknown as SimMessage) : undefined;
    case 'dialing':
    case 'transferred':
      return id(m.callId) && text(m.to, 256) ? (m as unknown as SimMessage) : undefined;
    case 'connected':
    case 'held':
    case 'resumed':
    case 'muted':
    case 'unmuted':
      return id(m.callId) ? (m as unknown as SimMessage) : undefined;
    case 'ended':
      return id(m.callId) && END_REASONS.has(String(m.reason)) && optionalText(m.message, 1024) ? (m as unknown as SimMessage) : undefined;
    case 'warning':
      return id(m.callId) && WARNING_KINDS.has(String(m.kind)) && typeof m.active === 'boolean' && optionalText(m.message, 1024) ? (m as unknown as SimMessage) : undefined;
    case 'presence':
      return STATUSES.has(String(m.status)) ? (m as unknown as SimMessage) : undefined;
    case 'replaced':
      return text(m.message, 1024) ? (m as unknown as SimMessage) : undefined;
    case 'result':
      return typeof m.requestId === 'number' && typeof m.ok === 'boolean' && optionalText(m.message, 4096) && (m.participantId === undefined || id(m.participantId)) ? (m as unknown as SimMessage) : undefined;
    default:
      return MULTI_PARTY.get(m.type)?.(m) ? (m as unknown as SimMessage) : undefined;
  }
}
