import { countedHashtags } from './aggregate';
import { ALL_POSTS_TAG, BUCKET_TTL_SECONDS, feedPk, feedSk, type FeedItem } from './keys';
import type { Hashtag } from './post';
import { cashtagKey } from './text';
import { fiveMinuteBucketOf } from './time';
import type { EnrichedPost } from './workflow';

/**
 * The recent-post feeds: `FEED#<key>` partitions for `_all`, each counted hashtag and each
 * cashtag, newest first. A post could be in every feed of its keys (about 2.6 on the demo
 * stream), which made feed items the largest share of a post's writes; so a batch writes a
 * bounded sample instead (chooseFeeds), and a feed is complete only while batches are small.
 * docs/architecture.md ("Recent-post feeds") has the measurements behind the numbers.
 */

/** What choosing a post's feeds reads of it. */
export interface FeedCandidate {
  id: string;
  createdAt: string;
  hashtags: readonly Hashtag[];
  cashtags: readonly string[];
  /** An edit: always fed under every key, as it replaces the earlier version in the feeds. */
  replaces?: readonly string[];
}

/** Every feed a post can be in: `_all`, each counted hashtag, each cashtag (deduplicated). */
export function feedKeysOf(post: Pick<FeedCandidate, 'hashtags' | 'cashtags'>): string[] {
  return [
    ...new Set([
      ALL_POSTS_TAG,
      ...countedHashtags(post.hashtags).map((h) => h.key),
      ...post.cashtags.map(cashtagKey),
    ]),
  ];
}

/**
 * The feed items a batch may write: `perPost` items per post of the batch, and never fewer than
 * `minItems`, so a batch that fits is fed whole (the demo's 50 posts/s makes batches of about
 * ten posts, 26 feed items).
 */
export const FEED_BUDGET = { minItems: 100, perPost: 0.4 } as const;

const byNewest = (a: FeedCandidate & { t: number }, b: FeedCandidate & { t: number }): number =>
  b.t - a.t || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The feeds each post of a batch is written to. Every (feed key, five-minute bucket of
 * createdAt) of the batch keeps its newest `level` posts, the same level for all of them: the
 * highest whose items fit the budget, and at least 1, so every key's newest post of every batch
 * is fed whatever the budget. So a feed's first item is always its key's newest post, a feed
 * whose key had at most `level` posts in each batch holds all of them, and a busy key's feed is
 * its newest posts of each batch. Per five-minute bucket, so a batch spanning hours (a
 * backfill) leaves posts in each slice GET /terms samples. Edits are fed whole: they replace
 * the earlier version in its feeds.
 */
export function chooseFeeds(
  posts: readonly FeedCandidate[],
  budget: { minItems: number; perPost: number } = FEED_BUDGET,
): Map<string, string[]> {
  const groups = new Map<string, (FeedCandidate & { t: number })[]>();
  const chosen = new Map<string, Set<string>>();
  for (const post of posts) {
    chosen.set(post.id, new Set());
    const bucket = fiveMinuteBucketOf(post.createdAt);
    const t = Date.parse(post.createdAt);
    for (const key of feedKeysOf(post)) {
      const group = `${key}\n${bucket}`;
      let list = groups.get(group);
      if (!list) groups.set(group, (list = []));
      list.push({ ...post, t });
    }
  }
  const sizes = [...groups.values()].map((g) => g.length);
  const allowed = Math.max(budget.minItems, Math.floor(budget.perPost * posts.length));
  const itemsAt = (level: number): number => sizes.reduce((n, s) => n + Math.min(s, level), 0);
  const largest = Math.max(0, ...sizes);
  let level = 1;
  while (level < largest && itemsAt(level + 1) <= allowed) level++;
  for (const [group, list] of groups) {
    const key = group.slice(0, group.indexOf('\n'));
    list.sort(byNewest);
    for (const post of list.slice(0, level)) chosen.get(post.id)?.add(key);
  }
  const out = new Map<string, string[]>();
  for (const post of posts) {
    const keys = chosen.get(post.id) ?? new Set<string>();
    // In feedKeysOf's order, so the items of a post come out the same way whichever are chosen.
    out.set(
      post.id,
      feedKeysOf(post).filter((k) => post.replaces?.length || keys.has(k)),
    );
  }
  return out;
}

/**
 * The recent-post feed items of one post under `keys` (all its feeds when not given). The sort
 * key uses createdAt in UTC so a feed partition sorts by time whatever offset the source wrote.
 */
export function feedItemsOf(
  post: EnrichedPost,
  nowEpochSeconds: number,
  keys: readonly string[] = feedKeysOf(post),
): FeedItem[] {
  const createdAt = new Date(post.createdAt).toISOString();
  const body: Omit<FeedItem, 'pk' | 'sk'> = {
    id: post.id,
    source: post.source,
    text: post.text,
    createdAt,
    lang: post.lang,
    author: post.author,
    hashtags: post.hashtags.map((h) => h.display),
    cashtags: post.cashtags,
    placeName: post.place ? (post.place.fullName ?? post.place.name) : undefined,
    countryCode: post.place?.countryCode,
    url: post.url,
    sentiment: post.enrichStatus === 'OK' ? post.sentiment : undefined,
    sentimentScore: post.enrichStatus === 'OK' ? post.sentimentScore : undefined,
    expiresAt: nowEpochSeconds + BUCKET_TTL_SECONDS.FEED,
  };
  const sk = feedSk(createdAt, post.id);
  return keys.map((key) => ({ pk: feedPk(key), sk, ...body }));
}
