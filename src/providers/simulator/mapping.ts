/**
 * Simulator messages → the core's {@link CallEvent}s: live messages one by one, and the calls of a
 * `hello` (after a (re)connect) as the events that bring the connector up to date.
 */
import type { CallEvent } from '../../core/index.js';
import type { SimCallSnapshot, SimMessage } from './protocol.js';

/**
 * One live message as a call event, stamped `at`; `undefined` for messages that are not events.
 * `offset` (ours minus the simulator's clock) maps the times of the team's calls.
 */
export function toCallEvent(message: SimMessage, at: number, offset = 0): CallEvent | undefined {
  const time = (when: number): number => Math.min(at, when + offset);
  switch (message.type) {
    case 'ringing':
      return { type: 'ringing', callId: message.callId, at, from: message.from, to: message.to, displayName: message.name, data: message.data };
    case 'dialing':
      return { type: 'dialing', callId: message.callId, at, to: message.to };
    case 'connected':
    case 'held':
    case 'resumed':
    case 'muted':
    case 'unmuted':
      return { type: message.type, callId: message.callId, at };
    case 'transferred':
      return { type: 'transferred', callId: message.callId, at, to: message.to };
    case 'ended':
      return { type: 'ended', callId: message.callId, at, reason: message.reason, message: message.message };
    case 'warning':
      return { type: 'warning', callId: message.callId, at, kind: message.kind, active: message.active, ...(message.message ? { message: message.message } : {}) };
    case 'presence':
      return { type: 'presence-changed', at, status: message.status };
    case 'team-calls':
      return { type: 'team-calls', at, calls: message.calls.map((call) => ({ ...call, startedAt: time(call.startedAt), ...(call.connectedAt !== undefined ? { connectedAt: time(call.connectedAt) } : {}) })) };
    case 'hello':
    case 'replaced':
    case 'result':
      return undefined;
    default:
      // Participant events and `monitoring` carry the core's events as they are (checked by the validator): stamp them.
      return { ...message, at };
  }
}

/**
 * A call of a `hello` (live or recently ended) as events with its own times, mapped onto our clock
 * by `offset` (ours minus the simulator's) and never later than `now`. The reducer ignores what it
 * already knows, and looks up the log of what it does not.
 */
export function snapshotEvents(call: SimCallSnapshot, offset: number, now: number): CallEvent[] {
  // Never in the future: a skewed or hostile timestamp must not stretch a call.
  const time = (at: number | undefined, fallback: number): number => (at === undefined ? fallback : Math.min(now, at + offset));
  const startedAt = time(call.startedAt, now);
  const ended: CallEvent = { type: 'ended', callId: call.callId, at: time(call.endedAt, now), reason: call.endReason ?? 'hangup-remote' };
  // A connected call is finished by its end alone: a stranger to the connector was logged (and
  // wrapped up) by an earlier page, and replaying it would overwrite the agent's disposition.
  if (call.state === 'ended' && call.connectedAt !== undefined) return [ended];
  const replay = (call.events ?? []).map((event) => ({ ...event, callId: call.callId, at: time(event.at, now) }));
  // A supervisor's leg is started (and its mode changed) by its `monitoring` events alone.
  if (call.monitoring) return replay;
  const events: CallEvent[] = [
    call.direction === 'inbound'
      ? { type: 'ringing', callId: call.callId, at: startedAt, from: call.from, to: call.to, displayName: call.name ?? undefined, data: call.data, replayed: true }
      : { type: 'dialing', callId: call.callId, at: startedAt, to: call.to, replayed: true },
  ];
  if (call.connectedAt !== undefined || call.state === 'connected') events.push({ type: 'connected', callId: call.callId, at: time(call.connectedAt, now) });
  events.push(...replay);
  if (call.state === 'ended') return [...events, ended];
  if (call.held) events.push({ type: 'held', callId: call.callId, at: now });
  if (call.muted) events.push({ type: 'muted', callId: call.callId, at: now });
  return events;
}
