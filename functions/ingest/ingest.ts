import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { numberEnv, requireEnv } from '../shared/env';
import { logger, metrics, METRIC, MetricUnit } from '../shared/powertools';
import { ingestBatch, type IngestStats } from './ingest-batch';
import { dynamo } from '../shared/aws/dynamodb';
import { sqs } from '../shared/aws/sqs';

const postsTable = requireEnv('POSTS_TABLE');
const statsTable = requireEnv('STATS_TABLE');
const dlqUrl = requireEnv('DLQ_URL');
const stateMachineArn = requireEnv('STATE_MACHINE_ARN');
const dedupeDays = numberEnv('DEDUPE_DAYS', 400);

function publishMetrics(stats: IngestStats): void {
  metrics.addMetric(METRIC.postsIngested, MetricUnit.Count, stats.stored);
  metrics.addMetric(METRIC.postsDuplicate, MetricUnit.Count, stats.duplicates);
  metrics.addMetric(METRIC.postsRetracted, MetricUnit.Count, stats.retracted);
  metrics.addMetric(METRIC.enrichFailures, MetricUnit.Count, stats.failed);
  for (const [code, count] of Object.entries(stats.rejected)) {
    // A dimension per code needs its own EMF document: one per code and batch, not per record.
    const single = metrics.singleMetric();
    single.addDimension('code', code);
    single.addMetric(METRIC.postsRejected, MetricUnit.Count, count);
  }
}

/**
 * Kinesis -> the enrichment workflow, which stores and counts new posts (deletes take posts
 * back), malformed records to the dead-letter queue.
 * The batch response is built by hand (ingest-batch.ts), not by Powertools' BatchProcessor: that
 * processor handles one record at a time, while Ingest checks a batch's posts with batched
 * reads and enriches and counts them a workflow execution at a time (store.ts), sends its dead
 * letters in SendMessageBatch calls (dead-letter.ts), and marks as failed every record of a post
 * that was not counted (one post can arrive in several records).
 */
export const handler = async (
  event: KinesisStreamEvent,
  context?: Context,
): Promise<KinesisStreamBatchResponse> => {
  if (context) logger.addContext(context);
  logger.info('Ingest batch', { batchSize: event.Records.length });
  try {
    const { response, stats } = await ingestBatch(event.Records, {
      doc: dynamo,
      sqs,
      postsTable,
      statsTable,
      dlqUrl,
      stateMachineArn,
      dedupeDays,
      now: () => new Date(),
    });
    publishMetrics(stats);
    logger.info('Ingest batch done', { ...stats });
    return response;
  } finally {
    metrics.publishStoredMetrics();
  }
};
