import { isLive, type CallEvent, type CallState } from '../../core/index.js';
import type { VoiceCallEntry } from './call-table.js';

/** Page storage that survives a reload (`sessionStorage` in the browser). */
export type CallMemoryStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

type RememberedCall = Pick<CallState, 'phase' | 'startedAt' | 'connectedAt' | 'held' | 'muted'>;
interface Remembered extends Pick<VoiceCallEntry, 'holdStartedAt' | 'holds' | 'holdMs' | 'voiceCallId'> {
  readonly call: RememberedCall;
}

/**
 * Keeps what a provider's re-report of a live call cannot carry (start and connect times, phase,
 * hold history, VoiceCall id) across a page reload: restored when the call is reported again,
 * updated on every change, dropped when it is over.
 */
export function rememberCall(storage: CallMemoryStorage, entry: VoiceCallEntry, event: CallEvent): void {
  const key = `softphone-voice-call:${entry.call.id}`;
  if (!isLive(entry.call)) {
    storage.removeItem(key);
    return;
  }
  if (event.type === 'ringing' || event.type === 'dialing') {
    const saved = JSON.parse(storage.getItem(key) ?? 'null') as Remembered | null;
    if (saved && isLive(saved.call)) {
      const { call, ...counters } = saved;
      Object.assign(entry, counters);
      entry.call = { ...entry.call, ...call };
    }
  }
  const { phase, startedAt, connectedAt, held, muted } = entry.call;
  const { holdStartedAt, holds, holdMs, voiceCallId } = entry;
  storage.setItem(key, JSON.stringify({ call: { phase, startedAt, connectedAt, held, muted }, holdStartedAt, holds, holdMs, voiceCallId } satisfies Remembered));
}
