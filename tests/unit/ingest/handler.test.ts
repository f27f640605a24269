import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import {
  SendMessageBatchCommand,
  SQSClient,
  type SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { StoredPost } from '../../../functions/domain/post';
import { metrics } from '../../../functions/shared/powertools';
import { kinesisEvent, statusJson, STREAM_ARN } from './kinesis';

const POSTS_TABLE = 'PostsTable-test';
const DLQ_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/dlq';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>;

beforeAll(async () => {
  // The handler reads its configuration once, at cold start.
  process.env.POSTS_TABLE = POSTS_TABLE;
  process.env.DLQ_URL = DLQ_URL;
  process.env.RETENTION_DAYS = '7';
  ({ handler } = await import('../../../functions/ingest/handler'));
});

beforeEach(() => {
  ddb.reset();
  sqs.reset();
  ddb.on(PutCommand).resolves({});
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
});

const putItems = (): StoredPost[] =>
  ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item as StoredPost);
const dlqEntries = (): SendMessageBatchRequestEntry[] =>
  sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);
const failures = (r: KinesisStreamBatchResponse): string[] =>
  r.batchItemFailures.map((f) => f.itemIdentifier);
const seq = (event: KinesisStreamEvent, i: number): string =>
  event.Records[i]?.kinesis.sequenceNumber ?? '';

const throttled = () =>
  new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} });
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

/** A PutItem fake that fails for one post id and succeeds for the others. */
const failFor =
  (id: string, error: Error) =>
  (input: { Item?: Record<string, unknown> }): Promise<object> =>
    input.Item?.id === id ? Promise.reject(error) : Promise.resolve({});

describe('ingest handler', () => {
  it('stores valid posts with a conditional put, ingestedAt and a TTL of RETENTION_DAYS', async () => {
    const res = await handler(kinesisEvent([statusJson('1001'), statusJson('1002')]));
    expect(res).toEqual({ batchItemFailures: [] });
    const calls = ddb.commandCalls(PutCommand);
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      const input = call.args[0].input;
      expect(input.TableName).toBe(POSTS_TABLE);
      expect(input.ConditionExpression).toBe('attribute_not_exists(id)');
      const item = input.Item as StoredPost;
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

  it('treats a failed condition as a duplicate, not a failure', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    const res = await handler(kinesisEvent([statusJson('1001')]));
    expect(res.batchItemFailures).toEqual([]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
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

  it('reports only the throttled record as a batch item failure', async () => {
    ddb.on(PutCommand).callsFake(failFor('x:1002', throttled()));
    const event = kinesisEvent([statusJson('1001'), statusJson('1002'), statusJson('1003')]);
    const res = await handler(event);
    expect(failures(res)).toEqual([seq(event, 1)]);
    expect(putItems()).toHaveLength(3);
  });

  it('fails every copy of a post whose put failed', async () => {
    ddb.on(PutCommand).rejects(throttled());
    const event = kinesisEvent([statusJson('1001'), statusJson('1001')]);
    expect(failures(await handler(event))).toEqual([seq(event, 0), seq(event, 1)]);
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

  it('keeps at most 25 puts in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    ddb.on(PutCommand).callsFake(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return {};
    });
    const res = await handler(
      kinesisEvent(Array.from({ length: 100 }, (_, i) => statusJson(String(2000 + i)))),
    );
    expect(res.batchItemFailures).toEqual([]);
    expect(putItems()).toHaveLength(100);
    expect(peak).toBe(25);
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
      ddb.on(PutCommand).callsFake(failFor('x:1002', conditionFailed()));
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
