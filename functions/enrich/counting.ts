import {
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  aggregate,
  chunkForTransactions,
  maxIso,
  orderForSharing,
  type CounterDelta,
  type TotalsDelta,
} from '../domain/aggregate';
import { totalsKey } from '../domain/keys';
import type { EnrichedPost, PostResult } from '../domain/workflow';
import { logger } from '../shared/powertools';
import { ddb, tables } from './dynamo';
import { backoffMs, RETRY, RetriesExhaustedError, sleep } from '../shared/retry';
import { buildUpdate } from './update-expression';

/**
 * Exactly-once counting. Each transaction holds, for every post in it, the post's update with
 * the `countedAt` marker condition, plus the counter and totals deltas of exactly those posts.
 * Either all of it commits or none does, so a post is counted at most once however often the
 * batch, the Persist step or the execution is retried; and it is counted, because every retry
 * path either commits or leaves the records to be retried.
 */

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type CountStatus = PostResult['status'];

const MARKER_CONDITION = 'attribute_exists(#id) AND attribute_not_exists(#countedAt)';
/** Cancellation reasons that a later attempt can get past. */
const RETRYABLE_REASONS = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);
/** Thrown (not cancellation) errors worth retrying on top of the SDK's own retries. */
const RETRYABLE_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'TransactionInProgressException',
]);

function markerUpdate(table: string, post: EnrichedPost, nowIso: string): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: { id: post.id },
      ...buildUpdate({
        set: {
          sentiment: post.sentiment,
          sentimentScore: post.sentimentScore,
          lang: post.lang,
          enrichStatus: post.enrichStatus,
          place: post.place,
          countedAt: nowIso,
        },
        condition: MARKER_CONDITION,
        conditionNames: ['id'],
      }),
    },
  };
}

function counterUpdate(table: string, c: CounterDelta): TransactItem {
  const { mentions, positive, negative, neutral, mixed } = c;
  const firstSeen =
    c.kind === 'tag'
      ? { tag: c.tag, display: c.display }
      : {
          id: c.id,
          name: c.name,
          fullName: c.fullName,
          country: c.country,
          countryCode: c.countryCode,
          lat: c.lat,
          lon: c.lon,
        };
  return {
    Update: {
      TableName: table,
      Key: { pk: c.pk, sk: c.sk },
      ...buildUpdate({
        // ADD creates missing counters at the delta, so `mentions` (the GSI sort key) is always
        // a number on every item that has a `scope`.
        add: { mentions, positive, negative, neutral, mixed },
        // lastSeen is the newest createdAt of the latest write, not a true maximum: a max needs
        // a condition, which would cancel the whole transaction. Shards are read in order, so it
        // only lags when older posts are replayed after newer ones.
        set: { lastSeen: c.lastSeen, scope: c.scope, bucket: c.bucket, expiresAt: c.expiresAt },
        setIfMissing: firstSeen,
      }),
    },
  };
}

function totalsUpdate(table: string, t: TotalsDelta, nowIso: string): TransactItem {
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

/** The transaction for a group of posts; item i is post i's marker for i < posts.length. */
export function transactionItems(posts: readonly EnrichedPost[], now: Date): TransactItem[] {
  const { posts: postsTable, stats } = tables();
  const nowIso = now.toISOString();
  const { counters, totals } = aggregate(posts, Math.floor(now.getTime() / 1000));
  return [
    ...posts.map((p) => markerUpdate(postsTable, p, nowIso)),
    ...[...counters.values()].map((c) => counterUpdate(stats, c)),
    totalsUpdate(stats, totals, nowIso),
  ];
}

interface Reason {
  Code?: string;
}

function cancellationReasons(error: unknown): Reason[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: Reason[] }).CancellationReasons;
  return Array.isArray(reasons) ? reasons : [];
}

async function countGroup(
  group: readonly EnrichedPost[],
  now: Date,
): Promise<Map<string, CountStatus>> {
  const statuses = new Map<string, CountStatus>();
  let pending = [...group];
  let retry = 0;
  while (pending.length > 0) {
    try {
      await ddb.send(new TransactWriteCommand({ TransactItems: transactionItems(pending, now) }));
      for (const p of pending) statuses.set(p.id, 'COUNTED');
      return statuses;
    } catch (error) {
      const reasons = cancellationReasons(error);
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
          // Not going to succeed on retry (e.g. an item too large): fail these posts only, so
          // their records go back to the stream and, in the end, to the dead-letter queue.
          logger.error('Transaction rejected', { codes, ids: pending.map((p) => p.id) });
          for (const p of pending) statuses.set(p.id, 'FAILED');
          return statuses;
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
  return statuses;
}

/**
 * Counts the posts into the aggregates, one transaction per group that fits DynamoDB's item
 * limit. Groups run one after another: they all update `_all` and the totals, and concurrent
 * transactions on the same item only cancel each other.
 */
export async function countPosts(
  posts: readonly EnrichedPost[],
  now: Date,
): Promise<Map<string, CountStatus>> {
  const statuses = new Map<string, CountStatus>();
  for (const group of chunkForTransactions(orderForSharing(posts))) {
    for (const [id, status] of await countGroup(group, now)) statuses.set(id, status);
  }
  // Posts an earlier attempt counted raise it too: that attempt may have stopped before this.
  const newest = posts
    .filter((p) => statuses.get(p.id) !== 'FAILED')
    .reduce((max, p) => maxIso(max, new Date(p.createdAt).toISOString()), '');
  if (newest) await raiseLastPostAt(newest);
  return statuses;
}

/**
 * The totals' lastPostAt as a true maximum: a conditional update of its own, outside the
 * counting transactions (a condition on the shared totals item there would cancel them). Raising
 * a maximum is idempotent, so it needs no exactly-once guard; a failed condition means a newer
 * post is already there.
 */
async function raiseLastPostAt(newest: string): Promise<void> {
  try {
    await ddb.send(
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
