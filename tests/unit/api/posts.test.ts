import {
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../functions/api/posts';
import { MAX_FILTERED_PAGES } from '../../../functions/api/feed';
import type { FeedItem } from '../../../functions/domain/keys';
import { fakeQuery } from './support/fake-stats-table';
import { apiEvent, body, context, expectNoLeak, feedItem, setTables } from './support/fixtures';
import { responseValidator } from './support/openapi';
import { clearReadCache } from '../../../functions/api/read-cache';

const ddb = mockClient(DynamoDBDocumentClient);
const get = (query?: Record<string, string>) =>
  handler(apiEvent('posts-latest.json', query), context);

type Posts = { items: Omit<FeedItem, 'pk' | 'sk' | 'expiresAt'>[] };
const SENTIMENTS = ['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const;

const feed = (key: string, n: number, every = (i: number) => SENTIMENTS[i % 4]!) =>
  Array.from({ length: n }, (_, i) => feedItem(key, i, { sentiment: every(i) }));

beforeAll(() => setTables());
beforeEach(() => {
  ddb.reset();
  // Each test reads its own data: answers kept from an earlier test must not stand in.
  clearReadCache();
});

describe('GET /posts', () => {
  it('reads the all-posts feed newest first and drops the storage attributes', async () => {
    ddb.on(QueryCommand).callsFake(fakeQuery(feed('_all', 30)));
    const res = await get();
    expect(res.statusCode).toBe(200);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: 'StatsTable-test',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'FEED#_all' },
      ScanIndexForward: false,
      Limit: 20,
    });
    const { items } = body<Posts>(res);
    expect(items).toHaveLength(20);
    expect(items[0]?.id).toBe('demo:1000');
    const times = items.map((i) => i.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    for (const item of items) {
      expect(item).not.toHaveProperty('pk');
      expect(item).not.toHaveProperty('sk');
      expect(item).not.toHaveProperty('expiresAt');
    }
    expect(items[0]).toEqual({
      id: 'demo:1000',
      source: 'demo',
      text: 'Post 0 about #AWS and $AAPL',
      createdAt: '2026-11-22T14:00:00.000Z',
      lang: 'en',
      author: { id: 'u0', handle: 'user0' },
      hashtags: ['AWS'],
      cashtags: ['$AAPL'],
      placeName: 'Berlin',
      countryCode: 'DE',
      url: 'https://example.com/posts/0',
      sentiment: 'POSITIVE',
      sentimentScore: { Positive: 0.1, Negative: 0.05, Neutral: 0.8, Mixed: 0.05 },
    });
    expect(responseValidator('/posts', 200)(body(res))).toBe(true);
  });

  it.each([
    [{ tag: 'AWS' }, 'FEED#aws'],
    [{ tag: '#AWS' }, 'FEED#aws'],
    [{ tag: '%23Aws' }, 'FEED#aws'],
    [{ cashtag: '$AAPL' }, 'FEED#$aapl'],
    [{ cashtag: 'aapl' }, 'FEED#$aapl'],
    [{ cashtag: ' BRK.B ' }, 'FEED#$brk.b'],
    [{ tag: '_all' }, 'FEED#_all'],
  ])('reads %j from %s', async (query, pk) => {
    ddb.on(QueryCommand).callsFake(fakeQuery(feed(pk.slice(5), 3)));
    const res = await get(query);
    expect(body<Posts>(res).items).toHaveLength(3);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      ExpressionAttributeValues: expect.objectContaining({ ':pk': pk }),
    });
  });

  it('filters by sentiment, case-insensitively, with a FilterExpression', async () => {
    ddb.on(QueryCommand).callsFake(fakeQuery(feed('aws', 40)));
    const res = await get({ tag: 'aws', sentiment: 'negative', limit: '5' });
    const { items } = body<Posts>(res);
    expect(items.map((i) => i.id)).toEqual([
      'demo:1001',
      'demo:1005',
      'demo:1009',
      'demo:1013',
      'demo:1017',
    ]);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      FilterExpression: '#sentiment = :sentiment',
      ExpressionAttributeNames: { '#sentiment': 'sentiment' },
      ExpressionAttributeValues: { ':pk': 'FEED#aws', ':sentiment': 'NEGATIVE' },
      ScanIndexForward: false,
    });
  });

  it('pages through the feed until it has limit matching posts', async () => {
    // One MIXED post in 50: 100 per page gives 2 per page, so 10 posts need 5 pages.
    const posts = feed('_all', 600, (i) => (i % 50 === 49 ? 'MIXED' : 'NEUTRAL'));
    const query = fakeQuery(posts);
    // Recorded at call time: the SDK paginator reuses one input object across pages.
    const startKeys: unknown[] = [];
    ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => {
      startKeys.push(input.ExclusiveStartKey && { ...input.ExclusiveStartKey });
      return query(input);
    });
    const { items } = body<Posts>(await get({ sentiment: 'MIXED', limit: '6' }));
    expect(items).toHaveLength(6);
    expect(items.every((i) => i.sentiment === 'MIXED')).toBe(true);
    expect(startKeys).toEqual([undefined, { offset: 100 }, { offset: 200 }]);
  });

  it('stops after a small page cap when the sentiment is rare', async () => {
    const posts = feed('_all', 2000, (i) => (i === 1500 ? 'MIXED' : 'NEUTRAL'));
    ddb.on(QueryCommand).callsFake(fakeQuery(posts));
    const res = await get({ sentiment: 'mixed' });
    expect(res.statusCode).toBe(200);
    expect(body<Posts>(res).items).toEqual([]);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(MAX_FILTERED_PAGES);
  });

  it('returns fewer posts when the feed is short, and none for an unknown tag', async () => {
    ddb.on(QueryCommand).callsFake(fakeQuery(feed('aws', 3)));
    expect(body<Posts>(await get({ tag: 'aws', limit: '50' })).items).toHaveLength(3);
    expect(body<Posts>(await get({ tag: 'unknown' })).items).toEqual([]);
  });

  it.each([
    [{ tag: 'aws', cashtag: 'AAPL' }, 'tag and cashtag cannot be combined; send one of them'],
    [{ sentiment: 'happy' }, 'sentiment must be one of POSITIVE, NEGATIVE, NEUTRAL, MIXED'],
    [{ sentiment: '' }, 'sentiment must be one of POSITIVE, NEGATIVE, NEUTRAL, MIXED'],
    [{ cashtag: '$$$' }, 'cashtag must be a ticker symbol such as $AAPL'],
    [{ cashtag: '1ABC' }, 'cashtag must be a ticker symbol such as $AAPL'],
    [{ cashtag: 'ABCDEFGHIJKLM' }, 'cashtag must be a ticker symbol such as $AAPL'],
    [{ tag: '' }, 'tag must be a hashtag of 1 to 140 characters'],
    [{ tag: '#' }, 'tag must be a hashtag of 1 to 140 characters'],
    [{ tag: 'x'.repeat(141) }, 'tag must be a hashtag of 1 to 140 characters'],
    [{ limit: '0' }, 'limit must be an integer between 1 and 100'],
    [{ limit: '101' }, 'limit must be an integer between 1 and 100'],
  ])('rejects %j with 400: %s', async (query, message) => {
    const res = await get(query);
    expect(res.statusCode).toBe(400);
    expect(body(res)).toEqual({ message });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('answers 500 without internals when DynamoDB fails', async () => {
    ddb
      .on(QueryCommand)
      .rejects(new TypeError("Cannot read properties of undefined (reading 'x')"));
    const res = await get({ tag: 'aws' });
    expect(res.statusCode).toBe(500);
    expect(body(res)).toEqual({ message: 'Internal error', requestId: context.awsRequestId });
    expectNoLeak(res);
  });
});
