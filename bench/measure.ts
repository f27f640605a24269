/** Pure measurements of the pipeline benchmark, kept apart so they can be read and checked alone. */
import { PRICES } from './cost/prices';

/** A PutRecords call acknowledged at `t` that brought the accepted total to `cumulative`. */
export interface Ack {
  t: number;
  cumulative: number;
  n: number;
}

/** GET /api/stats answered at `t` with `posts` counted (beyond the warm-up). */
export interface Sample {
  t: number;
  posts: number;
}

/**
 * Freshness of each accepted post, in ms: from its PutRecords acknowledgement to the first stats
 * sample whose cumulative count covers it. Posts are matched to counts in acknowledgement order,
 * which is exact for a FIFO pipeline and an estimate otherwise. Posts never seen are left out.
 */
export function freshnessOf(acks: readonly Ack[], samples: readonly Sample[]): number[] {
  const out: number[] = [];
  let s = 0;
  for (const ack of acks) {
    while (s < samples.length && (samples[s]?.posts ?? 0) < ack.cumulative) s++;
    const sample = samples[s];
    if (!sample) break;
    const ms = Math.max(0, sample.t - ack.t);
    for (let i = 0; i < ack.n; i++) out.push(ms);
  }
  return out;
}

/** The q-quantile (0..1) of the values, nearest rank; NaN when there are none. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Math.round(sorted[rank] ?? NaN);
}

/** Comprehend bills 1 unit per 100 characters, at least 3 units per document. */
export function comprehendUnits(text: string): number {
  const { unitChars, minUnitsPerDocument } = PRICES.comprehend;
  return Math.max(minUnitsPerDocument, Math.ceil(text.length / unitChars));
}
