import { randomBytes } from 'node:crypto';

/** Key prefixes Salesforce uses for the objects the console knows. */
export const KEY_PREFIXES = {
  Account: '001',
  Contact: '003',
  Lead: '00Q',
  Case: '500',
  Task: '00T',
} as const;

/** An object the console stores. */
export type ObjectType = keyof typeof KEY_PREFIXES;

const ID_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** A new 18-character record id with the object's key prefix and Salesforce's case-safe suffix. */
export function newRecordId(type: ObjectType): string {
  const bytes = randomBytes(12);
  let body = KEY_PREFIXES[type];
  for (const byte of bytes) body += ID_CHARS[byte % ID_CHARS.length];
  return body + caseSafeSuffix(body);
}

/** The three characters that make a 15-character id case-insensitively unique. */
export function caseSafeSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const char = id15.charAt(chunk * 5 + i);
      if (char >= 'A' && char <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_CHARS.charAt(bits);
  }
  return suffix;
}

/** The object a record id belongs to, from its key prefix. */
export function objectTypeOf(id: string): ObjectType | undefined {
  const prefix = id.slice(0, 3);
  return (Object.keys(KEY_PREFIXES) as ObjectType[]).find((type) => KEY_PREFIXES[type] === prefix);
}
