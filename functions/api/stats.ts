import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ALL_POSTS_TAG, bucketSk, tagPk, totalsKey } from '../domain/keys';
import { BUCKET_MS, bucketOf } from '../domain/time';
import { requireEnv } from '../shared/env';
import { CACHE_LIVE, httpHandler, ok, withAge } from '../shared/http';
import { deadLetterCount } from './dead-letters';
import { ddb, queryBetween, type Item } from './dynamo';
import { cached, cacheKey, maxAgeSeconds } from './read-cache';

/** GET /stats: totals, sentiment split, freshness, throughput and the dead-letter queue depth. */

/** postsPerMinute averages this many complete minutes, so it neither jumps nor reads low early in a minute. */
export const RATE_MINUTES = 5;

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const iso = (v: unknown): string | null =>
  typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : null;

function minuteSk(now: Date, minutesAgo: number): string {
  const at = new Date(now.getTime() - minutesAgo * BUCKET_MS.minute).toISOString();
  return bucketSk('M', bucketOf(at, 'minute'));
}

async function readStats(table: string) {
  const now = new Date();
  const [totals, minutes, deadLetters] = await Promise.all([
    ddb.send(new GetCommand({ TableName: table, Key: totalsKey })).then((r) => r.Item ?? {}),
    queryBetween(table, tagPk(ALL_POSTS_TAG), minuteSk(now, RATE_MINUTES), minuteSk(now, 1)),
    deadLetterCount(process.env.DLQ_URL),
  ]);
  const recent = minutes.reduce((sum: number, item: Item) => sum + count(item.mentions), 0);
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
    postsPerMinute: recent / RATE_MINUTES,
    deadLetters,
    generatedAt: now.toISOString(),
  };
}

export const handler = httpHandler(async () => {
  const table = requireEnv('STATS_TABLE');
  const answer = await cached(cacheKey('stats', table), maxAgeSeconds(CACHE_LIVE), () =>
    readStats(table),
  );
  return withAge(ok(answer.value, CACHE_LIVE), answer.ageSeconds);
});
