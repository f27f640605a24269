/**
 * What a fault scenario left behind, read only through behaviour: the posts in PostsTable, the
 * HTTP API's aggregates (GET /stats, the `_all` minute timeline, GET /hashtags) and the
 * dead-letter queue, each dead letter resolved to the post ids it stands for.
 */
import { DeleteItemCommand, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-kinesis';
import { dynamoDbStreamsClient } from '../../../local/event-sources/dynamodb-streams-client';
import { createDynamoDbClient } from '../../../local/services/dynamodb';
import type { PeekedMessage } from '../../../local/services/sqs';
import type { StackResources } from '../../../local/stack';
import type { LocalEndpoints } from '../../../local/types';
import { createKinesisClient } from '../../../functions/shared/aws/kinesis';
import type { Counts } from '../../integration/support/known-posts';
import type { StatsBody } from '../../support/stack-io';

/** Enough of a running stack to measure it (an in-process LocalStack or a child process's). */
export interface StackView {
  url: string;
  /** DynamoDB here is the real one (not a fault proxy), so measuring is never throttled. */
  endpoints: LocalEndpoints;
  resources: StackResources;
  /** The local corpus: the Glue table's folder the Firehose stand-in writes Parquet into. */
  archive?: { tableDir?: string };
}

export type { StatsBody };

interface HashtagItem extends Counts {
  tag: string;
}

export async function getJson<T>(view: StackView, path: string): Promise<T> {
  const res = await fetch(`${view.url}/api${path}`);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export const getStats = (view: StackView): Promise<StatsBody> => getJson<StatsBody>(view, '/stats');

/** Polls GET /stats until `posts` more than `from` are counted (or the budget runs out). */
export async function waitUntilCounted(
  view: StackView,
  from: number,
  posts: number,
  budgetMs = 120_000,
): Promise<void> {
  for (const deadline = Date.now() + budgetMs; Date.now() < deadline;) {
    if ((await getStats(view)).posts - from >= posts) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const tableName = (view: StackView, logicalId: string): string => {
  const t = view.resources.tables[logicalId];
  if (!t) throw new Error(`template.yaml defines no ${logicalId}`);
  return t.name;
};

/** Ids of PostsTable items among `ids` (a Scan: fine for a test's few thousand items). */
export async function storedIds(view: StackView, ids: ReadonlySet<string>): Promise<Set<string>> {
  const client = createDynamoDbClient(view.endpoints.dynamodb);
  const found = new Set<string>();
  try {
    let start: Record<string, never> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: tableName(view, 'PostsTable'),
          ProjectionExpression: '#id',
          ExpressionAttributeNames: { '#id': 'id' },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const id = item.id?.S;
        if (id && ids.has(id)) found.add(id);
      }
      start = page.LastEvaluatedKey as Record<string, never> | undefined;
    } while (start);
  } finally {
    client.destroy();
  }
  return found;
}

/** Sum of `mentions` over the `_all` minute timeline from..to (ISO minutes, both included). */
export async function allTimelineMentions(
  view: StackView,
  from: string,
  to: string,
): Promise<number> {
  const body = await getJson<{ points: Counts[] }>(
    view,
    `/hashtags/_all/timeline?granularity=minute&from=${from}&to=${to}`,
  );
  return body.points.reduce((sum, p) => sum + p.mentions, 0);
}

/** All-time counts of the given hashtag keys (absent tags count zero). */
export async function hashtagCounts(
  view: StackView,
  tags: readonly string[],
): Promise<Map<string, Counts>> {
  const body = await getJson<{ items: HashtagItem[] }>(view, '/hashtags?window=all&limit=100');
  const byTag = new Map(body.items.map((i) => [i.tag, i]));
  return new Map(
    tags.map((t) => {
      const i = byTag.get(t);
      return [
        t,
        {
          mentions: i?.mentions ?? 0,
          positive: i?.positive ?? 0,
          negative: i?.negative ?? 0,
          neutral: i?.neutral ?? 0,
          mixed: i?.mixed ?? 0,
        },
      ];
    }),
  );
}

export interface DeadLetter {
  messageId: string;
  /** Why it is there: the ingest reject reason, or the mapping's failure condition. */
  reason: string;
  /** Who put it there: IngestFunction (rejected record) or the Kinesis / DynamoDB mapping. */
  kind: 'rejected-record' | 'kinesis-batch' | 'dynamodb-batch' | 'unknown';
  postIds: string[];
}

interface BatchInfo {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  streamArn: string;
}

const after = (a: string, b: string): boolean => BigInt(a) > BigInt(b);

/** Partition keys (= post ids here) of the Kinesis records start..end of one shard. */
async function kinesisBatchIds(view: StackView, info: BatchInfo): Promise<string[]> {
  const stream = Object.values(view.resources.streams)[0];
  if (!stream) return [];
  const client = createKinesisClient({ endpoint: view.endpoints.kinesis });
  const ids: string[] = [];
  try {
    let { ShardIterator: it } = await client.send(
      new GetShardIteratorCommand({
        StreamName: stream.name,
        ShardId: info.shardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        StartingSequenceNumber: info.startSequenceNumber,
      }),
    );
    while (it) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: it, Limit: 1000 }));
      const records = page.Records ?? [];
      for (const r of records) {
        if (after(r.SequenceNumber ?? '0', info.endSequenceNumber)) return ids;
        if (r.PartitionKey) ids.push(r.PartitionKey);
      }
      if (records.length === 0) return ids;
      it = page.NextShardIterator;
    }
  } finally {
    client.destroy();
  }
  return ids;
}

interface StreamRecord {
  dynamodb?: { SequenceNumber?: string; Keys?: { id?: { S?: string } } };
}

/** Post ids (keys) of the PostsTable stream records start..end of one shard. */
async function dynamoBatchIds(view: StackView, info: BatchInfo): Promise<string[]> {
  const client = dynamoDbStreamsClient(view.endpoints.dynamodb);
  const ids: string[] = [];
  let { ShardIterator: it } = await client.call<{ ShardIterator?: string }>('GetShardIterator', {
    StreamArn: info.streamArn,
    ShardId: info.shardId,
    ShardIteratorType: 'AT_SEQUENCE_NUMBER',
    SequenceNumber: info.startSequenceNumber,
  });
  while (it) {
    const page = await client.call<{ Records?: StreamRecord[]; NextShardIterator?: string }>(
      'GetRecords',
      { ShardIterator: it, Limit: 1000 },
    );
    const records = page.Records ?? [];
    for (const r of records) {
      if (after(r.dynamodb?.SequenceNumber ?? '0', info.endSequenceNumber)) return ids;
      const id = r.dynamodb?.Keys?.id?.S;
      if (id) ids.push(id);
    }
    if (records.length === 0) return ids;
    it = page.NextShardIterator;
  }
  return ids;
}

/** The DLQ's messages (read without consuming them), except those in `skip`. */
export async function deadLetters(
  view: StackView,
  skip: ReadonlySet<string> = new Set(),
): Promise<DeadLetter[]> {
  const queue = view.resources.queues.DeadLetterQueue;
  if (!queue) throw new Error('template.yaml defines no DeadLetterQueue');
  const res = await fetch(
    `${view.endpoints.sqs}/_local/queues/${encodeURIComponent(queue.name)}/messages`,
  );
  if (!res.ok) throw new Error(`DLQ peek: HTTP ${res.status}`);
  const { messages } = (await res.json()) as { messages: PeekedMessage[] };
  const out: DeadLetter[] = [];
  for (const m of messages) {
    if (skip.has(m.MessageId)) continue;
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(m.Body) as Record<string, unknown>;
    } catch {
      // Not JSON: an unknown dead letter, kept with no reason so the test flags it.
    }
    const condition = (body.requestContext as { condition?: string } | undefined)?.condition;
    if (body.kind === 'rejected-record') {
      out.push({
        messageId: m.MessageId,
        reason: `${String(body.code)}: ${String(body.reason ?? '')}`,
        kind: 'rejected-record',
        postIds: [String(body.partitionKey)],
      });
    } else if (body.KinesisBatchInfo) {
      out.push({
        messageId: m.MessageId,
        reason: condition ?? '',
        kind: 'kinesis-batch',
        postIds: await kinesisBatchIds(view, body.KinesisBatchInfo as BatchInfo),
      });
    } else if (body.DDBStreamBatchInfo) {
      out.push({
        messageId: m.MessageId,
        reason: condition ?? '',
        kind: 'dynamodb-batch',
        postIds: await dynamoBatchIds(view, body.DDBStreamBatchInfo as BatchInfo),
      });
    } else {
      out.push({ messageId: m.MessageId, reason: '', kind: 'unknown', postIds: [] });
    }
  }
  return out;
}

/**
 * Deletes the stored items of these posts, as DynamoDB's TTL does after RetentionDays, and waits
 * until TombstoneFunction has left a tombstone for each.
 */
export async function removePostItems(view: StackView, ids: readonly string[]): Promise<void> {
  const client = createDynamoDbClient(view.endpoints.dynamodb);
  const TableName = tableName(view, 'PostsTable');
  try {
    for (const id of ids)
      await client.send(new DeleteItemCommand({ TableName, Key: { id: { S: id } } }));
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      const items = await Promise.all(
        ids.map((id) => client.send(new GetItemCommand({ TableName, Key: { id: { S: id } } }))),
      );
      if (items.every((r) => r.Item?.tombstone?.BOOL === true)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    const left = await Promise.all(
      ids.map((id) => client.send(new GetItemCommand({ TableName, Key: { id: { S: id } } }))),
    );
    const missing = left
      .map((r, i) => ({ id: ids[i], item: r.Item }))
      .filter((x) => x.item?.tombstone?.BOOL !== true)
      .map((x) => ({ id: x.id, attrs: x.item ? Object.keys(x.item).sort() : 'none' }));
    throw new Error(`No tombstone within 60 s for ${JSON.stringify(missing)}`);
  } finally {
    client.destroy();
  }
}
