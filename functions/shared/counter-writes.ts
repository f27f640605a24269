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
 * The hot-counter shard of one writer (domain/keys.ts): a Lambda execution environment runs one
 * invocation at a time, so it is one writer, and `processWriter` is its state. A writer keeps its
 * shard while its transactions go through and moves to another one, at random, after a
 * TransactionConflict: writers that met on a shard part, and with more shards than concurrent
 * writers they settle on shards of their own (bench/hot-keys.ts measures it). A shard drawn per
 * transaction instead would meet another busy writer's in about 1 - (1 - 1/shards)^(writers - 1)
 * of them.
 */
export interface HotShardWriter {
  shard?: number;
}
export const processWriter: HotShardWriter = {};

/** The writer's shard, 1..shards (0, the item itself, when there is one shard). */
export function hotShardOf(
  writer: HotShardWriter = processWriter,
  shards = hotCounterShards(),
): number {
  if (shards <= 1) return 0;
  if (writer.shard === undefined || writer.shard < 1 || writer.shard > shards) {
    writer.shard = 1 + Math.floor(Math.random() * shards);
  }
  return writer.shard;
}

/** After a conflict: one of the other shards, at random. */
export function moveHotShard(
  writer: HotShardWriter = processWriter,
  shards = hotCounterShards(),
): void {
  if (shards <= 1) return;
  const from = hotShardOf(writer, shards) - 1;
  writer.shard = 1 + ((from + 1 + Math.floor(Math.random() * (shards - 1))) % shards);
}

/** `shard`: the hot-counter shard of `_all` and breakdown items; other counters ignore it. */
export function counterUpdate(table: string, c: CounterDelta, shard = 0): TransactItem {
  const { mentions, positive, negative, neutral, mixed } = c;
  return {
    Update: {
      TableName: table,
      Key: { pk: hotShardPk(c.pk, shard), sk: c.sk },
      ...buildUpdate({
        // ADD creates missing counters at the delta, so `mentions` (what rank lists hold) is always
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
