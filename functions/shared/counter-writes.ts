import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CounterDelta, TotalsDelta } from '../domain/aggregate';
import { totalsKey } from '../domain/keys';
import { buildUpdate } from './update-expression';

/**
 * The StatsTable writes of a counting transaction: one update per counter item and one for the
 * totals. Shared by Persist (counting, edits) and Ingest (deletes).
 */

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export function counterUpdate(table: string, c: CounterDelta): TransactItem {
  const { mentions, positive, negative, neutral, mixed } = c;
  return {
    Update: {
      TableName: table,
      Key: { pk: c.pk, sk: c.sk },
      ...buildUpdate({
        // ADD creates missing counters at the delta, so `mentions` (the GSI sort key) is always
        // a number on every item that has a `scope`. A counter a retraction only takes from
        // exists already (aggregate keeps to the live buckets): it gets the deltas alone. A
        // breakdown item's counts are its attributes, one per kind, key and count field.
        add: { mentions, positive, negative, neutral, mixed, ...c.attributes },
        ...(c.countsOnly
          ? {}
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

export function totalsUpdate(table: string, t: TotalsDelta, nowIso: string): TransactItem {
  const { posts, positive, negative, neutral, mixed, unsupported, failed } = t;
  return {
    Update: {
      TableName: table,
      Key: { ...totalsKey },
      ...buildUpdate({
        add: { posts, positive, negative, neutral, mixed, unsupported, failed },
        // lastPostAt is raised apart (raiseLastPostAt): a maximum needs a condition.
        set: { lastCountedAt: nowIso },
      }),
    },
  };
}
