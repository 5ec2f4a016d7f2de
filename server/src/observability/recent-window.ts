/**
 * Calls, errors and a latency distribution per minute over the last hour, for the console's
 * "recent" figures. Recording is a few array writes: no allocation per call.
 *
 * Latencies are counted in log-spaced buckets (4 per doubling, from 10 µs to about 2 min), so a
 * percentile read back is the geometric middle of its bucket: within ±9% of the true value.
 */

/** Minutes kept; the widest window the summary can answer. */
export const RECENT_MINUTES = 60;

const BUCKETS_PER_DOUBLING = 4;
const SMALLEST_SECONDS = 10e-6;
/** Bucket 0 holds everything up to 10 µs; the last one everything above ~2 min. */
export const LATENCY_BUCKETS = 96;

function bucketOf(seconds: number): number {
  if (!(seconds > SMALLEST_SECONDS)) return 0;
  const index = Math.ceil(Math.log2(seconds / SMALLEST_SECONDS) * BUCKETS_PER_DOUBLING);
  return index >= LATENCY_BUCKETS ? LATENCY_BUCKETS - 1 : index;
}

/** Upper bound of a bucket in seconds. */
function upperBound(bucket: number): number {
  return SMALLEST_SECONDS * 2 ** (bucket / BUCKETS_PER_DOUBLING);
}

/** A representative value of a bucket: the geometric middle of its bounds. */
function bucketValue(bucket: number): number {
  if (bucket === 0) return SMALLEST_SECONDS;
  return Math.sqrt(upperBound(bucket - 1) * upperBound(bucket));
}

export interface WindowFigures {
  calls: number;
  errors: number;
  /** Latency distribution over the window, per bucket. */
  buckets: Uint32Array;
}

/** One series (e.g. one tool of one server): per-minute slots in a ring. */
export class RecentWindow {
  /** The minute (since the epoch) each slot holds; -1 for never used. */
  readonly #minutes = new Float64Array(RECENT_MINUTES).fill(-1);
  readonly #calls = new Uint32Array(RECENT_MINUTES);
  readonly #errors = new Uint32Array(RECENT_MINUTES);
  readonly #buckets = new Uint32Array(RECENT_MINUTES * LATENCY_BUCKETS);

  record(nowMs: number, seconds: number, isError: boolean): void {
    const minute = Math.floor(nowMs / 60_000);
    const slot = minute % RECENT_MINUTES;
    if (this.#minutes[slot] !== minute) {
      this.#minutes[slot] = minute;
      this.#calls[slot] = 0;
      this.#errors[slot] = 0;
      this.#buckets.fill(0, slot * LATENCY_BUCKETS, (slot + 1) * LATENCY_BUCKETS);
    }
    this.#calls[slot]!++;
    if (isError) this.#errors[slot]!++;
    this.#buckets[slot * LATENCY_BUCKETS + bucketOf(seconds)]!++;
  }

  /** Adds the last `minutes` minutes (the current one included) into `into`. */
  addTo(into: WindowFigures, nowMs: number, minutes: number): void {
    const current = Math.floor(nowMs / 60_000);
    for (let slot = 0; slot < RECENT_MINUTES; slot++) {
      const minute = this.#minutes[slot]!;
      if (minute < 0 || minute > current || minute <= current - minutes) continue;
      into.calls += this.#calls[slot]!;
      into.errors += this.#errors[slot]!;
      const base = slot * LATENCY_BUCKETS;
      for (let bucket = 0; bucket < LATENCY_BUCKETS; bucket++) {
        into.buckets[bucket]! += this.#buckets[base + bucket]!;
      }
    }
  }
}

export function emptyFigures(): WindowFigures {
  return { calls: 0, errors: 0, buckets: new Uint32Array(LATENCY_BUCKETS) };
}

/** The latency (in seconds) below which `fraction` of the counted calls fall; undefined if none. */
export function percentile(buckets: Uint32Array, fraction: number): number | undefined {
  let total = 0;
  for (const count of buckets) total += count;
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(fraction * total));
  let seen = 0;
  for (let bucket = 0; bucket < buckets.length; bucket++) {
    seen += buckets[bucket]!;
    if (seen >= rank) return bucketValue(bucket);
  }
  return bucketValue(buckets.length - 1);
}
