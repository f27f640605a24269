import {
  BREAKDOWN_BUCKETS,
  BREAKDOWN_KINDS,
  BREAKDOWN_PK,
  RANKED_KINDS,
  breakdownAttribute,
  type BucketKind,
  type CountedPost,
} from './counted-kinds';
import { BUCKET_TTL_SECONDS, bucketSk, type SentimentCounts, type TotalsItem } from './keys';
import { bucketOf, fiveMinuteBucketOf } from './time';

/**
 * Pre-aggregation of a batch of posts into counter deltas, their merge and their split into
 * parts that fit DynamoDB transactions. Pure: the Persist step turns the deltas into UpdateItem
 * calls. What a post counts under comes from the registry of counted kinds (counted-kinds.ts).
 */

export { countedHashtags, MAX_COUNTED_HASHTAGS, MAX_TRANSACTION_ITEMS } from './counted-kinds';

export type CountablePost = CountedPost;

export interface CounterDelta extends SentimentCounts {
  /** The counted kind ('tag', 'location', ...), or 'breakdown' for a breakdown item. */
  kind: string;
  pk: string;
  sk: string;
  /** Rank-list scope; absent on `_all` and minute items, which are in no rank list. */
  scope?: string;
  bucket?: string;
  /** Epoch seconds (TTL); absent on all-time items. */
  expiresAt?: number;
  /** Newest createdAt of this batch's posts in the counter (ISO, UTC). */
  lastSeen: string;
  /** Written only when the counter is created (display forms, place fields). */
  firstSeen: Record<string, unknown>;
  /** A breakdown item's counts, by attribute (`lang:en:mentions`), beside its own totals. */
  attributes?: Record<string, number>;
  /** Only counts taken back (a retraction): the write adds the deltas and sets nothing else. */
  countsOnly?: boolean;
  /** The first-seen fields, also flat for readers of one kind (`display`, `lat`, ...). */
  [field: string]: unknown;
}

/** What one batch adds to the totals item (lastCountedAt is set when it is written). */
export type TotalsDelta = Omit<TotalsItem, 'pk' | 'sk' | 'lastCountedAt'>;

export interface Aggregate {
  /** Keyed by `counterKey(pk, sk)`. */
  counters: Map<string, CounterDelta>;
  totals: TotalsDelta;
}

export const counterKey = (pk: string, sk: string): string => `${pk}\n${sk}`;

function bucketOfKind(kind: BucketKind, createdAt: string): string | undefined {
  switch (kind) {
    case 'ALL':
      return undefined;
    case 'D':
      return bucketOf(createdAt, 'day');
    case 'H':
      return bucketOf(createdAt, 'hour');
    case 'F':
      return fiveMinuteBucketOf(createdAt);
    case 'M':
      return bucketOf(createdAt, 'minute');
  }
}

function sentimentCounts(post: CountablePost): SentimentCounts {
  const s = post.enrichStatus === 'OK' ? post.sentiment : undefined;
  return {
    mentions: 1,
    positive: s === 'POSITIVE' ? 1 : 0,
    negative: s === 'NEGATIVE' ? 1 : 0,
    neutral: s === 'NEUTRAL' ? 1 : 0,
    mixed: s === 'MIXED' ? 1 : 0,
  };
}

const COUNT_FIELDS = ['mentions', 'positive', 'negative', 'neutral', 'mixed'] as const;

/** Every counter item one post adds to, with that post's contribution, kind by kind. */
export function postCounters(post: CountablePost, nowEpochSeconds: number): CounterDelta[] {
  const counts = sentimentCounts(post);
  const lastSeen = new Date(post.createdAt).toISOString();
  const ttl = (kind: BucketKind): number | undefined =>
    kind === 'ALL' ? undefined : nowEpochSeconds + BUCKET_TTL_SECONDS[kind];
  const out: CounterDelta[] = [];
  for (const kind of RANKED_KINDS) {
    for (const { key, ranked, firstSeen } of kind.keysOf(post)) {
      for (const bucketKind of kind.buckets) {
        const bucket = bucketOfKind(bucketKind, post.createdAt);
        const listed = ranked && bucketKind !== 'M' && !kind.unranked.includes(bucketKind);
        out.push({
          kind: kind.name,
          pk: kind.pk(key),
          sk: bucketSk(bucketKind, bucket),
          scope: listed ? kind.scope(bucketKind as Exclude<BucketKind, 'M'>, bucket) : undefined,
          bucket,
          expiresAt: ttl(bucketKind),
          lastSeen,
          ...counts,
          ...firstSeen,
          firstSeen,
        });
      }
    }
  }
  if (BREAKDOWN_KINDS.length > 0) {
    const attributes: Record<string, number> = {};
    for (const kind of BREAKDOWN_KINDS) {
      const key = kind.keyOf(post);
      if (key === undefined) continue;
      for (const field of COUNT_FIELDS) {
        if (counts[field] !== 0) attributes[breakdownAttribute(kind, key, field)] = counts[field];
      }
    }
    for (const bucketKind of BREAKDOWN_BUCKETS) {
      const bucket = bucketOfKind(bucketKind, post.createdAt);
      out.push({
        kind: 'breakdown',
        pk: BREAKDOWN_PK,
        sk: bucketSk(bucketKind, bucket),
        bucket,
        expiresAt: ttl(bucketKind),
        lastSeen,
        // The bucket's own totals, beside its breakdowns.
        ...counts,
        firstSeen: {},
        attributes: { ...attributes },
      });
    }
  }
  return out;
}

export const maxIso = (a: string, b: string): string => (a > b ? a : b);

/** Hours of slack before a bucket's TTL: a retraction never re-creates an expired counter. */
const TTL_SLACK_SECONDS = 3600;

/**
 * Whether a counter of a post created at `createdSeconds` still exists: all-time counters always;
 * a bucket lives until BUCKET_TTL_SECONDS after its last write, which came no earlier than the
 * post's creation, so it is there while the post is younger than that.
 */
function bucketAlive(sk: string, createdSeconds: number, nowEpochSeconds: number): boolean {
  if (sk === 'ALL') return true;
  const kind = sk.slice(0, sk.indexOf('#')) as keyof typeof BUCKET_TTL_SECONDS;
  const ttl = BUCKET_TTL_SECONDS[kind];
  return ttl !== undefined && createdSeconds + ttl - TTL_SLACK_SECONDS > nowEpochSeconds;
}

function addAttributes(
  into: CounterDelta,
  attributes: Record<string, number> | undefined,
  sign: 1 | -1,
): void {
  if (!attributes) return;
  const sum = (into.attributes ??= {});
  for (const [name, n] of Object.entries(attributes)) sum[name] = (sum[name] ?? 0) + sign * n;
}

/** Adds a counter delta into a map of them (the first one of a key is kept, not copied). */
function addCounter(counters: Map<string, CounterDelta>, delta: CounterDelta): void {
  const key = counterKey(delta.pk, delta.sk);
  const seen = counters.get(key);
  if (!seen) {
    counters.set(key, delta);
    return;
  }
  for (const f of COUNT_FIELDS) seen[f] += delta[f];
  addAttributes(seen, delta.attributes, 1);
  seen.lastSeen = maxIso(seen.lastSeen, delta.lastSeen);
}

const emptyTotals = (): TotalsDelta => ({
  posts: 0,
  positive: 0,
  negative: 0,
  neutral: 0,
  mixed: 0,
  unsupported: 0,
  failed: 0,
  lastPostAt: '',
});

/** The totals' count fields (lastPostAt is a maximum, not a count). */
export const TOTAL_FIELDS = [
  'posts',
  'positive',
  'negative',
  'neutral',
  'mixed',
  'unsupported',
  'failed',
] as const;

/** A counter delta that can be added to without changing `delta` (what addCounter changes). */
const copyOfDelta = (delta: CounterDelta): CounterDelta => ({
  ...delta,
  ...(delta.attributes ? { attributes: { ...delta.attributes } } : {}),
});

/**
 * One aggregate of several (the pending counts of several batches, folded into the counters
 * together): each counter item and the totals once, their sums. Counting deltas only: a
 * retraction's (countsOnly) is written by itself.
 */
export function mergeAggregates(parts: readonly Aggregate[]): Aggregate {
  const counters = new Map<string, CounterDelta>();
  const totals = emptyTotals();
  for (const part of parts) {
    for (const delta of part.counters.values()) {
      // The first delta of a key becomes the sum, so it is copied (the parts stay as they were);
      // later ones are only read.
      const first = !counters.has(counterKey(delta.pk, delta.sk));
      addCounter(counters, first ? copyOfDelta(delta) : delta);
    }
    for (const f of TOTAL_FIELDS) totals[f] += part.totals[f];
    totals.lastPostAt = maxIso(totals.lastPostAt, part.totals.lastPostAt);
  }
  return { counters, totals };
}

/**
 * An aggregate cut into parts of at most `maxCounters` counter items each, in key order; the
 * totals go with the first part (the others carry zero totals). Their merge is the aggregate.
 */
export function splitAggregate(whole: Aggregate, maxCounters: number): Aggregate[] {
  const keys = [...whole.counters.keys()].sort();
  const parts: Aggregate[] = [];
  for (let i = 0; i === 0 || i < keys.length; i += maxCounters) {
    const counters = new Map(
      keys.slice(i, i + maxCounters).map((k) => [k, whole.counters.get(k) as CounterDelta]),
    );
    parts.push({ counters, totals: i === 0 ? whole.totals : emptyTotals() });
  }
  return parts;
}

/**
 * Sums a batch into one delta per counter item and one for the totals, so a transaction touches
 * each item once however many of its posts share a hashtag or bucket. `removals` are counted
 * posts taken back (deleted, or replaced by an edit): their contribution is subtracted, in the
 * buckets that still exist (an older bucket has expired with its counts).
 */
export function aggregate(
  posts: readonly CountablePost[],
  nowEpochSeconds: number,
  removals: readonly CountablePost[] = [],
): Aggregate {
  const counters = new Map<string, CounterDelta>();
  const totals = emptyTotals();
  for (const post of posts) {
    for (const delta of postCounters(post, nowEpochSeconds)) addCounter(counters, delta);
    const counts = sentimentCounts(post);
    totals.posts += 1;
    totals.positive += counts.positive;
    totals.negative += counts.negative;
    totals.neutral += counts.neutral;
    totals.mixed += counts.mixed;
    if (post.enrichStatus === 'UNSUPPORTED_LANGUAGE') totals.unsupported += 1;
    if (post.enrichStatus === 'FAILED') totals.failed += 1;
    totals.lastPostAt = maxIso(totals.lastPostAt, new Date(post.createdAt).toISOString());
  }
  for (const post of removals) {
    const created = Date.parse(post.createdAt) / 1000;
    for (const delta of postCounters(post, nowEpochSeconds)) {
      if (!bucketAlive(delta.sk, created, nowEpochSeconds)) continue;
      const key = counterKey(delta.pk, delta.sk);
      const seen = counters.get(key);
      if (seen) {
        for (const f of COUNT_FIELDS) seen[f] -= delta[f];
        addAttributes(seen, delta.attributes, -1);
      } else {
        const taken: CounterDelta = { ...delta, countsOnly: true, attributes: undefined };
        for (const f of COUNT_FIELDS) taken[f] = -delta[f];
        addAttributes(taken, delta.attributes, -1);
        counters.set(key, taken);
      }
    }
    const counts = sentimentCounts(post);
    totals.posts -= 1;
    totals.positive -= counts.positive;
    totals.negative -= counts.negative;
    totals.neutral -= counts.neutral;
    totals.mixed -= counts.mixed;
    if (post.enrichStatus === 'UNSUPPORTED_LANGUAGE') totals.unsupported -= 1;
    if (post.enrichStatus === 'FAILED') totals.failed -= 1;
  }
  return { counters, totals };
}
