import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { counterKey, type CounterDelta } from '../domain/aggregate';
import { rankListCapOf } from '../domain/counted-kinds';
import { mergeRankList, rankListKey, type RankListItem } from '../domain/rank-lists';
import { dynamo } from '../shared/aws/dynamodb';
import { getItemsByKeys } from '../shared/batch-write';
import { mapWithConcurrency } from '../shared/pool';
import { logger } from '../shared/powertools';
import { tables } from './dynamo';

/** A ranked counter that changed: its key, its bucket's scope and when the bucket expires. */
export type RankedCounter = Pick<CounterDelta, 'pk' | 'sk' | 'scope' | 'expiresAt'>;

/** Rank lists written at once; each is one read and at most one conditional put. */
const LIST_CONCURRENCY = 8;
/** Attempts at a list another writer keeps changing under us, before leaving it to the next. */
const LIST_ATTEMPTS = 5;

/**
 * Brings the rank lists (domain/rank-lists.ts) of the buckets these counters are in up to date
 * with the counters' counts, read after they were written. Called once the counts are in the
 * counters; it adds and takes nothing from any count, so running it again (a retry) is safe, and
 * a run that never happens (a crash) leaves a list that the next change of the same counters, or
 * the retry of the same posts, puts right.
 */
export async function refreshRankLists(changed: Iterable<RankedCounter>): Promise<number> {
  const byKey = new Map<string, RankedCounter>();
  for (const c of changed) if (c.scope) byKey.set(counterKey(c.pk, c.sk), c);
  if (byKey.size === 0) return 0;
  const { stats } = tables();
  const found = await getItemsByKeys(
    dynamo,
    stats,
    [...byKey.values()].map(({ pk, sk }) => ({ pk, sk })),
    ['pk', 'sk', 'mentions'],
  );
  const mentions = new Map(
    found.map((i) => [counterKey(String(i.pk), String(i.sk)), Number(i.mentions ?? 0)]),
  );
  const scopes = new Map<string, { counts: Map<string, number>; expiresAt?: number }>();
  for (const [key, c] of byKey) {
    const scope = c.scope as string;
    const entry = scopes.get(scope) ?? { counts: new Map<string, number>() };
    entry.counts.set(c.pk, mentions.get(key) ?? 0);
    if (c.expiresAt !== undefined) entry.expiresAt = Math.max(entry.expiresAt ?? 0, c.expiresAt);
    scopes.set(scope, entry);
  }
  const written = await mapWithConcurrency([...scopes], LIST_CONCURRENCY, ([scope, entry]) =>
    writeList(stats, scope, entry.counts, entry.expiresAt),
  );
  return written.filter(Boolean).length;
}

/** Merges the counts into one bucket's list; true when the list had to be written. */
async function writeList(
  table: string,
  scope: string,
  counts: ReadonlyMap<string, number>,
  expiresAt: number | undefined,
): Promise<boolean> {
  const key = rankListKey(scope);
  for (let attempt = 1; ; attempt++) {
    const out = await dynamo.send(
      new GetCommand({ TableName: table, Key: key, ConsistentRead: true }),
    );
    const stored = out.Item as RankListItem | undefined;
    const merged = mergeRankList(stored?.members ?? {}, counts, rankListCapOf(scope));
    if (!merged.changed) return false;
    const rev = stored?.rev ?? 0;
    const item: RankListItem = {
      ...key,
      members: merged.members,
      rev: rev + 1,
      ...(expiresAt !== undefined || stored?.expiresAt !== undefined
        ? { expiresAt: Math.max(expiresAt ?? 0, stored?.expiresAt ?? 0) }
        : {}),
    };
    try {
      await dynamo.send(
        new PutCommand({
          TableName: table,
          Item: item,
          // Another writer's list in between is read again and merged with ours.
          ConditionExpression: stored ? '#rev = :rev' : 'attribute_not_exists(pk)',
          ...(stored
            ? {
                ExpressionAttributeNames: { '#rev': 'rev' },
                ExpressionAttributeValues: { ':rev': rev },
              }
            : {}),
        }),
      );
      return true;
    } catch (error) {
      const lost = error instanceof Error && error.name === 'ConditionalCheckFailedException';
      if (!lost) throw error;
      if (attempt >= LIST_ATTEMPTS) {
        logger.warn('Rank list left to the next change of its counters', { scope, attempt });
        return false;
      }
    }
  }
}
