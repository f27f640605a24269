import {
  ALL_POSTS_TAG,
  BUCKET_TTL_SECONDS,
  bucketSk,
  locationPk,
  locationScope,
  tagPk,
  tagScope,
  type PlaceFields,
  type SentimentCounts,
  type TimelineBucketKind,
  type TotalsItem,
  type WindowBucketKind,
} from './keys';
import { isMappable } from './places';
import type { Hashtag } from './post';
import { bucketOf, fiveMinuteBucketOf } from './time';
import type { EnrichedPost } from './workflow';

/**
 * Pre-aggregation of a batch of posts into counter deltas, and the chunking of a batch into
 * DynamoDB transactions. Pure: the Persist step turns the deltas into UpdateItem calls.
 */

/** DynamoDB's limit on items per TransactWriteItems call. */
export const MAX_TRANSACTION_ITEMS = 100;

type BucketKind = WindowBucketKind | Extract<TimelineBucketKind, 'M'>;

/** Counter buckets per hashtag (and `_all`): all time, day, hour, five minutes, minute. */
const TAG_BUCKETS: readonly BucketKind[] = ['ALL', 'D', 'H', 'F', 'M'];
/** Location counters feed the map's windows only, so no minute buckets. */
const LOCATION_BUCKETS: readonly WindowBucketKind[] = ['ALL', 'D', 'H', 'F'];

/**
 * Hashtags counted per post. A post must fit in one transaction with its marker and the totals:
 * 1 + 1 + 5 (`_all`) + 4 (location) + 5 per hashtag <= 100, so at most 17. Beyond that a post is
 * almost surely spam; its extra hashtags stay on the post but are not counted or fed.
 */
export const MAX_COUNTED_HASHTAGS = Math.floor(
  (MAX_TRANSACTION_ITEMS - 2 - TAG_BUCKETS.length - LOCATION_BUCKETS.length) / TAG_BUCKETS.length,
);

export type CountablePost = Pick<
  EnrichedPost,
  'id' | 'createdAt' | 'hashtags' | 'place' | 'sentiment' | 'enrichStatus'
>;

interface CounterBase extends SentimentCounts {
  /** Only counts taken back (a retraction): the write adds the deltas and sets nothing else. */
  countsOnly?: boolean;
  pk: string;
  sk: string;
  /** GSI partition; absent on `_all` and minute items so they stay out of the top-N index. */
  scope?: string;
  bucket?: string;
  /** Epoch seconds (TTL); absent on all-time items. */
  expiresAt?: number;
  /** Newest createdAt of this batch's posts in the counter (ISO, UTC). */
  lastSeen: string;
}

export interface TagCounterDelta extends CounterBase {
  kind: 'tag';
  tag: string;
  display: string;
}

export interface LocationCounterDelta extends CounterBase, PlaceFields {
  kind: 'location';
  scope: string;
}

export type CounterDelta = TagCounterDelta | LocationCounterDelta;

/** What one batch adds to the totals item (lastCountedAt is set when it is written). */
export type TotalsDelta = Omit<TotalsItem, 'pk' | 'sk' | 'lastCountedAt'>;

export interface Aggregate {
  /** Keyed by `counterKey(pk, sk)`. */
  counters: Map<string, CounterDelta>;
  totals: TotalsDelta;
}

export const counterKey = (pk: string, sk: string): string => `${pk}\n${sk}`;

/**
 * The post's hashtags that are counted: unique by key, first display wins, capped. `#_all` is
 * skipped: its counters are the all-posts ones.
 */
export function countedHashtags(hashtags: readonly Hashtag[]): Hashtag[] {
  const seen = new Map<string, Hashtag>();
  for (const h of hashtags) {
    if (seen.size >= MAX_COUNTED_HASHTAGS) break;
    if (h.key !== ALL_POSTS_TAG && !seen.has(h.key)) seen.set(h.key, h);
  }
  return [...seen.values()];
}

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

/** Every counter item one post adds to, with that post's contribution. */
export function postCounters(post: CountablePost, nowEpochSeconds: number): CounterDelta[] {
  const counts = sentimentCounts(post);
  const lastSeen = new Date(post.createdAt).toISOString();
  const ttl = (kind: BucketKind): number | undefined =>
    kind === 'ALL' ? undefined : nowEpochSeconds + BUCKET_TTL_SECONDS[kind];
  const out: CounterDelta[] = [];
  const tags = [
    { tag: { key: ALL_POSTS_TAG, display: ALL_POSTS_TAG }, scoped: false },
    ...countedHashtags(post.hashtags).map((tag) => ({ tag, scoped: true })),
  ];
  for (const { tag, scoped } of tags) {
    for (const kind of TAG_BUCKETS) {
      const bucket = bucketOfKind(kind, post.createdAt);
      out.push({
        kind: 'tag',
        pk: tagPk(tag.key),
        sk: bucketSk(kind, bucket),
        scope: scoped && kind !== 'M' ? tagScope(kind, bucket) : undefined,
        bucket,
        expiresAt: ttl(kind),
        tag: tag.key,
        display: tag.display,
        lastSeen,
        ...counts,
      });
    }
  }
  const place = post.place;
  if (isMappable(place)) {
    for (const kind of LOCATION_BUCKETS) {
      const bucket = bucketOfKind(kind, post.createdAt);
      out.push({
        kind: 'location',
        pk: locationPk(place.id),
        sk: bucketSk(kind, bucket),
        scope: locationScope(kind, bucket),
        bucket,
        expiresAt: ttl(kind),
        id: place.id,
        name: place.name,
        fullName: place.fullName,
        country: place.country,
        countryCode: place.countryCode,
        lat: place.lat,
        lon: place.lon,
        lastSeen,
        ...counts,
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

const COUNT_FIELDS = ['mentions', 'positive', 'negative', 'neutral', 'mixed'] as const;

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
  const totals: TotalsDelta = {
    posts: 0,
    positive: 0,
    negative: 0,
    neutral: 0,
    mixed: 0,
    unsupported: 0,
    failed: 0,
    lastPostAt: '',
  };
  for (const post of posts) {
    for (const delta of postCounters(post, nowEpochSeconds)) {
      const key = counterKey(delta.pk, delta.sk);
      const seen = counters.get(key);
      if (!seen) {
        counters.set(key, delta);
        continue;
      }
      seen.mentions += delta.mentions;
      seen.positive += delta.positive;
      seen.negative += delta.negative;
      seen.neutral += delta.neutral;
      seen.mixed += delta.mixed;
      seen.lastSeen = maxIso(seen.lastSeen, delta.lastSeen);
    }
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
      } else {
        const taken = { ...delta, countsOnly: true };
        for (const f of COUNT_FIELDS) taken[f] = -delta[f];
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

/**
 * Orders posts so that those sharing counters sit next to each other: same hashtags first, then
 * same place and time buckets. chunkForTransactions then fits about twice as many posts in each
 * transaction (measured on 1,000 demo posts: 43 transactions and 4,147 items instead of 95 and
 * 9,015), and counting a batch takes that many fewer round trips.
 */
export function orderForSharing<T extends CountablePost>(posts: readonly T[]): T[] {
  const keyOf = (post: T): string => {
    const keys = postCounters(post, 0)
      .filter((c) => c.kind !== 'tag' || c.tag !== ALL_POSTS_TAG)
      .map((c) => `${c.pk}|${c.sk}`);
    const tags = keys.filter((k) => k.startsWith('TAG#')).sort();
    const rest = keys.filter((k) => !k.startsWith('TAG#')).sort();
    return [...tags, '~', ...rest].join(',');
  };
  const keyed = posts.map((post) => ({ post, key: keyOf(post) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.post);
}

/**
 * Splits posts, in order, into groups whose transaction fits: one marker item per post, one item
 * per distinct counter of the group, and the totals item, at most `maxItems` in all.
 */
export function chunkForTransactions<T extends CountablePost>(
  posts: readonly T[],
  maxItems = MAX_TRANSACTION_ITEMS,
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let keys = new Set<string>();
  for (const post of posts) {
    const own = postCounters(post, 0).map((c) => counterKey(c.pk, c.sk));
    const added = own.filter((k) => !keys.has(k)).length;
    if (current.length > 0 && current.length + 1 + keys.size + added + 1 > maxItems) {
      chunks.push(current);
      current = [];
      keys = new Set();
    }
    current.push(post);
    for (const k of own) keys.add(k);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
