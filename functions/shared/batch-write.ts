import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { chunk } from '../domain/workflow';
import { mapWithConcurrency } from './pool';
import { logger } from './powertools';
import { backoffMs, RETRY, RetriesExhaustedError, sleep } from './retry';

const BATCH_WRITE_LIMIT = 25;
const BATCH_GET_LIMIT = 100;
/** Parallel batch calls; more mostly buys throttling on a fresh on-demand table. */
const BATCH_CONCURRENCY = 4;

type Item = Record<string, unknown>;

/**
 * One BatchWriteItem call of at most BATCH_WRITE_LIMIT puts, retrying what DynamoDB leaves
 * unprocessed; throws once retries run out, so the caller knows which items are not written.
 */
export async function putBatch(
  doc: DynamoDBDocumentClient,
  table: string,
  items: readonly object[],
): Promise<void> {
  let requests = (items as readonly Item[]).map((Item) => ({ PutRequest: { Item } }));
  for (let retry = 0; ; retry++) {
    const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
    const unprocessed = out.UnprocessedItems?.[table] ?? [];
    if (unprocessed.length === 0) return;
    if (retry >= RETRY.attempts) {
      throw new RetriesExhaustedError(
        'ProvisionedThroughputExceededException',
        `${unprocessed.length} items still unprocessed after ${retry + 1} attempts`,
      );
    }
    logger.warn('Retrying unprocessed items', { table, count: unprocessed.length, retry });
    requests = unprocessed as typeof requests;
    await sleep(backoffMs(retry));
  }
}

/**
 * Puts the items with BatchWriteItem, retrying what DynamoDB leaves unprocessed. Unconditional:
 * only for items whose rewrite with the same content is harmless.
 */
export async function batchPut(
  doc: DynamoDBDocumentClient,
  table: string,
  items: readonly object[],
): Promise<void> {
  await mapWithConcurrency(chunk(items, BATCH_WRITE_LIMIT), BATCH_CONCURRENCY, (batch) =>
    putBatch(doc, table, batch),
  );
}

/**
 * The items with these keys (strongly consistent reads); `attributes` limits what is read.
 * Unprocessed keys are asked again with backoff.
 */
export async function getItemsByKeys(
  doc: DynamoDBDocumentClient,
  table: string,
  keys: readonly Item[],
  attributes?: readonly string[],
  consistent = true,
): Promise<Item[]> {
  const found: Item[] = [];
  const projection = attributes
    ? {
        ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(attributes.map((a, i) => [`#a${i}`, a])),
      }
    : {};
  await mapWithConcurrency(chunk(keys, BATCH_GET_LIMIT), BATCH_CONCURRENCY, async (batch) => {
    let pending: Item[] = [...batch];
    for (let retry = 0; pending.length > 0; retry++) {
      if (retry > RETRY.attempts) {
        throw new RetriesExhaustedError(
          'ProvisionedThroughputExceededException',
          `${pending.length} keys still unprocessed after ${retry} attempts`,
        );
      }
      if (retry > 0) await sleep(backoffMs(retry - 1));
      const out = await doc.send(
        new BatchGetCommand({
          RequestItems: { [table]: { Keys: pending, ConsistentRead: consistent, ...projection } },
        }),
      );
      found.push(...(out.Responses?.[table] ?? []));
      pending = out.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  });
  return found;
}

/** The items whose key attribute `keyName` has these values, by value. */
export async function getItems(
  doc: DynamoDBDocumentClient,
  table: string,
  keyName: string,
  keys: readonly string[],
  attributes?: readonly string[],
): Promise<Map<string, Item>> {
  const items = await getItemsByKeys(
    doc,
    table,
    [...new Set(keys)].map((k) => ({ [keyName]: k })),
    attributes,
  );
  return new Map(items.map((item) => [String(item[keyName]), item]));
}

/** Deletes the items with these keys (BatchWriteItem), retrying what is left unprocessed. */
export async function batchDelete(
  doc: DynamoDBDocumentClient,
  table: string,
  keys: readonly Item[],
): Promise<void> {
  await mapWithConcurrency(chunk(keys, BATCH_WRITE_LIMIT), BATCH_CONCURRENCY, async (batch) => {
    let requests = batch.map((Key) => ({ DeleteRequest: { Key } }));
    for (let retry = 0; ; retry++) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      const unprocessed = out.UnprocessedItems?.[table] ?? [];
      if (unprocessed.length === 0) return;
      if (retry >= RETRY.attempts) {
        throw new RetriesExhaustedError(
          'ProvisionedThroughputExceededException',
          `${unprocessed.length} deletes still unprocessed after ${retry + 1} attempts`,
        );
      }
      requests = unprocessed as typeof requests;
      await sleep(backoffMs(retry));
    }
  });
}
