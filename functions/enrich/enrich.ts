import { StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type {
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import { chooseFeeds } from '../domain/feed';
import { postSchema } from '../domain/post';
import { toWorkPost, type PostResult, type WorkPost } from '../domain/workflow';
import { requireEnv } from '../shared/env';
import { logger, METRIC, metrics, MetricUnit } from '../shared/powertools';
import { splitByPayload } from './executions';
import { sfn } from '../shared/aws/sfn';

/**
 * EnrichFunction: runs the Express enrichment workflow synchronously for the new posts of a
 * DynamoDB Streams batch and reports the records of posts that were not enriched and counted,
 * so the event source mapping retries them (and in the end sends them to the dead-letter queue).
 */

interface Work {
  post: WorkPost;
  sequenceNumber: string;
}

function parseRecord(record: DynamoDBRecord): WorkPost | undefined {
  const image = record.dynamodb?.NewImage;
  if (!image) return undefined;
  const parsed = postSchema.safeParse(unmarshall(image as Record<string, AttributeValue>));
  if (!parsed.success) {
    logger.error('Stored post does not match the Post schema', {
      sequenceNumber: record.dynamodb?.SequenceNumber,
      issues: parsed.error.issues.slice(0, 5),
    });
    return undefined;
  }
  return toWorkPost(parsed.data);
}

/**
 * Ids of the posts the execution enriched and counted, and whether it got to the end (Persist
 * ran); no ids when it failed.
 */
async function runExecution(
  stateMachineArn: string,
  posts: WorkPost[],
  fold: boolean,
): Promise<{ ok: Set<string>; finished: boolean }> {
  const ok = new Set<string>();
  const failed = { ok, finished: false };
  try {
    const out = await sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn, input: JSON.stringify({ posts, fold }) }),
    );
    if (out.status !== 'SUCCEEDED') {
      logger.error('Enrichment execution did not succeed', {
        status: out.status,
        error: out.error,
        cause: out.cause,
        executionArn: out.executionArn,
      });
      return failed;
    }
    const output = JSON.parse(out.output ?? '{}') as { results?: PostResult[]; error?: string };
    if (!Array.isArray(output.results)) {
      logger.error('Enrichment workflow failed', { output, executionArn: out.executionArn });
      return failed;
    }
    for (const r of output.results) if (r.ok) ok.add(r.id);
    return { ok, finished: true };
  } catch (error) {
    logger.error('StartSyncExecution failed', { error: error as Error });
  }
  return failed;
}

/**
 * The batch response is built by hand, not by Powertools' BatchProcessor: posts are enriched and
 * counted a whole execution at a time (many posts per StartSyncExecution, one execution after
 * another), and a record fails when its post was not in the execution's successful results, so
 * there is no per-record handler for the processor to call.
 */
export const handler = async (
  event: DynamoDBStreamEvent,
  context?: Context,
): Promise<DynamoDBBatchResponse> => {
  if (context) logger.addContext(context);
  const stateMachineArn = requireEnv('STATE_MACHINE_ARN');
  const failed: string[] = [];
  const work: Work[] = [];
  for (const record of event.Records) {
    // The mapping's FilterCriteria lets only INSERTs through; anything else is not ours to enrich.
    if (record.eventName !== 'INSERT') continue;
    const sequenceNumber = record.dynamodb?.SequenceNumber ?? '';
    const post = parseRecord(record);
    if (!post) {
      failed.push(sequenceNumber);
      continue;
    }
    work.push({ post, sequenceNumber });
  }

  // One execution per post id: its transaction may not touch the same item twice.
  const unique = new Map<string, WorkPost>();
  for (const w of work) if (!unique.has(w.post.id)) unique.set(w.post.id, w.post);
  // The feeds are chosen over the whole batch, not per execution: a larger batch writes fewer
  // feed items per post (domain/feed.ts).
  const feeds = chooseFeeds([...unique.values()]);
  const batch = [...unique.values()].map((p) => ({ ...p, feedKeys: feeds.get(p.id) ?? [] }));
  const okIds = new Set<string>();
  // One execution at a time: they all update the same `_all` and totals items, and concurrent
  // transactions on one item cancel each other. Only the last folds the pending counts, so
  // counters the executions share are written once per batch. If it did not get to Persist, an
  // execution without posts folds what the others left (else the next batch would).
  const groups = splitByPayload(batch);
  for (const [i, posts] of groups.entries()) {
    const last = i === groups.length - 1;
    const run = await runExecution(stateMachineArn, posts, last);
    for (const id of run.ok) okIds.add(id);
    if (last && !run.finished) {
      await runExecution(stateMachineArn, [], true);
    }
  }
  let enriched = 0;
  for (const w of work) {
    if (okIds.has(w.post.id)) enriched += 1;
    else failed.push(w.sequenceNumber);
  }

  metrics.addMetric(METRIC.postsEnriched, MetricUnit.Count, enriched);
  metrics.addMetric(METRIC.enrichFailures, MetricUnit.Count, failed.length);
  metrics.publishStoredMetrics();
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
};
