// `npm run mutation`: StrykerJS on the core and the Open CTI bridge (stryker.config.mjs), then the
// score per file and in total, from Stryker's JSON report, into bench/results/mutation.json.
//
//   node scripts/mutation.mjs                  run (incremental: only changed mutants/tests re-run)
//   node scripts/mutation.mjs --force          run every mutant again
//   node scripts/mutation.mjs --report-only    rewrite bench/results/mutation.json from the last report
//   node scripts/mutation.mjs --concurrency 1  fewer processes (default: the config's 2)
//   node scripts/mutation.mjs --mutate 'src/core/**/*.ts,!src/core/index.ts'
//                                              one part only (the other files' results are kept)
//
// The run is niced (nice -n 15) so it yields the processor to everything else on the machine.
//
// StrykerJS 10's command line refuses Node.js below 22 with a version check in its CLI module only;
// the engine itself runs on this project's Node.js (>= 20.19), so the run goes through Stryker's
// programmatic `Stryker` class, loaded from the installed package's file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const REPORT = 'reports/mutation/mutation.json';
// Written at the end of a run, and on an interrupt with the mutants tested so far.
const INCREMENTAL = 'reports/mutation/stryker-incremental.json';
const RESULT = 'bench/results/mutation.json';
const args = process.argv.slice(2);

if (args.includes('--run-stryker')) {
  await runStryker();
} else {
  if (!args.includes('--report-only')) {
    // Re-run this script under nice, so Stryker and every test process it spawns inherit the priority.
    const forwarded = args.filter((arg) => arg !== '--report-only');
    const started = Date.now();
    const run = spawnSync('nice', ['-n', '15', process.execPath, 'scripts/mutation.mjs', '--run-stryker', ...forwarded], { stdio: 'inherit' });
    if (run.status !== 0) {
      console.error(`✖ StrykerJS exited with ${run.status ?? run.signal}`);
      process.exit(run.status ?? 1);
    }
    writeResult(Math.round((Date.now() - started) / 1000));
  } else {
    writeResult();
  }
}

async function runStryker() {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('@stryker-mutator/core/package.json'));
  const { Stryker } = await import(pathToFileURL(join(root, 'dist/src/stryker.js')).href);
  const config = (await import(pathToFileURL(join(process.cwd(), 'stryker.config.mjs')).href)).default;
  const options = { ...config };
  if (args.includes('--force')) options.force = true;
  const mutate = args.indexOf('--mutate');
  if (mutate >= 0) options.mutate = args[mutate + 1].split(',');
  const concurrency = args.indexOf('--concurrency');
  if (concurrency >= 0) options.concurrency = Number(args[concurrency + 1]);
  await new Stryker(options).runMutationTest();
}

/** Counts of one set of mutants, with the mutation score (detected / valid, as Stryker reports it). */
function tally(mutants) {
  const count = (status) => mutants.filter((mutant) => mutant.status === status).length;
  const killed = count('Killed');
  const timeout = count('Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const valid = killed + timeout + survived + noCoverage;
  return {
    mutants: mutants.length,
    killed,
    survived,
    noCoverage,
    timeout,
    compileError: count('CompileError'),
    runtimeError: count('RuntimeError'),
    ignored: count('Ignored'),
    score: valid === 0 ? null : Math.round(((killed + timeout) / valid) * 10000) / 100,
  };
}

/** Sums the counts of two tallies (the score worked out again from the sums). */
function sum(a, b) {
  const keys = ['mutants', 'killed', 'survived', 'noCoverage', 'timeout', 'compileError', 'runtimeError', 'ignored'];
  const total = Object.fromEntries(keys.map((key) => [key, (a[key] ?? 0) + (b[key] ?? 0)]));
  const valid = total.killed + total.timeout + total.survived + total.noCoverage;
  return { ...total, score: valid === 0 ? null : Math.round(((total.killed + total.timeout) / valid) * 10000) / 100 };
}

/** @param {number} [runSeconds] how long StrykerJS ran */
function writeResult(runSeconds) {
  // An interrupted run leaves only its incremental file, newer than the last full report.
  const complete = existsSync(REPORT) && (!existsSync(INCREMENTAL) || statSync(REPORT).mtimeMs >= statSync(INCREMENTAL).mtimeMs - 1000);
  const report = JSON.parse(readFileSync(complete ? REPORT : INCREMENTAL, 'utf8'));
  const files = Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b));
  const under = (prefix) => files.filter(([path]) => path.startsWith(prefix)).flatMap(([, file]) => file.mutants);
  const survivors = files.flatMap(([path, file]) =>
    file.mutants
      .filter((mutant) => mutant.status === 'Survived' || mutant.status === 'NoCoverage')
      .map((mutant) => ({
        file: path,
        line: mutant.location.start.line,
        status: mutant.status,
        mutator: mutant.mutatorName,
        replacement: mutant.replacement,
      })),
  );
  // A run of one part (--mutate) keeps the other part's last record, with the date it was measured.
  const previous = existsSync(RESULT) ? JSON.parse(readFileSync(RESULT, 'utf8')) : undefined;
  const kept = [];
  const part = (key, prefix) => {
    const mutants = under(prefix);
    if (mutants.length > 0 || !previous?.[key]?.mutants) return tally(mutants);
    kept.push(prefix);
    return { ...previous[key], measured: previous[key].measured ?? previous.date };
  };
  const core = part('core', 'src/core/');
  const openctiBridge = part('openctiBridge', 'src/salesforce/opencti/');
  const keptFiles = Object.entries(previous?.files ?? {}).filter(([path]) => kept.some((prefix) => path.startsWith(prefix)));
  const keptSurvivors = (previous?.survivors ?? []).filter((survivor) => kept.some((prefix) => survivor.file.startsWith(prefix)));
  const result = {
    benchmark: 'mutation score (StrykerJS, TAP runner over node:test files, per-test-file coverage, TypeScript checker)',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, loadAverage1m: os.loadavg()[0] },
    ...(runSeconds !== undefined ? { runSeconds } : {}),
    score: 'detected (killed + timeout) / valid (killed + timeout + survived + no coverage), in %',
    complete,
    ...(complete ? {} : { note: 'an interrupted run: only the mutants tested so far are counted' }),
    ...(kept.length > 0 ? { kept: `not mutated in this run, their last record kept (see its "measured"): ${kept.join(', ')}` } : {}),
    total: sum(core, openctiBridge),
    core,
    openctiBridge,
    files: Object.fromEntries([...files.map(([path, file]) => [path, tally(file.mutants)]), ...keptFiles].sort(([a], [b]) => a.localeCompare(b))),
    survivors: [...survivors, ...keptSurvivors].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
  };
  mkdirSync(dirname(RESULT), { recursive: true });
  writeFileSync(RESULT, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`mutation score: core ${result.core.score} %, Open CTI bridge ${result.openctiBridge.score} %, total ${result.total.score} % → ${RESULT}`);
}
