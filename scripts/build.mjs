// Builds the CLI/server for Node and the browser bundles (softphone, console, Open CTI emulation).
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { BROWSER_OPTIONS } from './browser-options.mjs';
import { sldsIconsPlugin } from './slds-icons.mjs';
import { writeSoftphoneSlds } from './softphone-css.mjs';

const quiet = process.argv.includes('--quiet');
const started = performance.now();
rmSync('dist', { recursive: true, force: true });
mkdirSync('dist/public', { recursive: true });

const browser = BROWSER_OPTIONS;

const results = await Promise.all([
  build({
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
    sourcemap: true,
  }),
  // The library: one entry per subpath export, code shared between entries in dist/lib/chunks/, so
  // every module of ours (and so every class) exists once however many subpaths a user imports.
  build({
    entryPoints: {
      core: 'src/core/index.ts',
      salesforce: 'src/salesforce/index.ts',
      'providers-simulator': 'src/providers/simulator/index.ts',
      'providers-sip': 'src/providers/sip/index.ts',
      'providers-twilio': 'src/providers/twilio/index.ts',
      'providers-connect': 'src/providers/connect/index.ts',
      ui: 'src/ui/index.tsx',
      server: 'src/server/index.ts',
      testing: 'src/testing/index.ts',
      config: 'src/config/index.ts',
    },
    outdir: 'dist/lib',
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'neutral',
    format: 'esm',
    target: 'es2022',
    packages: 'external',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    plugins: [sldsIconsPlugin],
  }),
  build({ ...browser, entryPoints: { 'softphone-simulator': 'src/app/simulator.ts', 'softphone-sip': 'src/app/sip.ts', 'lab-phone': 'src/lab/phone/lab-phone.ts', console: 'src/console/app/main.tsx' }, outdir: 'dist/public', format: 'esm' }),
  // One bundle per vendor provider, so the simulator's (and every other) softphone stays free of vendor SDKs.
  build({ ...browser, entryPoints: { 'softphone-twilio': 'src/app/twilio.ts', 'softphone-connect': 'src/app/connect.ts' }, outdir: 'dist/public', format: 'esm' }),
  build({ ...browser, entryPoints: { 'voice-connector-simulator': 'src/app/voice-simulator.ts', 'voice-connector-sip': 'src/app/voice-sip.ts', 'voice-host': 'src/console/voice-host/main.ts' }, outdir: 'dist/public', format: 'esm' }),
  build({ ...browser, entryPoints: { opencti_min: 'src/console/opencti-emulation/opencti-min.ts' }, outdir: 'dist/public', format: 'iife' }),
]);
// `bin` of package.json: executable, so `npx softphone-connector` works in a clone too.
chmodSync('dist/cli.js', 0o755);
copyFileSync('src/ui/softphone.css', 'dist/public/softphone.css');
const phoneBundles = results.flatMap((result) => Object.keys(result.metafile?.outputs ?? {})).filter((file) => /public\/(softphone-[a-z]+|lab-phone)\.js$/.test(file));
const slds = await writeSoftphoneSlds(phoneBundles, 'dist/public/softphone-slds.css');
copyFileSync('src/console/app/console.css', 'dist/public/console.css');
copyFileSync('src/console/voice-host/voice-host.css', 'dist/public/voice-host.css');

if (!quiet) {
  const outputs = results.flatMap((result) => Object.entries(result.metafile?.outputs ?? {}));
  for (const [file, { bytes }] of outputs) if (file.endsWith('.js') && file.includes('public')) console.log(`  ${file}  ${(bytes / 1024).toFixed(1)} KB`);
  console.log(`  dist/public/softphone-slds.css  ${(slds.bytes / 1024).toFixed(1)} KB (of ${(slds.fullBytes / 1024).toFixed(0)} KB)`);
  console.log(`built in ${Math.round(performance.now() - started)} ms`);
}
