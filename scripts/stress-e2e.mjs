// `npm run stress:e2e -- <test file> <N>`: runs one end-to-end file N times, one run after the other,
// while three busy processes (`STRESS_BUSY` to change) hold the CPU, and reports how many runs passed.
// It does not build: run `node scripts/build.mjs --quiet` first if the sources changed. Each failed
// run's output is kept under the printed folder; a run still going after 15 minutes (STRESS_TIMEOUT_S)
// is stopped with its process group and counted as failed. Exit code: 0 when every run passed.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const [file, countArg] = process.argv.slice(2);
const runs = Number(countArg ?? 10);
const busyCount = Number(process.env.STRESS_BUSY ?? 3);
/** A run still going after this long is stopped and counted as failed (`STRESS_TIMEOUT_S`). */
const timeoutSeconds = Number(process.env.STRESS_TIMEOUT_S ?? 900);
if (!file || !Number.isInteger(runs) || runs < 1 || !Number.isInteger(busyCount) || busyCount < 0) {
  console.error('usage: npm run stress:e2e -- <test file> <runs, a whole number ≥ 1>   (STRESS_BUSY=<busy processes>, default 3)');
  process.exit(2);
}

// Busy processes: each spins one core until it is stopped (by its pid, below).
const busy = Array.from({ length: busyCount }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopBusy = () => {
  for (const child of busy) if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
};
process.on('exit', stopBusy);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

/** One run of the file: its exit code, duration, output and the names of the tests that failed. */
function runOnce() {
  return new Promise((resolve) => {
    const started = Date.now();
    // Its own process group, so a run that hangs is stopped with everything it started.
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', file], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const timer = setTimeout(() => {
      output += `\n[stress-e2e] run stopped after ${timeoutSeconds} s\n`;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutSeconds * 1000);
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      const failed = [...output.matchAll(/^ +not ok \d+ - (.*)$/gm)].map((match) => match[1]);
      resolve({ code: code ?? -1, seconds: (Date.now() - started) / 1000, output, failed });
    });
  });
}

const logs = mkdtempSync(join(tmpdir(), 'stress-e2e-'));
console.log(`${file}: ${runs} runs with ${busyCount} busy processes on ${cpus().length} cores (load average before: ${loadavg()[0].toFixed(2)}); failed runs' output in ${logs}`);
const results = [];
for (let index = 1; index <= runs; index++) {
  const result = await runOnce();
  results.push(result);
  const load = loadavg()[0].toFixed(2);
  if (result.code === 0) console.log(`run ${index}/${runs}: pass (${result.seconds.toFixed(0)} s, load ${load})`);
  else {
    const log = join(logs, `run-${index}.log`);
    writeFileSync(log, result.output);
    console.log(`run ${index}/${runs}: FAIL (${result.seconds.toFixed(0)} s, load ${load}): ${result.failed.join(' | ') || `exit ${result.code}`} — ${log}`);
  }
}
stopBusy();
const passed = results.filter((result) => result.code === 0).length;
const seconds = results.map((result) => result.seconds).sort((a, b) => a - b);
console.log(`${passed}/${runs} runs passed (${busyCount} busy processes; run time median ${seconds[Math.floor(seconds.length / 2)].toFixed(0)} s, max ${seconds.at(-1).toFixed(0)} s)`);
process.exit(passed === runs ? 0 : 1);
