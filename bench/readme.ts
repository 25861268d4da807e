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
import type { LoadResult, TwilioCallbacksResult } from './twilio-callbacks.js';
import type { Figure, TwilioContactCentreResult } from './twilio-contact-centre.js';

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

const figure = (value: Figure): string => `p50 ${ms(value.p50)}, p90 ${ms(value.p90)}, p99 ${ms(value.p99)}`;

/** The table of the Twilio contact centre beside the simulator (bench/twilio-contact-centre.ts), for the README and the report. */
export function renderContactCentreTable(result: TwilioContactCentreResult): string {
  const { twilio, simulator, ratio } = result;
  return [
    '| figure | Twilio contact centre (TaskRouter, loopback stand-in) | simulator, same browser, alternating (baseline) | Twilio ÷ simulator |',
    '| --- | --- | --- | --- |',
    `| (a) reservation created → ringing shown (simulator: ring sent → ringing shown) | ${figure(twilio.startToShown_ms)} | ${figure(simulator.startToShown_ms)} | ${ratio.startToShown.p50}× (p99 ${ratio.startToShown.p99}×) |`,
    `| (b) ringing shown → Contact record popped in the console | ${figure(twilio.shownToPopped_ms)} | ${figure(simulator.shownToPopped_ms)} | ${ratio.shownToPopped.p50}× (p99 ${ratio.shownToPopped.p99}×) |`,
    `| customer's call placed → record popped (simulator: ring sent → record popped) | ${figure(twilio.placedToPopped_ms)} | ${figure(simulator.startToPopped_ms)} | |`,
  ].join('\n');
}

/** The README's block of the Twilio contact centre's ring and pop. */
export function renderContactCentre(result: TwilioContactCentreResult): string {
  return [
    `Run of ${result.date.slice(0, 10)}: ${result.calls} calls per path after ${result.warmUp} warm-up calls each, alternating, headless Chromium; load average ${result.loadAverage1m.start} at the start and ${result.loadAverage1m.end} at the end on ${result.machine.cores ?? '?'} shared cores, so these are upper bounds.`,
    '',
    renderContactCentreTable(result),
  ].join('\n');
}

const rate = (result: LoadResult): string => `${fmt(result.perSecond)} requests/s, p50 ${ms(result.p50_ms)}, p99 ${ms(result.p99_ms)}`;
const split = (result: LoadResult): string => Object.entries(result.byInstance).sort().map(([name, count]) => `${name} ${fmt(count)}`).join(', ');

/** The table of the server under load (bench/twilio-callbacks.ts), for the README and the report. */
export function renderCallbacksTable(result: TwilioCallbacksResult): string {
  const { voiceWebhook, conferenceCallback, oneInstance } = result;
  return [
    `| signed requests, ${result.concurrency} at a time | ${result.instances} server processes behind one port | answered by | one process alone (baseline) |`,
    '| --- | --- | --- | --- |',
    `| voice webhook (TwiML \`<Enqueue>\`), ${fmt(voiceWebhook.requests)} requests | ${rate(voiceWebhook)} | ${split(voiceWebhook)} | ${rate(oneInstance.voiceWebhook)} |`,
    `| conference status callback (reads the conference from Twilio), ${fmt(conferenceCallback.requests)} requests of one call accepted through ${conferenceCallback.acceptedBy} | ${rate(conferenceCallback)} | ${split(conferenceCallback)}: ${fmt(conferenceCallback.answeredByTheOther)} by the instance that did not accept it | ${rate(oneInstance.conferenceCallback)} |`,
  ].join('\n');
}

/** The README's block of the server under load. */
export function renderCallbacks(result: TwilioCallbacksResult): string {
  const { crossInstance } = result;
  return [
    `Run of ${result.date.slice(0, 10)}: load average ${result.loadAverage1m.start} at the start and ${result.loadAverage1m.end} at the end (baseline: ${result.oneInstance.loadAverage1m.start} and ${result.oneInstance.loadAverage1m.end}) on ${result.machine.cores ?? '?'} shared cores, which the stand-in and the load generator share with the servers: rates are lower bounds, latencies upper bounds. The least disturbed of ${result.rounds.two.length} alternating rounds of each; every round and where the CPU time went are in the report. On two cores already busy with the stand-in and the load, the second process adds no rate: it is there to show that either instance answers for any call.`,
    '',
    renderCallbacksTable(result),
    '',
    `A call held through ${crossInstance.heldBy} was taken off hold by a \`participant-join\` callback that ${crossInstance.callbackBy} answered, from what Twilio's conference said.`,
  ].join('\n');
}

/** Recorded results of the benchmarks with a results file of their own. */
export interface RecordedRuns {
  readonly gateway?: SipGatewayResult | undefined;
  readonly contactCentre?: TwilioContactCentreResult | undefined;
  readonly callbacks?: TwilioCallbacksResult | undefined;
}

/** The README's generated blocks, by marker name; those of `recorded` runs when they are given. */
export function readmeBlocks(results: BenchResults, recorded: RecordedRuns = {}): Record<string, string> {
  const { gateway, contactCentre, callbacks } = recorded;
  return {
    figures: renderFigures(results),
    bundles: renderBundles(results),
    ...(gateway ? { 'sip-gateway': renderGateway(gateway) } : {}),
    ...(contactCentre ? { 'twilio-contact-centre': renderContactCentre(contactCentre) } : {}),
    ...(callbacks ? { 'twilio-callbacks': renderCallbacks(callbacks) } : {}),
  };
}

/** The results file each block is generated from. */
const SOURCES: Readonly<Record<string, string>> = {
  'sip-gateway': 'bench/results/sip-gateway.json',
  'twilio-contact-centre': 'bench/results/twilio-contact-centre.json',
  'twilio-callbacks': 'bench/results/twilio-callbacks.json',
};

const marker = (name: string, end: boolean): string => `<!-- bench:${name}:${end ? 'end' : 'begin'} (generated from ${SOURCES[name] ?? 'bench/results/latest.json'} by bench/readme.ts) -->`;

/** What sits between the markers of block `name` in `readme`. */
export function readBlock(readme: string, name: string): string | undefined {
  const begin = readme.indexOf(marker(name, false));
  const end = readme.indexOf(marker(name, true));
  if (begin < 0 || end < begin) return undefined;
  return readme.slice(begin + marker(name, false).length, end).trim();
}

/** `readme` with every generated block replaced by what `results` and `recorded` render. Throws if a marker is missing. */
export function updateReadme(readme: string, results: BenchResults, recorded: RecordedRuns = {}): string {
  let text = readme;
  for (const [name, body] of Object.entries(readmeBlocks(results, recorded))) {
    const begin = text.indexOf(marker(name, false));
    const end = text.indexOf(marker(name, true));
    if (begin < 0 || end < begin) throw new Error(`README.md: the ${marker(name, false)} … ${marker(name, true)} markers are missing`);
    text = `${text.slice(0, begin + marker(name, false).length)}\n${body}\n${text.slice(end)}`;
  }
  return text;
}

const recordedFile = <T>(path: string): T | undefined => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined);

/** The recorded gateway figures (bench/results/sip-gateway.json), if a run wrote them. */
export function recordedGateway(path = 'bench/results/sip-gateway.json'): SipGatewayResult | undefined {
  return recordedFile(path);
}

/** Every recorded result with a file of its own (bench/results/sip-gateway.json, twilio-contact-centre.json, twilio-callbacks.json). */
export function recordedRuns(): RecordedRuns {
  return { gateway: recordedGateway(), contactCentre: recordedFile('bench/results/twilio-contact-centre.json'), callbacks: recordedFile('bench/results/twilio-callbacks.json') };
}

/** Rewrites README.md's generated blocks from bench/results/latest.json and the recorded runs. */
export function writeReadme(path = 'README.md', resultsPath = 'bench/results/latest.json'): void {
  const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as BenchResults;
  writeFileSync(path, updateReadme(readFileSync(path, 'utf8'), results, recordedRuns()));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeReadme();
  console.log('README.md: benchmark figures rewritten from bench/results/latest.json, sip-gateway.json, twilio-contact-centre.json and twilio-callbacks.json');
}
