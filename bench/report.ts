/** The shape of bench/results/latest.json, the targets it is judged by, and its readable form. */
import type { BundleSizes } from './bundle-size.js';
import type { ColdStartResult } from './cold-start.js';
import type { MemoryResult } from './memory.js';
import type { OverheadResult } from './overhead.js';
import type { RingToPopResult } from './ring-to-pop.js';
import type { SipBaselineResult } from './sip-baseline.js';

interface Percentiles {
  readonly p50_ms: number;
  readonly p95_ms: number;
  readonly p99_ms: number;
}

/** A target of the product and whether this run met it. */
export interface TargetResult {
  readonly figure: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** Everything one `npm run bench` measured. */
export interface BenchResults {
  readonly date: string;
  readonly commit?: string;
  readonly quick: boolean;
  readonly minutes: number;
  readonly machine: Record<string, string | number | undefined>;
  readonly ringToPop: { readonly simulator: Percentiles & { readonly detail: RingToPopResult }; readonly sip: Percentiles & { readonly detail: RingToPopResult } };
  readonly sipBaseline: SipBaselineResult;
  readonly overhead: OverheadResult;
  readonly bundle: BundleSizes;
  readonly coldStart: { readonly simulator: Percentiles & { readonly detail: ColdStartResult }; readonly sip: Percentiles & { readonly detail: ColdStartResult } };
  readonly memory?: MemoryResult;
  readonly targets: readonly TargetResult[];
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const msFine = (value: number): string => `${value.toFixed(2)} ms`;
const fmt = (value: number): string => Math.round(value).toLocaleString('en-US');

/** The product's targets (issue "Benchmarks"), judged on `results`. */
export function targetsOf(results: Omit<BenchResults, 'targets'>): TargetResult[] {
  const { ringToPop, overhead, sipBaseline, bundle, coldStart, memory } = results;
  const targets: TargetResult[] = [
    { figure: 'ring → record visible, simulator, p99', target: '≤ 50 ms', measured: ms(ringToPop.simulator.p99_ms), met: ringToPop.simulator.p99_ms <= 50 },
    { figure: 'INVITE → record visible, Kamailio + SIP.js, p99', target: '≤ 100 ms', measured: ms(ringToPop.sip.p99_ms), met: ringToPop.sip.p99_ms <= 100 },
    {
      figure: 'connector whole path per provider event (reducer, effects runner, no-op bridge, feedback), p99',
      target: '≤ 200 µs',
      measured: `${overhead.wholePath.p99_us} µs (dispatch only: ${overhead.p99_us} µs)`,
      met: overhead.wholePath.p99_us <= 200,
    },
    { figure: 'connector throughput, provider events', target: '≥ 100,000 events/s', measured: `${fmt(overhead.eventsPerSecond)} events/s`, met: overhead.eventsPerSecond >= 100_000 },
    {
      figure: 'our INVITE → ringing shown over bare SIP.js INVITE → onInvite, median, end to end and in the page (95 % interval)',
      target: '≤ 1.2×, re-runs within ±0.03',
      measured: `${sipBaseline.ratio.endToEnd.value}× ±${sipBaseline.ratio.endToEnd.halfWidth}, in page ${sipBaseline.ratio.inPage.value}× ±${sipBaseline.ratio.inPage.halfWidth} (p99 ${sipBaseline.ratio.p99}×)`,
      met: sipBaseline.ratio.endToEnd.high <= 1.2 && sipBaseline.pooling.met,
    },
    { figure: 'core + Open CTI bridge + UI, gzipped', target: '≤ 40 KB', measured: kb(bundle.core_gzip_bytes), met: bundle.core_gzip_bytes <= 40 * 1024 },
    { figure: 'cold start to notifyInitializationComplete, simulator, p50', target: '≤ 300 ms', measured: ms(coldStart.simulator.p50_ms), met: coldStart.simulator.p50_ms <= 300 },
  ];
  if (memory) {
    targets.push({
      figure: `heap growth over ${fmt(memory.calls)} calls`,
      target: '< 5 MB',
      measured: `${(memory.growthBytes / 1024 / 1024).toFixed(2)} MB (${memory.bytesPerCall} bytes per call)`,
      met: memory.calls >= 5000 && memory.growthBytes < 5 * 1024 * 1024,
    });
  }
  return targets;
}

function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [`| ${head.join(' | ')} |`, `|${head.map((_, index) => (index === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

function ringSection(title: string, result: RingToPopResult, previous?: Percentiles): string {
  const moments = Object.entries(result.moments_ms).map(([key, value]) => [`${value.label} (\`${key}\`)`, ms(value.p50), ms(value.p95), ms(value.p99)]);
  const segments = Object.entries(result.segments_ms).map(([key, value]) => [`${key}: ${value.label}`, ms(value.p50), ms(value.p95), ms(value.p99)]);
  return [
    `### ${title}`,
    '',
    `${fmt(result.calls)} calls in ${result.runs} runs (each run its own server and browser; per-run p50/p99: ${result.perRun.map((run) => `${run.p50_ms}/${run.p99_ms}`).join(', ')} ms).` +
      (previous ? ` Previous run: p50 ${ms(previous.p50_ms)}, p99 ${ms(previous.p99_ms)}.` : ''),
    '',
    table(['moment, after the ring was sent', 'p50', 'p95', 'p99'], [...moments, ['**total: record visible**', `**${ms(result.total_ms.p50)}**`, `**${ms(result.total_ms.p95)}**`, `**${ms(result.total_ms.p99)}**`]]),
    '',
    table(['stage', 'p50', 'p95', 'p99'], segments),
    '',
    `Slowest stage: **${result.slowestSegment}** (${result.segments_ms[result.slowestSegment]?.label}).` +
      ` Largest part of the host stage: **${result.slowestHostPart}** (${ms(result.segments_ms[result.slowestHostPart]?.p50 ?? 0)} at p50).` +
      ` Baseline of that search: the same request to the console server from Node, with no browser, once per call: p50 ${msFine(result.serverSearch_ms.p50)}, p99 ${msFine(result.serverSearch_ms.p99)}.`,
  ].join('\n');
}

function coldSection(result: ColdStartResult): string {
  return [
    `### ${result.provider}`,
    '',
    table(['stage, after the softphone frame\'s navigation started', 'p50', 'p95'], Object.entries(result.stages_ms).map(([stage, value]) => [stage, ms(value.p50), ms(value.p95)])),
  ].join('\n');
}

/** latest.md: what a reader needs to compare this run with the next. */
export function renderMarkdown(results: BenchResults, previous?: BenchResults): string {
  const previousTargets = new Map(previous?.targets.map((target) => [target.figure, target.measured]) ?? []);
  const { machine, overhead, sipBaseline, bundle, memory } = results;
  const lines = [
    '# Benchmark results',
    '',
    `Run of ${results.date}${results.commit ? ` at commit ${results.commit}` : ''}, ${results.minutes} minutes, by \`npm run bench\`. Figures are medians (p50) and tails (p95, p99) on this machine;`,
    'the raw figures are in `latest.json`. Every target below is the product\'s, measured here, not adjusted to the result.',
    '',
    '## Machine',
    '',
    table(['', ''], Object.entries(machine).map(([key, value]) => [key, String(value ?? 'unknown')])),
    '',
    '## Targets',
    '',
    table(['figure', 'target', 'this run', 'previous run', ''], results.targets.map((target) => [target.figure, target.target, target.measured, previousTargets.get(target.figure) ?? '–', target.met ? 'met' : '**missed**'])),
    '',
    '## Ring → record visible, stage by stage',
    '',
    'From the ring leaving (simulator: `POST /api/sim/calls`; SIP: the INVITE sent over UDP to Kamailio) to the caller\'s Contact rendered in the local console,',
    'in headless Chromium. The moments come from the connector\'s own per-call timeline (the softphone\'s Timing panel shows the same) and the console page.',
    '',
    ringSection('Simulator', results.ringToPop.simulator.detail, previous?.ringToPop.simulator),
    '',
    ringSection('SIP through Kamailio', results.ringToPop.sip.detail, previous?.ringToPop.sip),
    '',
    '## Our overhead over the SIP stack',
    '',
    `INVITE → \`onInvite\` of a SIP.js user agent alone (baseline; its own bundle, no connector, evaluated in the softphone's document so both are timed on one clock) against INVITE → ringing shown by our softphone: ${sipBaseline.runs} runs (each its own console, Kamailio and browser) of ${sipBaseline.calls} calls to each, alternating. Ratio of each run alone: ${sipBaseline.perRunRatio.map((ratio) => `${ratio}×`).join(', ')}.`,
    '',
    table(['', 'p50', 'p95', 'p99'], [
      ['bare SIP.js: INVITE → onInvite', ms(sipBaseline.bare_ms.p50), ms(sipBaseline.bare_ms.p95), ms(sipBaseline.bare_ms.p99)],
      ['ours: INVITE → ringing event in the connector', ms(sipBaseline.ours_event_ms.p50), ms(sipBaseline.ours_event_ms.p95), ms(sipBaseline.ours_event_ms.p99)],
      ['ours: INVITE → ringing shown', ms(sipBaseline.ours_shown_ms.p50), ms(sipBaseline.ours_shown_ms.p95), ms(sipBaseline.ours_shown_ms.p99)],
      ['ratio ours / bare', `${sipBaseline.ratio.p50}×`, '', `${sipBaseline.ratio.p99}×`],
    ]),
    '',
    `Median ratios with 95 % bootstrap intervals over the ${fmt(sipBaseline.ratio.endToEnd.n)} pooled calls: end to end ${sipBaseline.ratio.endToEnd.value}× (${sipBaseline.ratio.endToEnd.low}–${sipBaseline.ratio.endToEnd.high}), in the page (from the INVITE's WebSocket message) ${sipBaseline.ratio.inPage.value}× (${sipBaseline.ratio.inPage.low}–${sipBaseline.ratio.inPage.high}). Runs were pooled until both half-widths were within ±${sipBaseline.pooling.targetHalfWidth} (at most ${sipBaseline.pooling.maxRuns} runs): ${sipBaseline.pooling.met ? 'reached' : '**not reached**'}.`,
    '',
    'The same calls split at the moment each INVITE\'s WebSocket message reached the page (noted ahead of SIP.js\'s own listener):',
    '',
    table(['', 'p50', 'p95', 'p99'], [
      ['transport to the bare user agent: INVITE → message in the page', msFine(sipBaseline.transport_ms.bare.p50), msFine(sipBaseline.transport_ms.bare.p95), msFine(sipBaseline.transport_ms.bare.p99)],
      ['transport to our softphone', msFine(sipBaseline.transport_ms.ours.p50), msFine(sipBaseline.transport_ms.ours.p95), msFine(sipBaseline.transport_ms.ours.p99)],
      ['bare SIP.js in the page: message → onInvite', msFine(sipBaseline.inPage_ms.bare.p50), msFine(sipBaseline.inPage_ms.bare.p95), msFine(sipBaseline.inPage_ms.bare.p99)],
      ['ours in the page: message → ringing event', msFine(sipBaseline.inPage_ms.oursEvent.p50), msFine(sipBaseline.inPage_ms.oursEvent.p95), msFine(sipBaseline.inPage_ms.oursEvent.p99)],
      ['ours in the page: message → ringing shown', msFine(sipBaseline.inPage_ms.oursShown.p50), msFine(sipBaseline.inPage_ms.oursShown.p95), msFine(sipBaseline.inPage_ms.oursShown.p99)],
    ]),
    '',
    '## Connector overhead',
    '',
    `Provider → reducer → effects runner with a no-op bridge, in Node, against the bare dispatch of the same events to a listener (${fmt(overhead.calls)} calls × ${overhead.eventsPerCall} provider events; the connector dispatches ${overhead.dispatchesPerCall} per call with the wrap-up and its effects' feedback; ${overhead.runs} runs). Throughput counts provider events.`,
    '',
    table(['', 'provider events/s', 'p50', 'p95', 'p99'], [
      ['connector, dispatch only (reducer and state; effects run after)', fmt(overhead.eventsPerSecond), `${overhead.p50_us} µs`, `${overhead.p95_us} µs`, `${overhead.p99_us} µs`],
      ['bare dispatch (baseline)', fmt(overhead.baseline.eventsPerSecond), `${overhead.baseline.p50_us} µs`, `${overhead.baseline.p95_us} µs`, `${overhead.baseline.p99_us} µs`],
      ['connector, whole path (event → effects runner → bridge → feedback, to the next event-loop turn)', '', `${overhead.wholePath.p50_us} µs`, `${overhead.wholePath.p95_us} µs`, `${overhead.wholePath.p99_us} µs`],
      ['bare dispatch, to the next event-loop turn (baseline)', '', `${overhead.wholePath.baseline.p50_us} µs`, `${overhead.wholePath.baseline.p95_us} µs`, `${overhead.wholePath.baseline.p99_us} µs`],
    ]),
    '',
    `Connector / bare dispatch: ${overhead.ratio.throughput}× the calls per second (the same calls and provider events), ${overhead.ratio.p99}× the dispatch-only p99. The connector adds ${overhead.overheadPerCall_us} µs per call, whole path.`,
    '',
    '## Bundle sizes (gzipped)',
    '',
    table(['bundle', 'gzipped', 'raw'], (['core', 'simulator', 'sip', 'twilio', 'connect'] as const).map((name) => [
      name === 'core' ? 'core + Open CTI bridge + UI (no provider)' : `softphone-${name}`,
      kb((bundle as unknown as Record<string, number>)[`${name}_gzip_bytes`] ?? NaN),
      kb((bundle as unknown as Record<string, number>)[`${name}_bytes`] ?? NaN),
    ])),
    '',
    '## Cold start',
    '',
    'Softphone frame navigation → provider connected → `notifyInitializationComplete` answered, each load in a fresh browser context (empty cache, no storage).',
    '',
    coldSection(results.coldStart.simulator.detail),
    '',
    coldSection(results.coldStart.sip.detail),
    '',
    '## Memory',
    '',
    memory
      ? `${fmt(memory.calls)} calls (answered, hung up, wrapped up) in one softphone page in ${memory.seconds} s: heap ${kb(memory.heapBeforeBytes)} → ${kb(memory.heapAfterBytes)} after forced GC, growth ${(memory.growthBytes / 1024 / 1024).toFixed(2)} MB (${memory.bytesPerCall} bytes per call); ${fmt(memory.callsWithOneTask)} calls with exactly one Task.`
      : 'Not measured in this run.',
    '',
  ];
  return `${lines.join('\n')}\n`;
}
