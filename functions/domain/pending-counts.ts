import { gunzipSync, gzipSync } from 'node:zlib';
import type { Aggregate, CountablePost, CounterDelta, TotalsDelta } from './aggregate';
import { aggregate, counterKey } from './aggregate';
import type { Place } from './post';

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
  /**
   * Gzipped JSON: a delta holds the counted fields of its posts (about 3.4 KB for 99 demo
   * posts), a chunk the counts themselves (a delta's counts were ~145 KB as JSON, ~6.6 KB
   * gzipped; a transaction bills 2 write units per KB when it puts the item and again when it
   * deletes it).
   */
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

/**
 * What a delta keeps of each post: the fields counting reads (`CountablePost`; the kinds'
 * `keysOf` see nothing else), not the id, which no counter depends on.
 */
type CountedFields = Omit<CountablePost, 'id'>;

/** A place without its bounding box and exactness, which no counter reads (the coordinates are resolved). */
const withoutShape = ({ bbox: _bbox, exact: _exact, ...rest }: Place): Place => rest;

/** A delta: its posts' counted fields and the time they were counted at (bucket TTLs, lastSeen). */
interface EncodedPosts {
  at: number;
  posts: CountedFields[];
}

export function encodeCounts(counts: Aggregate): Uint8Array {
  const encoded: Encoded = { counters: [...counts.counters.values()], totals: counts.totals };
  return gzipSync(JSON.stringify(encoded));
}

/**
 * A delta's bytes: the posts rather than their counts, which are about twice as large gzipped
 * (every post adds to ~20 counters, each with its keys, bucket and first-seen fields). Decoding
 * aggregates them again at the same time, so the counts are the same.
 */
export function encodePosts(posts: readonly CountablePost[], nowEpochSeconds: number): Uint8Array {
  const encoded: EncodedPosts = {
    at: nowEpochSeconds,
    posts: posts.map((p) => ({
      source: p.source,
      lang: p.lang,
      createdAt: p.createdAt,
      hashtags: p.hashtags.map(({ key, display }) => ({ key, display })),
      place: p.place && withoutShape(p.place),
      sentiment: p.sentiment,
      enrichStatus: p.enrichStatus,
    })),
  };
  return gzipSync(JSON.stringify(encoded));
}

/** The counts of a pending item, whichever way it was written (deltas written before 2026-12-06 hold counts). */
export function decodeCounts(bytes: Uint8Array): Aggregate {
  const doc = JSON.parse(gunzipSync(bytes).toString('utf8')) as Encoded | EncodedPosts;
  if ('posts' in doc)
    return aggregate(
      doc.posts.map((p) => ({ id: '', ...p })),
      doc.at,
    );
  const { counters, totals } = doc;
  return { counters: new Map(counters.map((c) => [counterKey(c.pk, c.sk), c])), totals };
}
