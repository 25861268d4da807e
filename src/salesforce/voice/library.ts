/**
 * The published, unmodified `@salesforce/scv-connector-base`. It ships as a UMD bundle: bundlers
 * expose its exports as named exports, Node's ESM loader only as the default export, so both
 * shapes are accepted here and every other module imports the library through this one.
 */
import * as namespace from '@salesforce/scv-connector-base';

/** The library's exports (classes, constants, `initializeConnector`, `publishEvent`, …). */
export type ScvLibrary = typeof namespace;

const loaded = namespace as ScvLibrary & { readonly default?: ScvLibrary };

/** The library, whichever way the module system exposed it. */
export const scv: ScvLibrary = loaded.default && 'Constants' in loaded.default ? loaded.default : loaded;

/** The instance type of one of the library's classes, e.g. `Lib<'PhoneCall'>`. */
export type Lib<K extends keyof ScvLibrary> = ScvLibrary[K] extends abstract new (...args: never[]) => infer T ? T : never;
