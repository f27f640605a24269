import {
  ALL_POSTS_TAG,
  breakdownPk,
  locationPk,
  locationScope,
  tagPk,
  tagScope,
  type WindowBucketKind,
} from './keys';
import { isMappable } from './places';
import type { EnrichStatus, Hashtag, Place, Sentiment } from './post';

/**
 * The registry of counted kinds: one declaration per kind says what a post counts under, in
 * which time buckets, how its counters are keyed and ranked, and what is written when a counter
 * is first created. Counting (aggregate.ts, shared/counter-writes.ts), the transaction budget,
 * the rankings and timelines of the API (api/ranked-kind.ts, api/breakdown.ts) all read it;
 * docs/architecture.md ("How to add a counted kind") walks through adding one.
 *
 * Two ways to store a kind, chosen by how many keys it has:
 * - `ranked`: one counter item per key and bucket, in its bucket's rank list for top-N reads
 *   (hashtags, places: keys without bound). Each key a post counts under is items in its
 *   counting transaction.
 * - `breakdown`: the counts of every key as attributes of one item per bucket (languages,
 *   sources: a few dozen keys at most). A post adds to the same few items whatever its keys, so
 *   a transaction's size does not grow with them, and a window is read with a few GetItems.
 * - `sampled`: not counted as posts arrive but read from the recent-post feeds when asked (the
 *   word cloud's terms: a post has a dozen words, and a counter per word and bucket would cost
 *   more write units than the post itself; a sample of the window's posts ranks the words that
 *   matter as well). Its extraction (domain/terms.ts) stays out of this module so the counting
 *   functions do not bundle the stop-word lists.
 */

export type BucketKind = WindowBucketKind | 'M';

/** What a counter needs of a post (see CountablePost in aggregate.ts). */
export interface CountedPost {
  id: string;
  source?: string;
  lang?: string;
  createdAt: string;
  hashtags: Hashtag[];
  place?: Place;
  sentiment?: Sentiment;
  enrichStatus: EnrichStatus;
}

/** One key a post counts under. */
export interface CountedKey {
  key: string;
  /** In the rank lists (false for `_all`, which is every post, not a hashtag). */
  ranked: boolean;
  /** Written when the counter is created, never after (`if_not_exists`): display forms, places. */
  firstSeen: Record<string, unknown>;
}

/** Every kind has an API view: the read route that answers it (docs/openapi.yaml, template). */
interface KindView {
  route: `/${string}`;
}

export interface RankedKind extends KindView {
  storage: 'ranked';
  /** The counter delta's `kind`, e.g. 'tag'. */
  name: string;
  pk: (key: string) => string;
  /** The rank-list scope of the kind's counters in one bucket. */
  scope: (kind: WindowBucketKind, bucket?: string) => string;
  buckets: readonly BucketKind[];
  /** Buckets that are never ranked (the minute buckets of the timelines). */
  unranked: readonly BucketKind[];
  /**
   * Members of a bucket's rank list (rank-lists.ts): the top K its route reads for its default
   * limit, or its largest when that is small (K = 3 x limit), and room for hints that lag.
   */
  rankListCap: number;
  /** At most this many keys a post counts under (so one post always fits one transaction). */
  maxKeysPerPost: number;
  keysOf: (post: CountedPost) => CountedKey[];
}

export interface BreakdownKind extends KindView {
  storage: 'breakdown';
  name: string;
  /** Attribute prefix: `<prefix>:<key>:<count field>` on the breakdown items. */
  prefix: string;
  keyOf: (post: CountedPost) => string | undefined;
}

export interface SampledKind extends KindView {
  storage: 'sampled';
  name: string;
  /** The feed item attributes its extraction reads. */
  feedFields: readonly string[];
  /** Keys taken from one post at most. */
  maxKeysPerPost: number;
  /** Posts sampled per request at most. */
  samplePosts: number;
}

export type CountedKind = RankedKind | BreakdownKind | SampledKind;

/** DynamoDB's limit on items per TransactWriteItems call. */
export const MAX_TRANSACTION_ITEMS = 100;

/** Hashtag counters: all time, day, hour, five minutes (windows) and minute (timelines). */
const TAG_BUCKETS: readonly BucketKind[] = ['ALL', 'D', 'H', 'F', 'M'];
/** Window buckets only: what the map and the breakdowns read. */
const WINDOW_BUCKETS: readonly BucketKind[] = ['ALL', 'D', 'H', 'F'];
/** The breakdown items: one per window bucket. */
export const BREAKDOWN_BUCKETS = WINDOW_BUCKETS;

const allPosts: CountedKey = {
  key: ALL_POSTS_TAG,
  ranked: false,
  firstSeen: { tag: ALL_POSTS_TAG, display: ALL_POSTS_TAG },
};

export const LOCATIONS: RankedKind = {
  storage: 'ranked',
  name: 'location',
  route: '/locations',
  pk: locationPk,
  scope: locationScope,
  buckets: WINDOW_BUCKETS,
  unranked: [],
  // The map's default 500 places (K = 1,500); a larger limit reads at most these per bucket.
  rankListCap: 1600,
  maxKeysPerPost: 1,
  keysOf: ({ place }) =>
    isMappable(place)
      ? [
          {
            key: place.id,
            ranked: true,
            firstSeen: {
              id: place.id,
              name: place.name,
              fullName: place.fullName,
              country: place.country,
              countryCode: place.countryCode,
              lat: place.lat,
              lon: place.lon,
            },
          },
        ]
      : [],
};

export const LANGUAGES: BreakdownKind = {
  storage: 'breakdown',
  name: 'language',
  route: '/languages',
  prefix: 'lang',
  keyOf: (post) => post.lang ?? 'und',
};

export const SOURCES_KIND: BreakdownKind = {
  storage: 'breakdown',
  name: 'source',
  route: '/sources',
  prefix: 'src',
  keyOf: (post) => post.source,
};

const BREAKDOWN_KINDS: readonly BreakdownKind[] = [LANGUAGES, SOURCES_KIND];

/**
 * Hashtags a post counts: the rest of a transaction's budget, after its marker, the totals, the
 * `_all` counters, the other ranked kinds and the breakdown items, goes to them. Beyond that a
 * post is almost surely spam; its extra hashtags stay on the post but are not counted or fed.
 */
export const MAX_COUNTED_HASHTAGS = Math.floor(
  (MAX_TRANSACTION_ITEMS -
    2 -
    TAG_BUCKETS.length -
    LOCATIONS.buckets.length * LOCATIONS.maxKeysPerPost -
    (BREAKDOWN_KINDS.length > 0 ? BREAKDOWN_BUCKETS.length : 0)) /
    TAG_BUCKETS.length,
);

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

export const TAGS: RankedKind = {
  storage: 'ranked',
  name: 'tag',
  route: '/hashtags',
  pk: tagPk,
  scope: tagScope,
  buckets: TAG_BUCKETS,
  unranked: ['M'],
  // The largest limit, 100 (K = 300).
  rankListCap: 400,
  maxKeysPerPost: 1 + MAX_COUNTED_HASHTAGS,
  keysOf: ({ hashtags }) => [
    allPosts,
    ...countedHashtags(hashtags).map((h) => ({
      key: h.key,
      ranked: true,
      firstSeen: { tag: h.key, display: h.display },
    })),
  ],
};

export const TERMS: SampledKind = {
  storage: 'sampled',
  name: 'term',
  route: '/terms',
  feedFields: ['text', 'lang', 'sentiment'],
  maxKeysPerPost: 20,
  samplePosts: 1200,
};

/** Every kind, ranked first; their counters go into a post's transaction in this order. */
export const COUNTED_KINDS: readonly CountedKind[] = [TAGS, LOCATIONS, ...BREAKDOWN_KINDS, TERMS];

export const RANKED_KINDS = COUNTED_KINDS.filter((k): k is RankedKind => k.storage === 'ranked');
export { BREAKDOWN_KINDS };

/** The rank list size of a bucket's kind (by its scope's prefix: `TAGS#`, `LOCS#`). */
export function rankListCapOf(scope: string): number {
  const prefix = scope.slice(0, scope.indexOf('#') + 1);
  const kind = RANKED_KINDS.find((k) => k.scope('ALL').startsWith(prefix));
  if (!kind) throw new Error(`No ranked kind has the scope ${scope}`);
  return kind.rankListCap;
}

/** The item that holds every breakdown kind's counts in one bucket. */
export const BREAKDOWN_PK = breakdownPk(ALL_POSTS_TAG);

/** The attribute of one breakdown count: `lang:en:mentions`. */
export const breakdownAttribute = (kind: BreakdownKind, key: string, field: string): string =>
  `${kind.prefix}:${key}:${field}`;
