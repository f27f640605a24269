import type { FeedItem } from '../domain/keys';
import { batchPut } from '../shared/batch-write';
import { ddb, tables } from './dynamo';

/** Puts the items (idempotent: same key, same content), retrying what DynamoDB left unprocessed. */
export async function writeFeedItems(items: readonly FeedItem[]): Promise<void> {
  await batchPut(ddb, tables().stats, items);
}
