import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { TOTAL_FIELDS } from '../domain/aggregate';
import { ALL_POSTS_TAG, bucketSk, hotShardPks, tagPk, totalsKey } from '../domain/keys';
import { BUCKET_MS, bucketOf } from '../domain/time';
import { hotCounterShards, requireEnv } from '../shared/env';
import { CACHE_TOTALS, httpHandler } from '../shared/http';
import { deadLetterCount } from './dead-letters';
import { queryBetweenShards, type Item } from './dynamo';
import { getItemsByKeys } from '../shared/batch-write';
import { cached, cachedResponse, cacheKey } from './read-cache';
import { dynamo } from '../shared/aws/dynamodb';

/** GET /stats: totals, sentiment split, freshness, throughput and the dead-letter queue depth. */

/** postsPerMinute averages this many complete minutes, so it neither jumps nor reads low early in a minute. */
export const RATE_MINUTES = 5;

/**
 * The minutes the rate is averaged over: RATE_MINUTES, or, when every post ever counted is in this
 * window (a stream that started within it), the complete minutes since its first post, so a new
 * stack's rate does not read a fifth of what flows in its first minute.
 */
function rateMinutes(now: Date, complete: readonly Item[], startedInWindow: boolean): number {
  if (!startedInWindow) return RATE_MINUTES;
  const skOf = new Map(
    Array.from({ length: RATE_MINUTES }, (_, i) => [minuteSk(now, i + 1), i + 1] as const),
  );
  const back = complete.map((m) => (count(m.mentions) > 0 ? (skOf.get(String(m.sk)) ?? 0) : 0));
  return Math.max(1, ...back);
}

/** Shortest stretch a first, still filling minute is averaged over, so a few posts do not spike. */
const MIN_SECONDS = 10;

/** `minutes`: the `_all` minute buckets from RATE_MINUTES ago to the current one; `total`: all posts. */
function postsPerMinute(now: Date, minutes: readonly Item[], total: number): number {
  const current = minuteSk(now, 0);
  const complete = minutes.filter((m) => m.sk !== current);
  const sum = (items: readonly Item[]): number =>
    items.reduce((n: number, item: Item) => n + count(item.mentions), 0);
  const recent = sum(complete);
  const inWindow = sum(minutes);
  const startedInWindow = total <= inWindow;
  // A stream in its first minute has no complete minute yet: its posts so far over the seconds of
  // this minute (at most that long ago it began, so this never reads high).
  if (startedInWindow && recent === 0 && inWindow > 0) {
    const seconds = (now.getTime() % BUCKET_MS.minute) / 1000;
    return (inWindow / Math.max(seconds, MIN_SECONDS)) * 60;
  }
  return recent / rateMinutes(now, complete, startedInWindow);
}

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const iso = (v: unknown): string | null =>
  typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : null;

function minuteSk(now: Date, minutesAgo: number): string {
  const at = new Date(now.getTime() - minutesAgo * BUCKET_MS.minute).toISOString();
  return bucketSk('M', bucketOf(at, 'minute'));
}

const later = (a: unknown, b: unknown): unknown =>
  typeof b === 'string' && (typeof a !== 'string' || b > a) ? b : a;

/** The totals item, its hot-counter shards summed (domain/keys.ts); times are maxima. */
async function readTotals(table: string): Promise<Item> {
  const pks = hotShardPks(totalsKey.pk, hotCounterShards());
  if (pks.length === 1) {
    const r = await dynamo.send(new GetCommand({ TableName: table, Key: totalsKey }));
    return r.Item ?? {};
  }
  const items = await getItemsByKeys(
    dynamo,
    table,
    pks.map((pk) => ({ pk, sk: totalsKey.sk })),
  );
  const sum: Item = {};
  for (const item of items) {
    for (const f of TOTAL_FIELDS) sum[f] = count(sum[f]) + count(item[f]);
    sum.lastPostAt = later(sum.lastPostAt, item.lastPostAt);
    sum.lastCountedAt = later(sum.lastCountedAt, item.lastCountedAt);
  }
  return sum;
}

async function readStats(table: string) {
  const now = new Date();
  const [totals, minutes, deadLetters] = await Promise.all([
    readTotals(table),
    queryBetweenShards(table, tagPk(ALL_POSTS_TAG), minuteSk(now, RATE_MINUTES), minuteSk(now, 0)),
    deadLetterCount(process.env.DLQ_URL),
  ]);
  return {
    posts: count(totals.posts),
    positive: count(totals.positive),
    negative: count(totals.negative),
    neutral: count(totals.neutral),
    mixed: count(totals.mixed),
    unsupported: count(totals.unsupported),
    failed: count(totals.failed),
    lastPostAt: iso(totals.lastPostAt),
    lastCountedAt: iso(totals.lastCountedAt),
    postsPerMinute: postsPerMinute(now, minutes, count(totals.posts)),
    deadLetters,
    generatedAt: now.toISOString(),
  };
}

export const handler = httpHandler(async () => {
  const table = requireEnv('STATS_TABLE');
  const answer = await cached(cacheKey('stats', table), CACHE_TOTALS, () => readStats(table));
  return cachedResponse(answer);
});
