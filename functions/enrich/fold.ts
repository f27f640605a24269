import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  aggregate,
  MAX_TRANSACTION_ITEMS,
  mergeAggregates,
  splitAggregate,
  TOTAL_FIELDS,
  type Aggregate,
  type CountablePost,
  type CounterDelta,
} from '../domain/aggregate';
import {
  decodeCounts,
  encodeCounts,
  encodePosts,
  PENDING_PK,
  pendingKindOf,
  pendingSk,
  type PendingItem,
  type PendingKind,
} from '../domain/pending-counts';
import { dynamo } from '../shared/aws/dynamodb';
import {
  counterUpdate,
  hotShardOf,
  moveHotShard,
  totalsUpdate,
  type HotShardWriter,
  type TransactItem,
} from '../shared/counter-writes';
import { logger } from '../shared/powertools';
import { backoffMs, RETRY, RetriesExhaustedError, sleep } from '../shared/retry';
import { tables } from './dynamo';
import { cancellationReasons, RETRYABLE_ERRORS, RETRYABLE_REASONS } from './transaction-errors';

/**
 * The second counting stage: pending counts (deltas written beside the posts' markers) folded
 * into the counters. The deltas of a whole stream batch (its last execution folds what the others
 * left) are merged first, so a counter its posts share is written once per batch instead of once
 * per marker transaction. Each step moves counts
 * between places in one transaction, so nothing is lost or added twice whoever runs it, however
 * often:
 * - a set of deltas whose merge fits one transaction goes into the counters as it is deleted;
 * - a larger set is exchanged for chunks of its merge (deltas deleted, chunks put), then each
 *   chunk goes into the counters as it is deleted.
 * A pending item another folder took first fails its delete condition and is left to that folder.
 */

export interface Pending {
  sk: string;
  counts: Aggregate;
}

/** Counter items per chunk: with the totals and the chunk's own delete, one transaction. */
export const CHUNK_COUNTERS = MAX_TRANSACTION_ITEMS - 2;

const putNew = (item: PendingItem): TransactItem => ({
  Put: { TableName: tables().stats, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
});

/**
 * A delta's Put, holding its posts' counted fields, and its size (gzipped). Their counts are
 * aggregated when first asked for: only a call that folds asks, and the others' deltas are
 * aggregated by the fold that reads them.
 */
export function deltaPut(
  posts: readonly CountablePost[],
  now: Date,
): { item: TransactItem; pending: Pending; bytes: number } {
  const epoch = Math.floor(now.getTime() / 1000);
  const sk = pendingSk('D', now, crypto.randomUUID());
  const item: PendingItem = { pk: PENDING_PK, sk, counts: encodePosts(posts, epoch) };
  let counts: Aggregate | undefined;
  return {
    bytes: item.counts.byteLength,
    item: putNew(item),
    pending: {
      sk,
      get counts() {
        return (counts ??= aggregate(posts, epoch));
      },
    },
  };
}

/** A chunk's Put, the counts it holds, and its size (gzipped). */
export function pendingPut(
  kind: PendingKind,
  counts: Aggregate,
  now: Date,
): {
  item: TransactItem;
  pending: Pending;
  bytes: number;
} {
  const sk = pendingSk(kind, now, crypto.randomUUID());
  const item: PendingItem = { pk: PENDING_PK, sk, counts: encodeCounts(counts) };
  return {
    bytes: item.counts.byteLength,
    item: putNew(item),
    pending: { sk, counts },
  };
}

const pendingDelete = (sk: string): TransactItem => ({
  Delete: {
    TableName: tables().stats,
    Key: { pk: PENDING_PK, sk },
    ConditionExpression: 'attribute_exists(pk)',
  },
});

const hasTotals = (counts: Aggregate): boolean => TOTAL_FIELDS.some((f) => counts.totals[f] !== 0);

function countsInto(counts: Aggregate, now: Date, shard: number): TransactItem[] {
  const { stats } = tables();
  return [
    ...[...counts.counters.values()].map((c) => counterUpdate(stats, c, shard)),
    ...(hasTotals(counts) ? [totalsUpdate(stats, counts.totals, now.toISOString(), shard)] : []),
  ];
}

/**
 * Sends a transaction built for the writer's hot-counter shard, retrying conflicts and
 * throttling. Returns the positions of items whose condition failed (a pending item another
 * folder took), or [] when it committed.
 */
async function transact(
  build: (shard: number) => TransactItem[],
  writer: HotShardWriter,
): Promise<number[]> {
  for (let retry = 0; ; retry++) {
    try {
      await dynamo.send(new TransactWriteCommand({ TransactItems: build(hotShardOf(writer)) }));
      return [];
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      const reasons = cancellationReasons(error) ?? [];
      const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
      if (failed.length > 0) return failed;
      const codes = reasons.map((r) => r.Code ?? 'None').filter((c) => c !== 'None');
      // A conflict thrown rather than reported as a reason is retried here too: the fold's
      // transactions are the ones that meet other writers on the counters.
      const conflict =
        name === 'TransactionConflictException' || codes.includes('TransactionConflict');
      const retryable =
        conflict || RETRYABLE_ERRORS.has(name) || codes.some((c) => RETRYABLE_REASONS.has(c));
      if (!retryable) throw error;
      if (conflict) moveHotShard(writer);
      if (retry >= RETRY.attempts) {
        throw new RetriesExhaustedError('TransactionConflict', `Fold still cancelled: ${name}`);
      }
      await sleep(backoffMs(retry));
    }
  }
}

/** Writes one pending item's counts into the counters as it deletes the item. */
async function applyPending(p: Pending, now: Date, writer: HotShardWriter): Promise<void> {
  const failed = await transact(
    (shard) => [pendingDelete(p.sk), ...countsInto(p.counts, now, shard)],
    writer,
  );
  if (failed.length > 0) logger.info('Pending counts folded by another call', { sk: p.sk });
}

/**
 * How many transaction items folding `deltas` takes whose merge has `counters` counter items,
 * applied directly or through chunks (the totals are one item more).
 */
export function foldSize(deltas: number, counters: number): { direct: number; exchange: number } {
  const items = counters + 1;
  return { direct: deltas + items, exchange: deltas + Math.ceil(items / CHUNK_COUNTERS) };
}

/** Folds a set of deltas whose exchange for chunks fits one transaction. */
async function foldSet(set: Pending[], now: Date, writer: HotShardWriter): Promise<void> {
  let live = set;
  while (live.length > 0) {
    const merged = mergeAggregates(live.map((p) => p.counts));
    if (foldSize(live.length, merged.counters.size).direct <= MAX_TRANSACTION_ITEMS) {
      const failed = await transact(
        (shard) => [...live.map((p) => pendingDelete(p.sk)), ...countsInto(merged, now, shard)],
        writer,
      );
      if (failed.length === 0) return;
      live = live.filter((_, i) => !failed.includes(i));
      continue;
    }
    const chunks = splitAggregate(merged, CHUNK_COUNTERS).map((c) => pendingPut('C', c, now));
    const failed = await transact(
      () => [...live.map((p) => pendingDelete(p.sk)), ...chunks.map((c) => c.item)],
      writer,
    );
    if (failed.length > 0) {
      live = live.filter((_, i) => !failed.includes(i));
      continue;
    }
    for (const chunk of chunks) await applyPending(chunk.pending, now, writer);
    return;
  }
}

/**
 * Folds pending items into the counters: chunks one by one, deltas in sets as large as one
 * exchange transaction allows (the larger the set, the more counters its posts share).
 */
export async function foldPending(
  items: readonly Pending[],
  now: Date,
  writer: HotShardWriter,
): Promise<void> {
  const deltas = items.filter((p) => pendingKindOf(p.sk) === 'D');
  for (const chunk of items.filter((p) => pendingKindOf(p.sk) === 'C')) {
    await applyPending(chunk, now, writer);
  }
  // The set's counter keys, not its merge: foldSet merges each set once.
  let set: Pending[] = [];
  let keys = new Set<string>();
  for (const delta of deltas) {
    const added = [...delta.counts.counters.keys()].filter((k) => !keys.has(k));
    const counters = keys.size + added.length;
    if (set.length > 0 && foldSize(set.length + 1, counters).exchange > MAX_TRANSACTION_ITEMS) {
      await foldSet(set, now, writer);
      set = [];
      keys = new Set();
    }
    set.push(delta);
    for (const k of delta.counts.counters.keys()) keys.add(k);
  }
  if (set.length > 0) await foldSet(set, now, writer);
}

/** Pending items one fold takes at most (about 8 KB each, gzipped); the rest wait for the next. */
const FOLD_LIMIT = 500;

/**
 * Folds every pending item: `known` (this call's deltas, already decoded) and whatever else is
 * in the PENDING partition (the batch's earlier executions left theirs for this one; a call that
 * died left its deltas; a concurrent batch may be folding some of them too, which the delete
 * conditions settle). Read consistently, so this call's own items are among them.
 */
export async function foldAll(
  known: readonly Pending[],
  now: Date,
  writer: HotShardWriter,
): Promise<CounterDelta[]> {
  const bySk = new Map(known.map((p) => [p.sk, p]));
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tables().stats,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': PENDING_PK },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of (page.Items ?? []) as PendingItem[]) {
      if (!bySk.has(item.sk)) bySk.set(item.sk, { sk: item.sk, counts: decodeCounts(item.counts) });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey && bySk.size < FOLD_LIMIT);
  const items = [...bySk.values()];
  if (items.length > known.length) {
    logger.info('Folding pending counts left by other calls', {
      items: items.length - known.length,
    });
  }
  await foldPending(items, now, writer);
  // The counters the fold moved counts into: their buckets' rank lists follow them.
  return items.flatMap((p) => [...p.counts.counters.values()].filter((c) => c.scope));
}
