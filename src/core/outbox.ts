import type { CallId } from './events.js';
import type { CallState, RecentCall } from './state.js';

/** Changes to write to an outbox in one go (one transaction where the store has them). */
export interface OutboxBatch {
  /** Calls to store or replace, with their latest state. */
  readonly puts: readonly CallState[];
  /** Calls whose logs are fully saved. */
  readonly deletes: readonly CallId[];
  /** The new list of recently finished calls, when it changed. */
  readonly recent?: readonly RecentCall[];
}

/**
 * Durable storage for every call whose log is not confirmed by the host yet: live calls, calls in
 * wrap-up and finished calls waiting for their save. The connector writes a call here before it
 * sends any of its log's saves, and deletes it only once the host confirmed the last one, so a
 * reload or crash loses nothing: the next page restores the calls and finishes their logs.
 * Changes arrive in batches, so a busy softphone writes a few transactions, not one per event.
 * Implementations: {@link MemoryCallLogOutbox} (tests, Node) and an IndexedDB one in the browser.
 */
export interface CallLogOutbox {
  /** Every stored call, oldest first. */
  load(): Promise<readonly CallState[]>;
  /** The recently finished calls, so late or replayed events for them are still recognised after a reload. */
  loadRecent(): Promise<readonly RecentCall[]>;
  /** Applies a batch of changes; resolves once they are durable. */
  write(batch: OutboxBatch): Promise<void>;
}

/** A {@link CallLogOutbox} in memory: survives a connector, not a process. Stores deep copies. */
export class MemoryCallLogOutbox implements CallLogOutbox {
  private readonly calls = new Map<CallId, string>();
  private recent = '[]';
  /** Number of batches written so far, for tests. */
  writes = 0;

  async load(): Promise<readonly CallState[]> {
    return [...this.calls.values()].map((text) => JSON.parse(text) as CallState).sort((a, b) => a.startedAt - b.startedAt);
  }

  async loadRecent(): Promise<readonly RecentCall[]> {
    return JSON.parse(this.recent) as RecentCall[];
  }

  async write(batch: OutboxBatch): Promise<void> {
    this.writes++;
    // A JSON round trip is what a real store does too: it proves the state is serialisable.
    for (const call of batch.puts) this.calls.set(call.id, JSON.stringify(call));
    for (const id of batch.deletes) this.calls.delete(id);
    if (batch.recent) this.recent = JSON.stringify(batch.recent);
  }

  /** Stores one call as is (tests use it to plant what a previous page left). */
  async put(call: CallState): Promise<void> {
    await this.write({ puts: [call], deletes: [] });
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
