import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../functions/api/stats';
import type { TotalsItem } from '../../../functions/domain/keys';
import { fakeQuery } from './support/fake-stats-table';
import {
  body,
  context,
  expectNoLeak,
  freezeTime,
  loadEvent,
  setTables,
  timelineItem,
} from './support/fixtures';
import { responseValidator } from './support/openapi';
import { clearReadCache } from '../../../functions/api/read-cache';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const get = () => handler(loadEvent('stats.json'), context);

const totals: TotalsItem = {
  pk: 'STATS',
  sk: 'TOTAL',
  posts: 1234,
  positive: 500,
  negative: 200,
  neutral: 400,
  mixed: 34,
  unsupported: 90,
  failed: 10,
  lastPostAt: '2026-11-22T14:07:29.120Z',
  lastCountedAt: '2026-11-22T14:07:30.004Z',
};

beforeEach(() => {
  // Each test reads its own data: answers kept from an earlier test must not stand in.
  clearReadCache();
  setTables();
  ddb.reset();
  sqs.reset();
  freezeTime();
  ddb.on(GetCommand).resolves({ Item: totals });
  ddb.on(QueryCommand).callsFake(
    fakeQuery([
      // 14:07 is the current, incomplete minute and 14:01 is six minutes back: both left out.
      timelineItem('_all', 'M', '2026-11-22T14:07', { mentions: 1000 }),
      timelineItem('_all', 'M', '2026-11-22T14:06', { mentions: 60 }),
      timelineItem('_all', 'M', '2026-11-22T14:04', { mentions: 40 }),
      timelineItem('_all', 'M', '2026-11-22T14:02', { mentions: 12 }),
      timelineItem('_all', 'M', '2026-11-22T14:01', { mentions: 1000 }),
      timelineItem('_all', 'H', '2026-11-22T14', { mentions: 5000 }),
    ]),
  );
  sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '3' } });
});
afterEach(() => jest.useRealTimers());

describe('GET /stats', () => {
  it('reports totals, the last five complete minutes as a rate and the DLQ depth', async () => {
    const res = await get();
    expect(res.statusCode).toBe(200);
    expect(body(res)).toEqual({
      posts: 1234,
      positive: 500,
      negative: 200,
      neutral: 400,
      mixed: 34,
      unsupported: 90,
      failed: 10,
      lastPostAt: '2026-11-22T14:07:29.120Z',
      lastCountedAt: '2026-11-22T14:07:30.004Z',
      postsPerMinute: 22.4,
      deadLetters: 3,
      generatedAt: '2026-11-22T14:07:31.000Z',
    });
    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      TableName: 'StatsTable-test',
      Key: { pk: 'STATS', sk: 'TOTAL' },
    });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      ExpressionAttributeValues: {
        ':pk': 'TAG#_all',
        ':from': 'M#2026-11-22T14:02',
        ':to': 'M#2026-11-22T14:07',
      },
    });
    expect(sqs).toHaveReceivedCommandWith(GetQueueAttributesCommand, {
      QueueUrl: process.env.DLQ_URL,
      AttributeNames: ['ApproximateNumberOfMessages'],
    });
    expect(res.headers['cache-control']).toBe('public, max-age=1');
    expect(responseValidator('/stats', 200)(body(res))).toBe(true);
  });

  it('averages a stream that began within the five minutes over the minutes since its first post', async () => {
    /** postsPerMinute with `total` posts counted in all and these minute buckets. */
    const rate = async (total: number, minutes: [string, number][]): Promise<number> => {
      clearReadCache();
      ddb.on(GetCommand).resolves({ Item: { ...totals, posts: total } });
      ddb
        .on(QueryCommand)
        .callsFake(
          fakeQuery(
            minutes.map(([m, n]) => timelineItem('_all', 'M', `2026-11-22T${m}`, { mentions: n })),
          ),
        );
      return body<{ postsPerMinute: number }>(await get()).postsPerMinute;
    };
    const began1404: [string, number][] = [
      ['14:07', 1000],
      ['14:06', 60],
      ['14:04', 52],
    ];
    // Every post counted is in the window, the first at 14:04: 112 posts over three complete minutes.
    expect(await rate(1112, began1404)).toBeCloseTo(112 / 3);
    // One post more than the window holds: the stream is older, five minutes.
    expect(await rate(1113, began1404)).toBeCloseTo(112 / 5);
    // In its first minute (no complete one yet): its posts over the 31 s of this minute so far.
    expect(await rate(1000, [['14:07', 1000]])).toBeCloseTo((1000 / 31) * 60);
  });

  it('answers zeros and nulls before anything was counted', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    sqs
      .on(GetQueueAttributesCommand)
      .resolves({ Attributes: { ApproximateNumberOfMessages: '0' } });
    const b = body(await get());
    expect(b).toEqual({
      posts: 0,
      positive: 0,
      negative: 0,
      neutral: 0,
      mixed: 0,
      unsupported: 0,
      failed: 0,
      lastPostAt: null,
      lastCountedAt: null,
      postsPerMinute: 0,
      deadLetters: 0,
      generatedAt: '2026-11-22T14:07:31.000Z',
    });
    expect(responseValidator('/stats', 200)(b)).toBe(true);
  });

  it('reports deadLetters null, not a 500, when SQS fails', async () => {
    sqs
      .on(GetQueueAttributesCommand)
      .rejects(
        Object.assign(new Error('Access to the resource is denied'), { name: 'AccessDenied' }),
      );
    const res = await get();
    expect(res.statusCode).toBe(200);
    expect(body(res)).toMatchObject({ posts: 1234, deadLetters: null });
    expect(responseValidator('/stats', 200)(body(res))).toBe(true);
  });

  it('reports deadLetters null when SQS answers without the attribute or DLQ_URL is unset', async () => {
    sqs.on(GetQueueAttributesCommand).resolves({});
    expect(body(await get())).toMatchObject({ deadLetters: null });
    delete process.env.DLQ_URL;
    sqs.resetHistory();
    expect(body(await get())).toMatchObject({ deadLetters: null });
    expect(sqs.commandCalls(GetQueueAttributesCommand)).toHaveLength(0);
  });

  it('ignores query parameters', async () => {
    const event = loadEvent('stats.json');
    event.queryStringParameters = { limit: 'nonsense' };
    expect((await handler(event, context)).statusCode).toBe(200);
  });

  it('answers 500 without internals when DynamoDB fails', async () => {
    ddb
      .on(GetCommand)
      .rejects(new Error('ResourceNotFoundException: Requested resource not found'));
    const res = await get();
    expect(res.statusCode).toBe(500);
    expect(body(res)).toEqual({ message: 'Internal error', requestId: context.awsRequestId });
    expectNoLeak(res);
    expect(responseValidator('/stats', 500)(body(res))).toBe(true);
  });
});
