/**
 * The simulator provider's errors: a command the simulator refused, and a connection that cannot
 * carry commands, as {@link ProviderError}s whose messages tell the agent what to do.
 */
import { ProviderError } from '../../core/index.js';
import type { SimErrorCode } from './protocol.js';

const PROVIDER_CODES: ReadonlySet<string> = new Set<SimErrorCode>(['unknown-call', 'invalid-state', 'invalid-argument', 'unsupported']);

/**
 * A command the simulator answered with `ok: false`: its code is the core's when it is one of
 * {@link SimErrorCode} (a simulator of another version may send others: those become `rejected`).
 */
export function refusedCommand(code: string, message: unknown): ProviderError {
  return new ProviderError(PROVIDER_CODES.has(code) ? (code as SimErrorCode) : 'rejected', String(message ?? 'The telephony simulator refused the command.'));
}

/** A command sent while the connection is not ready. */
export function notConnected(): ProviderError {
  return new ProviderError('not-connected', 'The telephony simulator is not connected; wait until the softphone is ready.');
}

/** The simulator did not answer a command in time. */
export function noAnswer(command: string, timeoutMs: number): ProviderError {
  return new ProviderError('transport', `The telephony simulator did not answer "${command}" within ${timeoutMs} ms.`);
}

/** The connection dropped with commands still waiting for their answer. */
export function connectionLost(): ProviderError {
  return new ProviderError('transport', 'The connection to the telephony simulator was lost.');
}

/** The first connection failed: `connect()` rejects with this. */
export function unreachable(url: string): ProviderError {
  return new ProviderError('transport', `Could not connect to the telephony simulator at ${url}.`);
}
