/** The local console's record store (Node only). */
export type { ObjectType } from './ids.js';
export { isObjectType, SOFTPHONE_LAYOUT_OBJECTS } from './schema.js';
export { RecordError } from './validate.js';
export type { RecordErrorCode } from './validate.js';
export { RecordStore } from './record-store.js';
export type { StoredRecord, RecordStoreOptions } from './record-store.js';
export { seedRecords } from './seed.js';
export { DEFAULT_SOFTPHONE_LAYOUT, SoftphoneLayoutError, validateSoftphoneLayout } from './softphone-layout.js';
