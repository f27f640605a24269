import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { createKinesisClient } from '../../sources/kinesis/client';
import { createKinesisWriter } from '../../sources/kinesis/writer';
import type { SourceLog } from '../../sources/tracking/source-types';
import { parseTerm, type TrackedTerm } from '../../sources/tracking/terms';
import { listTracks } from '../api/tracks-store';
import { requireEnv } from '../shared/env';
import { logger, metrics, MetricUnit, tracer } from '../shared/powertools';
import { dynamoCheckpoints } from './checkpoints';
import { collect, type CollectSummary } from './collect';
import { collectConfig } from './config';
import { redditCredentials, xBearerToken } from './secrets';

/**
 * CollectorFunction: on its schedule, collects the tracked terms from Bluesky, X and Reddit (and
 * the chosen subreddits) for a bounded window and writes the posts to the stream, so no
 * always-on server is needed.
 */

const ddb = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));
const kinesis = tracer.captureAWSv3Client(createKinesisClient());
/** Left for flushing the last records and saving checkpoints before Lambda's timeout. */
const RESERVE_MS = 15_000;

const log: SourceLog = (level, message, data) => logger[level](message, data ?? {});

async function trackedTerms(table: string): Promise<TrackedTerm[]> {
  const terms: TrackedTerm[] = [];
  for (const track of await listTracks(table, ddb)) {
    const parsed = parseTerm(track.term);
    if (parsed.ok) terms.push(parsed.term);
  }
  return terms;
}

export const handler = async (event: unknown, context: Context): Promise<CollectSummary> => {
  logger.addContext(context);
  const config = collectConfig(event);
  const table = requireEnv('TRACKS_TABLE');
  const budget = Math.min(config.windowMs, context.getRemainingTimeInMillis() - RESERVE_MS);
  const deadline = Date.now() + Math.max(1_000, budget);
  const writer = createKinesisWriter({
    client: kinesis,
    streamName: requireEnv('STREAM_NAME'),
    onFailure: (records) =>
      logger.error('Records not written to the stream', {
        count: records.length,
        errorCode: records[0]?.errorCode,
      }),
  });
  const summary = await collect(config, {
    terms: await trackedTerms(table),
    sink: (record) => writer.put(record),
    flush: async () => {
      await writer.flush();
      return writer.stats().failed;
    },
    checkpoints: dynamoCheckpoints(ddb, table),
    xToken: () => xBearerToken(),
    redditCredentials: () => redditCredentials(),
    deadline,
    log,
  });
  const stats = writer.stats();
  metrics.addMetric('PostsCollected', MetricUnit.Count, stats.sent);
  metrics.addMetric('PostsCollectFailed', MetricUnit.Count, stats.failed);
  metrics.publishStoredMetrics();
  logger.info('Collection run finished', { ...summary, kinesis: stats });
  return summary;
};
