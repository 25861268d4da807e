// esbuild options of every browser bundle, shared by the build and the bundle-size budget so both
// measure the same thing.
import { sldsIconsPlugin } from './slds-icons.mjs';

/** Options of the browser bundles (entry points, output folder and format are per build). */
export const BROWSER_OPTIONS = {
  bundle: true,
  platform: 'browser',
  target: ['chrome110', 'firefox115', 'safari16'],
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  metafile: true,
  plugins: [sldsIconsPlugin],
};
