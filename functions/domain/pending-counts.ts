import { gunzipSync, gzipSync } from 'node:zlib';
import type { Aggregate, CounterDelta, TotalsDelta } from './aggregate';
import { counterKey } from './aggregate';

/**
 * Counts written beside the posts' markers and folded into the counters afterwards
 * (docs/architecture.md, "Counting in two stages"). A *delta* holds what one counting
 * transaction's posts add; a *chunk* is a slice of several deltas' merged counts, small enough
 * to be written into the counters in one transaction. Every count is, at any moment, in exactly
 * one place: a delta, a chunk, or the counters.
 */

export const PENDING_PK = 'PENDING';

export type PendingKind = 'D' | 'C';

export interface PendingItem {
  pk: typeof PENDING_PK;
  /**
   * `<id>#<D|C>#<written at ISO>`. The random id comes first so that writes spread over the sort
   * keys of the one partition key: DynamoDB splits a busy partition key by sort-key range, which
   * helps only when new items do not all land at one end of it (at 10,000 posts/s, about 100
   * deltas are written and deleted a second, docs/architecture.md "Scale model").
   */
  sk: string;
  /** The gzipped JSON of the counts: a delta of 100 posts is ~60 KB as JSON, ~8 KB gzipped. */
  counts: Uint8Array;
}

export const pendingSk = (kind: PendingKind, writtenAt: Date, id: string): string =>
  `${id}#${kind}#${writtenAt.toISOString()}`;

export const pendingKindOf = (sk: string): PendingKind | undefined => {
  const kind = sk.split('#')[1];
  return kind === 'D' || kind === 'C' ? kind : undefined;
};

interface Encoded {
  counters: CounterDelta[];
  totals: TotalsDelta;
}

export function encodeCounts(counts: Aggregate): Uint8Array {
  const encoded: Encoded = { counters: [...counts.counters.values()], totals: counts.totals };
  return gzipSync(JSON.stringify(encoded));
}

export function decodeCounts(bytes: Uint8Array): Aggregate {
  const { counters, totals } = JSON.parse(gunzipSync(bytes).toString('utf8')) as Encoded;
  return { counters: new Map(counters.map((c) => [counterKey(c.pk, c.sk), c])), totals };
}
