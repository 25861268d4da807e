// Builds the CLI/server for Node, the library (one entry per subpath export), the browser bundles
// (softphone, console, Open CTI emulation) with the design-system styles they use, and the
// declarations of the subpath exports (dist/types; `--no-types` skips them, as `npm start` does).
// `--package` (npm pack and publish: `prepack`) leaves the sources out of the browser bundles'
// source maps: they still map to src/ (which the package carries), at a third of the size.
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { BROWSER_OPTIONS } from './browser-options.mjs';
import { assertPeersLoadedLazily, optionalPeersPlugin } from './optional-peers.mjs';
import { sldsIconsPlugin } from './slds-icons.mjs';
import { writeConsoleSlds, writeSoftphoneSlds } from './softphone-css.mjs';

const quiet = process.argv.includes('--quiet');
const types = !process.argv.includes('--no-types');
const packageMode = process.argv.includes('--package');
const started = performance.now();
// dist/types stays: tsc rewrites only the declarations whose sources changed (dist/types/.tsbuildinfo).
for (const entry of ['cli.js', 'cli.js.map', 'lib', 'public']) rmSync(`dist/${entry}`, { recursive: true, force: true });
mkdirSync('dist/public', { recursive: true });

// tsc in its own process, beside esbuild. Type errors do not stop the build (the typecheck step of
// `npm test` reports them); a declaration missing does.
const declarations = types
  ? new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.types.json'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, output }));
    })
  : undefined;

const browser = packageMode ? { ...BROWSER_OPTIONS, sourcesContent: false } : BROWSER_OPTIONS;

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
    metafile: true,
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
    metafile: true,
    plugins: [sldsIconsPlugin, optionalPeersPlugin],
  }),
  build({ ...browser, entryPoints: { 'softphone-simulator': 'src/app/simulator.ts', 'softphone-sip': 'src/app/sip.ts', 'lab-phone': 'src/lab/phone/lab-phone.ts', console: 'src/console/app/main.tsx' }, outdir: 'dist/public', format: 'esm' }),
  // One bundle per vendor provider, so the simulator's (and every other) softphone stays free of vendor SDKs.
  build({ ...browser, entryPoints: { 'softphone-connect': 'src/app/connect.ts' }, outdir: 'dist/public', format: 'esm' }),
  // Split: the TaskRouter SDK (contact-centre mode only) is a chunk of its own, loaded on first use.
  build({ ...browser, entryPoints: { 'softphone-twilio': 'src/app/twilio.ts' }, outdir: 'dist/public', format: 'esm', splitting: true, chunkNames: 'chunks/[name]-[hash]' }),
  // The same Twilio provider on the SDKs' browser stand-ins, served only while `dev --provider twilio` runs the local stand-in.
  build({ ...browser, entryPoints: { 'softphone-twilio-local': 'src/console/twilio-stand-in/softphone-entry.ts' }, outdir: 'dist/public', format: 'esm' }),
  build({ ...browser, entryPoints: { 'voice-connector-simulator': 'src/app/voice-simulator.ts', 'voice-connector-sip': 'src/app/voice-sip.ts', 'voice-host': 'src/console/voice-host/main.ts' }, outdir: 'dist/public', format: 'esm' }),
  build({ ...browser, entryPoints: { opencti_min: 'src/console/opencti-emulation/opencti-min.ts' }, outdir: 'dist/public', format: 'iife' }),
]);
// Node code loads vendor packages only for the provider or host that is configured.
assertPeersLoadedLazily(results.slice(0, 2));
// `bin` of package.json: executable, so `npx softphone-connector` works in a clone too.
chmodSync('dist/cli.js', 0o755);
copyFileSync('src/ui/softphone.css', 'dist/public/softphone.css');
const phoneBundles = results.flatMap((result) => Object.keys(result.metafile?.outputs ?? {})).filter((file) => /public\/(softphone-[a-z]+|lab-phone)\.js$/.test(file));
const slds = await writeSoftphoneSlds(phoneBundles, 'dist/public/softphone-slds.css');
copyFileSync('src/console/app/console.css', 'dist/public/console.css');
copyFileSync('src/console/voice-host/voice-host.css', 'dist/public/voice-host.css');
// The console's and the Voice host's design-system rules and images, served from dist/public/slds.
const consoleSlds = await Promise.all([
  writeConsoleSlds({ name: 'console', content: ['dist/public/console.js', 'src/console/app/**/*.{ts,tsx}', 'src/server/pages.ts'], publicDir: 'dist/public' }),
  writeConsoleSlds({ name: 'voice-host', content: ['dist/public/voice-host.js', 'src/console/voice-host/**/*.ts', 'src/server/voice/voice-console.ts'], publicDir: 'dist/public' }),
]);

if (declarations) {
  const { code, output } = await declarations;
  const missing = ['core', 'salesforce', 'providers/simulator', 'providers/sip', 'providers/twilio', 'providers/connect', 'ui', 'server', 'config', 'testing'].filter((subpath) => !existsSync(`dist/types/${subpath}/index.d.ts`));
  if (missing.length > 0) {
    process.stderr.write(output);
    throw new Error(`tsc wrote no declarations for ${missing.join(', ')}`);
  }
  if (code !== 0) console.warn(`declarations written despite type errors (npx tsc --noEmit -p . lists them):\n${output.trim().split('\n').slice(0, 5).join('\n')}`);
}

if (!quiet) {
  const outputs = results.flatMap((result) => Object.entries(result.metafile?.outputs ?? {}));
  for (const [file, { bytes }] of outputs) if (file.endsWith('.js') && file.includes('public')) console.log(`  ${file}  ${(bytes / 1024).toFixed(1)} KB`);
  console.log(`  dist/public/softphone-slds.css  ${(slds.bytes / 1024).toFixed(1)} KB (of ${(slds.fullBytes / 1024).toFixed(0)} KB)`);
  for (const item of consoleSlds) console.log(`  dist/public/${item.file}  ${(item.bytes / 1024).toFixed(1)} KB, ${item.images.length} images`);
  if (types) console.log('  dist/types: declarations of the subpath exports');
  console.log(`built in ${Math.round(performance.now() - started)} ms`);
}
