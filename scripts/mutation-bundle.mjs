// StrykerJS's build step for `npm run mutation` (stryker.config.mjs `buildCommand`, run inside its
// sandbox once the sources are instrumented): bundles each mutation test file with the sources it
// imports into one plain ES module under .mutation-tests/, packages left as imports. A mutant run
// starts one Node.js process per covering test file; loading a bundle takes a fraction of the time
// that compiling TypeScript on the fly (tsx) does, which on a busy machine is most of each run.
import { build } from 'esbuild';
import { basename } from 'node:path';
import { MUTATION_BUNDLES, MUTATION_TEST_FILES } from '../stryker.config.mjs';

await build({
  entryPoints: MUTATION_TEST_FILES.map((file, index) => ({ in: file, out: MUTATION_BUNDLES[index].replace(/^\.mutation-tests\//, '').replace(/\.mjs$/, '') })),
  outdir: '.mutation-tests',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
console.log(`bundled ${MUTATION_BUNDLES.map((file) => basename(file)).join(', ')}`);
