import type { CallId } from './events.js';
import type { CallState, RecentCall } from './state.js';

/**
 * Durable storage for every call whose log is not confirmed by the host yet: live calls, calls in
 * wrap-up and finished calls waiting for their save. The connector writes a call here before it
 * sends any of its log's saves, and deletes it only once the host confirmed the last one, so a
 * reload or crash loses nothing: the next page restores the calls and finishes their logs.
 * Implementations: {@link MemoryCallLogOutbox} (tests, Node) and an IndexedDB one in the browser.
 */
export interface CallLogOutbox {
  /** Every stored call, oldest first. */
  load(): Promise<readonly CallState[]>;
  /** Stores (or replaces) a call's latest state. Resolves once it is durable. */
  put(call: CallState): Promise<void>;
  /** Forgets a call whose log is fully saved. */
  delete(callId: CallId): Promise<void>;
  /** The recently finished calls, so late or replayed events for them are still recognised after a reload. */
  loadRecent(): Promise<readonly RecentCall[]>;
  /** Replaces the recently finished calls. */
  putRecent(recent: readonly RecentCall[]): Promise<void>;
}

/** A {@link CallLogOutbox} in memory: survives a connector, not a process. Stores deep copies. */
export class MemoryCallLogOutbox implements CallLogOutbox {
  private readonly calls = new Map<CallId, string>();
  private recent = '[]';
  /** Number of `put`s so far, for tests. */
  puts = 0;

  async load(): Promise<readonly CallState[]> {
    return [...this.calls.values()].map((text) => JSON.parse(text) as CallState).sort((a, b) => a.startedAt - b.startedAt);
  }

  async put(call: CallState): Promise<void> {
    this.puts++;
    // A JSON round trip is what a real store does too: it proves the state is serialisable.
    this.calls.set(call.id, JSON.stringify(call));
  }

  async delete(callId: CallId): Promise<void> {
    this.calls.delete(callId);
  }

  async loadRecent(): Promise<readonly RecentCall[]> {
    return JSON.parse(this.recent) as RecentCall[];
  }

  async putRecent(recent: readonly RecentCall[]): Promise<void> {
    this.recent = JSON.stringify(recent);
  }

  /** Ids of the stored calls. */
  ids(): CallId[] {
    return [...this.calls.keys()];
  }
}

/**
 * A clock that never runs backwards: a wall-clock step back (NTP correction, manual change) would
 * otherwise give calls negative or shortened durations.
 */
export function monotonicClock(source: () => number = Date.now): () => number {
  let last = -Infinity;
  return () => {
    const now = source();
    last = now > last ? now : last;
    return last;
  };
}
