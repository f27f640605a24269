import { z } from 'zod';
import { BREAKDOWN_PK, type BreakdownKind } from '../domain/counted-kinds';
import { bucketSk, hotShardPks, type SentimentCounts } from '../domain/keys';
import { hotCounterShards, requireEnv } from '../shared/env';
import { getItemsByKeys } from '../shared/batch-write';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { CACHE_LIVE, enumParam, parseParams, type ApiResult } from '../shared/http';
import { type Item } from './dynamo';
import { cached, cachedResponse, cacheKey } from './read-cache';
import { windowScopes, WINDOWS, type Window } from './windows';
import { dynamo } from '../shared/aws/dynamodb';

/**
 * GET /languages, GET /sources, and any breakdown kind of the registry: the counts with
 * sentiment of every key of the kind in a rolling window, read from the window's breakdown items
 * (one per bucket: at most 24 GetItems, no index query) and summed.
 */

export interface BreakdownView extends SentimentCounts {
  key: string;
}

const FIELDS = ['mentions', 'positive', 'negative', 'neutral', 'mixed'] as const;

/** Sums one kind's attributes over the window's breakdown items, most mentioned first. */
export function sumBreakdown(
  kind: BreakdownKind,
  items: readonly Record<string, unknown>[],
): BreakdownView[] {
  const byKey = new Map<string, BreakdownView>();
  const prefix = `${kind.prefix}:`;
  for (const item of items) {
    for (const [name, value] of Object.entries(item)) {
      if (!name.startsWith(prefix) || typeof value !== 'number') continue;
      const field = name.slice(name.lastIndexOf(':') + 1) as (typeof FIELDS)[number];
      const key = name.slice(prefix.length, name.lastIndexOf(':'));
      if (!FIELDS.includes(field) || key === '') continue;
      const view = byKey.get(key) ?? {
        key,
        mentions: 0,
        positive: 0,
        negative: 0,
        neutral: 0,
        mixed: 0,
      };
      view[field] += value;
      byKey.set(key, view);
    }
  }
  return [...byKey.values()]
    .filter((v) => v.mentions > 0)
    .sort((a, b) => b.mentions - a.mentions || (a.key < b.key ? -1 : 1));
}

/** The breakdown items of a window: the current bucket and those before it. */
function windowItems(table: string, window: Window, now: Date): Promise<Item[]> {
  // Every hot-counter shard of each bucket (domain/keys.ts): sumBreakdown adds them up.
  const pks = hotShardPks(BREAKDOWN_PK, hotCounterShards());
  const keys = windowScopes(window, now, bucketSk).current.flatMap((sk) =>
    pks.map((pk) => ({ pk, sk })),
  );
  return getItemsByKeys(dynamo, table, keys);
}

const query = z.object({ window: enumParam(WINDOWS, '24h') });

/** The answer of one breakdown kind's route. */
export async function breakdownResponse(
  kind: BreakdownKind,
  event: APIGatewayProxyEventV2,
): Promise<ApiResult> {
  const { window } = parseParams(query, event.queryStringParameters);
  const table = requireEnv('STATS_TABLE');
  const answer = await cached(cacheKey(kind.name, table, window), CACHE_LIVE, async () => {
    const now = new Date();
    const items = await windowItems(table, window, now);
    return { window, generatedAt: now.toISOString(), items: sumBreakdown(kind, items) };
  });
  return cachedResponse(answer);
}
