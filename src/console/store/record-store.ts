import sqlite from 'node-sqlite3-wasm';
import { SoftphoneError } from '../../core/errors.js';
import { FULL_PHONE_METADATA } from '../../config/phone-metadata.js';
import { normalizePhoneNumber, type Region } from '../../core/phone.js';
import { newRecordId, objectTypeOf, type ObjectType } from './ids.js';
import { OBJECTS } from './schema.js';
import { RecordError, phoneKeys, validateFields, type FieldValues } from './validate.js';

/** A stored record as the REST API returns it. */
export interface StoredRecord {
  readonly Id: string;
  readonly attributes: { readonly type: ObjectType };
  readonly Name: string;
  readonly CreatedDate: string;
  readonly LastModifiedDate: string;
  readonly [field: string]: unknown;
}

interface Row {
  id: string;
  type: ObjectType;
  name: string;
  fields: string;
  created_at: string;
  modified_at: string;
}

/** The store's file is held by another process (one console per data folder). */
export class RecordStoreError extends SoftphoneError<'store-in-use'> {
  override readonly name = 'RecordStoreError';
  /** `options.cause` is the error this one wraps, if any. */
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super('store-in-use', message, options);
  }
}

type SqlValue = string | number | null;

/** Options of a record store. */
export interface RecordStoreOptions {
  /** SQLite file, or `:memory:`. */
  readonly file: string;
  /** Region for phone numbers without a country code. */
  readonly region?: Region;
  /** Clock for CreatedDate / LastModifiedDate. */
  readonly now?: () => Date;
}

/**
 * The local console's records (Contacts, Leads, Accounts, Cases, Tasks) in SQLite. Phone fields are
 * indexed by their E.164 form so a caller matches whatever format either side wrote.
 *
 * SQLite runs as WebAssembly (node-sqlite3-wasm) on the real file: no native compile on install.
 * Every write is a transaction that SQLite commits atomically to the file (rollback journal).
 */
export class RecordStore {
  private readonly db: sqlite.Database;
  private readonly region: Region;
  private readonly now: () => Date;

  constructor(options: RecordStoreOptions) {
    this.db = new sqlite.Database(options.file);
    this.region = options.region ?? 'US';
    this.now = options.now ?? (() => new Date());
    try {
      // One process owns the file until close(): SQLite then keeps its page cache between
      // transactions (a commit costs well under a millisecond instead of several), and a second
      // console on the same folder is told so at once. The rollback journal keeps the data in this
      // one file; a file an earlier version left in WAL mode is converted here.
      this.db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = DELETE; PRAGMA synchronous = NORMAL; BEGIN EXCLUSIVE; COMMIT;');
    } catch (error) {
      this.db.close();
      throw new RecordStoreError(`${options.file} is in use by another console; stop it, or give this one its own data folder (--data <dir>).`, { cause: error });
    }
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS records (
        id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, fields TEXT NOT NULL,
        created_at TEXT NOT NULL, modified_at TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS records_type ON records (type, created_at);
      -- A call's Task by its CallObject (the call log lookup), without reading every record.
      CREATE INDEX IF NOT EXISTS records_call_object ON records (json_extract(fields, '$.CallObject'), type, created_at);
      CREATE TABLE IF NOT EXISTS phones (record_id TEXT NOT NULL, field TEXT NOT NULL, e164 TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS phones_e164 ON phones (e164);
      CREATE INDEX IF NOT EXISTS phones_record ON phones (record_id);
      CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
  }

  /** A setting of the local org (e.g. its Softphone Layout), as saved; undefined when never saved. */
  getSetting(key: string): unknown {
    const row = this.one<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]);
    return row ? (JSON.parse(row.value) as unknown) : undefined;
  }

  /** Saves a setting of the local org; callers validate it first. */
  setSetting(key: string, value: unknown): void {
    this.db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, JSON.stringify(value)]);
  }

  /** Whether the store holds no record yet (first start). */
  isEmpty(): boolean {
    return this.one('SELECT 1 FROM records LIMIT 1') === undefined;
  }

  /** Creates a record after validating every field; returns its new id. */
  create(type: ObjectType, body: unknown): string {
    const values = validateFields(type, body, 'create', (id) => this.exists(id));
    if (type === 'Case' && !values.CaseNumber) values.CaseNumber = this.nextCaseNumber();
    if (type === 'Task' && !values.Status) values.Status = 'Not Started';
    const id = newRecordId(type);
    const stamp = this.now().toISOString();
    this.transaction(() => {
      this.db.run('INSERT INTO records (id, type, name, fields, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?)', [id, type, OBJECTS[type].name(values), JSON.stringify(values), stamp, stamp]);
      this.indexPhones(id, type, values);
    });
    return id;
  }

  /** Updates the given fields of an existing record. */
  update(type: ObjectType, id: string, body: unknown): void {
    const row = this.row(id);
    if (!row || row.type !== type) throw new RecordError('NOT_FOUND', `No ${type} record has the id ${id}.`);
    const changes = validateFields(type, body, 'update', (ref) => this.exists(ref));
    const values: FieldValues = { ...(JSON.parse(row.fields) as FieldValues), ...changes };
    for (const field of OBJECTS[type].fields) {
      if (field.required && (values[field.name] === null || values[field.name] === '')) {
        throw new RecordError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${field.name}]`, [field.name]);
      }
    }
    this.transaction(() => {
      this.db.run('UPDATE records SET name = ?, fields = ?, modified_at = ? WHERE id = ?', [OBJECTS[type].name(values), JSON.stringify(values), this.now().toISOString(), id]);
      this.db.run('DELETE FROM phones WHERE record_id = ?', [id]);
      this.indexPhones(id, type, values);
    });
  }

  /** One record, or undefined. */
  get(id: string): StoredRecord | undefined {
    const row = this.row(id);
    return row ? toRecord(row) : undefined;
  }

  /** Records of a type, newest first, optionally where every given field equals the given value. */
  list(type: ObjectType, where: Readonly<Record<string, string>> = {}, limit = 200): StoredRecord[] {
    const fields = OBJECTS[type].fields.map((field) => field.name);
    const clauses = ['type = ?'];
    const params: SqlValue[] = [type];
    for (const [name, value] of Object.entries(where)) {
      if (!fields.includes(name)) throw new RecordError('INVALID_FIELD', `No such column '${name}' on entity '${type}'.`, [name]);
      // The path inline (a field name of the schema, checked above), so an index on it can serve the query.
      clauses.push(`json_extract(fields, '$.${name}') = ?`);
      params.push(value);
    }
    const rows = this.many<Row>(`SELECT * FROM records WHERE ${clauses.join(' AND ')} ORDER BY created_at DESC, rowid DESC LIMIT ?`, [...params, Math.max(1, Math.min(limit, 2000))]);
    return rows.map(toRecord);
  }

  /** Records of the given types with a phone field equal to `number` in any format. */
  findByPhone(number: string, types: readonly ObjectType[]): StoredRecord[] {
    const e164 = normalizePhoneNumber(number, this.region, FULL_PHONE_METADATA).e164;
    if (!e164 || types.length === 0) return [];
    const rows = this.many<Row>(
      `SELECT DISTINCT r.* FROM phones p JOIN records r ON r.id = p.record_id
       WHERE p.e164 = ? AND r.type IN (${types.map(() => '?').join(', ')}) ORDER BY r.created_at`,
      [e164, ...types],
    );
    return rows.map(toRecord);
  }

  /** Records of the given types whose name or account number contains `text` (case-insensitive), or whose phone matches it. */
  search(text: string, types: readonly ObjectType[]): StoredRecord[] {
    const byPhone = this.findByPhone(text, types);
    if (byPhone.length > 0) return byPhone;
    const term = text.trim();
    if (term.length < 2 || types.length === 0) return [];
    const rows = this.many<Row>(
      // Like Salesforce's search, identifier fields (an account number) are searched beside the name.
      `SELECT * FROM records WHERE type IN (${types.map(() => '?').join(', ')})
       AND (name LIKE ? ESCAPE '\\' OR json_extract(fields, '$.AccountNumber') LIKE ? ESCAPE '\\')
       ORDER BY name LIMIT 50`,
      [...types, ...Array<string>(2).fill(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)],
    );
    return rows.map(toRecord);
  }

  /** Closes the database file (and releases it for another process). */
  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private exists(id: string): boolean {
    return objectTypeOf(id) !== undefined && this.row(id) !== undefined;
  }

  private row(id: string): Row | undefined {
    return this.one<Row>('SELECT * FROM records WHERE id = ?', [id]);
  }

  private indexPhones(id: string, type: ObjectType, values: FieldValues): void {
    for (const key of phoneKeys(type, values, this.region)) this.db.run('INSERT INTO phones (record_id, field, e164) VALUES (?, ?, ?)', [id, key.field, key.e164]);
  }

  private nextCaseNumber(): string {
    const row = this.one<{ n: number }>("SELECT COUNT(*) AS n FROM records WHERE type = 'Case'");
    return String(1001 + (row?.n ?? 0)).padStart(8, '0');
  }

  /** Runs `work` as one transaction: all of its writes reach the file, or none. */
  private transaction(work: () => void): void {
    this.db.exec('BEGIN');
    try {
      work();
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** The first row of a query, or undefined. Rows have the shape the query selects. */
  private one<T>(sql: string, values: readonly SqlValue[] = []): T | undefined {
    return (this.db.get(sql, [...values]) ?? undefined) as T | undefined;
  }

  /** Every row of a query. */
  private many<T>(sql: string, values: readonly SqlValue[]): T[] {
    return this.db.all(sql, [...values]) as T[];
  }
}

function toRecord(row: Row): StoredRecord {
  return {
    ...(JSON.parse(row.fields) as FieldValues),
    Id: row.id,
    attributes: { type: row.type },
    Name: row.name,
    CreatedDate: row.created_at,
    LastModifiedDate: row.modified_at,
  };
}
