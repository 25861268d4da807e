/**
 * `npm run bench`: every benchmark, one after the other on a quiet machine, written to
 * bench/results/latest.json and bench/results/latest.md with the machine described, the targets
 * met or missed, and the previous run's figures side by side; then rewrites the README's generated
 * figures from latest.json (bench/readme.ts).
 *
 * Usage: node --import tsx bench/run.ts [--quick]   (--quick: small counts, to check the benchmarks run)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { measureBundles } from './bundle-size.js';
import { measureColdStart } from './cold-start.js';
import { renderMarkdown, targetsOf, type BenchResults } from './report.js';
import { measureMemory } from './memory.js';
import { measureMultiparty, writeMultipartyResults } from './multiparty.js';
import { measureOverhead } from './overhead.js';
import { writeReadme } from './readme.js';
import { measureRingToPop } from './ring-to-pop.js';
import { measureSipBaseline } from './sip-baseline.js';
import { measureSipGateway, writeSipGateway } from './sip-gateway.js';
import { describeMachine } from './support.js';
import { measureTwilioCallbacks, writeTwilioCallbacks } from './twilio-callbacks.js';
import { measureTwilioContactCentre, writeTwilioContactCentre } from './twilio-contact-centre.js';

const quick = process.argv.includes('--quick');
const counts = quick
  ? { ringCalls: 10, ringRuns: 1, baselineCalls: 10, baselineRuns: 1, baselineMaxRuns: 1, coldLoads: 3, soakCalls: 0, overheadCalls: 2000, overheadRuns: 2, multipartyRounds: 3, gatewayCalls: 3, contactCentreCalls: 5 }
  : { ringCalls: 100, ringRuns: 3, baselineCalls: 150, baselineRuns: 3, baselineMaxRuns: 8, coldLoads: 20, soakCalls: Number(process.env.SOAK_CALLS ?? 5000), overheadCalls: 20_000, overheadRuns: 5, multipartyRounds: 20, gatewayCalls: 30, contactCentreCalls: 100 };

function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  process.stdout.write(`bench: ${name}…\n`);
  return run().then((result) => {
    process.stdout.write(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return result;
  });
}

function commit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

const previous = existsSync('bench/results/latest.json') ? (JSON.parse(readFileSync('bench/results/latest.json', 'utf8')) as BenchResults) : undefined;
const started = Date.now();
const bundle = await step('bundle sizes', measureBundles);
const overhead = await step('connector overhead', () => measureOverhead({ calls: counts.overheadCalls, runs: counts.overheadRuns }));
const simulator = await step('ring → record, simulator', () => measureRingToPop('simulator', counts.ringCalls, counts.ringRuns));
const sip = await step('INVITE → record, SIP', () => measureRingToPop('sip', counts.ringCalls, counts.ringRuns));
const sipBaseline = await step('SIP baseline (bare SIP.js)', () => measureSipBaseline(counts.baselineCalls, counts.baselineRuns, { maxRuns: counts.baselineMaxRuns }));
const coldSimulator = await step('cold start, simulator', () => measureColdStart('simulator', counts.coldLoads));
const coldSip = await step('cold start, SIP', () => measureColdStart('sip', counts.coldLoads));
// Multi-party flows: their own results file (bench/results/multiparty.*), written here.
const multiparty = [
  await step('multi-party, simulator', () => measureMultiparty('simulator', counts.multipartyRounds)),
  await step('multi-party, SIP', () => measureMultiparty('sip', counts.multipartyRounds)),
];
const multipartyFile = writeMultipartyResults(multiparty, quick);
// Plain SIP through the media gateway beside WebRTC: its own results file (bench/results/sip-gateway.*).
const gatewayFile = quick ? 'sip-gateway-quick' : 'sip-gateway';
writeSipGateway(await step('SIP media gateway beside WebRTC', () => measureSipGateway(counts.gatewayCalls)), gatewayFile);
// The Twilio contact centre: reservation → ringing → record popped beside the simulator, and its server under load.
const contactCentreFile = quick ? 'twilio-contact-centre-quick' : 'twilio-contact-centre';
writeTwilioContactCentre(await step('Twilio contact centre beside the simulator', () => measureTwilioContactCentre(counts.contactCentreCalls)), contactCentreFile);
const callbacksFile = quick ? 'twilio-callbacks-quick' : 'twilio-callbacks';
writeTwilioCallbacks(await step('Twilio webhooks and callbacks, two instances behind one port', () => measureTwilioCallbacks({ quick })), callbacksFile);
const memory = counts.soakCalls > 0 ? await step(`memory, ${counts.soakCalls} calls`, () => measureMemory(counts.soakCalls)) : undefined;

const results: BenchResults = {
  date: new Date().toISOString(),
  commit: commit(),
  quick,
  minutes: Number(((Date.now() - started) / 60_000).toFixed(1)),
  machine: describeMachine(),
  ringToPop: {
    simulator: { p50_ms: simulator.total_ms.p50, p95_ms: simulator.total_ms.p95, p99_ms: simulator.total_ms.p99, detail: simulator },
    sip: { p50_ms: sip.total_ms.p50, p95_ms: sip.total_ms.p95, p99_ms: sip.total_ms.p99, detail: sip },
  },
  sipBaseline,
  overhead,
  bundle,
  coldStart: {
    simulator: { p50_ms: coldSimulator.total_ms.p50, p95_ms: coldSimulator.total_ms.p95, p99_ms: coldSimulator.total_ms.p99, detail: coldSimulator },
    sip: { p50_ms: coldSip.total_ms.p50, p95_ms: coldSip.total_ms.p95, p99_ms: coldSip.total_ms.p99, detail: coldSip },
  },
  ...(memory ? { memory } : {}),
  targets: [],
};
const final: BenchResults = { ...results, targets: targetsOf(results) };
mkdirSync('bench/results', { recursive: true });
const name = quick ? 'quick' : 'latest';
writeFileSync(`bench/results/${name}.json`, `${JSON.stringify(final, null, 2)}\n`);
writeFileSync(`bench/results/${name}.md`, renderMarkdown(final, quick ? undefined : previous));
console.log(`bench: wrote bench/results/${name}.json and ${name}.md, and .json and .md of ${[multipartyFile, gatewayFile, contactCentreFile, callbacksFile].join(', ')}`);
if (!quick) {
  writeReadme();
  console.log('bench: README.md figures rewritten from bench/results/latest.json');
}
for (const target of final.targets) console.log(`  ${target.met ? 'met   ' : 'MISSED'} ${target.figure}: ${target.measured} (target ${target.target})`);
