import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
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
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import {
  workflowInputSchema,
  type PostResult,
  type WorkPost,
} from '../../../functions/domain/workflow';
import { metrics } from '../../../functions/shared/powertools';
import { RETRY } from '../../../functions/shared/retry';
import { kinesisEvent, kinesisRecord, statusJson, STREAM_ARN } from './kinesis';

const POSTS_TABLE = 'PostsTable-test';
const DLQ_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/dlq';
const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:EnrichStateMachine';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const sfn = mockClient(SFNClient);
let handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>;

beforeAll(async () => {
  // The handler reads its configuration once, at cold start.
  process.env.POSTS_TABLE = POSTS_TABLE;
  process.env.STATS_TABLE = 'StatsTable-test';
  process.env.DLQ_URL = DLQ_URL;
  process.env.STATE_MACHINE_ARN = STATE_MACHINE_ARN;
  ({ handler } = await import('../../../functions/ingest/ingest'));
});

type Item = Record<string, unknown>;

/** PostsTable as the fakes see it, by id. */
let table: Map<string, Item>;
/** Persist's answer for these post ids, instead of counting them. */
let answers: Map<string, Omit<PostResult, 'id'>>;

type Get = Record<
  string,
  { Keys: { id: string }[]; ExpressionAttributeNames?: Record<string, string> }
>;

/** What BatchGetItem returns of an item: only the projected attributes, when it names some. */
function projected(item: Item, names?: Record<string, string>): Item {
  if (!names) return item;
  const wanted = new Set(Object.values(names));
  return Object.fromEntries(Object.entries(item).filter(([k]) => wanted.has(k)));
}

/**
 * The enrichment workflow: its input checked as Prepare checks it, then Persist's part: a post
 * without an item is put (counted, with the record it came in); one whose item is there is
 * not counted again.
 */
function runWorkflow(input: { input?: string }) {
  const parsed = workflowInputSchema.safeParse(JSON.parse(input.input ?? '{}'));
  if (!parsed.success) return { status: 'FAILED', error: 'States.TaskFailed' };
  const results = parsed.data.posts.map((post): PostResult => {
    const answer = answers.get(post.id);
    if (answer) return { id: post.id, ...answer };
    if (table.has(post.id)) return { id: post.id, ok: true, status: 'ALREADY_COUNTED' };
    const { feedKeys: _, ...stored } = post;
    table.set(post.id, { ...stored, enrichStatus: 'OK', countedAt: new Date().toISOString() });
    return { id: post.id, ok: true, status: 'COUNTED', enrichStatus: 'OK' };
  });
  return { status: 'SUCCEEDED', output: JSON.stringify({ results }) };
}

beforeEach(() => {
  ddb.reset();
  sqs.reset();
  sfn.reset();
  table = new Map();
  answers = new Map();
  RETRY.baseMs = 1;
  ddb.on(BatchGetCommand).callsFake((input: { RequestItems: Get }) => {
    const request = input.RequestItems[POSTS_TABLE];
    const found = (request?.Keys ?? [])
      .map((k) => table.get(k.id))
      .filter((item): item is Item => item !== undefined);
    return {
      Responses: {
        [POSTS_TABLE]: found.map((item) => projected(item, request?.ExpressionAttributeNames)),
      },
    };
  });
  // Deletes: a tombstone for a post not seen yet (PutItem), or the post turned into one.
  ddb.on(PutCommand).callsFake((input: { Item: Item & { id: string } }) => {
    table.set(input.Item.id, input.Item);
    return {};
  });
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  sfn.on(StartSyncExecutionCommand).callsFake(runWorkflow);
});

/** The posts the workflow was given, over all executions. */
const sentPosts = (): WorkPost[] =>
  sfn
    .commandCalls(StartSyncExecutionCommand)
    .flatMap((c) => (JSON.parse(c.args[0].input.input ?? '{}') as { posts: WorkPost[] }).posts);
const sentIds = (): string[] => sentPosts().map((p) => p.id);
const dlqEntries = (): SendMessageBatchRequestEntry[] =>
  sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);
const failures = (r: KinesisStreamBatchResponse): string[] =>
  r.batchItemFailures.map((f) => f.itemIdentifier);
const seq = (event: KinesisStreamEvent, i: number): string =>
  event.Records[i]?.kinesis.sequenceNumber ?? '';
const eventId = (event: KinesisStreamEvent, i: number): string => event.Records[i]?.eventID ?? '';

/** A counted post's item (only what the existence check reads), from some record. */
const counted = (id: string, ingestedBy: string): Item => ({
  id,
  ingestedBy,
  countedAt: '2024-11-21T10:16:00.000Z',
});
const deleteJson = (id: string): string => JSON.stringify({ delete: { status: { id_str: id } } });

const throttled = () =>
  new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} });

describe('ingest handler', () => {
  it('sends new posts to the workflow whole, with the event id of their record', async () => {
    const event = kinesisEvent([statusJson('1001'), statusJson('1002')]);

    const res = await handler(event);

    expect(res).toEqual({ batchItemFailures: [] });
    const gets = ddb.commandCalls(BatchGetCommand);
    expect(gets).toHaveLength(1);
    expect(gets[0]?.args[0].input.RequestItems?.[POSTS_TABLE]?.ConsistentRead).toBe(true);
    expect(sfn).toHaveReceivedCommandTimes(StartSyncExecutionCommand, 1);
    expect(sfn).toHaveReceivedCommandWith(StartSyncExecutionCommand, {
      stateMachineArn: STATE_MACHINE_ARN,
    });
    expect(sentPosts()).toEqual([
      expect.objectContaining({ id: 'x:1001', ingestedBy: eventId(event, 0) }),
      expect.objectContaining({ id: 'x:1002', ingestedBy: eventId(event, 1) }),
    ]);
    expect(sentPosts()[0]).toMatchObject({
      source: 'x',
      text: 'post 1001 #Tag',
      createdAt: '2024-11-21T10:15:30.000Z',
      hashtags: [{ key: 'tag', display: 'Tag' }],
      isRetweet: false,
      isReply: false,
      feedKeys: ['_all', 'tag'],
    });
    // The workflow's Persist step puts the posts, in the transaction that counts them.
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it.each([
    ['counted from another record', counted('x:1001', 'shardId-000000000003:4965000')],
    [
      'counted before items had ingestedBy',
      { id: 'x:1001', countedAt: '2024-11-21T10:16:00.000Z' },
    ],
    [
      'a tombstone (its delete came first)',
      { id: 'x:1001', tombstone: true, deletedAt: '2024-11-21T10:15:00.000Z' },
    ],
  ])('treats a post whose item is %s as a duplicate: not sent, not failed', async (_, item) => {
    table.set('x:1001', item);

    const res = await handler(kinesisEvent([statusJson('1001'), statusJson('1002')]));

    expect(res.batchItemFailures).toEqual([]);
    expect(sentIds()).toEqual(['x:1002']);
    expect(dlqEntries()).toEqual([]);
  });

  it.each([
    ['deleted', { deletedAt: '2024-11-21T10:20:00.000Z' }],
    ['replaced by an edit', { supersededBy: 'x:1009' }],
  ])('does not count again a post this very record brought, once it was %s', async (_, change) => {
    const event = kinesisEvent([statusJson('1001')]);
    table.set('x:1001', { ...counted('x:1001', eventId(event, 0)), ...change });

    const res = await handler(event);

    expect(res.batchItemFailures).toEqual([]);
    expect(sfn).toHaveReceivedCommandTimes(StartSyncExecutionCommand, 0);
  });

  it('sends again a post whose counted item came from this very record: a retry', async () => {
    const event = kinesisEvent([statusJson('1001'), statusJson('1002')]);
    // An earlier attempt counted x:1001, then stopped before its feeds, archive copy or fold.
    table.set('x:1001', counted('x:1001', eventId(event, 0)));

    const res = await handler(event);

    expect(res.batchItemFailures).toEqual([]);
    expect(sentPosts()).toEqual([
      expect.objectContaining({ id: 'x:1001', ingestedBy: eventId(event, 0) }),
      expect.objectContaining({ id: 'x:1002', ingestedBy: eventId(event, 1) }),
    ]);
  });

  it('counts nothing twice when the same records arrive again, nor the same post in another record', async () => {
    const event = kinesisEvent([statusJson('1001'), statusJson('1002')]);
    await handler(event);
    expect(table.get('x:1001')).toMatchObject({ ingestedBy: eventId(event, 0) });

    // The retry of the batch goes through the workflow again, which finds both counted.
    const retry = await handler(event);
    expect(retry.batchItemFailures).toEqual([]);
    expect(sentIds()).toEqual(['x:1001', 'x:1002', 'x:1001', 'x:1002']);

    // A producer's second copy of a post, in a later record, is a duplicate.
    const copy = { Records: [kinesisRecord(statusJson('1001'), 7)] };
    expect((await handler(copy)).batchItemFailures).toEqual([]);
    expect(sentIds()).toHaveLength(4);
  });

  it('sends a post that appears twice in one batch once, with the first record', async () => {
    const event = kinesisEvent([statusJson('1001'), statusJson('1002'), statusJson('1001')]);

    const res = await handler(event);

    expect(res.batchItemFailures).toEqual([]);
    expect(sentPosts()).toEqual([
      expect.objectContaining({ id: 'x:1001', ingestedBy: eventId(event, 0) }),
      expect.objectContaining({ id: 'x:1002', ingestedBy: eventId(event, 1) }),
    ]);
  });

  it('fails every record of the posts Persist could not count, lowest sequence number first', async () => {
    answers.set('x:1003', { ok: false, status: 'FAILED' });
    answers.set('x:1002', { ok: false, status: 'FAILED' });
    const event = kinesisEvent([
      statusJson('1001'),
      statusJson('1002'),
      statusJson('1003'),
      statusJson('1002'),
      statusJson('1004'),
    ]);

    const res = await handler(event);

    // Batch order: Lambda resumes the shard at the first one.
    expect(failures(res)).toEqual([seq(event, 1), seq(event, 2), seq(event, 3)]);
    expect(dlqEntries()).toEqual([]);
  });

  describe('when an execution fails as a whole', () => {
    const executionFails = () =>
      sfn.on(StartSyncExecutionCommand).resolves({ status: 'FAILED', error: 'States.Timeout' });
    const inputs = () =>
      sfn
        .commandCalls(StartSyncExecutionCommand)
        .map(
          (c) => JSON.parse(c.args[0].input.input ?? '{}') as { posts: unknown[]; fold: boolean },
        );

    it('throws, so that the event source mapping bisects the batch down to the post that fails', async () => {
      executionFails();
      table.set('x:1002', counted('x:1002', 'shardId-000000000003:4965000'));
      const event = kinesisEvent([
        statusJson('1001'),
        statusJson('1002'),
        'bad',
        statusJson('1003'),
      ]);

      await expect(handler(event)).rejects.toMatchObject({ name: 'EnrichmentExecutionFailed' });

      // Only the new posts were sent; the batch's pending counts are folded by an execution of
      // its own.
      expect(inputs().map((i) => [i.posts.length, i.fold])).toEqual([
        [2, true],
        [0, true],
      ]);
      // Thrown before the malformed record is dead-lettered: the halves will send it once.
      expect(dlqEntries()).toHaveLength(0);
    });

    it('fails the record of a batch of one, which bisecting cannot split', async () => {
      executionFails();
      const event = kinesisEvent([statusJson('1001')]);

      expect(failures(await handler(event))).toEqual([seq(event, 0)]);
    });

    it('treats a post the workflow gave no result for the same way', async () => {
      sfn.on(StartSyncExecutionCommand).callsFake((input: { input?: string }) => {
        const out = runWorkflow(input);
        const { results } = JSON.parse(out.output ?? '{}') as { results: PostResult[] };
        const output = JSON.stringify({ results: results.filter((r) => r.id !== 'x:1001') });
        return { ...out, output };
      });

      const one = kinesisEvent([statusJson('1001')]);
      expect(failures(await handler(one))).toEqual([seq(one, 0)]);
      const two = kinesisEvent([statusJson('1001'), statusJson('1002')]);
      await expect(handler(two)).rejects.toMatchObject({ name: 'EnrichmentExecutionFailed' });
    });
  });

  it('dead-letters the records of a post DynamoDB refused, with its reason, instead of failing them', async () => {
    const reason = 'DynamoDB refused the post: Item size has exceeded the maximum allowed size';
    answers.set('x:1002', { ok: false, status: 'FAILED', refused: reason });
    const event = kinesisEvent([statusJson('1001'), statusJson('1002'), statusJson('1002')]);

    const res = await handler(event);

    expect(res.batchItemFailures).toEqual([]);
    const entries = dlqEntries();
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry.MessageAttributes?.code).toEqual({ DataType: 'String', StringValue: 'INVALID' });
      expect(entry.MessageAttributes?.reason?.StringValue).toBe(reason);
    }
    const bodies = entries.map((e) => JSON.parse(e.MessageBody ?? '{}') as Record<string, unknown>);
    expect(bodies.map((b) => b.sequenceNumber)).toEqual([seq(event, 1), seq(event, 2)]);
    expect(bodies[0]).toMatchObject({
      kind: 'rejected-record',
      code: 'INVALID',
      reason,
      data: statusJson('1002'),
    });
  });

  it('fails the records of a refused post when the dead-letter queue is down', async () => {
    answers.set('x:1002', {
      ok: false,
      status: 'FAILED',
      refused: 'DynamoDB refused the post: number out of range',
    });
    sqs.on(SendMessageBatchCommand).rejects(new Error('connect ECONNREFUSED'));
    const event = kinesisEvent([statusJson('1001'), statusJson('1002')]);

    expect(failures(await handler(event))).toEqual([seq(event, 1)]);
  });

  it('fails every post record when the existence check fails, and sends none', async () => {
    ddb.on(BatchGetCommand).rejects(throttled());
    const event = kinesisEvent([statusJson('1001'), 'not json', statusJson('1001')]);

    const res = await handler(event);

    expect(failures(res)).toEqual([seq(event, 0), seq(event, 2)]);
    expect(sfn).toHaveReceivedCommandTimes(StartSyncExecutionCommand, 0);
    // The malformed record is handled all the same.
    expect(dlqEntries()).toHaveLength(1);
  });

  it('checks at most 100 ids per BatchGetItem call, reading only what it needs', async () => {
    const res = await handler(
      kinesisEvent(Array.from({ length: 110 }, (_, i) => statusJson(String(2000 + i)))),
    );

    expect(res.batchItemFailures).toEqual([]);
    const gets = ddb.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems);
    expect(gets.map((r) => r?.[POSTS_TABLE]?.Keys?.length)).toEqual([100, 10]);
    expect(Object.values(gets[0]?.[POSTS_TABLE]?.ExpressionAttributeNames ?? {}).sort()).toEqual(
      ['countedAt', 'deletedAt', 'id', 'ingestedBy', 'supersededBy', 'tombstone'].sort(),
    );
    expect(new Set(sentIds()).size).toBe(110);
  });

  describe('deletes', () => {
    it('leave a tombstone for a post not seen yet, which keeps it from being counted later', async () => {
      const res = await handler(kinesisEvent([deleteJson('1001')]));

      expect(res.batchItemFailures).toEqual([]);
      expect(ddb).toHaveReceivedCommandWith(PutCommand, {
        TableName: POSTS_TABLE,
        Item: expect.objectContaining({ id: 'x:1001', tombstone: true }),
        ConditionExpression: 'attribute_not_exists(id)',
      });
      expect(sfn).toHaveReceivedCommandTimes(StartSyncExecutionCommand, 0);

      // The post arrives after its delete.
      expect((await handler(kinesisEvent([statusJson('1001')]))).batchItemFailures).toEqual([]);
      expect(sfn).toHaveReceivedCommandTimes(StartSyncExecutionCommand, 0);
    });

    it('take back a post counted earlier in the same batch', async () => {
      const event = kinesisEvent([statusJson('1001'), deleteJson('1001'), statusJson('1002')]);

      const res = await handler(event);

      expect(res.batchItemFailures).toEqual([]);
      expect(sentIds()).toEqual(['x:1001', 'x:1002']);
      // Found counted: turned into a tombstone in the transaction that takes its counts back.
      const transactions = ddb.commandCalls(TransactWriteCommand);
      expect(transactions).toHaveLength(1);
      expect(transactions[0]?.args[0].input.TransactItems?.[0]?.Update).toMatchObject({
        TableName: POSTS_TABLE,
        Key: { id: 'x:1001' },
      });
      expect(ddb).toHaveReceivedCommandTimes(PutCommand, 0);
    });

    it('fail only their own record when taking the post back fails', async () => {
      table.set('x:1001', {
        ...counted('x:1001', 'shardId-000000000003:4965000'),
        createdAt: '2024-11-21T10:15:30.000Z',
        hashtags: [],
        cashtags: [],
      });
      ddb.on(TransactWriteCommand).rejects(throttled());
      const event = kinesisEvent([statusJson('1002'), deleteJson('1001'), statusJson('1003')]);

      const res = await handler(event);

      expect(failures(res)).toEqual([seq(event, 1)]);
      expect(sentIds()).toEqual(['x:1002', 'x:1003']);
    });
  });

  it('sends a malformed record to the DLQ with its reason, and does not fail it', async () => {
    const event = kinesisEvent([statusJson('1001'), '{"broken": ', statusJson('1003')]);
    const res = await handler(event);
    expect(res.batchItemFailures).toEqual([]);
    expect(sentIds()).toEqual(['x:1001', 'x:1003']);
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
    expect(sentIds()).toEqual(['x:1001']);
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

  it('publishes stored, duplicate, enrich-failure and per-code rejected counts', async () => {
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
      table.set('x:1002', counted('x:1002', 'shardId-000000000003:4965000'));
      answers.set('x:1003', { ok: false, status: 'FAILED' });
      // Taken back (a delete or a newer version came first): not counted, so a duplicate.
      answers.set('x:1004', { ok: true, status: 'RETRACTED' });
      await handler(
        kinesisEvent([
          statusJson('1001'),
          statusJson('1002'),
          'bad',
          '[]',
          '[1]',
          statusJson('1001'),
          statusJson('1003'),
          statusJson('1004'),
        ]),
      );
      expect(added).toEqual(
        expect.arrayContaining([
          ['PostsIngested', 1],
          ['PostsDuplicate', 3],
          ['EnrichFailures', 1],
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
