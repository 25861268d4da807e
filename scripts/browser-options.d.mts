import type { BuildOptions } from 'esbuild';

/** Options of the browser bundles (entry points, output folder and format are per build). */
export declare const BROWSER_OPTIONS: BuildOptions;
