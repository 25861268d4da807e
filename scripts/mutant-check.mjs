// Re-tests surviving mutants one at a time against chosen test files, without a Stryker run:
//
//   node scripts/mutant-check.mjs <source file> <test file…> [--ids 12,40] [--lines 100-120] [--all]
//
// Reads the mutants of <source file> from the last run's report (reports/mutation/mutation.json, or
// --report <path>), applies each survivor (or uncovered mutant) to the source in place, runs the test
// files with node:test, prints KILLED or SURVIVED with the mutant's id, place and change, and puts the
// source back (also on Ctrl-C). Exits 1 when any mutant survived. `--all` re-tests every mutant whose
// status is not a compile error. The source must be as it was when the report was written.
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const files = [];
let report = 'reports/mutation/mutation.json';
let ids;
let lines;
let all = false;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--ids') ids = new Set(String(args[++i]).split(','));
  else if (arg === '--lines') {
    const [from, to = from] = String(args[++i]).split('-').map(Number);
    lines = [from, to];
  } else if (arg === '--report') report = String(args[++i]);
  else if (arg === '--all') all = true;
  else files.push(arg);
}
const [source, ...tests] = files;
if (!source || tests.length === 0) {
  console.error('usage: node scripts/mutant-check.mjs <source file> <test file…> [--ids 12,40] [--lines 100-120] [--all] [--report path]');
  process.exit(2);
}
const entry = JSON.parse(readFileSync(report, 'utf8')).files?.[source];
if (!entry) {
  console.error(`${report} has no mutants of ${source}: run npm run mutation first`);
  process.exit(2);
}
const original = readFileSync(source, 'utf8');
if (original !== entry.source) {
  console.error(`${source} changed since ${report} was written: the mutants' places no longer hold`);
  process.exit(2);
}
const lineStarts = [0];
for (let i = 0; i < original.length; i++) if (original[i] === '\n') lineStarts.push(i + 1);
const offset = ({ line, column }) => lineStarts[line - 1] + column - 1;
const wanted = entry.mutants.filter((mutant) =>
  (all ? mutant.status !== 'CompileError' : mutant.status === 'Survived' || mutant.status === 'NoCoverage') &&
  (!ids || ids.has(String(mutant.id))) &&
  (!lines || (mutant.location.start.line >= lines[0] && mutant.location.start.line <= lines[1])));

// Ctrl-C reaches the test run too, which stops on it; this process stays to put the source back.
process.on('SIGINT', () => undefined);
let survived = 0;
let interrupted = false;
try {
  for (const mutant of wanted) {
    const [start, end] = [offset(mutant.location.start), offset(mutant.location.end)];
    writeFileSync(source, original.slice(0, start) + mutant.replacement + original.slice(end));
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', ...tests], { encoding: 'utf8', timeout: 300_000 });
    if (run.signal === 'SIGINT') {
      interrupted = true;
      break;
    }
    const killed = run.status !== 0;
    if (!killed) survived++;
    const from = JSON.stringify(original.slice(start, end)).slice(0, 80);
    console.log(`${killed ? 'KILLED  ' : 'SURVIVED'} #${String(mutant.id).replace(/\s+/g, ' ')} ${source}:${mutant.location.start.line}:${mutant.location.start.column} ${mutant.mutatorName} ${from} → ${JSON.stringify(mutant.replacement).slice(0, 80)}`);
  }
} finally {
  writeFileSync(source, original);
}
if (interrupted) {
  console.log(`interrupted; ${source} is as it was`);
  process.exit(130);
}
console.log(`${wanted.length} mutant(s), ${survived} survived`);
process.exit(survived > 0 ? 1 : 0);
