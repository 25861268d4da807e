/**
 * Argument checks of the console's Open CTI host, and the error it answers with: every refusal
 * carries one of the codes Open CTI documents (`INVALID_PARAM` for a bad argument, `SERVER_ERROR`
 * when the record store failed, `GENERIC_ERROR` otherwise).
 */
import { SoftphoneError } from '../../core/errors.js';
import type { FlowArg, OpenCtiApiErrorCode } from '../../salesforce/opencti/types.js';

/** A call the console refuses, reported through Open CTI's `errors` as `{ code, description, details? }`. */
export class HostError extends SoftphoneError<OpenCtiApiErrorCode> {
  override readonly name = 'HostError';
  /** `details` travels in the error entry; `options.cause` is the error this one wraps. */
  constructor(code: OpenCtiApiErrorCode, message: string, readonly details?: unknown, options?: { readonly cause?: unknown }) {
    super(code, message, options);
  }
}

/** The data of an Open CTI call (its functions stay in the softphone frame). */
export type Args = Readonly<Record<string, unknown>>;

/** An `INVALID_PARAM` error for `method`'s argument `name`. */
export function invalid(method: string, name: string, expected: string, ...got: [unknown?]): HostError {
  return new HostError('INVALID_PARAM', `${method}: ${name} ${expected}${got.length > 0 ? `, got ${describe(got[0])}` : ''}.`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : value === null ? 'null' : 'an object';
  return String(value);
}

/** A required string argument (non-empty unless `allowEmpty`). */
export function requiredString(method: string, args: Args, name: string, allowEmpty = false): string {
  const value = args[name];
  if (typeof value !== 'string' || (!allowEmpty && value.trim() === '')) throw invalid(method, name, allowEmpty ? 'must be a string' : 'is required: a non-empty string', value);
  return value;
}

/** An optional string argument. */
export function optionalString(method: string, args: Args, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(method, name, 'must be a string', value);
  return value;
}

/** A required boolean argument. */
export function requiredBoolean(method: string, args: Args, name: string): boolean {
  const value = args[name];
  if (typeof value !== 'boolean') throw invalid(method, name, 'is required: true or false', value);
  return value;
}

/** An optional object argument (not an array). */
export function optionalObject(method: string, args: Args, name: string): Args | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(method, name, 'must be an object', value);
  return value as Args;
}

/** A whole number of pixels within the documented range. */
export function pixels(method: string, args: Args, name: string, min: number, max: number): number {
  const value = args[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw invalid(method, name, `must be a number of pixels from ${min} through ${max}`, value);
  }
  return Math.round(value);
}

/** `defaultFieldValues`: field API names to strings, numbers or booleans, as the form shows them. */
export function fieldValues(method: string, value: unknown, name = 'defaultFieldValues'): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(method, name, 'must be an object of field API names to values', value);
  const values: Record<string, string> = {};
  for (const [field, item] of Object.entries(value)) {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') throw invalid(method, `${name}.${field}`, 'must be a string, number or boolean', item);
    values[field] = String(item);
  }
  return values;
}

/** A flow's input variables: `[{ name, type, value }]`. */
export function flowArgs(method: string, value: unknown, name: string): FlowArg[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(method, name, 'must be an array of { name, type, value }', value);
  return value.map((item: unknown, index) => {
    const arg = (typeof item === 'object' && item !== null ? item : {}) as Args;
    if (typeof arg.name !== 'string' || !arg.name || typeof arg.type !== 'string' || !arg.type || !('value' in arg)) {
      throw invalid(method, `${name}[${index}]`, 'must be { name, type, value } with a name and a type', item);
    }
    return { name: arg.name, type: arg.type, value: arg.value };
  });
}

/** An API name (object, flow, Visualforce page, message channel without its suffix). */
export const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;
/** A message channel's API name: `Name__c`, or `namespace__Name__c`. */
export const CHANNEL_NAME = /^(?:[A-Za-z][A-Za-z0-9_]*__)?[A-Za-z](?:[A-Za-z0-9]|_(?!_))*__c$/;
/** A 15- or 18-character record id. */
export const RECORD_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;
