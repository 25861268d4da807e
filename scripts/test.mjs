// `npm test`: lint, typecheck, build, the API reports and the API reference, then every test (unit,
// integration, browser end-to-end) in one node:test run. `--unit` / `--e2e` run one group;
// `--no-checks` skips lint, typecheck, the API reports and the API reference.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const groups = args.has('--unit') ? ['unit'] : args.has('--e2e') ? ['e2e'] : ['unit', 'e2e'];

function step(title, command, commandArgs, options = {}) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`✖ ${title} failed`);
    process.exit(result.status ?? 1);
  }
}

const bin = (name) => join('node_modules', '.bin', name);
if (!args.has('--no-checks')) {
  step('lint', bin('eslint'), ['.']);
  step('typecheck', bin('tsc'), ['--noEmit', '-p', '.']);
}
step('build', process.execPath, ['scripts/build.mjs', '--quiet']);
if (!args.has('--no-checks')) {
  // The public API as checked-in reports (api/*.api.md): a change to it fails here until `npm run api` records it.
  step('API reports', process.execPath, ['scripts/api-report.mjs']);
  // The API reference site (docs-site/, not checked in) from the doc comments; a warning fails.
  step('API reference (TypeDoc)', bin('typedoc'), ['--logLevel', 'Warn']);
}
if (groups.includes('e2e')) step('system packages for end-to-end tests', 'bash', ['scripts/system-deps.sh']);

const files = groups.flatMap((group) =>
  existsSync(join('test', group))
    ? readdirSync(join('test', group)).filter((file) => file.endsWith('.test.ts')).sort().map((file) => join('test', group, file))
    : [],
);
step(`tests (${files.length} files)`, process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files]);
