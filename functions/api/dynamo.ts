import { GetCommand, paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { hotShardPks } from '../domain/keys';
import { counterSkOfScope, rankListKey, topMembers, type RankListItem } from '../domain/rank-lists';
import { getItemsByKeys } from '../shared/batch-write';
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

interface TopRead {
  k: number;
  items: Item[];
  /** The read took every member of the list: it answers any larger k too. */
  whole: boolean;
}

/**
 * The top `k` counters of one ranked bucket, highest mentions first: the `k` best-hinted members
 * of its rank list (domain/rank-lists.ts), read by key for their exact counts.
 */
async function readTop(table: string, scope: string, k: number): Promise<TopRead> {
  const out = await dynamo.send(new GetCommand({ TableName: table, Key: rankListKey(scope) }));
  const list = out.Item as RankListItem | undefined;
  if (!list) return { k, items: [], whole: true };
  const sk = counterSkOfScope(scope);
  const members = topMembers(list.members, k);
  const found = await getItemsByKeys(
    dynamo,
    table,
    members.map((pk) => ({ pk, sk })),
    undefined,
    false,
  );
  const items = found
    .filter((i) => typeof i.mentions === 'number' && i.mentions > 0)
    .sort((a, b) => (b.mentions as number) - (a.mentions as number) || cmpPk(a, b))
    .slice(0, k);
  return { k, items, whole: members.length < k };
}

export const queryTop = async (table: string, scope: string, k: number): Promise<Item[]> =>
  (await readTop(table, scope, k)).items;

const cmpPk = (a: Item, b: Item): number => (String(a.pk) < String(b.pk) ? -1 : 1);

/**
 * A settled bucket's top `k` is read again only after the lifetime closed timeline ranges get
 * (CACHE_PAST): it changes only when late posts arrive. So a rolling window re-reads its open
 * buckets per request and the rest once a minute per execution environment.
 */
const SETTLED_LIFETIME_SECONDS = maxAgeSeconds(CACHE_PAST);

async function settledTop(table: string, scope: string, k: number): Promise<Item[]> {
  const key = cacheKey('top', table, scope);
  const hit = recall<TopRead>(key)?.value;
  // A read of a larger top k, or one that took the whole list, answers this k too.
  if (hit && (hit.k >= k || hit.whole)) return hit.items.slice(0, k);
  const read = await readTop(table, scope, k);
  remember(key, read, SETTLED_LIFETIME_SECONDS);
  return read.items;
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
