import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { FeedItem } from '../domain/keys';
import { chunk } from '../domain/workflow';
import { logger } from '../shared/powertools';
import { ddb, tables } from './dynamo';
import { backoffMs, RETRY, RetriesExhaustedError, sleep } from './retry';

const BATCH_WRITE_LIMIT = 25;
/** Parallel BatchWriteItem calls; more mostly buys throttling on a fresh on-demand table. */
const CONCURRENCY = 4;

async function putBatch(table: string, items: FeedItem[]): Promise<void> {
  let requests = items.map((Item) => ({ PutRequest: { Item } }));
  for (let retry = 0; ; retry++) {
    const out = await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
    const unprocessed = out.UnprocessedItems?.[table] ?? [];
    if (unprocessed.length === 0) return;
    if (retry >= RETRY.attempts) {
      throw new RetriesExhaustedError(
        'ProvisionedThroughputExceededException',
        `${unprocessed.length} feed items still unprocessed after ${retry + 1} attempts`,
      );
    }
    logger.warn('Retrying unprocessed feed items', { count: unprocessed.length, retry });
    requests = unprocessed as typeof requests;
    await sleep(backoffMs(retry));
  }
}

/** Puts the items (idempotent: same key, same content), retrying what DynamoDB left unprocessed. */
export async function writeFeedItems(items: readonly FeedItem[]): Promise<void> {
  const table = tables().stats;
  const batches = chunk(items, BATCH_WRITE_LIMIT);
  for (const group of chunk(batches, CONCURRENCY)) {
    await Promise.all(group.map((batch) => putBatch(table, batch)));
  }
}
