/**
 * The browser's durable {@link CallLogOutbox}: IndexedDB (through the small `idb` wrapper), one
 * database per provider and agent, so two agents sharing a browser profile never see each other's
 * calls. A write resolves when its transaction committed, i.e. when it survives a crash.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { SoftphoneError, errorMessage, type CallLogOutbox, type CallState, type OutboxBatch, type RecentCall } from '../core/index.js';

interface OutboxSchema extends DBSchema {
  calls: { key: string; value: CallState };
  meta: { key: string; value: readonly RecentCall[] };
}

/** IndexedDB is unavailable (private mode in some browsers, storage disabled by policy). */
export class OutboxUnavailableError extends SoftphoneError<'outbox-unavailable'> {
  override readonly name = 'OutboxUnavailableError';
  /** @param cause why IndexedDB could not be opened; kept as `cause`. */
  constructor(cause: unknown) {
    super(
      'outbox-unavailable',
      `Call logs cannot be stored in this browser (IndexedDB: ${errorMessage(cause)}); ` +
        'allow site data for Salesforce, or logs of calls in progress are lost if the page closes.',
      { cause },
    );
  }
}

/** A {@link CallLogOutbox} in IndexedDB. */
export class IndexedDbCallLogOutbox implements CallLogOutbox {
  private constructor(private readonly db: IDBPDatabase<OutboxSchema>) {}

  /** Opens (creating if needed) the outbox of one provider and agent, e.g. `simulator:agent`. */
  static async open(scope: string): Promise<IndexedDbCallLogOutbox> {
    try {
      const db = await openDB<OutboxSchema>(`softphone-connector-outbox:${scope}`, 1, {
        upgrade(database) {
          database.createObjectStore('calls', { keyPath: 'id' });
          database.createObjectStore('meta');
        },
      });
      return new IndexedDbCallLogOutbox(db);
    } catch (error) {
      throw new OutboxUnavailableError(error);
    }
  }

  async load(): Promise<readonly CallState[]> {
    const calls = await this.db.getAll('calls');
    return calls.sort((a, b) => a.startedAt - b.startedAt);
  }

  async write(batch: OutboxBatch): Promise<void> {
    // One transaction: all of the batch is durable, or none of it.
    const tx = this.db.transaction(['calls', 'meta'], 'readwrite');
    const calls = tx.objectStore('calls');
    const writes: Array<Promise<unknown>> = [
      ...batch.puts.map((call) => calls.put(call)),
      ...batch.deletes.map((id) => calls.delete(id)),
      ...(batch.recent ? [tx.objectStore('meta').put(batch.recent, 'recent')] : []),
    ];
    await Promise.all([...writes, tx.done]);
  }

  async loadRecent(): Promise<readonly RecentCall[]> {
    const recent = await this.db.get('meta', 'recent');
    return Array.isArray(recent) ? recent : [];
  }

  /** Closes the database connection. */
  close(): void {
    this.db.close();
  }
}
