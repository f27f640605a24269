import type { FeedItem } from '../domain/keys';
import { batchPut } from '../shared/batch-write';
import { tables } from './dynamo';
import { dynamo } from '../shared/aws/dynamodb';

/** Puts the items (idempotent: same key, same content), retrying what DynamoDB left unprocessed. */
export async function writeFeedItems(items: readonly FeedItem[]): Promise<void> {
  await batchPut(dynamo, tables().stats, items);
}
