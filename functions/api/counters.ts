import type { SentimentCounts } from '../domain/keys';
import type { Item } from './dynamo';

/** Merging counter items of several window buckets into one rolling-window total per key. */

export interface Merged<T extends Item = Item> {
  /** The key's item from the newest bucket it appears in: the source of display fields. */
  newest: T;
  counts: SentimentCounts;
  /** Latest `lastSeen` over all buckets, normalized to ISO in UTC. */
  lastSeen: string;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export const readCounts = (item: Item): SentimentCounts => ({
  mentions: num(item.mentions),
  positive: num(item.positive),
  negative: num(item.negative),
  neutral: num(item.neutral),
  mixed: num(item.mixed),
});

function toIso(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * Sums counters per key over buckets given newest first. Items for which `keyOf` returns
 * undefined (malformed) are skipped rather than failing the whole view.
 */
export function mergeBuckets(
  bucketsNewestFirst: Item[][],
  keyOf: (item: Item) => string | undefined,
): Map<string, Merged> {
  const merged = new Map<string, Merged>();
  for (const bucket of bucketsNewestFirst) {
    for (const item of bucket) {
      const key = keyOf(item);
      if (key === undefined) continue;
      const counts = readCounts(item);
      const lastSeen = toIso(item.lastSeen) ?? '';
      const seen = merged.get(key);
      if (!seen) {
        merged.set(key, { newest: item, counts, lastSeen });
        continue;
      }
      for (const field of Object.keys(counts) as (keyof SentimentCounts)[]) {
        seen.counts[field] += counts[field];
      }
      if (lastSeen > seen.lastSeen) seen.lastSeen = lastSeen;
    }
  }
  return merged;
}

export type SortField = 'mentions' | 'positive' | 'negative';

/** Descending by `field`, then by mentions, then by key so equal counts keep a stable order. */
export function rank(
  merged: Map<string, Merged>,
  field: SortField,
  limit: number,
): [string, Merged][] {
  return [...merged]
    .sort(
      ([ka, a], [kb, b]) =>
        b.counts[field] - a.counts[field] ||
        b.counts.mentions - a.counts.mentions ||
        (ka < kb ? -1 : ka > kb ? 1 : 0),
    )
    .slice(0, limit);
}

/** The part of a key-prefixed pk after its prefix, e.g. `aws` from `TAG#aws`. */
export function keyFrom(item: Item, field: string, pkPrefix: string): string | undefined {
  const own = item[field];
  if (typeof own === 'string' && own !== '') return own;
  const pk = item.pk;
  return typeof pk === 'string' && pk.startsWith(pkPrefix) && pk.length > pkPrefix.length
    ? pk.slice(pkPrefix.length)
    : undefined;
}
