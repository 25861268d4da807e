/**
 * The telephony simulator's failures and its checks of what softphones and the REST API send: the
 * simulator is the source of truth, so it trusts no field of a command, and names the one it refuses.
 */
import { SoftphoneError, type CallData, type ParticipantMode, type SupervisorMode } from '../core/index.js';
import type { SimErrorCode } from '../providers/simulator/protocol.js';

/** Failure codes of the simulator: a command's (sent back to the softphone) and the REST API's own. */
export type SimulatorErrorCode = SimErrorCode | 'no-agent' | 'unknown-participant';

/** A simulator operation that cannot be carried out; `status` is the HTTP status to answer with. */
export class SimulatorError extends SoftphoneError<SimulatorErrorCode> {
  override readonly name = 'SimulatorError';
  constructor(
    readonly status: number,
    code: SimulatorErrorCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(code, message, options);
  }
}

const COMMAND_CODES: ReadonlySet<string> = new Set<SimErrorCode>(['unknown-call', 'invalid-state', 'invalid-argument', 'unsupported']);

/** The code a softphone is answered with for `error`: the REST API's own codes become `invalid-argument`. */
export function commandErrorCode(error: unknown): SimErrorCode {
  return error instanceof SimulatorError && COMMAND_CODES.has(error.code) ? (error.code as SimErrorCode) : 'invalid-argument';
}

/** A 400 naming the field that is wrong and what it must be. */
export function badField(field: string, expected: string): SimulatorError {
  return new SimulatorError(400, 'invalid-argument', `${field} must be ${expected}.`);
}

const SUPERVISOR_MODES: readonly SupervisorMode[] = ['listen', 'whisper', 'barge'];

/** A supervisor mode, or a 400 naming `field`. */
export function supervisorMode(value: unknown, field = 'mode'): SupervisorMode {
  if (!SUPERVISOR_MODES.includes(value as SupervisorMode)) throw badField(field, `one of ${SUPERVISOR_MODES.join(', ')}`);
  return value as SupervisorMode;
}

/** A participant mode, or a 400 naming `mode`. */
export function participantMode(value: unknown): ParticipantMode {
  if (value !== 'consult' && value !== 'conference') throw badField('mode', 'consult or conference');
  return value;
}

/** A non-empty string of at most `max` characters, trimmed, or a 400 naming `field`. */
export function requiredText(value: unknown, field: string, expected: string, max = 64): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) throw badField(field, `${expected}, 1 to ${max} characters`);
  return value.trim();
}

/** Call data: at most 32 string values (keys ≤ 64, values ≤ 1024 characters), or a 400 naming `field`. */
export function callData(value: unknown, field = 'data'): CallData | undefined {
  if (value === undefined) return undefined;
  const entries = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : undefined;
  if (!entries || entries.length > 32 || entries.some(([key, entry]) => typeof entry !== 'string' || key.length > 64 || entry.length > 1024)) {
    throw badField(field, 'an object of at most 32 string values (keys ≤ 64, values ≤ 1024 characters)');
  }
  return Object.fromEntries(entries) as CallData;
}
