import {
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  MAX_TRANSACTION_ITEMS,
  mergeAggregates,
  splitAggregate,
  TOTAL_FIELDS,
  type Aggregate,
} from '../domain/aggregate';
import {
  CHUNK_PK,
  chunkSk,
  decodeCounts,
  encodeCounts,
  FOLD_SEQ_KEY,
  PENDING_PK,
  pendingSk,
  type ChunkItem,
  type PendingItem,
  type PendingKind,
} from '../domain/pending-counts';
import { dynamo } from '../shared/aws/dynamodb';
import {
  counterUpdateParams,
  totalsUpdateParams,
  type TransactItem,
  type UpdateParams,
} from '../shared/counter-writes';
import { hotCounterShards } from '../shared/env';
import { mapWithConcurrency } from '../shared/pool';
import { logger } from '../shared/powertools';
import { backoffMs, RETRY, RetriesExhaustedError, sleep } from '../shared/retry';
import { tables } from './dynamo';
import { cancellationReasons, RETRYABLE_ERRORS, RETRYABLE_REASONS } from './transaction-errors';

/**
 * The second counting stage: pending counts (deltas written beside the posts' markers) folded
 * into the counters. The deltas of a whole stream batch (its last execution folds what the others
 * left) are merged first, so a counter its posts share is written once per batch instead of once
 * per marker transaction. Nothing is lost or added twice whoever runs a step, however often:
 * 1. **Claim**: one transaction deletes a set of deltas and puts their merge as numbered chunks,
 *    advancing the chunk number (`FOLD_SEQ_KEY`) under a condition on its previous value, so
 *    chunks are numbered in the order they were claimed. A delta another folder claimed first
 *    fails its delete condition and is left to that folder.
 * 2. **Apply**: every chunk, in number order, goes into the counters one conditional UpdateItem
 *    per counter, which also sets the counter's `foldSeq` to the chunk's number and applies only
 *    where `foldSeq` is below it; the chunk is deleted once all of them went through. A folder
 *    that died half-way, or two folders on the same chunk, write each counter once: the second
 *    update of a counter fails its condition. Chunks are applied in order by every folder (the
 *    Query returns them in order, and a chunk is deleted only after all its counters are
 *    written), so no counter ever sees a lower number after a higher one.
 * Counters written this way cost one write unit each, half a transactional write, and meet no
 * transaction conflicts (docs/architecture.md "Enrichment and exactly-once counting").
 */

export interface Pending {
  sk: string;
  counts: Aggregate;
}

/**
 * Counters per chunk. A chunk's counters are written one UpdateItem each, so only the item's
 * size bounds it: 1,000 demo counters are about 60 KB gzipped (the limit is 400 KB).
 */
export const CHUNK_COUNTERS = 1000;

/** UpdateItems of one chunk in flight at once. */
const APPLY_CONCURRENCY = 16;

/** A pending item's Put, the counts it holds, and its size (gzipped). */
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
    item: {
      Put: {
        TableName: tables().stats,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
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

const chunkPut = (seq: number, counts: Aggregate): TransactItem => {
  const item: ChunkItem = { pk: CHUNK_PK, sk: chunkSk(seq), seq, counts: encodeCounts(counts) };
  return { Put: { TableName: tables().stats, Item: item } };
};

/** Moves the chunk number from `from` to `to`, failing if another fold moved it first. */
const seqAdvance = (from: number, to: number): TransactItem => ({
  Update: {
    TableName: tables().stats,
    Key: FOLD_SEQ_KEY,
    UpdateExpression: 'SET #next = :to',
    ConditionExpression: from === 0 ? 'attribute_not_exists(#next)' : '#next = :from',
    ExpressionAttributeNames: { '#next': 'next' },
    ExpressionAttributeValues: from === 0 ? { ':to': to } : { ':to': to, ':from': from },
  },
});

/** The next chunk number (one consistent read, half a read unit, per claim). */
async function readNextSeq(): Promise<number> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tables().stats, Key: FOLD_SEQ_KEY, ConsistentRead: true }),
  );
  return typeof Item?.next === 'number' ? Item.next : 0;
}

/**
 * How many transaction items claiming `deltas` takes whose merge has `counters` counter items:
 * the deltas' deletes, the chunks' puts and the chunk number.
 */
export function claimSize(deltas: number, counters: number): number {
  return deltas + Math.ceil((counters + 1) / CHUNK_COUNTERS) + 1;
}

/**
 * Exchanges a set of deltas for numbered chunks of their merge in one transaction. Deltas another
 * folder took first drop out of the set; if another folder moved the chunk number in between,
 * the claim is tried again from the new one.
 */
async function claim(set: readonly Pending[]): Promise<void> {
  let live = [...set];
  for (let retry = 0; live.length > 0; retry++) {
    const from = await readNextSeq();
    const parts = splitAggregate(mergeAggregates(live.map((p) => p.counts)), CHUNK_COUNTERS);
    const items = [
      ...live.map((p) => pendingDelete(p.sk)),
      ...parts.map((c, i) => chunkPut(from + i, c)),
      seqAdvance(from, from + parts.length),
    ];
    try {
      await dynamo.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      const reasons = cancellationReasons(error) ?? [];
      const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
      if (failed.length > 0) {
        live = live.filter((_, i) => !failed.includes(i));
        continue;
      }
      const codes = reasons.map((r) => r.Code ?? 'None').filter((c) => c !== 'None');
      const conflict =
        name === 'TransactionConflictException' || codes.includes('TransactionConflict');
      if (!conflict && !RETRYABLE_ERRORS.has(name) && !codes.some((c) => RETRYABLE_REASONS.has(c)))
        throw error;
      if (retry >= RETRY.attempts) {
        throw new RetriesExhaustedError('TransactionConflict', `Fold claim cancelled: ${name}`);
      }
      await sleep(backoffMs(retry));
    }
  }
}

/** Sends one update, retrying throttling; false when its condition failed. */
async function sendUpdate(params: UpdateParams): Promise<boolean> {
  for (let retry = 0; ; retry++) {
    try {
      await dynamo.send(new UpdateCommand(params));
      return true;
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'ConditionalCheckFailedException') return false;
      if (!RETRYABLE_ERRORS.has(name)) throw error;
      if (retry >= RETRY.attempts) throw new RetriesExhaustedError(name, `Fold update: ${name}`);
      await sleep(backoffMs(retry));
    }
  }
}

const hasTotals = (counts: Aggregate): boolean => TOTAL_FIELDS.some((f) => counts.totals[f] !== 0);

/**
 * The hot-counter shard a chunk writes (domain/keys.ts): from its number, so that every folder
 * applying the chunk writes the same items. Updates outside transactions do not conflict; the
 * shards spread the hot items' writes over several partitions.
 */
const chunkShard = (seq: number, shards = hotCounterShards()): number =>
  shards <= 1 ? 0 : 1 + (seq % shards);

/** Writes one chunk's counts into the counters, then deletes it. */
async function applyChunk(chunk: ChunkItem, now: Date): Promise<void> {
  const { stats } = tables();
  const counts = decodeCounts(chunk.counts);
  const shard = chunkShard(chunk.seq);
  const updates = [...counts.counters.values()].map((c) =>
    counterUpdateParams(stats, c, shard, chunk.seq),
  );
  if (hasTotals(counts)) {
    updates.push(totalsUpdateParams(stats, counts.totals, now.toISOString(), shard, chunk.seq));
  }
  const written = await mapWithConcurrency(updates, APPLY_CONCURRENCY, sendUpdate);
  const skipped = written.filter((w) => !w).length;
  if (skipped > 0) logger.info('Chunk counters already written', { seq: chunk.seq, skipped });
  await dynamo.send(new DeleteCommand({ TableName: stats, Key: { pk: CHUNK_PK, sk: chunk.sk } }));
}

/** Every chunk, in number order: those this call claimed, and any a call that died left. */
async function applyChunks(now: Date): Promise<void> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tables().stats,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': CHUNK_PK },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const chunk of (page.Items ?? []) as ChunkItem[]) await applyChunk(chunk, now);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/**
 * Folds pending items into the counters: claimed in sets as large as one transaction allows (the
 * larger the set, the more counters its posts share), then every chunk applied.
 */
export async function foldPending(items: readonly Pending[], now: Date): Promise<void> {
  // The set's counter keys, not its merge: claim merges each set once.
  let set: Pending[] = [];
  let keys = new Set<string>();
  for (const delta of items) {
    const added = [...delta.counts.counters.keys()].filter((k) => !keys.has(k));
    const counters = keys.size + added.length;
    if (set.length > 0 && claimSize(set.length + 1, counters) > MAX_TRANSACTION_ITEMS) {
      await claim(set);
      set = [];
      keys = new Set();
    }
    set.push(delta);
    for (const k of delta.counts.counters.keys()) keys.add(k);
  }
  if (set.length > 0) await claim(set);
  await applyChunks(now);
}

/** Pending items one fold takes at most (about 8 KB each, gzipped); the rest wait for the next. */
const FOLD_LIMIT = 500;

/**
 * Folds every pending item: `known` (this call's deltas, already decoded) and whatever else is
 * in the PENDING partition (the batch's earlier executions left theirs for this one; a call that
 * died left its deltas; a concurrent batch may be folding some of them too, which the delete
 * conditions settle). Read consistently, so this call's own items are among them. Items of the
 * earlier, transactional fold (`C` chunks) are folded like deltas.
 */
export async function foldAll(known: readonly Pending[], now: Date): Promise<number> {
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
  await foldPending(items, now);
  return items.length;
}
