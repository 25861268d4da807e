import { FULL_PHONE_METADATA } from '../../config/phone-metadata.js';
import { SoftphoneError } from '../../core/errors.js';
import { normalizePhoneNumber, type Region } from '../../core/phone.js';
import { objectTypeOf, type ObjectType } from './ids.js';
import { OBJECTS, type FieldSpec } from './schema.js';

/** Salesforce-style error codes the console returns. */
export type RecordErrorCode = 'INVALID_FIELD' | 'REQUIRED_FIELD_MISSING' | 'FIELD_INTEGRITY_EXCEPTION' | 'INVALID_TYPE' | 'NOT_FOUND';

/** A record could not be saved or found; `fields` names what was wrong. */
export class RecordError extends SoftphoneError<RecordErrorCode> {
  override readonly name = 'RecordError';
  /** `fields` names the fields at fault; `options.cause` is the error this one wraps, if any. */
  constructor(
    code: RecordErrorCode,
    message: string,
    readonly fields: readonly string[] = [],
    options?: { readonly cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Field values as stored: strings, integers or null. */
export type FieldValues = Record<string, string | number | null>;

/**
 * Checks and cleans a create or update body for `type`. Unknown fields, wrong kinds, picklist values
 * outside the list, dangling references and missing required fields are rejected with the field named.
 */
export function validateFields(
  type: ObjectType,
  body: unknown,
  mode: 'create' | 'update',
  exists: (id: string) => boolean,
): FieldValues {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RecordError('INVALID_TYPE', `The request body must be a JSON object of ${type} fields.`);
  }
  const spec = OBJECTS[type];
  const values: FieldValues = {};
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    if (name === 'Id' || name === 'attributes' || name === 'entityApiName') continue;
    const field = spec.fields.find((candidate) => candidate.name === name);
    if (!field) throw new RecordError('INVALID_FIELD', `No such column '${name}' on entity '${type}'.`, [name]);
    values[name] = checkValue(type, field, raw, exists);
  }
  if (mode === 'create') {
    for (const field of spec.fields) {
      if (field.required && (values[field.name] === undefined || values[field.name] === null || values[field.name] === '')) {
        throw new RecordError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${field.name}]`, [field.name]);
      }
    }
  }
  return values;
}

function checkValue(type: ObjectType, field: FieldSpec, raw: unknown, exists: (id: string) => boolean): string | number | null {
  const where = `${type}.${field.name}`;
  if (raw === null || raw === '') {
    if (field.required) throw new RecordError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${field.name}]`, [field.name]);
    return null;
  }
  if (field.kind === 'integer') {
    const number = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) {
      throw new RecordError('INVALID_FIELD', `${where} must be a whole number of 0 or more, got ${JSON.stringify(raw)}.`, [field.name]);
    }
    return number;
  }
  if (typeof raw !== 'string') {
    throw new RecordError('INVALID_FIELD', `${where} must be a string, got ${typeof raw}.`, [field.name]);
  }
  if (field.maxLength !== undefined && raw.length > field.maxLength) {
    throw new RecordError('INVALID_FIELD', `${where} is too long: ${raw.length} characters, at most ${field.maxLength}.`, [field.name]);
  }
  if (field.kind === 'picklist' && field.values && !field.values.includes(raw)) {
    throw new RecordError('INVALID_FIELD', `${where} must be one of ${field.values.join(', ')}; got ${JSON.stringify(raw)}.`, [field.name]);
  }
  if (field.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
    throw new RecordError('INVALID_FIELD', `${where} must be a date as YYYY-MM-DD, got ${JSON.stringify(raw)}.`, [field.name]);
  }
  if (field.kind === 'reference') {
    const target = objectTypeOf(raw);
    if (!target || !field.references?.includes(target) || !exists(raw)) {
      throw new RecordError(
        'FIELD_INTEGRITY_EXCEPTION',
        `${where} must be the id of an existing ${field.references?.join(' or ')} record, got ${JSON.stringify(raw)}.`,
        [field.name],
      );
    }
  }
  return raw;
}

/** The E.164 forms of a record's phone fields, for matching callers in any format. */
export function phoneKeys(type: ObjectType, values: FieldValues, region: Region): Array<{ field: string; e164: string }> {
  const keys: Array<{ field: string; e164: string }> = [];
  for (const field of OBJECTS[type].fields) {
    const value = values[field.name];
    if (field.kind !== 'phone' || typeof value !== 'string') continue;
    const e164 = normalizePhoneNumber(value, region, FULL_PHONE_METADATA).e164;
    if (e164) keys.push({ field: field.name, e164 });
  }
  return keys;
}
