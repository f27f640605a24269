import { ALL_POSTS_TAG, bucketSk, tagPk, type WindowBucketKind } from '../domain/keys';
import { CACHE_PAST } from '../shared/http';
import { readCounts } from './counters';
import { queryBetweenShards } from './dynamo';
import { cacheKey, maxAgeSeconds, recall, remember } from './read-cache';
import { windowScopes, type Window, type WindowScopes } from './windows';

/** What one read of the all-posts counters found, kept as long as settled buckets are. */
interface BucketsWithPosts {
  /** Sort keys (`H#2026-12-05T08`) of the settled buckets that counted a post. */
  live: string[];
  /** The newest bucket settled at that read: newer ones were still open and are always read. */
  settledUpTo: string;
}

const SETTLED_LIFETIME_SECONDS = maxAgeSeconds(CACHE_PAST);

async function readBucketsWithPosts(
  table: string,
  sks: WindowScopes,
): Promise<BucketsWithPosts | undefined> {
  const range = [...sks.current, ...(sks.previous ?? [])];
  const items = await queryBetweenShards(table, tagPk(ALL_POSTS_TAG), range.at(-1)!, range[0]!);
  const live = items.filter((item) => readCounts(item).mentions > 0).map((i) => String(i.sk));
  if (live.length === 0) return undefined;
  const settledUpTo = range.find((sk) => sks.settled.has(sk)) ?? '';
  return { live: live.filter((sk) => sk <= settledUpTo), settledUpTo };
}

/**
 * windowScopes without the settled buckets in which no post was counted, found with one Query of
 * the all-posts counters (every counted post adds to `_all` in its bucket, in the same transaction
 * as its hashtags and place) and kept as long as settled buckets' tops are (dynamo.ts). A stack
 * younger than the window (a new `npm start`, a deployment's first day) then reads the few buckets
 * it has instead of 2 x 24 for `24h`, which on a busy machine was most of the dashboard's first
 * wait. Open buckets are always read. When no bucket has an all-posts counter (nothing counted
 * yet, or a table this pipeline did not write), every scope is read, and nothing is kept.
 */
export async function scopesWithPosts(
  table: string,
  window: Window,
  now: Date,
  scopeOf: (kind: WindowBucketKind, bucket?: string) => string,
): Promise<WindowScopes> {
  const scopes = windowScopes(window, now, scopeOf);
  if (window === 'all') return scopes;
  // The same buckets as sort keys of the counters, newest first.
  const sks = windowScopes(window, now, bucketSk);
  const key = cacheKey('buckets-with-posts', table, window);
  let found = recall<BucketsWithPosts>(key)?.value;
  if (!found) {
    found = await readBucketsWithPosts(table, sks);
    if (!found) return scopes;
    remember(key, found, SETTLED_LIFETIME_SECONDS);
  }
  const { settledUpTo } = found;
  const live = new Set(found.live);
  const keep = (list: string[], sksOfList: string[]): string[] =>
    list.filter((_, i) => {
      const sk = sksOfList[i]!;
      return sk > settledUpTo || live.has(sk);
    });
  return {
    current: keep(scopes.current, sks.current),
    previous: scopes.previous && sks.previous ? keep(scopes.previous, sks.previous) : null,
    settled: scopes.settled,
  };
}
