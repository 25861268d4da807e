import type { AgentStatus, CallData, CallWarningKind, EndReason } from '../../core/index.js';
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
    [value.startedAt, value.connectedAt, value.endedAt].every((time) => time === undefined || Number.isFinite(time)) &&
    (value.endReason === undefined || END_REASONS.has(String(value.endReason)))
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
      return typeof m.requestId === 'number' && typeof m.ok === 'boolean' && optionalText(m.message, 4096) ? (m as unknown as SimMessage) : undefined;
    default:
      return undefined;
  }
}
