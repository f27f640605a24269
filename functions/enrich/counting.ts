import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  aggregate,
  MAX_TRANSACTION_ITEMS,
  maxIso,
  postCounters,
  type CountablePost,
} from '../domain/aggregate';
import { totalsKey } from '../domain/keys';
import {
  contributionOf,
  isLive,
  recognisedUntil,
  revisionOf,
  type PostItem,
} from '../domain/versions';
import { removalRecordOf } from '../domain/archive';
import { archiveRecords } from '../shared/archive-writer';
import { getItems } from '../shared/batch-write';
import { numberEnv } from '../shared/env';
import { deleteFeedsOf, readVersions } from '../shared/post-versions';
import type { EnrichedPost, PostResult } from '../domain/workflow';
import { toStoredPost } from '../domain/post';
import { logger } from '../shared/powertools';
import { tables } from './dynamo';
import { backoffMs, RETRY, RetriesExhaustedError, sleep } from '../shared/retry';
import { buildUpdate } from '../shared/update-expression';
import {
  counterUpdate,
  hotShardOf,
  moveHotShard,
  processWriter,
  totalsUpdate,
  type HotShardWriter,
  type TransactItem,
} from '../shared/counter-writes';
import { dynamo } from '../shared/aws/dynamodb';
import { deltaPut, foldAll, type Pending } from './fold';
import { refreshRankLists, type RankedCounter } from './rank-lists';
import {
  cancellationReasons,
  RETRYABLE_ERRORS,
  RETRYABLE_REASONS,
  type Reason,
} from './transaction-errors';

/**
 * Exactly-once counting, in two stages. Each marker transaction holds, for every post in it, the
 * post's update with the `countedAt` marker condition, plus one pending delta item with the
 * counter and totals deltas of exactly those posts. Either all of it commits or none does, so a
 * post is counted at most once however often the batch, the Persist step or the execution is
 * retried; and it is counted, because every retry path either commits or leaves the records to
 * be retried. The deltas are then folded into the counters (fold.ts), merged, by the last
 * execution of the stream batch: a counter that many of the batch's posts share is written once,
 * not once per marker transaction.
 */

export type CountStatus = PostResult['status'];

// The post's item is written once, enriched, by the transaction that counts it: the put's
// `attribute_not_exists(id)` is the exactly-once guard. A post taken back (deleted, or replaced
// by a newer version) before it was counted left a tombstone under its id, as does a post whose
// item expired or was removed: either way the put is refused and the post is not counted again.
function markerPut(table: string, post: EnrichedPost, now: Date): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: { ...storedItemOf(post, now), countedAt: now.toISOString() },
      ConditionExpression: 'attribute_not_exists(id)',
    },
  };
}

/** The post as stored: what the workflow carried for it, without the feeds it was sent to. */
function storedItemOf(post: EnrichedPost, now: Date): Record<string, unknown> {
  const { feedKeys: _feeds, isRetweet, isReply, ...rest } = post;
  const full = { ...rest, isRetweet: isRetweet ?? false, isReply: isReply ?? false };
  return { ...toStoredPost(full, now, numberEnv('RETENTION_DAYS', 30)) };
}

/** Posts per marker transaction: their markers and one pending delta. */
export const MARKERS_PER_TRANSACTION = MAX_TRANSACTION_ITEMS - 1;
/** A pending delta larger than this (gzipped) is split: DynamoDB items stop at 400 KB. */
const MAX_DELTA_BYTES = 300_000;

/**
 * The marker transaction of a group of posts: item i is post i's marker for i < posts.length,
 * the last item is the group's pending delta. Undefined when the delta is too large for an item.
 */
function markerTransaction(
  posts: readonly EnrichedPost[],
  now: Date,
): { items: TransactItem[]; pending: Pending } | undefined {
  const delta = deltaPut(posts, now);
  if (delta.bytes > MAX_DELTA_BYTES && posts.length > 1) return undefined;
  const { posts: postsTable } = tables();
  return {
    items: [...posts.map((p) => markerPut(postsTable, p, now)), delta.item],
    pending: delta.pending,
  };
}

/**
 * An edit's transaction, which writes its counters directly (an edit is one post, and its
 * removals must not wait in a delta); item i is post i's marker for i < posts.length. `extra`
 * (an edit's replaced versions) come after the markers, and `removals` are the contributions
 * they take back.
 */
function transactionItems(
  posts: readonly EnrichedPost[],
  now: Date,
  extra: readonly TransactItem[],
  removals: readonly CountablePost[],
  shard: number,
): TransactItem[] {
  const { posts: postsTable, stats } = tables();
  const nowIso = now.toISOString();
  const { counters, totals } = aggregate(posts, Math.floor(now.getTime() / 1000), removals);
  return [
    ...posts.map((p) => markerPut(postsTable, p, now)),
    ...extra,
    ...[...counters.values()].map((c) => counterUpdate(stats, c, shard)),
    totalsUpdate(stats, totals, nowIso, shard),
  ];
}

interface GroupResult {
  statuses: Map<string, CountStatus>;
  /** The deltas written: one per transaction that committed. */
  deltas: Pending[];
  /** Posts whose item DynamoDB refused, with its reason. */
  refusals: Map<string, string>;
}

/** DynamoDB refusing an item of the request itself (too large, say): no retry can help. */
const isValidationError = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ValidationException';

/**
 * The posts whose item DynamoDB refused, with its reason. A cancellation names the item: its
 * reason is at the item's index, and only the markers (items 0 to posts - 1) are posts'. A
 * thrown ValidationException names none: a lone post is the one, a group is halved by the
 * caller until it is.
 */
function refusedIn(
  error: unknown,
  reasons: Reason[] | undefined,
  posts: readonly EnrichedPost[],
): { post: EnrichedPost; reason: string }[] {
  const message = (error as Error).message;
  if (reasons === undefined) {
    const [post] = posts;
    return isValidationError(error) && post && posts.length === 1
      ? [{ post, reason: message }]
      : [];
  }
  return reasons.flatMap((r, i) => {
    const post = posts[i];
    return r.Code === 'ValidationError' && post ? [{ post, reason: r.Message ?? message }] : [];
  });
}

async function countGroup(group: readonly EnrichedPost[], now: Date): Promise<GroupResult> {
  const statuses = new Map<string, CountStatus>();
  const deltas: Pending[] = [];
  const refusals = new Map<string, string>();
  // Halves, each in transactions of its own: for posts with many counters each, and to find
  // the post whose item DynamoDB refuses (the rest of the group is counted).
  const inHalves = async (posts: readonly EnrichedPost[]): Promise<GroupResult> => {
    const half = Math.ceil(posts.length / 2);
    for (const part of [posts.slice(0, half), posts.slice(half)]) {
      const result = await countGroup(part, now);
      for (const [id, status] of result.statuses) statuses.set(id, status);
      for (const [id, reason] of result.refusals) refusals.set(id, reason);
      deltas.push(...result.deltas);
    }
    return { statuses, deltas, refusals };
  };
  let pending = [...group];
  let retry = 0;
  while (pending.length > 0) {
    const transaction = markerTransaction(pending, now);
    if (transaction === undefined) return inHalves(pending);
    try {
      await dynamo.send(new TransactWriteCommand({ TransactItems: transaction.items }));
      for (const p of pending) statuses.set(p.id, 'COUNTED');
      deltas.push(transaction.pending);
      return { statuses, deltas, refusals };
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons === undefined && isValidationError(error) && pending.length > 1) {
        return inHalves(pending);
      }
      const refused = refusedIn(error, reasons, pending);
      if (refused.length > 0) {
        for (const { post, reason } of refused) {
          logger.error('DynamoDB refused a post', { id: post.id, error: reason });
          statuses.set(post.id, 'FAILED');
          refusals.set(post.id, `DynamoDB refused the post: ${reason}`);
        }
        pending = pending.filter((p) => !refused.some((r) => r.post === p));
        continue;
      }
      if (reasons === undefined) {
        const name = error instanceof Error ? error.name : '';
        if (!RETRYABLE_ERRORS.has(name) || retry >= RETRY.attempts) throw error;
      } else {
        // A marker that fails its condition belongs to a post an earlier attempt counted: drop
        // it and recompute the deltas from the posts that are left.
        const counted = new Set(
          pending.filter((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed').map((p) => p.id),
        );
        if (counted.size > 0) {
          logger.info('Posts already counted', { ids: [...counted] });
          for (const id of counted) statuses.set(id, 'ALREADY_COUNTED');
          pending = pending.filter((p) => !counted.has(p.id));
          continue;
        }
        const codes = reasons.map((r) => r.Code ?? 'None').filter((c) => c !== 'None');
        if (!codes.some((c) => RETRYABLE_REASONS.has(c))) {
          // Not going to succeed on retry (e.g. an item collection over its size limit): fail these
          // posts only, so their records go back to the stream and, in the end, to the DLQ.
          logger.error('Transaction rejected', { codes, ids: pending.map((p) => p.id) });
          for (const p of pending) statuses.set(p.id, 'FAILED');
          return { statuses, deltas, refusals };
        }
        if (retry >= RETRY.attempts) {
          const name = codes.includes('TransactionConflict')
            ? 'TransactionConflict'
            : 'ProvisionedThroughputExceededException';
          throw new RetriesExhaustedError(name, `Transaction still cancelled: ${codes.join(', ')}`);
        }
      }
      logger.warn('Retrying transaction', { retry, error: (error as Error).name });
      await sleep(backoffMs(retry++));
    }
  }
  return { statuses, deltas, refusals };
}

/** What counting did with each post, and which of them must leave the feeds again. */
export interface CountResult {
  statuses: Map<string, CountStatus>;
  /** Posts whose item DynamoDB refused (status FAILED), with its reason. */
  refusals: Map<string, string>;
  /**
   * Posts that are not (or no longer) in the aggregates although Persist writes their feed
   * items while it counts: taken back (deleted, replaced by a newer version) and refused.
   */
  unfed: EnrichedPost[];
}

/**
 * Counts the posts into the aggregates: marker transactions of up to 99 posts and their delta,
 * then, when `fold` (the last execution of a stream batch, or a direct call), every pending
 * delta folded into the counters together: this call's, those the batch's earlier executions
 * left, and any a call that died left. Without `fold` the deltas wait for that last execution.
 */
export async function countPosts(
  posts: readonly EnrichedPost[],
  now: Date,
  fold = true,
  writer: HotShardWriter = processWriter,
): Promise<CountResult> {
  const statuses = new Map<string, CountStatus>();
  const refusals = new Map<string, string>();
  const deltas: Pending[] = [];
  const edits = posts.filter((p) => p.replaces?.length);
  const originals = posts.filter((p) => !p.replaces?.length);
  for (let i = 0; i < originals.length; i += MARKERS_PER_TRANSACTION) {
    const result = await countGroup(originals.slice(i, i + MARKERS_PER_TRANSACTION), now);
    for (const [id, status] of result.statuses) statuses.set(id, status);
    for (const [id, reason] of result.refusals) refusals.set(id, reason);
    deltas.push(...result.deltas);
  }
  // Edits are rare and each touches the versions it replaces: one transaction each.
  for (const edit of edits) statuses.set(edit.id, await countEdit(edit, now, writer));
  const folded = fold ? await foldAll(deltas, now, writer) : [];
  await refreshRankLists([...folded, ...rankedCountersOf(posts, statuses, now)]);
  const takenBack = await settleTakenBack(posts, statuses);
  // Posts an earlier attempt counted raise it too: that attempt may have stopped before this.
  const newest = posts
    .filter((p) => statuses.get(p.id) === 'COUNTED' || statuses.get(p.id) === 'ALREADY_COUNTED')
    .reduce((max, p) => maxIso(max, new Date(p.createdAt).toISOString()), '');
  if (newest) await raiseLastPostAt(newest);
  return { statuses, refusals, unfed: [...takenBack, ...posts.filter((p) => refusals.has(p.id))] };
}

/**
 * The ranked counters whose rank lists no fold will write: those of edits (counted directly, not
 * through a delta) and of posts an earlier attempt counted (it may have stopped before writing
 * their lists). Posts counted now went into deltas, and the fold that moves a delta writes the
 * lists of its counters.
 */
function rankedCountersOf(
  posts: readonly EnrichedPost[],
  statuses: ReadonlyMap<string, CountStatus>,
  now: Date,
): RankedCounter[] {
  const epoch = Math.floor(now.getTime() / 1000);
  return posts
    .filter((p) => {
      const status = statuses.get(p.id);
      return status === 'ALREADY_COUNTED' || (status === 'COUNTED' && !!p.replaces?.length);
    })
    .flatMap((p) => postCounters(p, epoch).filter((c) => c.scope));
}

/**
 * The totals' lastPostAt as a true maximum: a conditional update of its own, outside the
 * counting transactions (a condition on the shared totals item there would cancel them). Raising
 * a maximum is idempotent, so it needs no exactly-once guard; a failed condition means a newer
 * post is already there.
 */
async function raiseLastPostAt(newest: string): Promise<void> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tables().stats,
        Key: { ...totalsKey },
        UpdateExpression: 'SET #last = :t',
        ConditionExpression: 'attribute_not_exists(#last) OR #last < :t',
        ExpressionAttributeNames: { '#last': 'lastPostAt' },
        ExpressionAttributeValues: { ':t': newest },
      }),
    );
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
  }
}

/**
 * Posts whose marker was refused: counted by an earlier attempt, or taken back (deleted, or
 * replaced by a newer version) before they were counted, which become RETRACTED. Returns the
 * taken-back ones, counted or not: their feed items go again.
 */
async function settleTakenBack(
  posts: readonly EnrichedPost[],
  statuses: Map<string, CountStatus>,
): Promise<EnrichedPost[]> {
  const refused = posts.filter(
    (p) => statuses.get(p.id) === 'ALREADY_COUNTED' || statuses.get(p.id) === 'RETRACTED',
  );
  if (refused.length === 0) return [];
  const items = await getItems(
    dynamo,
    tables().posts,
    'id',
    refused.map((p) => p.id),
  );
  const takenBack = refused.filter((p) => {
    const item = items.get(p.id) as PostItem | undefined;
    return (
      item?.deletedAt !== undefined || item?.supersededBy !== undefined || item?.tombstone === true
    );
  });
  for (const p of takenBack) {
    if ((items.get(p.id) as PostItem | undefined)?.countedAt === undefined) {
      statuses.set(p.id, 'RETRACTED');
    }
  }
  return takenBack;
}

const reasonCodes = (error: unknown): string[] =>
  (cancellationReasons(error) ?? []).map((r) => r.Code ?? 'None');

/**
 * Counts an edit exactly once and takes back the version it replaces, in one transaction: the
 * edit's marker, the counted version's `supersededBy` (under the condition that it is still the
 * counted one), placeholders for replaced versions not seen yet (so they are dropped when they
 * come), and the counter deltas of both. An edit older than the counted version is not counted.
 */
async function countEdit(
  post: EnrichedPost,
  now: Date,
  writer: HotShardWriter,
): Promise<CountStatus> {
  const { posts: postsTable } = tables();
  for (let retry = 0; ; retry++) {
    const versions = await readVersions(dynamo, postsTable, post.replaces ?? []);
    const live = [...versions.values()].find(isLive);
    // This very edit, counted by an earlier attempt: its marker tells (and settleTakenBack). That
    // attempt may have stopped before archiving the replaced version's removal: again, then.
    if (live?.id === post.id || versions.get(post.id)?.countedAt) {
      await archiveRemovals(
        [...versions.values()].filter((v) => v.supersededBy === post.id && v.countedAt),
        now,
      );
      return 'ALREADY_COUNTED';
    }
    if (live && revisionOf(live) > revisionOf(post)) {
      // A newer version is counted already: this one is stored as one of the replaced versions.
      try {
        await dynamo.send(
          new PutCommand({
            TableName: postsTable,
            Item: { ...storedItemOf(post, now), supersededBy: live.id },
            ConditionExpression: 'attribute_not_exists(id)',
          }),
        );
        return 'RETRACTED';
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        return 'ALREADY_COUNTED';
      }
    }
    const extra: TransactItem[] = [];
    if (live) {
      extra.push({
        Update: {
          TableName: postsTable,
          Key: { id: live.id },
          ...buildUpdate({
            set: { supersededBy: post.id },
            condition:
              'attribute_exists(#countedAt) AND attribute_not_exists(#supersededBy) AND attribute_not_exists(#deletedAt)',
            conditionNames: ['countedAt', 'deletedAt'],
          }),
        },
      });
    }
    for (const id of post.replaces ?? []) {
      const item = versions.get(id);
      if (item === undefined) {
        extra.push({
          Put: {
            TableName: postsTable,
            Item: {
              id,
              tombstone: true,
              supersededBy: post.id,
              expiresAt: editRecognisedUntil(now),
            },
            ConditionExpression: 'attribute_not_exists(id)',
          },
        });
      }
    }
    const contribution = live ? contributionOf(live) : undefined;
    const items = transactionItems(
      [post],
      now,
      extra,
      contribution ? [contribution] : [],
      hotShardOf(writer),
    );
    if (items.length > MAX_TRANSACTION_ITEMS) {
      logger.error('Edit too large for one transaction', { id: post.id, items: items.length });
      return 'FAILED';
    }
    try {
      await dynamo.send(new TransactWriteCommand({ TransactItems: items }));
      if (live) {
        await deleteFeedsOf(dynamo, tables().stats, [live]);
        await archiveRemovals([live], now);
      }
      return 'COUNTED';
    } catch (error) {
      const codes = reasonCodes(error);
      if (codes[0] === 'ConditionalCheckFailed') return 'ALREADY_COUNTED';
      const moved = codes.some((c) => c === 'ConditionalCheckFailed');
      const transient =
        codes.some((c) => RETRYABLE_REASONS.has(c)) || RETRYABLE_ERRORS.has((error as Error).name);
      if ((!moved && !transient) || retry >= RETRY.attempts) throw error;
      if (codes.includes('TransactionConflict')) moveHotShard(writer);
      logger.info('Retrying an edit', { id: post.id, retry, codes });
      await sleep(backoffMs(retry));
    }
  }
}

/** How long the ids of replaced versions are recognised (DEDUPE_DAYS). */
function editRecognisedUntil(now: Date): number {
  return recognisedUntil(now, numberEnv('DEDUPE_DAYS', 400));
}

/** The archive copies that take replaced versions out of the posts view. */
async function archiveRemovals(versions: readonly PostItem[], now: Date): Promise<void> {
  await archiveRecords(
    versions.flatMap((v) =>
      v.createdAt ? [removalRecordOf({ ...v, createdAt: v.createdAt }, now)] : [],
    ),
  );
}
