/**
 * Memory over a long shift: runs the soak (test/e2e/soak.test.ts: thousands of calls answered, hung
 * up and wrapped up in one softphone page, heap measured after forced garbage collection before and
 * after) and reads back what it wrote to bench/results/soak.json.
 *
 * Usage: node --import tsx bench/memory.ts [calls=5000]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface MemoryResult {
  readonly calls: number;
  readonly seconds: number;
  readonly heapBeforeBytes: number;
  readonly heapAfterBytes: number;
  readonly growthBytes: number;
  /** Heap growth divided by the calls made. */
  readonly bytesPerCall: number;
  readonly callsWithOneTask: number;
}

/** Runs the soak with `calls` calls; fails when the soak fails (a lost log, or the heap budget). */
export async function measureMemory(calls = 5000): Promise<MemoryResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', 'test/e2e/soak.test.ts'], {
    env: { ...process.env, SOAK_CALLS: String(calls) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the soak of ${calls} calls failed (exit ${code})`);
  const soak = JSON.parse(readFileSync('bench/results/soak.json', 'utf8')) as Omit<MemoryResult, 'bytesPerCall'>;
  if (soak.calls !== calls) throw new Error(`bench/results/soak.json holds a run of ${soak.calls} calls, not ${calls}`);
  return {
    calls: soak.calls,
    seconds: soak.seconds,
    heapBeforeBytes: soak.heapBeforeBytes,
    heapAfterBytes: soak.heapAfterBytes,
    growthBytes: soak.growthBytes,
    bytesPerCall: Math.round(soak.growthBytes / soak.calls),
    callsWithOneTask: soak.callsWithOneTask,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureMemory(Number(process.argv[2] ?? 5000)), null, 2));
}
