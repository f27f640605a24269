/**
 * StatsTable key design (single table). See docs/architecture.md for the rationale.
 *
 * Base table: pk (S), sk (S), no index. A ranked counter's `scope` names its bucket; the bucket's
 * rank list (rank-lists.ts) says which counters may be in its top, and a top-N question reads the
 * list and those counters by key. Items without `scope` (the all-posts and minute counters) are in
 * no list.
 *
 * | item                 | pk               | sk                        | scope                       |
 * |----------------------|------------------|---------------------------|-----------------------------|
 * | hashtag, all time    | TAG#<key>        | ALL                       | TAGS#ALL                    |
 * | hashtag, day         | TAG#<key>        | D#2026-11-22              | TAGS#D#2026-11-22           |
 * | hashtag, hour        | TAG#<key>        | H#2026-11-22T14           | TAGS#H#2026-11-22T14        |
 * | hashtag, 5 minutes   | TAG#<key>        | F#2026-11-22T14:05        | TAGS#F#2026-11-22T14:05     |
 * | hashtag, minute      | TAG#<key>        | M#2026-11-22T14:07        | (none: timeline only)       |
 * | all posts            | TAG#_all         | ALL / D# / H# / M#        | (none: not a hashtag)       |
 * | location             | LOC#<placeId>    | ALL / D# / H# / F#        | LOCS#ALL / LOCS#D#... / ... |
 * | breakdowns           | BREAKDOWN#_all   | ALL / D# / H# / F#        | (none: read by key)         |
 * | totals               | STATS            | TOTAL                     | (none)                      |
 * | hot shard i >= 1     | HOT#<i>#<pk>     | as the item's             | (none)                      |
 * | recent-post feed     | FEED#<key>       | <createdAt>#<postId>      | (none)                      |
 * | counts not folded in | PENDING          | <uuid>#<D|C>#<writtenAt>  | (none)                      |
 * | a bucket's rank list | RANK#<scope>     | TOP                       | (none)                      |
 *
 * Hashtag and location counters carry: mentions, positive, negative, neutral, mixed, lastSeen,
 * plus display/tag or the place fields. Day/hour/5-minute/minute buckets carry expiresAt (TTL).
 * Feeds exist for `_all`, every hashtag key and every cashtag (`$aapl`, lower-cased).
 */

export const ALL_POSTS_TAG = '_all';

export type WindowBucketKind = 'ALL' | 'D' | 'H' | 'F';
export type TimelineBucketKind = 'D' | 'H' | 'M';

export const tagPk = (tagKey: string): string => `TAG#${tagKey}`;
export const locationPk = (placeId: string): string => `LOC#${placeId}`;
export const feedPk = (key: string): string => `FEED#${key}`;
/** The breakdown item of a scope (`_all`): every breakdown kind's counts as attributes. */
export const breakdownPk = (scope: string): string => `BREAKDOWN#${scope}`;
export const totalsKey = { pk: 'STATS', sk: 'TOTAL' } as const;

/**
 * Hot counters: every counting transaction updates the `_all` counters, the breakdown items and
 * the totals, so concurrent consumers would conflict on them. With `shards` > 1
 * (HOT_COUNTER_SHARDS, the HotCounterShards parameter) each is split into sub-items
 * `HOT#<i>#<pk>`, i = 1..shards (a prefix no other item has): a transaction adds to one of them,
 * readers sum them all and the item itself, which keeps what was counted before and the totals'
 * `lastPostAt` (raised outside the transactions, so it must not be on an item they update). With
 * 1 shard nothing is split. The count may grow while the stack runs (readers then read the new
 * shards too), never shrink: a reader of fewer shards would miss what was added to the others.
 */
export const HOT_PK_PREFIX = 'HOT#';
export const isHotPk = (pk: string): boolean =>
  pk === totalsKey.pk || pk === tagPk(ALL_POSTS_TAG) || pk === breakdownPk(ALL_POSTS_TAG);
/** Shard `shard` of a hot item; 0 is the item itself (and any other item is never split). */
export const hotShardPk = (pk: string, shard: number): string =>
  shard === 0 || !isHotPk(pk) ? pk : `${HOT_PK_PREFIX}${shard}#${pk}`;
/** Every item a reader sums for `pk`: the item, and its shards when there are several. */
export const hotShardPks = (pk: string, shards: number): string[] =>
  isHotPk(pk) && shards > 1
    ? [pk, ...Array.from({ length: shards }, (_, i) => hotShardPk(pk, i + 1))]
    : [pk];

/** Sort key of a counter: `ALL`, or `<kind>#<bucket>` for a time bucket. */
export const bucketSk = (kind: WindowBucketKind | TimelineBucketKind, bucket?: string): string =>
  kind === 'ALL' ? 'ALL' : `${kind}#${bucket ?? ''}`;

/** The bucket (rank list) of hashtag counters in one window bucket. */
export const tagScope = (kind: WindowBucketKind, bucket?: string): string =>
  kind === 'ALL' ? 'TAGS#ALL' : `TAGS#${kind}#${bucket ?? ''}`;

/** The bucket (rank list) of location counters in one window bucket. */
export const locationScope = (kind: WindowBucketKind, bucket?: string): string =>
  kind === 'ALL' ? 'LOCS#ALL' : `LOCS#${kind}#${bucket ?? ''}`;

export const feedSk = (createdAt: string, postId: string): string => `${createdAt}#${postId}`;

/** How long fine-grained items live (seconds), so the table does not grow without bound. */
export const BUCKET_TTL_SECONDS: Record<'D' | 'H' | 'F' | 'M' | 'FEED', number> = {
  D: 400 * 86_400,
  H: 30 * 86_400,
  F: 2 * 86_400,
  M: 3 * 86_400,
  FEED: 7 * 86_400,
};

/** Sentiment counters shared by every counter item. `mentions` >= the sum (posts without sentiment). */
export interface SentimentCounts {
  mentions: number;
  positive: number;
  negative: number;
  neutral: number;
  mixed: number;
}

/** A hashtag (or `_all`) counter item: all-time, window bucket or timeline bucket. */
export interface TagCounterItem extends SentimentCounts {
  pk: string;
  sk: string;
  scope?: string;
  tag: string; // key, e.g. "aws"
  display: string; // display form, e.g. "AWS" (the first one seen)
  lastSeen: string; // max createdAt, ISO
  bucket?: string; // e.g. "2026-11-22T14" for an hour bucket
  expiresAt?: number;
}

/** What a location counter carries about its place (first seen). */
export interface PlaceFields {
  id: string;
  name: string;
  fullName?: string;
  country?: string;
  countryCode?: string;
  lat: number;
  lon: number;
}

export interface LocationCounterItem extends SentimentCounts, PlaceFields {
  pk: string;
  sk: string;
  scope: string;
  lastSeen: string;
  bucket?: string;
  expiresAt?: number;
}

export interface TotalsItem {
  pk: 'STATS';
  sk: 'TOTAL';
  posts: number; // posts counted into the aggregates
  positive: number;
  negative: number;
  neutral: number;
  mixed: number;
  unsupported: number; // language not supported by the sentiment engine
  failed: number; // sentiment failed after retries
  lastPostAt: string; // max createdAt
  lastCountedAt: string; // when the newest batch was counted
}

/** One recent post in a feed partition; what GET /posts returns per item. */
export interface FeedItem {
  pk: string;
  sk: string;
  id: string;
  source: string;
  text: string;
  createdAt: string;
  lang?: string;
  author?: { id?: string; handle?: string; name?: string };
  hashtags: string[]; // display forms
  cashtags: string[];
  placeName?: string;
  countryCode?: string;
  url?: string;
  sentiment?: 'POSITIVE' | 'NEGATIVE' | 'NEUTRAL' | 'MIXED';
  sentimentScore?: { Positive: number; Negative: number; Neutral: number; Mixed: number };
  expiresAt: number;
}
