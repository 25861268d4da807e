/**
 * The README's benchmark figures, generated from bench/results/latest.json so that they cannot drift
 * from the last run: `npm run bench` rewrites what sits between the README's `bench:` markers, and
 * `node --import tsx bench/readme.ts` does it again from the recorded file without measuring.
 * test/unit/bench-readme.test.ts checks that the README holds exactly what this renders.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { BUNDLE_BUDGETS_KB, MEASURED_ENTRIES, type BundleName } from './bundle-size.js';
import type { OverheadResult } from './overhead.js';
import type { BenchResults } from './report.js';
import type { SipBaselineResult } from './sip-baseline.js';
import type { SipGatewayResult } from './sip-gateway.js';

/** A result as an older run may have recorded it: without the fields added since. */
type Recorded<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** Provider events of each benchmark call (ringing, connected, held, resumed, ended), in every recorded run. */
const PROVIDER_EVENTS_PER_CALL = 5;

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const fmt = (value: number): string => Math.round(value).toLocaleString('en-US');

/** Provider events per second; results recorded before throughput was counted that way are converted from calls per second. */
export function providerEventsPerSecond(overhead: Recorded<OverheadResult, 'dispatchesPerCall' | 'wholePath'>): number {
  return overhead.dispatchesPerCall !== undefined ? overhead.eventsPerSecond : overhead.callsPerSecond * PROVIDER_EVENTS_PER_CALL;
}

/** The figures table of the README's "Measured" section. */
export function renderFigures(results: BenchResults): string {
  const { machine, ringToPop, bundle, coldStart, memory } = results;
  const overhead: Recorded<OverheadResult, 'dispatchesPerCall' | 'wholePath'> = results.overhead;
  const sipBaseline: Recorded<SipBaselineResult, 'pooling'> = results.sipBaseline;
  const sim = ringToPop.simulator.detail;
  const sip = ringToPop.sip.detail;
  const whole = overhead.wholePath;
  const ratio: Recorded<SipBaselineResult['ratio'], 'endToEnd' | 'inPage'> = sipBaseline.ratio;
  const interval = (estimate: { value: number; halfWidth: number }): string => `${estimate.value}× ±${estimate.halfWidth}`;
  const sipRatio = ratio.endToEnd && ratio.inPage
    ? `end to end ${interval(ratio.endToEnd)}, in the page ${interval(ratio.inPage)} (95 % intervals over the pooled calls; target ±0.03 ${sipBaseline.pooling?.met ? 'met' : '**not met**'})`
    : `${ratio.p50}× end to end (${sipBaseline.ours_shown_ms.p50} ms against ${sipBaseline.bare_ms.p50} ms at the median; in-page ratio and interval not recorded in this run)`;
  const rows: string[][] = [
    [`ring → record visible, simulator (${fmt(sim.calls)} calls, ${sim.runs} runs)`, 'p99 ≤ 50 ms', `p50 ${ms(ringToPop.simulator.p50_ms)}, p99 ${ms(ringToPop.simulator.p99_ms)}`],
    [`INVITE → record visible, Kamailio + SIP.js (${fmt(sip.calls)} calls, ${sip.runs} runs)`, 'p99 ≤ 100 ms', `p50 ${ms(ringToPop.sip.p50_ms)}, p99 ${ms(ringToPop.sip.p99_ms)}`],
    [
      'connector, whole path per provider event: reducer, effects runner, no-op bridge, feedback (Node)',
      'p99 ≤ 200 µs',
      whole ? `p99 ${whole.p99_us} µs (bare dispatch to the same event-loop turn: ${whole.baseline.p99_us} µs)` : 'not measured in this run',
    ],
    ['connector dispatch only per event: reducer and state, effects not included', '–', `p99 ${overhead.p99_us} µs; the connector adds ${overhead.overheadPerCall_us} µs per call over bare dispatch (whole run)`],
    ['connector throughput, in provider events', '≥ 100,000 events/s', `${fmt(providerEventsPerSecond(overhead))} events/s`],
    [
      `INVITE → ringing shown, over bare SIP.js INVITE → \`onInvite\` (${fmt(sipBaseline.calls * sipBaseline.runs)} calls each, ${sipBaseline.runs} runs)`,
      '≤ 1.2×',
      `${sipRatio}; the runs alone: ${sipBaseline.perRunRatio.map((value) => `${value}×`).join(', ')}`,
    ],
    ['core + Open CTI bridge + UI, gzipped', '≤ 40 KB', kb(bundle.core_gzip_bytes)],
    ['cold start: frame navigation → `notifyInitializationComplete`, simulator', 'p50 ≤ 300 ms', `p50 ${Math.round(coldStart.simulator.p50_ms)} ms (SIP, registration included: ${Math.round(coldStart.sip.p50_ms)} ms)`],
    [
      `JS heap growth over ${memory ? fmt(memory.calls) : '5,000'} calls in one page`,
      '< 5 MB',
      memory ? `${memory.growthBytes < 0 ? '−' : '+'}${Math.abs(memory.growthBytes / 1024 / 1024).toFixed(2)} MB after a forced GC` : 'not measured in this run',
    ],
  ];
  const load = overhead.machine.loadAverage1m;
  return [
    `Run of ${results.date.slice(0, 10)}${results.commit ? ` (commit ${results.commit})` : ''}: ${machine.cores ?? '?'} shared cores (${machine.cpu ?? 'unknown CPU'}), Chromium ${String(machine.chromium ?? '?').split('.')[0]}, Kamailio ${machine.kamailio ?? '?'}; load average ${load} when the overhead was measured.`,
    '',
    '| figure | target | measured |',
    '| --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** The per-provider bundle table of the README. */
export function renderBundles(results: BenchResults): string {
  const sizes = results.bundle as unknown as Record<string, number>;
  const names = Object.keys(MEASURED_ENTRIES) as BundleName[];
  const title: Record<BundleName, string> = { core: 'core softphone, no provider (core + Open CTI bridge + UI)', simulator: 'simulator', sip: 'SIP (SIP.js included)', twilio: 'Twilio', connect: 'Amazon Connect (Streams)' };
  return [
    `Run of ${results.date.slice(0, 10)}${results.commit ? ` (commit ${results.commit})` : ''}:`,
    '',
    '| bundle | gzipped | minified | budget (gzipped) |',
    '| --- | --- | --- | --- |',
    ...names.map((name) => `| ${title[name] ?? name} | ${kb(sizes[`${name}_gzip_bytes`] ?? NaN)} | ${kb(sizes[`${name}_bytes`] ?? NaN)} | ${BUNDLE_BUDGETS_KB[name]} KB |`),
  ].join('\n');
}

/** The README's table of SIP through the media gateway beside WebRTC end to end (bench/sip-gateway.ts). */
export function renderGateway(result: SipGatewayResult): string {
  const pair = (figure: { p50: number; p99: number }): string => `p50 ${ms(figure.p50)}, p99 ${ms(figure.p99)}`;
  const ratio = (figure: { p50: number; p99: number }): string => `${figure.p50}× (p99 ${figure.p99}×)`;
  return [
    `Run of ${result.date.slice(0, 10)}: ${result.calls} calls per path, alternating, headless Chromium with fake media, the real lab (Kamailio, rtpengine, SIPp); load average ${result.loadAverage1m.start} at the start and ${result.loadAverage1m.end} at the end on ${result.machine.cores ?? '?'} shared cores.`,
    '',
    '| figure | plain-RTP SIP phone (SIPp) through rtpengine | WebRTC end to end (lab phone, SIP.js) | gateway ÷ WebRTC |',
    '| --- | --- | --- | --- |',
    `| INVITE leaves the caller → ringing shown | ${pair(result.gateway.inviteToShown_ms)} | ${pair(result.webrtc.inviteToShown_ms)} | ${ratio(result.ratio.inviteToShown)} |`,
    `| Accept → media flowing (first inbound RTP in \`getStats\`) | ${pair(result.gateway.acceptToMedia_ms)} | ${pair(result.webrtc.acceptToMedia_ms)} | ${ratio(result.ratio.acceptToMedia)} |`,
  ].join('\n');
}

/** The README's generated blocks, by marker name; the gateway's when its results are given. */
export function readmeBlocks(results: BenchResults, gateway?: SipGatewayResult): Record<string, string> {
  return { figures: renderFigures(results), bundles: renderBundles(results), ...(gateway ? { 'sip-gateway': renderGateway(gateway) } : {}) };
}

/** The results file each block is generated from. */
const SOURCES: Readonly<Record<string, string>> = { 'sip-gateway': 'bench/results/sip-gateway.json' };

const marker = (name: string, end: boolean): string => `<!-- bench:${name}:${end ? 'end' : 'begin'} (generated from ${SOURCES[name] ?? 'bench/results/latest.json'} by bench/readme.ts) -->`;

/** What sits between the markers of block `name` in `readme`. */
export function readBlock(readme: string, name: string): string | undefined {
  const begin = readme.indexOf(marker(name, false));
  const end = readme.indexOf(marker(name, true));
  if (begin < 0 || end < begin) return undefined;
  return readme.slice(begin + marker(name, false).length, end).trim();
}

/** `readme` with every generated block replaced by what `results` render. Throws if a marker is missing. */
export function updateReadme(readme: string, results: BenchResults, gateway?: SipGatewayResult): string {
  let text = readme;
  for (const [name, body] of Object.entries(readmeBlocks(results, gateway))) {
    const begin = text.indexOf(marker(name, false));
    const end = text.indexOf(marker(name, true));
    if (begin < 0 || end < begin) throw new Error(`README.md: the ${marker(name, false)} … ${marker(name, true)} markers are missing`);
    text = `${text.slice(0, begin + marker(name, false).length)}\n${body}\n${text.slice(end)}`;
  }
  return text;
}

/** The recorded gateway figures (bench/results/sip-gateway.json), if a run wrote them. */
export function recordedGateway(path = 'bench/results/sip-gateway.json'): SipGatewayResult | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SipGatewayResult) : undefined;
}

/** Rewrites README.md's generated blocks from bench/results/latest.json (and sip-gateway.json). */
export function writeReadme(path = 'README.md', resultsPath = 'bench/results/latest.json'): void {
  const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as BenchResults;
  writeFileSync(path, updateReadme(readFileSync(path, 'utf8'), results, recordedGateway()));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeReadme();
  console.log('README.md: benchmark figures rewritten from bench/results/latest.json and sip-gateway.json');
}
