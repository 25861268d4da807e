/** The local console's record store (Node only). */
export * from './ids.js';
export * from './schema.js';
export * from './validate.js';
export * from './record-store.js';
export * from './seed.js';
