import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { tombstoneOf } from '../domain/versions';
import { numberEnv, requireEnv } from '../shared/env';
import { logger } from '../shared/powertools';
import { dynamo } from '../shared/aws/dynamodb';

/**
 * PostsTable REMOVE events (a post expired after RetentionDays, or removed by hand) -> a
 * tombstone under the same id, so ingest recognises the post if it is delivered again within
 * DedupeDays. Tombstones that expire in their turn are filtered out by the event source mapping.
 */

const postsTable = requireEnv('POSTS_TABLE');
const dedupeDays = numberEnv('DEDUPE_DAYS', 400);
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function leaveTombstone(record: DynamoDBRecord): Promise<void> {
  const id = record.dynamodb?.Keys?.id?.S;
  if (record.eventName !== 'REMOVE' || !id) return;
  try {
    await dynamo.send(
      new PutCommand({
        TableName: postsTable,
        Item: tombstoneOf(id, new Date(), dedupeDays),
        // The post came back (stored again) before its tombstone: it is its own record then.
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
  } catch (err) {
    if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
  }
}

export const handler = async (event: DynamoDBStreamEvent, context?: Context) => {
  if (context) logger.addContext(context);
  return processPartialResponse(event, leaveTombstone, processor, context ? { context } : {});
};
