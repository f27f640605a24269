import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { KinesisStreamBatchResponse, KinesisStreamRecord } from 'aws-lambda';
import { parseStreamRecord, type RejectCode } from '../domain/normalize';
import { retractPost } from '../shared/retract';
import type { Post } from '../domain/post';
import { logger } from '../shared/powertools';
import { sendDeadLetters, type RejectedRecord } from './dead-letter';
import { ExecutionFailedError, storePosts } from './store';

/** Thrown so that the event source mapping splits the batch and retries the halves. */
export class BatchBisectError extends Error {
  override name = 'EnrichmentExecutionFailed';
}

export interface IngestDeps {
  doc: DynamoDBDocumentClient;
  sqs: SQSClient;
  postsTable: string;
  statsTable: string;
  dlqUrl: string;
  /** The enrichment workflow, which stores and counts the new posts. */
  stateMachineArn: string;
  /** How long a deleted post's id is still recognised (its tombstone's TTL). */
  dedupeDays: number;
  now: () => Date;
}

export interface IngestStats {
  records: number;
  stored: number;
  /** Posts already in the table, plus repeats of one post within the batch. */
  duplicates: number;
  /** Deletes handled: posts taken back, or tombstones waiting for posts not seen yet. */
  retracted: number;
  /** Rejected records delivered to the dead-letter queue, by reject code. */
  rejected: Partial<Record<RejectCode, number>>;
  /** Records handed back to the stream for a retry. */
  failed: number;
}

export interface IngestResult {
  response: KinesisStreamBatchResponse;
  stats: IngestStats;
}

/**
 * Decode, normalize, enrich, store and count (the workflow), dead-letter. A rejected record is
 * handled once it is in the dead-letter queue; only records that could be neither stored nor
 * dead-lettered go back to the stream as batch item failures, so the rest of the batch is not
 * retried for them.
 */
export async function ingestBatch(
  records: readonly KinesisStreamRecord[],
  deps: IngestDeps,
): Promise<IngestResult> {
  const rejected: RejectedRecord[] = [];
  // One write per post id: a producer retry can put the same post twice into one batch.
  const byId = new Map<string, { post: Post; records: KinesisStreamRecord[] }>();
  const retractions = new Map<string, KinesisStreamRecord[]>();
  for (const record of records) {
    const result = parseStreamRecord(Buffer.from(record.kinesis.data, 'base64'));
    if (result.kind === 'rejected') {
      rejected.push({ record, code: result.code, reason: result.reason });
      continue;
    }
    if (result.kind === 'retraction') {
      const id = result.retraction.id;
      retractions.set(id, [...(retractions.get(id) ?? []), record]);
      continue;
    }
    const entry = byId.get(result.post.id);
    if (entry) entry.records.push(record);
    else byId.set(result.post.id, { post: result.post, records: [record] });
  }

  const groups = [...byId.values()];
  const outcomes = await storePosts(
    deps,
    groups.map((g) => ({ post: g.post, eventId: g.records[0]?.eventID ?? '' })),
  );
  // An execution fails all its posts, whichever of them made it fail: reported as batch item
  // failures, one post that always fails would take the rest of its execution down with it at
  // every retry, and then to the dead-letter queue. A function error makes the mapping bisect
  // the batch (BisectBatchOnFunctionError) until that post is alone. Thrown before anything
  // else is done (dead letters, deletes), so the retries repeat none of it; what the
  // executions did is safe to repeat (store.ts: a retry of a record finds its posts counted).
  const failedExecutions = outcomes.filter(
    (o) => typeof o === 'object' && 'error' in o && o.error instanceof ExecutionFailedError,
  ).length;
  if (failedExecutions > 0 && records.length > 1) {
    throw new BatchBisectError(
      `enrichment executions failed for ${failedExecutions} of ${groups.length} posts`,
    );
  }
  const failedSeqs = new Set<string>();
  const stats: IngestStats = {
    records: records.length,
    stored: 0,
    duplicates: 0,
    retracted: 0,
    rejected: {},
    failed: 0,
  };
  groups.forEach((group, i) => {
    const outcome = outcomes[i];
    if (outcome === 'stored' || outcome === 'duplicate') {
      if (outcome === 'stored') stats.stored++;
      stats.duplicates += group.records.length - (outcome === 'stored' ? 1 : 0);
      return;
    }
    if (outcome !== undefined && 'refused' in outcome) {
      logger.warn('DynamoDB refused a post', { postId: group.post.id, reason: outcome.refused });
      for (const record of group.records) {
        rejected.push({ record, code: 'INVALID', reason: outcome.refused });
      }
      return;
    }
    logger.error('Storing a post failed', { postId: group.post.id, error: outcome?.error });
    for (const r of group.records) failedSeqs.add(r.kinesis.sequenceNumber);
  });
  // Malformed records and posts DynamoDB refused, in one go once the posts are settled (a batch
  // bisected above sends none of them, so none is sent twice).
  const undelivered =
    rejected.length > 0
      ? await sendDeadLetters(deps.sqs, deps.dlqUrl, rejected)
      : new Set<string>();

  // After the posts of the batch are stored: a delete that follows its post in one batch finds it.
  for (const [id, deletes] of retractions) {
    try {
      await retractPost(id, {
        doc: deps.doc,
        postsTable: deps.postsTable,
        statsTable: deps.statsTable,
        dedupeDays: deps.dedupeDays,
        now: deps.now(),
      });
      stats.retracted++;
    } catch (err) {
      logger.error('Taking a post back failed', { postId: id, error: (err as Error).message });
      for (const r of deletes) failedSeqs.add(r.kinesis.sequenceNumber);
    }
  }

  for (const r of rejected) {
    const seq = r.record.kinesis.sequenceNumber;
    if (undelivered.has(seq)) failedSeqs.add(seq);
    else stats.rejected[r.code] = (stats.rejected[r.code] ?? 0) + 1;
  }

  // Batch order, so the lowest failed sequence number (where Lambda resumes) comes first.
  const batchItemFailures = records
    .filter((r) => failedSeqs.has(r.kinesis.sequenceNumber))
    .map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber }));
  stats.failed = batchItemFailures.length;
  return { response: { batchItemFailures }, stats };
}
