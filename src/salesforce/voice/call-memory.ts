import type { CallEvent } from '../../core/index.js';
import type { VoiceCallEntry } from './call-table.js';

/** Page storage that survives a reload (`sessionStorage` in the browser). */
export type CallMemoryStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

type Remembered = Pick<VoiceCallEntry, 'startedAt' | 'connectedAt' | 'held' | 'holdStartedAt' | 'holds' | 'holdMs' | 'voiceCallId'>;

/**
 * Keeps what a provider's re-report of a live call cannot carry (start and connect times, hold
 * history, VoiceCall id) across a page reload: restored when the call is reported again,
 * updated on every change, dropped when it ends.
 */
export function rememberCall(storage: CallMemoryStorage, entry: VoiceCallEntry, event: CallEvent): void {
  const key = `softphone-voice-call:${entry.callId}`;
  if (event.type === 'ended') {
    storage.removeItem(key);
    return;
  }
  if (event.type === 'ringing' || event.type === 'dialing') {
    const saved = JSON.parse(storage.getItem(key) ?? 'null') as Remembered | null;
    if (saved) Object.assign(entry, saved);
  }
  const { startedAt, connectedAt, held, holdStartedAt, holds, holdMs, voiceCallId } = entry;
  storage.setItem(key, JSON.stringify({ startedAt, connectedAt, held, holdStartedAt, holds, holdMs, voiceCallId } satisfies Remembered));
}
