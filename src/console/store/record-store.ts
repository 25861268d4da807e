import Database from 'better-sqlite3';
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
 */
export class RecordStore {
  private readonly db: Database.Database;
  private readonly region: Region;
  private readonly now: () => Date;

  constructor(options: RecordStoreOptions) {
    this.db = new Database(options.file);
    this.region = options.region ?? 'US';
    this.now = options.now ?? (() => new Date());
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS records (
        id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, fields TEXT NOT NULL,
        created_at TEXT NOT NULL, modified_at TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS records_type ON records (type, created_at);
      CREATE TABLE IF NOT EXISTS phones (record_id TEXT NOT NULL, field TEXT NOT NULL, e164 TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS phones_e164 ON phones (e164);
      CREATE INDEX IF NOT EXISTS phones_record ON phones (record_id);`);
  }

  /** Whether the store holds no record yet (first start). */
  isEmpty(): boolean {
    return this.db.prepare('SELECT 1 FROM records LIMIT 1').get() === undefined;
  }

  /** Creates a record after validating every field; returns its new id. */
  create(type: ObjectType, body: unknown): string {
    const values = validateFields(type, body, 'create', (id) => this.exists(id));
    if (type === 'Case' && !values.CaseNumber) values.CaseNumber = this.nextCaseNumber();
    if (type === 'Task' && !values.Status) values.Status = 'Not Started';
    const id = newRecordId(type);
    const stamp = this.now().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO records (id, type, name, fields, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, type, OBJECTS[type].name(values), JSON.stringify(values), stamp, stamp);
      this.indexPhones(id, type, values);
    })();
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
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE records SET name = ?, fields = ?, modified_at = ? WHERE id = ?')
        .run(OBJECTS[type].name(values), JSON.stringify(values), this.now().toISOString(), id);
      this.db.prepare('DELETE FROM phones WHERE record_id = ?').run(id);
      this.indexPhones(id, type, values);
    })();
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
    const params: unknown[] = [type];
    for (const [name, value] of Object.entries(where)) {
      if (!fields.includes(name)) throw new RecordError('INVALID_FIELD', `No such column '${name}' on entity '${type}'.`, [name]);
      clauses.push('json_extract(fields, ?) = ?');
      params.push(`$.${name}`, value);
    }
    const rows = this.db
      .prepare(`SELECT * FROM records WHERE ${clauses.join(' AND ')} ORDER BY created_at DESC, rowid DESC LIMIT ?`)
      .all(...params, Math.max(1, Math.min(limit, 2000))) as Row[];
    return rows.map(toRecord);
  }

  /** Records of the given types with a phone field equal to `number` in any format. */
  findByPhone(number: string, types: readonly ObjectType[]): StoredRecord[] {
    const e164 = normalizePhoneNumber(number, this.region, FULL_PHONE_METADATA).e164;
    if (!e164 || types.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT DISTINCT r.* FROM phones p JOIN records r ON r.id = p.record_id
         WHERE p.e164 = ? AND r.type IN (${types.map(() => '?').join(', ')}) ORDER BY r.created_at`,
      )
      .all(e164, ...types) as Row[];
    return rows.map(toRecord);
  }

  /** Records of the given types whose name contains `text` (case-insensitive), or whose phone matches it. */
  search(text: string, types: readonly ObjectType[]): StoredRecord[] {
    const byPhone = this.findByPhone(text, types);
    if (byPhone.length > 0) return byPhone;
    const term = text.trim();
    if (term.length < 2 || types.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT * FROM records WHERE type IN (${types.map(() => '?').join(', ')}) AND name LIKE ? ESCAPE '\\'
         ORDER BY name LIMIT 50`,
      )
      .all(...types, `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) as Row[];
    return rows.map(toRecord);
  }

  /** Closes the database file. */
  close(): void {
    this.db.close();
  }

  private exists(id: string): boolean {
    return objectTypeOf(id) !== undefined && this.row(id) !== undefined;
  }

  private row(id: string): Row | undefined {
    return this.db.prepare('SELECT * FROM records WHERE id = ?').get(id) as Row | undefined;
  }

  private indexPhones(id: string, type: ObjectType, values: FieldValues): void {
    const insert = this.db.prepare('INSERT INTO phones (record_id, field, e164) VALUES (?, ?, ?)');
    for (const key of phoneKeys(type, values, this.region)) insert.run(id, key.field, key.e164);
  }

  private nextCaseNumber(): string {
    const row = this.db.prepare("SELECT COUNT(*) AS n FROM records WHERE type = 'Case'").get() as { n: number };
    return String(1001 + row.n).padStart(8, '0');
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
