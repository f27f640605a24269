import {
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { aggregate } from '../domain/aggregate';
import {
  CONTENT_ATTRIBUTES,
  contributionOf,
  isLive,
  recognisedUntil,
  type PostItem,
} from '../domain/versions';
import { removalRecordOf } from '../domain/archive';
import { archiveRecords } from './archive-writer';
import { counterUpdate, hotShardOf, totalsUpdate, type TransactItem } from './counter-writes';
import { deleteFeedsOf, readVersions } from './post-versions';
import { logger } from './powertools';
import { backoffMs, RETRY, RetriesExhaustedError, sleep } from './retry';
import { buildUpdate } from './update-expression';

/**
 * Deletes: a post taken back leaves the recent-post feeds and, in the buckets that still exist,
 * the counts; its item keeps only what recognises the id (a tombstone), so the post is not
 * counted again if it comes back. Exactly once: the counts are taken back in the same
 * transaction that sets `deletedAt`, under the condition that it is not set yet.
 */

export interface RetractDeps {
  doc: DynamoDBDocumentClient;
  postsTable: string;
  statsTable: string;
  /** How long a removed post's id is still recognised. */
  dedupeDays: number;
  now: Date;
}

/**
 * RETRACTED: counts and feeds taken back. UNCOUNTED: it was not counted yet, and never will be.
 * AHEAD: the post has not arrived; a tombstone waits for it. ALREADY: an earlier delete did it.
 */
export type RetractOutcome = 'RETRACTED' | 'UNCOUNTED' | 'AHEAD' | 'ALREADY';

const conditionFailed = (err: unknown): boolean =>
  err instanceof Error &&
  (err.name === 'ConditionalCheckFailedException' ||
    (err.name === 'TransactionCanceledException' &&
      ((err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).some(
        (r) => r.Code === 'ConditionalCheckFailed',
      )));

function tombstoneUpdate(
  deps: RetractDeps,
  id: string,
  condition: string,
  conditionNames: string[],
): NonNullable<TransactItem['Update']> {
  return {
    TableName: deps.postsTable,
    Key: { id },
    ...buildUpdate({
      set: {
        deletedAt: deps.now.toISOString(),
        tombstone: true,
        expiresAt: recognisedUntil(deps.now, deps.dedupeDays),
      },
      remove: [...CONTENT_ATTRIBUTES],
      condition,
      conditionNames,
    }),
  };
}

interface Attempt {
  outcome: RetractOutcome;
  /** The counted version taken back (or, for ALREADY, the one an earlier delete took back). */
  removed?: PostItem;
}

async function attempt(id: string, deps: RetractDeps): Promise<Attempt | undefined> {
  const versions = await readVersions(deps.doc, deps.postsTable, [id]);
  const own = versions.get(id);
  if (!own) {
    try {
      await deps.doc.send(
        new PutCommand({
          TableName: deps.postsTable,
          Item: {
            id,
            tombstone: true,
            deletedAt: deps.now.toISOString(),
            expiresAt: recognisedUntil(deps.now, deps.dedupeDays),
          },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
      return { outcome: 'AHEAD' };
    } catch (err) {
      if (conditionFailed(err)) return undefined;
      throw err;
    }
  }
  const live = [...versions.values()].find(isLive);
  if (!live) {
    if (own.deletedAt !== undefined || own.tombstone === true) {
      return { outcome: 'ALREADY', removed: own.countedAt ? own : undefined };
    }
    try {
      await deps.doc.send(
        new UpdateCommand(
          tombstoneUpdate(
            deps,
            id,
            'attribute_not_exists(#countedAt) AND attribute_not_exists(#deletedAt)',
            ['countedAt'],
          ),
        ),
      );
      return { outcome: 'UNCOUNTED' };
    } catch (err) {
      if (conditionFailed(err)) return undefined;
      throw err;
    }
  }
  const contribution = contributionOf(live);
  const nowSeconds = Math.floor(deps.now.getTime() / 1000);
  const { counters, totals } = aggregate([], nowSeconds, contribution ? [contribution] : []);
  const shard = hotShardOf();
  const items: TransactItem[] = [
    {
      Update: tombstoneUpdate(
        deps,
        live.id,
        'attribute_exists(#countedAt) AND attribute_not_exists(#deletedAt) AND attribute_not_exists(#supersededBy)',
        ['countedAt', 'supersededBy'],
      ),
    },
    ...[...counters.values()].map((c) => counterUpdate(deps.statsTable, c, shard)),
    totalsUpdate(deps.statsTable, totals, deps.now.toISOString(), shard),
  ];
  try {
    await deps.doc.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (err) {
    if (conditionFailed(err)) return undefined;
    throw err;
  }
  await deleteFeedsOf(deps.doc, deps.statsTable, [live]);
  return { outcome: 'RETRACTED', removed: live };
}

/** Takes one post back (see RetractOutcome); re-reads and tries again when the post moved. */
export async function retractPost(id: string, deps: RetractDeps): Promise<RetractOutcome> {
  for (let retry = 0; ; retry++) {
    try {
      const done = await attempt(id, deps);
      if (done) {
        // The archive's copy that takes the post out of the posts view; again for ALREADY, as the
        // earlier delete may have stopped before it (the view keeps the newest copy).
        if (done.removed?.createdAt) {
          await archiveRecords([
            removalRecordOf({ ...done.removed, createdAt: done.removed.createdAt }, deps.now),
          ]);
        }
        return done.outcome;
      }
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      if (name !== 'TransactionCanceledException' || retry >= RETRY.attempts) throw err;
    }
    if (retry >= RETRY.attempts) {
      throw new RetriesExhaustedError('TransactionConflict', `post ${id} kept changing`);
    }
    logger.info('Retrying a retraction', { id, retry });
    await sleep(backoffMs(retry));
  }
}
