/**
 * How sure a ratio of medians is: a percentile bootstrap over paired samples. Re-running a benchmark
 * draws another sample of the same calls; the 95 % interval says how far its median ratio may land,
 * so "re-runs agree within ±0.03" becomes a half-width to pool calls until.
 */

/** A ratio of medians with its 95 % bootstrap interval. */
export interface RatioEstimate {
  /** median(ours) / median(baseline) over every pooled sample. */
  readonly value: number;
  readonly low: number;
  readonly high: number;
  /** (high − low) / 2: how far a re-run's ratio is expected to land from this one's. */
  readonly halfWidth: number;
  /** Pairs of samples it rests on. */
  readonly n: number;
}

function medianOf(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A small seeded generator (mulberry32), so the interval of a result file can be recomputed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (value: number): number => Number(value.toFixed(3));

/**
 * median(ours) / median(baseline) and its 95 % percentile-bootstrap interval. Samples are paired by
 * index (the benchmark alternates the two, so pair i saw the same moment of the machine) and
 * resampled in pairs.
 */
export function ratioOfMedians(ours: readonly number[], baseline: readonly number[], resamples = 2000, seed = 1): RatioEstimate {
  const n = Math.min(ours.length, baseline.length);
  if (n === 0) throw new Error('no samples for a ratio');
  const a = Float64Array.from(ours.slice(0, n));
  const b = Float64Array.from(baseline.slice(0, n));
  const value = medianOf(a) / medianOf(b);
  const next = random(seed);
  const ratios = new Float64Array(resamples);
  const ra = new Float64Array(n);
  const rb = new Float64Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const pick = Math.floor(next() * n);
      ra[i] = a[pick]!;
      rb[i] = b[pick]!;
    }
    ratios[r] = medianOf(ra) / medianOf(rb);
  }
  ratios.sort();
  const low = ratios[Math.floor(0.025 * resamples)]!;
  const high = ratios[Math.min(resamples - 1, Math.ceil(0.975 * resamples) - 1)]!;
  return { value: round(value), low: round(low), high: round(high), halfWidth: round((high - low) / 2), n };
}
