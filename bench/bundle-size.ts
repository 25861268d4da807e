/**
 * Sizes of the browser softphone bundles, built in memory with the same esbuild options as
 * `npm run build`: the provider-less core (core + Open CTI bridge + UI) and one bundle per provider.
 * The unit test `bundle-size.test.ts` holds them to their budgets; a benchmark run records them.
 *
 * Usage: node --import tsx bench/bundle-size.ts   (prints the sizes and writes bench/results/bundle-size.json)
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, version } from 'esbuild';
import { BROWSER_OPTIONS } from '../scripts/browser-options.mjs';

/** Raw and gzipped (level 9, as `softphone-connector build` reports) bytes of each bundle. */
export interface BundleSizes {
  readonly core_bytes: number;
  readonly core_gzip_bytes: number;
  readonly simulator_bytes: number;
  readonly simulator_gzip_bytes: number;
  readonly sip_bytes: number;
  readonly sip_gzip_bytes: number;
  readonly twilio_bytes: number;
  readonly twilio_gzip_bytes: number;
  readonly connect_bytes: number;
  readonly connect_gzip_bytes: number;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The measured bundles and their entry modules (relative to the package root). */
export const MEASURED_ENTRIES = {
  core: 'bench/softphone-core-entry.ts',
  simulator: 'src/app/simulator.ts',
  sip: 'src/app/sip.ts',
  twilio: 'src/app/twilio.ts',
  connect: 'src/app/connect.ts',
} as const;

/** One of the measured bundles. */
export type BundleName = keyof typeof MEASURED_ENTRIES;

/**
 * Gzipped budgets in KB (1024 bytes). The provider-less core is the architecture's target; each
 * provider's is its measured size plus about 6 %, so growth is a decision, not an accident. Raised
 * for the one call machine, accessibility and multi-party calls (participants, supervisor view; SIP
 * also its WebAudio conference mixer): simulator 36 → 44, SIP 92 → 102, Twilio 85 → 92 KB; Twilio
 * 92 → 103 KB for the contact-centre mode (TaskRouter, conferences; the TaskRouter SDK itself is a
 * lazily loaded chunk, not counted: about 131 KB gzipped with its axios and graphql).
 */
export const BUNDLE_BUDGETS_KB: Readonly<Record<BundleName, number>> = { core: 44, simulator: 46, sip: 102, twilio: 103, connect: 248 };

/** A bundle built in memory: its size, and the source files (relative to the package root) it holds. */
export interface BuiltBundle {
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly inputs: readonly string[];
}

/** Builds one measured bundle in memory. */
export async function buildBundle(name: BundleName): Promise<BuiltBundle> {
  const result = await build({
    ...BROWSER_OPTIONS,
    absWorkingDir: root,
    // Named as in dist/public, so the script (and its source-map comment) is byte for byte the built one.
    entryPoints: { [`softphone-${name}`]: MEASURED_ENTRIES[name] },
    outdir: 'dist/public',
    format: 'esm',
    // As the build does: the Twilio bundle loads the TaskRouter SDK as a chunk of its own (measured apart).
    ...(name === 'twilio' ? { splitting: true, chunkNames: 'chunks/[name]-[hash]' } : {}),
    write: false,
    logLevel: 'silent',
  });
  const script = result.outputFiles.find((file) => file.path.endsWith(`softphone-${name}.js`));
  if (!script) throw new Error(`esbuild wrote no script for the ${name} bundle`);
  const outputs = result.metafile?.outputs ?? {};
  const entry = outputs[relative(root, script.path).split(sep).join('/')];
  // What a page loads before it runs: the script and the chunks it imports statically (not the lazy ones).
  const loaded = [script, ...(entry?.imports ?? []).filter((item) => item.kind === 'import-statement').map((item) => result.outputFiles.find((file) => relative(root, file.path).split(sep).join('/') === item.path))];
  const files = loaded.filter((file): file is NonNullable<typeof file> => file !== undefined);
  const inputs = [...new Set(files.flatMap((file) => Object.keys(outputs[relative(root, file.path).split(sep).join('/')]?.inputs ?? {})))];
  return { bytes: files.reduce((sum, file) => sum + file.contents.byteLength, 0), gzipBytes: files.reduce((sum, file) => sum + gzipSync(file.contents, { level: 9 }).byteLength, 0), inputs };
}

/** Builds every measured bundle in memory and returns its raw and gzipped size. */
export async function measureBundles(): Promise<BundleSizes> {
  const names = Object.keys(MEASURED_ENTRIES) as BundleName[];
  const sizes = await Promise.all(names.map(async (name) => [name, await buildBundle(name)] as const));
  const flat: Record<string, number> = {};
  for (const [name, { bytes, gzipBytes }] of sizes) {
    flat[`${name}_bytes`] = bytes;
    flat[`${name}_gzip_bytes`] = gzipBytes;
  }
  return flat as unknown as BundleSizes;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = await measureBundles();
  const result = { benchmark: 'softphone bundle sizes (esbuild, minified, gzip level 9)', date: new Date().toISOString(), esbuild: version, ...sizes, budgets_gzip_bytes: Object.fromEntries(Object.entries(BUNDLE_BUDGETS_KB).map(([name, kb]) => [name, kb * 1024])) };
  writeFileSync(join(root, 'bench/results/bundle-size.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}
