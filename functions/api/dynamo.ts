import { paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { hotShardPks, STATS_GSI } from '../domain/keys';
import { hotCounterShards } from '../shared/env';
import { CACHE_PAST } from '../shared/http';
import { cacheKey, maxAgeSeconds, recall, remember } from './read-cache';
import { dynamo } from '../shared/aws/dynamodb';

export type Item = Record<string, unknown>;

/**
 * Runs a Query page by page until `max` items were collected, `maxPages` pages were read or the
 * partition is exhausted.
 */
export async function queryItems(
  input: QueryCommandInput,
  max = Infinity,
  maxPages = Infinity,
): Promise<Item[]> {
  const items: Item[] = [];
  let pages = 0;
  for await (const page of paginateQuery({ client: dynamo }, input)) {
    items.push(...(page.Items ?? []));
    if (items.length >= max) return items.slice(0, max);
    if (++pages >= maxPages) break;
  }
  return items;
}

/** The top `k` counters of one ByCount scope, highest mentions first. */
export function queryTop(table: string, scope: string, k: number): Promise<Item[]> {
  return queryItems(
    {
      TableName: table,
      IndexName: STATS_GSI,
      KeyConditionExpression: '#scope = :scope',
      ExpressionAttributeNames: { '#scope': 'scope' },
      ExpressionAttributeValues: { ':scope': scope },
      ScanIndexForward: false,
      Limit: k,
    },
    k,
  );
}

/**
 * A settled bucket's top `k` is read again only after the lifetime closed timeline ranges get
 * (CACHE_PAST): it changes only when late posts arrive. So a rolling window re-reads its open
 * buckets per request and the rest once a minute per execution environment.
 */
const SETTLED_LIFETIME_SECONDS = maxAgeSeconds(CACHE_PAST);

interface TopRead {
  k: number;
  items: Item[];
}

async function settledTop(table: string, scope: string, k: number): Promise<Item[]> {
  const key = cacheKey('top', table, scope);
  const hit = recall<TopRead>(key)?.value;
  // A read of a larger top k, or one that found the whole partition, answers this k too.
  if (hit && (hit.k >= k || hit.items.length < hit.k)) return hit.items.slice(0, k);
  const items = await queryTop(table, scope, k);
  remember(key, { k, items } satisfies TopRead, SETTLED_LIFETIME_SECONDS);
  return items;
}

/**
 * Every scope's top `k`, queried in parallel; the result keeps the order of `scopes`. Scopes in
 * `settled` (windows.ts) come from the read cache while they are fresh enough.
 */
export const queryScopes = (
  table: string,
  scopes: string[],
  k: number,
  settled: ReadonlySet<string> = new Set(),
): Promise<Item[][]> =>
  Promise.all(
    scopes.map((scope) =>
      settled.has(scope) ? settledTop(table, scope, k) : queryTop(table, scope, k),
    ),
  );

/** Items of one partition with sk BETWEEN `skFrom` AND `skTo`, in sort key order. */
export function queryBetween(
  table: string,
  pk: string,
  skFrom: string,
  skTo: string,
): Promise<Item[]> {
  return queryItems({
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': pk, ':from': skFrom, ':to': skTo },
  });
}

const COUNT_FIELDS = ['mentions', 'positive', 'negative', 'neutral', 'mixed'] as const;

/**
 * Items of several hot-counter shards (domain/keys.ts) summed per sort key: the counts added,
 * `lastSeen` the latest, the other fields of the first item of each key.
 */
export function sumShards(items: readonly Item[], pk: string): Item[] {
  const bySk = new Map<string, Item>();
  for (const item of items) {
    const sk = String(item.sk);
    const seen = bySk.get(sk);
    if (!seen) {
      bySk.set(sk, { ...item, pk });
      continue;
    }
    for (const f of COUNT_FIELDS) {
      const a = typeof seen[f] === 'number' ? seen[f] : 0;
      const b = typeof item[f] === 'number' ? item[f] : 0;
      seen[f] = a + b;
    }
    if (typeof item.lastSeen === 'string' && String(seen.lastSeen ?? '') < item.lastSeen) {
      seen.lastSeen = item.lastSeen;
    }
  }
  return [...bySk.values()].sort((a, b) => (String(a.sk) < String(b.sk) ? -1 : 1));
}

/** queryBetween over every hot-counter shard of `pk`, summed per sort key (other pks: as is). */
export async function queryBetweenShards(
  table: string,
  pk: string,
  skFrom: string,
  skTo: string,
): Promise<Item[]> {
  const pks = hotShardPks(pk, hotCounterShards());
  if (pks.length === 1) return queryBetween(table, pk, skFrom, skTo);
  const pages = await Promise.all(pks.map((p) => queryBetween(table, p, skFrom, skTo)));
  return sumShards(pages.flat(), pk);
}
