import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import {
  SendMessageBatchCommand,
  SQSClient,
  type SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { StoredPost } from '../../../functions/domain/post';
import { metrics } from '../../../functions/shared/powertools';
import { RETRY } from '../../../functions/shared/retry';
import { kinesisEvent, statusJson, STREAM_ARN } from './kinesis';

const POSTS_TABLE = 'PostsTable-test';
const DLQ_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/dlq';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>;

beforeAll(async () => {
  // The handler reads its configuration once, at cold start.
  process.env.POSTS_TABLE = POSTS_TABLE;
  process.env.STATS_TABLE = 'StatsTable-test';
  process.env.DLQ_URL = DLQ_URL;
  process.env.RETENTION_DAYS = '7';
  ({ handler } = await import('../../../functions/ingest/ingest'));
});

/** The posts table as the fake DynamoDB sees it: ids already stored. */
let table: Set<string>;
/** Post ids whose write the fake refuses (UnprocessedItems), and the error for the whole call. */
let unprocessed: Set<string>;
let batchWriteError: Error | undefined;

type Requests = Record<string, { PutRequest?: { Item?: Record<string, unknown> } }[]>;

beforeEach(() => {
  ddb.reset();
  sqs.reset();
  table = new Set();
  unprocessed = new Set();
  batchWriteError = undefined;
  RETRY.baseMs = 1;
  ddb
    .on(BatchGetCommand)
    .callsFake((input: { RequestItems: Record<string, { Keys: { id: string }[] }> }) => ({
      Responses: {
        [POSTS_TABLE]: (input.RequestItems[POSTS_TABLE]?.Keys ?? [])
          .filter((k) => table.has(k.id))
          .map((k) => ({ id: k.id })),
      },
    }));
  ddb.on(BatchWriteCommand).callsFake((input: { RequestItems: Requests }) => {
    if (batchWriteError) return Promise.reject(batchWriteError);
    const refused = (input.RequestItems[POSTS_TABLE] ?? []).filter((r) =>
      unprocessed.has(String(r.PutRequest?.Item?.id)),
    );
    for (const r of input.RequestItems[POSTS_TABLE] ?? []) {
      if (!refused.includes(r)) table.add(String(r.PutRequest?.Item?.id));
    }
    return Promise.resolve({
      UnprocessedItems: refused.length > 0 ? { [POSTS_TABLE]: refused } : {},
    });
  });
  ddb.on(PutCommand).resolves({});
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
});

const putItems = (): StoredPost[] =>
  ddb
    .commandCalls(BatchWriteCommand)
    .flatMap((c) => c.args[0].input.RequestItems?.[POSTS_TABLE] ?? [])
    .map((r) => r.PutRequest?.Item as StoredPost);
const dlqEntries = (): SendMessageBatchRequestEntry[] =>
  sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);
const failures = (r: KinesisStreamBatchResponse): string[] =>
  r.batchItemFailures.map((f) => f.itemIdentifier);
const seq = (event: KinesisStreamEvent, i: number): string =>
  event.Records[i]?.kinesis.sequenceNumber ?? '';

const throttled = () =>
  new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} });

/** A PutItem fake that fails for one post id and succeeds for the others. */
const failFor =
  (id: string, error: Error) =>
  (input: { Item?: Record<string, unknown> }): Promise<object> =>
    input.Item?.id === id ? Promise.reject(error) : Promise.resolve({});

const tooLarge = (): Error =>
  Object.assign(new Error('Item size has exceeded the maximum allowed size'), {
    name: 'ValidationException',
  });

describe('ingest handler', () => {
  it('stores new posts with BatchWriteItem, ingestedAt and a TTL of RETENTION_DAYS', async () => {
    const res = await handler(kinesisEvent([statusJson('1001'), statusJson('1002')]));
    expect(res).toEqual({ batchItemFailures: [] });
    const gets = ddb.commandCalls(BatchGetCommand);
    expect(gets).toHaveLength(1);
    expect(gets[0]?.args[0].input.RequestItems?.[POSTS_TABLE]?.ConsistentRead).toBe(true);
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(1);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    for (const item of putItems()) {
      expect(Date.parse(item.ingestedAt)).not.toBeNaN();
      expect(item.expiresAt - Math.floor(Date.parse(item.ingestedAt) / 1000)).toBe(7 * 86_400);
    }
    expect(
      putItems()
        .map((i) => i.id)
        .sort(),
    ).toEqual(['x:1001', 'x:1002']);
    expect(putItems()[0]).toMatchObject({
      source: 'x',
      hashtags: [{ key: 'tag', display: 'Tag' }],
    });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('treats a post already in the table as a duplicate: not rewritten, not a failure', async () => {
    table.add('x:1001');
    const res = await handler(kinesisEvent([statusJson('1001'), statusJson('1002')]));
    expect(res.batchItemFailures).toEqual([]);
    expect(putItems().map((i) => i.id)).toEqual(['x:1002']);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('stores nothing twice when the same records arrive again', async () => {
    const event = kinesisEvent([statusJson('1001'), statusJson('1002')]);
    await handler(event);
    const res = await handler(event);
    expect(res.batchItemFailures).toEqual([]);
    expect(putItems()).toHaveLength(2);
  });

  it('writes a post that appears twice in one batch once', async () => {
    const res = await handler(
      kinesisEvent([statusJson('1001'), statusJson('1002'), statusJson('1001')]),
    );
    expect(res.batchItemFailures).toEqual([]);
    expect(
      putItems()
        .map((i) => i.id)
        .sort(),
    ).toEqual(['x:1001', 'x:1002']);
  });

  it('sends a malformed record to the DLQ with its reason, and does not fail it', async () => {
    const event = kinesisEvent([statusJson('1001'), '{"broken": ', statusJson('1003')]);
    const res = await handler(event);
    expect(res.batchItemFailures).toEqual([]);
    expect(putItems()).toHaveLength(2);
    const entries = dlqEntries();
    expect(entries).toHaveLength(1);
    expect(sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input.QueueUrl).toBe(DLQ_URL);
    const entry = entries[0];
    expect(entry?.MessageAttributes?.code).toEqual({ DataType: 'String', StringValue: 'NOT_JSON' });
    expect(entry?.MessageAttributes?.reason?.StringValue).toMatch(/^record data is not JSON/);
    expect(JSON.parse(entry?.MessageBody ?? '')).toEqual({
      kind: 'rejected-record',
      code: 'NOT_JSON',
      reason: expect.stringMatching(/^record data is not JSON/),
      eventSourceARN: STREAM_ARN,
      shardId: 'shardId-000000000003',
      sequenceNumber: seq(event, 1),
      partitionKey: 'pk-1',
      approximateArrivalTimestamp: event.Records[1]?.kinesis.approximateArrivalTimestamp,
      data: '{"broken": ',
      dataEncoding: 'utf8',
      truncated: false,
    });
  });

  it('dead-letters bytes that are not UTF-8 as base64', async () => {
    const bad = new Uint8Array([0x7b, 0xff, 0x7d]);
    await handler(kinesisEvent([bad]));
    const body = JSON.parse(dlqEntries()[0]?.MessageBody ?? '');
    expect(body).toMatchObject({
      code: 'INVALID',
      dataEncoding: 'base64',
      data: Buffer.from(bad).toString('base64'),
    });
  });

  it('retries items DynamoDB left unprocessed', async () => {
    unprocessed.add('x:1002');
    let calls = 0;
    ddb.on(BatchWriteCommand).callsFake((input: { RequestItems: Requests }) => {
      calls++;
      const items = input.RequestItems[POSTS_TABLE] ?? [];
      const refused = calls === 1 ? items.filter((r) => r.PutRequest?.Item?.id === 'x:1002') : [];
      return { UnprocessedItems: refused.length > 0 ? { [POSTS_TABLE]: refused } : {} };
    });
    const res = await handler(kinesisEvent([statusJson('1001'), statusJson('1002')]));
    expect(res.batchItemFailures).toEqual([]);
    expect(putItems().map((i) => i.id)).toEqual(['x:1001', 'x:1002', 'x:1002']);
  });

  it('hands a write batch that stays throttled back to the stream, and only that batch', async () => {
    unprocessed.add('x:1002');
    const ids = Array.from({ length: 30 }, (_, i) => String(1000 + i));
    const event = kinesisEvent(ids.map((id) => statusJson(id)));
    const res = await handler(event);
    // Posts 1000-1024 share a BatchWriteItem call with 1002; 1025-1029 are written.
    expect(failures(res)).toEqual(ids.slice(0, 25).map((_, i) => seq(event, i)));
    expect([...table].sort()).toEqual(
      ids
        .filter((id) => id !== '1002')
        .map((id) => `x:${id}`)
        .sort(),
    );
    // The retry writes only what is missing, so nothing is stored twice.
    unprocessed.clear();
    const before = putItems().length;
    expect((await handler(event)).batchItemFailures).toEqual([]);
    expect(
      putItems()
        .slice(before)
        .map((i) => i.id),
    ).toEqual(['x:1002']);
  });

  it('fails every record when the existence check fails', async () => {
    ddb.on(BatchGetCommand).rejects(throttled());
    const event = kinesisEvent([statusJson('1001'), statusJson('1001')]);
    expect(failures(await handler(event))).toEqual([seq(event, 0), seq(event, 1)]);
    expect(putItems()).toHaveLength(0);
  });

  it('writes post by post when DynamoDB rejects a whole batch: only the bad post is dead-lettered', async () => {
    batchWriteError = tooLarge();
    ddb.on(PutCommand).callsFake(failFor('x:1002', tooLarge()));
    const event = kinesisEvent([statusJson('1001'), statusJson('1002'), statusJson('1003')]);
    const res = await handler(event);
    // Retrying cannot make DynamoDB accept the item: it goes to the DLQ with DynamoDB's reason.
    expect(failures(res)).toEqual([]);
    expect(dlqEntries()).toHaveLength(1);
    expect(dlqEntries()[0]?.MessageBody).toContain('DynamoDB refused the post');
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(puts).toHaveLength(3);
    for (const p of puts) expect(p.ConditionExpression).toBe('attribute_not_exists(id)');
  });

  it('fails a rejected record whose DLQ entry keeps failing, after retries', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .callsFake((input: { Entries: SendMessageBatchRequestEntry[] }) => ({
        Successful: [],
        Failed: input.Entries.map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false })),
      }));
    const event = kinesisEvent([statusJson('1001'), 'not json']);
    const res = await handler(event);
    expect(failures(res)).toEqual([seq(event, 1)]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(3);
    expect(putItems()).toHaveLength(1);
  });

  it('retries only the DLQ entries that failed', async () => {
    let call = 0;
    sqs
      .on(SendMessageBatchCommand)
      .callsFake((input: { Entries: SendMessageBatchRequestEntry[] }) => {
        call++;
        const [first, ...rest] = input.Entries;
        return call === 1
          ? {
              Successful: rest.map((e) => ({ Id: e.Id })),
              Failed: [{ Id: first?.Id, Code: 'InternalError', SenderFault: false }],
            }
          : { Successful: input.Entries.map((e) => ({ Id: e.Id })), Failed: [] };
      });
    const res = await handler(kinesisEvent(['a', 'b', 'c']));
    expect(res.batchItemFailures).toEqual([]);
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([3, 1]);
    expect(calls[1]?.args[0].input.Entries?.[0]?.Id).toBe(calls[0]?.args[0].input.Entries?.[0]?.Id);
  });

  it('fails the rejected records when SQS itself is down', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('connect ECONNREFUSED'));
    const event = kinesisEvent(['x', statusJson('1001'), 'y']);
    expect(failures(await handler(event))).toEqual([seq(event, 0), seq(event, 2)]);
  });

  it('sends at most 10 DLQ entries per call', async () => {
    await handler(kinesisEvent(Array.from({ length: 23 }, (_, i) => `bad ${i}`)));
    const sizes = sqs
      .commandCalls(SendMessageBatchCommand)
      .map((c) => c.args[0].input.Entries?.length);
    expect(sizes.sort()).toEqual([10, 10, 3].sort());
  });

  it('writes at most 25 posts per BatchWriteItem call', async () => {
    const res = await handler(
      kinesisEvent(Array.from({ length: 110 }, (_, i) => statusJson(String(2000 + i)))),
    );
    expect(res.batchItemFailures).toEqual([]);
    expect(putItems()).toHaveLength(110);
    const sizes = ddb
      .commandCalls(BatchWriteCommand)
      .map((c) => c.args[0].input.RequestItems?.[POSTS_TABLE]?.length);
    expect(sizes).toEqual([25, 25, 25, 25, 10]);
    const gets = ddb
      .commandCalls(BatchGetCommand)
      .map((c) => c.args[0].input.RequestItems?.[POSTS_TABLE]?.Keys?.length);
    expect(gets).toEqual([100, 10]);
  });

  it('publishes ingested, duplicate and per-code rejected counts', async () => {
    const added: [string, number][] = [];
    const addMetric = jest.spyOn(metrics, 'addMetric').mockImplementation((name, _unit, value) => {
      added.push([name, value]);
      return metrics;
    });
    const single = { addDimension: jest.fn(), addMetric: jest.fn() };
    const singleMetric = jest
      .spyOn(metrics, 'singleMetric')
      .mockReturnValue(single as unknown as typeof metrics);
    const publish = jest.spyOn(metrics, 'publishStoredMetrics').mockReturnValue(metrics);
    try {
      table.add('x:1002');
      await handler(
        kinesisEvent([
          statusJson('1001'),
          statusJson('1002'),
          'bad',
          '[]',
          '[1]',
          statusJson('1001'),
        ]),
      );
      expect(added).toEqual(
        expect.arrayContaining([
          ['PostsIngested', 1],
          ['PostsDuplicate', 2],
        ]),
      );
      expect(single.addDimension.mock.calls).toEqual([
        ['code', 'NOT_JSON'],
        ['code', 'UNKNOWN_SHAPE'],
      ]);
      expect(single.addMetric.mock.calls).toEqual([
        ['PostsRejected', 'Count', 1],
        ['PostsRejected', 'Count', 2],
      ]);
    } finally {
      addMetric.mockRestore();
      singleMetric.mockRestore();
      publish.mockRestore();
    }
  });
});
