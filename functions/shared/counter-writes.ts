import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CounterDelta, TotalsDelta } from '../domain/aggregate';
import { hotShardPk, totalsKey } from '../domain/keys';
import { hotCounterShards } from './env';
import { buildUpdate } from './update-expression';

/**
 * The StatsTable writes of a counting transaction: one update per counter item and one for the
 * totals. Shared by Persist (counting, edits) and Ingest (deletes).
 */

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The hot-counter shard a transaction adds to (domain/keys.ts): drawn at random for each
 * transaction attempt, so concurrent writers rarely meet on one item, and a retry after a
 * conflict most likely goes to another shard.
 */
export const pickHotShard = (shards = hotCounterShards()): number =>
  Math.floor(Math.random() * shards);

/** `shard`: the hot-counter shard of `_all` and breakdown items; other counters ignore it. */
export function counterUpdate(table: string, c: CounterDelta, shard = 0): TransactItem {
  const { mentions, positive, negative, neutral, mixed } = c;
  return {
    Update: {
      TableName: table,
      Key: { pk: hotShardPk(c.pk, shard), sk: c.sk },
      ...buildUpdate({
        // ADD creates missing counters at the delta, so `mentions` (the GSI sort key) is always
        // a number on every item that has a `scope`. A counter a retraction only takes from
        // exists already (aggregate keeps to the live buckets): it gets the deltas alone. A
        // breakdown item's counts are its attributes, one per kind, key and count field.
        add: { mentions, positive, negative, neutral, mixed, ...c.attributes },
        ...(c.countsOnly
          ? // A hot counter's shard may not hold this bucket yet (its counts went to another):
            // the item the ADD creates must expire like a bucket, not stay for ever.
            { setIfMissing: c.expiresAt === undefined ? {} : { expiresAt: c.expiresAt } }
          : {
              // lastSeen is the newest createdAt of the latest write, not a true maximum: a max
              // needs a condition, which would cancel the whole transaction. Shards are read in
              // order, so it only lags when older posts are replayed after newer ones.
              set: {
                lastSeen: c.lastSeen,
                scope: c.scope,
                bucket: c.bucket,
                expiresAt: c.expiresAt,
              },
              setIfMissing: c.firstSeen,
            }),
      }),
    },
  };
}

export function totalsUpdate(
  table: string,
  t: TotalsDelta,
  nowIso: string,
  shard = 0,
): TransactItem {
  const { posts, positive, negative, neutral, mixed, unsupported, failed } = t;
  return {
    Update: {
      TableName: table,
      Key: { pk: hotShardPk(totalsKey.pk, shard), sk: totalsKey.sk },
      ...buildUpdate({
        add: { posts, positive, negative, neutral, mixed, unsupported, failed },
        // lastPostAt is raised apart (raiseLastPostAt): a maximum needs a condition.
        set: { lastCountedAt: nowIso },
      }),
    },
  };
}
