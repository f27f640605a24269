import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { queryTop } from '../../../functions/api/dynamo';
import { handler } from '../../../functions/api/hashtags';
import { tagPk } from '../../../functions/domain/keys';
import { rankListKey } from '../../../functions/domain/rank-lists';
import { keysBatchRead, rankListsRead, serveStatsTable } from './support/fake-stats-table';
import {
  apiEvent,
  body,
  context,
  expectNoLeak,
  freezeTime,
  setTables,
  tagItem,
  timelineItem,
} from './support/fixtures';
import { responseValidator } from './support/openapi';
import { clearReadCache } from '../../../functions/api/read-cache';

const ddb = mockClient(DynamoDBDocumentClient);
const get = (query?: Record<string, string>) =>
  handler(apiEvent('hashtags-top10-24h.json', query), context);

interface Hashtags {
  window: string;
  sort: string;
  generatedAt: string;
  items: {
    tag: string;
    display: string;
    mentions: number;
    positive: number;
    negative: number;
    lastSeen: string;
    previousMentions: number | null;
  }[];
}

/** The scopes whose rank list was read, in order (not the read of the all-posts counters before). */
const scopesQueried = (): string[] => rankListsRead(ddb);
/** The StatsTable holds these items (and rank lists built from them). */
const table = (stored: readonly object[]): void => serveStatsTable(ddb, stored);

beforeAll(() => setTables());
beforeEach(() => {
  // Each test reads its own data: answers kept from an earlier test must not stand in.
  clearReadCache();
  ddb.reset();
  freezeTime();
});
afterEach(() => jest.useRealTimers());

describe('GET /hashtags window buckets', () => {
  it('reads the 24 hour scopes of the window and the 24 before them from rank lists', async () => {
    table([]);
    const res = await get();
    expect(res.statusCode).toBe(200);
    const scopes = scopesQueried();
    expect(scopes).toHaveLength(48);
    expect(scopes.slice(0, 24)).toEqual(
      Array.from({ length: 24 }, (_, i) => {
        const h = new Date(Date.parse('2026-11-22T14:00:00Z') - i * 3_600_000).toISOString();
        return `TAGS#H#${h.slice(0, 13)}`;
      }),
    );
    expect(scopes[23]).toBe('TAGS#H#2026-11-21T15');
    expect(scopes[24]).toBe('TAGS#H#2026-11-21T14');
    expect(scopes[47]).toBe('TAGS#H#2026-11-20T15');
    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      TableName: 'StatsTable-test',
      Key: { pk: 'RANK#TAGS#H#2026-11-22T14', sk: 'TOP' },
    });
    // No index is queried, and a bucket without a rank list has no counter to read.
    expect(ddb.commandCalls(QueryCommand).map((c) => c.args[0].input.IndexName)).toEqual([
      undefined,
    ]);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
  });

  it('uses 12 five-minute scopes for 1h, floored to five minutes', async () => {
    table([]);
    await get({ window: '1h' });
    const scopes = scopesQueried();
    expect(scopes).toHaveLength(24);
    expect(scopes.slice(0, 3)).toEqual([
      'TAGS#F#2026-11-22T14:05',
      'TAGS#F#2026-11-22T14:00',
      'TAGS#F#2026-11-22T13:55',
    ]);
    expect(scopes[11]).toBe('TAGS#F#2026-11-22T13:10');
    expect(scopes[12]).toBe('TAGS#F#2026-11-22T13:05');
  });

  it('uses 7 day scopes for 7d and the single all-time scope for all', async () => {
    table([]);
    await get({ window: '7d' });
    expect(scopesQueried().slice(0, 7)).toEqual([
      'TAGS#D#2026-11-22',
      'TAGS#D#2026-11-21',
      'TAGS#D#2026-11-20',
      'TAGS#D#2026-11-19',
      'TAGS#D#2026-11-18',
      'TAGS#D#2026-11-17',
      'TAGS#D#2026-11-16',
    ]);
    expect(scopesQueried()[7]).toBe('TAGS#D#2026-11-15');
    ddb.resetHistory();
    await get({ window: 'all' });
    expect(scopesQueried()).toEqual(['TAGS#ALL']);
  });

  describe('a stack younger than the window', () => {
    // Posts were counted at 09h (settled), 13h (settled) and 14h (open) only: `_all` says so.
    const stored = [
      tagItem('aws', 'H', '2026-11-22T14', { positive: 3 }),
      tagItem('aws', 'H', '2026-11-22T09', { negative: 2 }),
      tagItem('serverless', 'H', '2026-11-22T13', { positive: 4 }),
      timelineItem('_all', 'H', '2026-11-22T14', { positive: 3 }),
      timelineItem('_all', 'H', '2026-11-22T13', { positive: 4 }),
      timelineItem('_all', 'H', '2026-11-22T09', { negative: 2 }),
    ];

    it('reads the all-posts counters once, then only the buckets that counted posts', async () => {
      table(stored);
      const filtered = body<Hashtags>(await get());
      const allPostsReads = ddb
        .commandCalls(QueryCommand)
        .filter((c) => c.args[0].input.ExpressionAttributeValues?.[':pk'] === 'TAG#_all');
      expect(allPostsReads).toHaveLength(1);
      expect(allPostsReads[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({
        ':from': 'H#2026-11-20T15',
        ':to': 'H#2026-11-22T14',
      });
      expect(scopesQueried()).toEqual([
        'TAGS#H#2026-11-22T14',
        'TAGS#H#2026-11-22T13',
        'TAGS#H#2026-11-22T09',
      ]);
      // The same answer as reading every bucket (a table without `_all` items is read whole).
      clearReadCache();
      table(stored.filter((i) => i.pk !== 'TAG#_all'));
      const whole = body<Hashtags>(await get());
      expect(scopesQueried().length).toBeGreaterThan(48);
      expect({ ...filtered, generatedAt: 0 }).toEqual({ ...whole, generatedAt: 0 });
    });

    it('keeps what it found as long as settled buckets, and always reads the open bucket', async () => {
      table(stored);
      await get();
      ddb.resetHistory();
      // Past the answer's max-age: the open bucket is read again, `_all` is not.
      jest.setSystemTime(Date.parse('2026-11-22T14:07:41Z'));
      await get();
      expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
      expect(scopesQueried()).toEqual(['TAGS#H#2026-11-22T14']);
      expect(keysBatchRead(ddb)).toEqual([{ pk: 'TAG#aws', sk: 'H#2026-11-22T14' }]);
    });
  });

  it('sums a tag over the buckets it appears in, with display and lastSeen from the newest', async () => {
    table([
      tagItem(
        'aws',
        'H',
        '2026-11-22T14',
        { positive: 5, negative: 1, neutral: 3, mixed: 1 },
        {
          display: 'AWS',
          lastSeen: '2026-11-22T14:07:00.000Z',
        },
      ),
      tagItem('aws', 'H', '2026-11-22T09', { positive: 2, negative: 2 }, { display: 'Aws' }),
      tagItem('aws', 'H', '2026-11-21T15', { mentions: 12, neutral: 10 }, { display: 'aws' }),
      tagItem('serverless', 'H', '2026-11-22T13', { positive: 11 }),
      // The hour just outside the window belongs to the previous window only.
      tagItem('lambda', 'H', '2026-11-21T14', { positive: 50 }),
    ]);
    const { items } = body<Hashtags>(await get());
    expect(items.map((i) => i.tag)).toEqual(['aws', 'serverless']);
    expect(items[0]).toEqual({
      tag: 'aws',
      display: 'AWS',
      mentions: 26,
      positive: 7,
      negative: 3,
      neutral: 13,
      mixed: 1,
      lastSeen: '2026-11-22T14:07:00.000Z',
      previousMentions: 0,
    });
  });

  it('keeps the latest lastSeen even when an older bucket reports it with an offset', async () => {
    table([
      tagItem('aws', 'H', '2026-11-22T14', { positive: 1 }, { lastSeen: '2026-11-22T14:01:00Z' }),
      tagItem(
        'aws',
        'H',
        '2026-11-22T13',
        { positive: 1 },
        {
          lastSeen: '2026-11-22T16:30:00+02:00',
        },
      ),
    ]);
    const { items } = body<Hashtags>(await get());
    expect(items[0]?.lastSeen).toBe('2026-11-22T14:30:00.000Z');
  });

  it('sorts by the requested count, ties by mentions, then by tag', async () => {
    table([
      tagItem('a', 'H', '2026-11-22T14', { positive: 1, negative: 9 }),
      tagItem('b', 'H', '2026-11-22T14', { positive: 5, negative: 0, neutral: 1 }),
      tagItem('c', 'H', '2026-11-22T14', { positive: 5, negative: 2, neutral: 4 }),
      tagItem('d', 'H', '2026-11-22T14', { positive: 5, negative: 2, neutral: 4 }),
    ]);
    const order = async (sort: string) =>
      body<Hashtags>(await get({ sort })).items.map((i) => i.tag);
    expect(await order('mentions')).toEqual(['c', 'd', 'a', 'b']);
    expect(await order('positive')).toEqual(['c', 'd', 'b', 'a']);
    expect(await order('negative')).toEqual(['a', 'c', 'd', 'b']);
    expect(body<Hashtags>(await get({ sort: 'negative' })).sort).toBe('negative');
  });

  it('cuts to limit and reads K = max(3 x limit, 50) per bucket', async () => {
    const many = Array.from({ length: 150 }, (_, i) =>
      tagItem(`t${String(i).padStart(3, '0')}`, 'H', '2026-11-22T10', { mentions: 1000 - i }),
    );
    table(many);
    /** The counters read of the bucket, as tag keys, sorted. */
    const read = () =>
      keysBatchRead(ddb)
        .map((k) => String(k.pk).slice('TAG#'.length))
        .sort();
    const { items } = body<Hashtags>(await get({ limit: '3' }));
    expect(items.map((i) => i.tag)).toEqual(['t000', 't001', 't002']);
    expect(read()).toEqual(many.slice(0, 50).map((i) => i.tag));
    clearReadCache();
    ddb.resetHistory();
    await get({ limit: '40' });
    expect(read()).toEqual(many.slice(0, 120).map((i) => i.tag));
    expect(ddb).toHaveReceivedCommandWith(BatchGetCommand, {
      RequestItems: {
        'StatsTable-test': expect.objectContaining({ ConsistentRead: false }),
      },
    });
  });

  it('can under-count a tag that is outside one bucket top K, never over-count it', async () => {
    const crowd = Array.from({ length: 60 }, (_, i) =>
      tagItem(`crowd${i}`, 'H', '2026-11-22T13', { mentions: 1000 - i }),
    );
    table([
      ...crowd,
      tagItem('rare', 'H', '2026-11-22T13', { mentions: 1 }),
      tagItem('rare', 'H', '2026-11-22T14', { mentions: 4 }),
    ]);
    const { items } = body<Hashtags>(await get({ limit: '100' }));
    // K = 300 here: nothing is cut and the sum is exact.
    expect(items.find((i) => i.tag === 'rare')?.mentions).toBe(5);
    const small = body<Hashtags>(await get({ limit: '1' }));
    expect(small.items.map((i) => i.tag)).toEqual(['crowd0']);
  });
});

describe('queryTop: a bucket top from its rank list', () => {
  const scope = 'TAGS#H#2026-11-22T14';
  const counter = (tag: string, mentions: number) =>
    tagItem(tag, 'H', '2026-11-22T14', { mentions });
  /** The bucket's rank list with these hints (tag -> mentions when the list was written). */
  const rankList = (hints: Record<string, number>) => ({
    ...rankListKey(scope),
    members: Object.fromEntries(Object.entries(hints).map(([tag, n]) => [tagPk(tag), n])),
    rev: 7,
  });
  const top = async (k: number) =>
    (await queryTop('StatsTable-test', scope, k)).map((i) => [i.tag, i.mentions]);

  it('reads the rank list, then only the counters of its k best-hinted members', async () => {
    table([
      rankList({ a: 10, b: 8, c: 6, d: 4, e: 2 }),
      ...['a', 'b', 'c', 'd', 'e'].map((t) => counter(t, 5)),
    ]);
    expect(await top(3)).toEqual([
      ['a', 5],
      ['b', 5],
      ['c', 5],
    ]);
    expect(ddb.commandCalls(GetCommand).map((c) => c.args[0].input)).toEqual([
      { TableName: 'StatsTable-test', Key: { pk: 'RANK#TAGS#H#2026-11-22T14', sk: 'TOP' } },
    ]);
    expect(ddb.commandCalls(BatchGetCommand).map((c) => c.args[0].input)).toEqual([
      {
        RequestItems: {
          'StatsTable-test': {
            Keys: ['a', 'b', 'c'].map((t) => ({ pk: tagPk(t), sk: 'H#2026-11-22T14' })),
            ConsistentRead: false,
          },
        },
      },
    ]);
  });

  it('returns the exact stored counts, highest first, whatever order the hints give', async () => {
    table([
      rankList({ a: 10, b: 8, c: 6, d: 1 }),
      counter('a', 3),
      counter('b', 20),
      counter('c', 7),
      counter('d', 100),
    ]);
    expect(await top(3)).toEqual([
      ['b', 20],
      ['c', 7],
      ['a', 3],
    ]);
    const [first] = await queryTop('StatsTable-test', scope, 1);
    expect(first).toEqual(counter('a', 3));
  });

  it('leaves out members whose counter is gone or at 0', async () => {
    table([
      rankList({ a: 10, gone: 9, zero: 8, b: 7 }),
      counter('a', 4),
      counter('zero', 0),
      counter('b', 6),
    ]);
    expect(await top(10)).toEqual([
      ['b', 6],
      ['a', 4],
    ]);
  });

  it('returns [] when the bucket has no rank list, without reading a counter', async () => {
    table([]);
    expect(await queryTop('StatsTable-test', scope, 50)).toEqual([]);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
  });
});

describe('GET /hashtags previousMentions', () => {
  it('is the tag mentions in the preceding window of equal length', async () => {
    table([
      tagItem('aws', 'H', '2026-11-22T14', { mentions: 120 }),
      tagItem('aws', 'H', '2026-11-21T14', { mentions: 50 }),
      tagItem('aws', 'H', '2026-11-20T15', { mentions: 30 }),
      // One hour before the previous window: not counted.
      tagItem('aws', 'H', '2026-11-20T14', { mentions: 1000 }),
      tagItem('new', 'H', '2026-11-22T13', { mentions: 10 }),
    ]);
    const { items } = body<Hashtags>(await get());
    expect(items.map((i) => [i.tag, i.mentions, i.previousMentions])).toEqual([
      ['aws', 120, 80],
      ['new', 10, 0],
    ]);
  });

  it('uses the preceding 12 five-minute buckets for 1h', async () => {
    table([
      tagItem('aws', 'F', '2026-11-22T14:05', { mentions: 3 }),
      tagItem('aws', 'F', '2026-11-22T13:05', { mentions: 7 }),
      tagItem('aws', 'F', '2026-11-22T12:10', { mentions: 2 }),
      tagItem('aws', 'F', '2026-11-22T12:05', { mentions: 100 }),
    ]);
    const { items } = body<Hashtags>(await get({ window: '1h' }));
    expect(items).toEqual([expect.objectContaining({ mentions: 3, previousMentions: 9 })]);
  });

  it('is null for the all-time window, which has no previous window', async () => {
    table([tagItem('aws', 'ALL', undefined, { mentions: 9 })]);
    const res = body<Hashtags>(await get({ window: 'all' }));
    expect(res.window).toBe('all');
    expect(res.items).toEqual([expect.objectContaining({ tag: 'aws', previousMentions: null })]);
  });
});

describe('GET /hashtags responses', () => {
  it('returns JSON with a short public cache and the request echo', async () => {
    table([tagItem('aws', 'H', '2026-11-22T14', { positive: 1 })]);
    const res = await get();
    expect(res.headers).toEqual({
      'content-type': 'application/json',
      'cache-control': 'public, max-age=5',
    });
    const b = body<Hashtags>(res);
    expect(b).toMatchObject({
      window: '24h',
      sort: 'mentions',
      generatedAt: '2026-11-22T14:07:31.000Z',
    });
    expect(responseValidator('/hashtags', 200)(b)).toBe(true);
  });

  it.each([
    [{ limit: '0' }, 'limit must be an integer between 1 and 100'],
    [{ limit: '101' }, 'limit must be an integer between 1 and 100'],
    [{ limit: 'ten' }, 'limit must be an integer between 1 and 100'],
    [{ limit: '1.5' }, 'limit must be an integer between 1 and 100'],
    [{ limit: '1e1' }, 'limit must be an integer between 1 and 100'],
    [{ limit: '-5' }, 'limit must be an integer between 1 and 100'],
    [{ limit: '' }, 'limit must be an integer between 1 and 100'],
    [{ window: '2h' }, 'window must be one of 1h, 24h, 7d, all'],
    [{ window: '24H' }, 'window must be one of 1h, 24h, 7d, all'],
    [{ sort: 'neutral' }, 'sort must be one of mentions, positive, negative'],
  ])('rejects %j with 400 naming the parameter', async (query, message) => {
    const res = await get(query);
    expect(res.statusCode).toBe(400);
    expect(body(res)).toEqual({ message });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(responseValidator('/hashtags', 400)(body(res))).toBe(true);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
  });

  it('trims parameters and ignores unknown ones', async () => {
    table([]);
    const res = await get({ limit: ' 7 ', window: ' 1h', utm_source: 'x' });
    expect(res.statusCode).toBe(200);
    expect(body<Hashtags>(res).window).toBe('1h');
  });

  it.each([
    ['the all-posts Query', () => ddb.on(QueryCommand)],
    ['a rank list read', () => ddb.on(GetCommand)],
    ['a counter read', () => ddb.on(BatchGetCommand)],
  ] as const)('answers 500 without internals when %s fails', async (_name, command) => {
    table([tagItem('aws', 'H', '2026-11-22T14', { positive: 1 })]);
    command().rejects(new Error('ProvisionedThroughputExceededException: slow down'));
    const res = await get();
    expect(res.statusCode).toBe(500);
    expect(body(res)).toEqual({ message: 'Internal error', requestId: context.awsRequestId });
    expectNoLeak(res);
  });
});
