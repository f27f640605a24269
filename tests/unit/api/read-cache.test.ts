import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handler as hashtags } from '../../../functions/api/hashtags';
import { handler as locations } from '../../../functions/api/locations';
import { handler as posts } from '../../../functions/api/posts';
import { clearReadCache, maxAgeSeconds, recall, remember } from '../../../functions/api/read-cache';
import { handler as stats } from '../../../functions/api/stats';
import { handler as timeline } from '../../../functions/api/timeline';
import { windowScopes } from '../../../functions/api/windows';
import { tagScope, totalsKey } from '../../../functions/domain/keys';
import type { ApiHandler, ApiResult } from '../../../functions/shared/http';
import {
  CACHE_EMPTY,
  CACHE_LIVE,
  CACHE_NONE,
  CACHE_PAST,
  CACHE_TOTALS,
} from '../../../functions/shared/http';
import { fakeQuery, rankListsRead, serveStatsTable } from './support/fake-stats-table';
import {
  apiEvent,
  context,
  feedItem,
  freezeTime,
  locationItem,
  NOW,
  setTables,
  tagItem,
  timelineItem,
} from './support/fixtures';

/**
 * The read routes keep what they read from DynamoDB for the max-age their Cache-Control already
 * promises: a repeated request within it reads nothing, one after it reads again, and requests
 * that differ in what they ask never share an answer.
 */

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const stored = [
  ...Array.from({ length: 120 }, (_, i) =>
    tagItem(`tag${i}`, 'H', '2026-11-22T14', { positive: 200 - i }),
  ),
  // A settled bucket holding more than K = 50 keys.
  ...Array.from({ length: 60 }, (_, i) =>
    tagItem(`old${i}`, 'H', '2026-11-22T13', { negative: 100 - i }),
  ),
  tagItem('aws', 'H', '2026-11-22T13', { positive: 7 }),
  tagItem('aws', 'H', '2026-11-21T10', { negative: 3 }),
  tagItem('aws', 'F', '2026-11-22T14:05', { neutral: 2 }),
  tagItem('aws', 'ALL', undefined, { positive: 9 }),
  locationItem('de:berlin', 'ALL', undefined, { neutral: 4 }),
  locationItem('de:berlin', 'H', '2026-11-22T14', { neutral: 1 }),
  timelineItem('aws', 'H', '2026-11-22T13', { positive: 1 }),
  timelineItem('aws', 'M', '2026-11-22T14:07', { positive: 1 }),
  ...Array.from({ length: 30 }, (_, i) => feedItem('_all', i)),
  ...Array.from({ length: 5 }, (_, i) => feedItem('aws', i)),
  { ...totalsKey, posts: 3 },
];

/** Requests to DynamoDB: Queries, GetItems (rank lists, the totals) and BatchGetItems (counters). */
const reads = (): number =>
  ddb.commandCalls(QueryCommand).length +
  ddb.commandCalls(GetCommand).length +
  ddb.commandCalls(BatchGetCommand).length;

/**
 * Reads of the all-posts counters (one Query) and of buckets (one rank list each, whatever
 * counters are read after it).
 */
const bucketReads = (): { allPosts: number; buckets: number } => ({
  allPosts: ddb
    .commandCalls(QueryCommand)
    .filter((c) => c.args[0].input.ExpressionAttributeValues?.[':pk'] === 'TAG#_all').length,
  buckets: rankListsRead(ddb).length,
});

interface Call {
  name: string;
  handler: ApiHandler;
  event: () => APIGatewayProxyEventV2;
  /** Its live Cache-Control, CACHE_LIVE unless stated. */
  cache?: string;
}

/** The dashboard's calls, and others that fan out. */
const CALLS: Call[] = [
  {
    name: 'GET /hashtags?window=24h&limit=100',
    handler: hashtags,
    event: () => apiEvent('hashtags-top10-24h.json', { window: '24h', limit: '100' }),
  },
  {
    name: 'GET /hashtags?window=1h',
    handler: hashtags,
    event: () => apiEvent('hashtags-top10-24h.json', { window: '1h' }),
  },
  {
    name: 'GET /locations?window=24h&limit=500',
    handler: locations,
    event: () => apiEvent('locations-all.json', { window: '24h', limit: '500' }),
  },
  {
    name: 'GET /hashtags/_all/timeline?granularity=minute (to = now)',
    handler: timeline,
    event: () =>
      apiEvent(
        'timeline-aws-hour.json',
        { granularity: 'minute', to: new Date().toISOString() },
        { tag: 'aws' },
      ),
  },
  {
    name: 'GET /posts?tag=aws',
    handler: posts,
    event: () => apiEvent('posts-by-tag.json', { tag: 'aws', limit: '5' }),
  },
  {
    name: 'GET /stats',
    handler: stats,
    event: () => apiEvent('stats.json'),
    cache: CACHE_TOTALS,
  },
];
const maxAgeMs = (c: Call): number => maxAgeSeconds(c.cache ?? CACHE_LIVE) * 1000;

const call = (c: Call): Promise<ApiResult> => c.handler(c.event(), context);
const advance = (ms: number): void => void jest.setSystemTime(Date.now() + ms);

beforeAll(() => setTables());
beforeEach(() => {
  ddb.reset();
  sqs.reset();
  serveStatsTable(ddb, stored);
  sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '0' } });
  clearReadCache();
  delete process.env.READ_CACHE;
  freezeTime();
});
afterEach(() => jest.useRealTimers());

describe.each(CALLS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it('reads DynamoDB once; the same request within its max-age reads nothing and gets the same answer, with its age', async () => {
    const first = await call(c);
    expect(first.statusCode).toBe(200);
    const cold = reads();
    expect(cold).toBeGreaterThan(0);
    const within = maxAgeMs(c) * 0.8;
    advance(within);
    const second = await call(c);
    expect(reads()).toBe(cold);
    expect(second.statusCode).toBe(200);
    const { age, ...headers } = second.headers;
    expect(headers).toEqual(first.headers);
    // Whole seconds; an answer less than a second old carries none.
    const seconds = Math.floor(within / 1000);
    expect(age).toBe(seconds > 0 ? String(seconds) : undefined);
    expect(first.headers.age).toBeUndefined();
    // The timeline echoes the range the request asked for; everything else is the same answer.
    const strip = (r: ApiResult) => ({ ...JSON.parse(r.body), from: 0, to: 0 });
    expect(strip(second)).toEqual(strip(first));
  });

  it('reads again once its max-age has passed', async () => {
    await call(c);
    const cold = reads();
    advance(maxAgeMs(c));
    await call(c);
    expect(reads()).toBeGreaterThan(cold);
  });

  it('keeps no empty answer (nothing counted yet) and sends it no-store: the first posts show at the next poll', async () => {
    serveStatsTable(ddb, []);
    const first = await call(c);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe(CACHE_EMPTY);
    const cold = reads();
    advance(1_000);
    await call(c);
    // Read again (settled buckets of a window may still come from the cache).
    expect(reads()).toBeGreaterThan(cold);
    // Once something is counted the answer is cached as before.
    serveStatsTable(ddb, stored);
    advance(1_000);
    const counted = await call(c);
    expect(counted.headers['cache-control']).not.toBe(CACHE_EMPTY);
  });

  it('reads on every request with READ_CACHE=off (the "before" of npm run bench:api)', async () => {
    process.env.READ_CACHE = 'off';
    await call(c);
    const cold = reads();
    await call(c);
    expect(reads()).toBe(2 * cold);
  });
});

describe('what shares an answer', () => {
  it.each<[string, Call, Call]>([
    [
      'limit 10 and limit 11',
      { ...CALLS[0]!, event: () => apiEvent('hashtags-top10-24h.json', { limit: '10' }) },
      { ...CALLS[0]!, event: () => apiEvent('hashtags-top10-24h.json', { limit: '11' }) },
    ],
    [
      'window 24h and 7d',
      { ...CALLS[0]!, event: () => apiEvent('hashtags-top10-24h.json', { window: '24h' }) },
      { ...CALLS[0]!, event: () => apiEvent('hashtags-top10-24h.json', { window: '7d' }) },
    ],
    [
      'sort mentions and positive',
      { ...CALLS[0]!, event: () => apiEvent('hashtags-top10-24h.json', { sort: 'mentions' }) },
      { ...CALLS[0]!, event: () => apiEvent('hashtags-top10-24h.json', { sort: 'positive' }) },
    ],
    [
      'locations all and 1h',
      { ...CALLS[2]!, event: () => apiEvent('locations-all.json', { window: 'all' }) },
      { ...CALLS[2]!, event: () => apiEvent('locations-all.json', { window: '1h' }) },
    ],
    [
      'posts of two tags',
      { ...CALLS[4]!, event: () => apiEvent('posts-by-tag.json', { tag: 'aws' }) },
      { ...CALLS[4]!, event: () => apiEvent('posts-by-tag.json', { tag: 'gcp' }) },
    ],
    [
      'posts with and without a sentiment',
      { ...CALLS[4]!, event: () => apiEvent('posts-by-tag.json', { tag: 'aws' }) },
      {
        ...CALLS[4]!,
        event: () => apiEvent('posts-by-tag.json', { tag: 'aws', sentiment: 'NEGATIVE' }),
      },
    ],
    [
      'timelines of two tags',
      { ...CALLS[3]!, event: () => apiEvent('timeline-aws-hour.json', {}, { tag: 'aws' }) },
      { ...CALLS[3]!, event: () => apiEvent('timeline-aws-hour.json', {}, { tag: 'gcp' }) },
    ],
    [
      'timelines of two granularities',
      {
        ...CALLS[3]!,
        event: () => apiEvent('timeline-aws-hour.json', { granularity: 'hour' }, { tag: 'aws' }),
      },
      {
        ...CALLS[3]!,
        event: () => apiEvent('timeline-aws-hour.json', { granularity: 'day' }, { tag: 'aws' }),
      },
    ],
  ])('%s never do', async (_name, a, b) => {
    const first = await call(a);
    const before = reads();
    const second = await call(b);
    expect(reads()).toBeGreaterThan(before);
    expect(second.headers.age).toBeUndefined();
    expect(first.statusCode).toBe(200);
  });

  it.each<[string, Call, Call]>([
    [
      'spellings of one hashtags request',
      { ...CALLS[0]!, event: () => apiEvent('hashtags-top10-24h.json', {}) },
      {
        ...CALLS[0]!,
        event: () =>
          apiEvent('hashtags-top10-24h.json', { limit: ' 010', window: '24h ', extra: 'x' }),
      },
    ],
    [
      'spellings of one timeline tag',
      { ...CALLS[3]!, event: () => apiEvent('timeline-aws-hour.json', {}, { tag: 'aws' }) },
      { ...CALLS[3]!, event: () => apiEvent('timeline-aws-hour.json', {}, { tag: '%23AWS' }) },
    ],
    [
      'dashboard timeline polls within one minute bucket',
      {
        ...CALLS[3]!,
        event: () =>
          apiEvent('timeline-aws-hour.json', { granularity: 'minute', to: NOW }, { tag: 'aws' }),
      },
      {
        ...CALLS[3]!,
        event: () =>
          apiEvent(
            'timeline-aws-hour.json',
            { granularity: 'minute', to: '2026-11-22T14:07:33.500Z' },
            { tag: 'aws' },
          ),
      },
    ],
  ])('%s do', async (_name, a, b) => {
    await call(a);
    const before = reads();
    expect((await call(b)).statusCode).toBe(200);
    expect(reads()).toBe(before);
  });

  it('an error is not kept: the next request reads again', async () => {
    const query = fakeQuery(stored);
    let calls = 0;
    ddb.on(QueryCommand).callsFake(async (input: Parameters<typeof query>[0]) => {
      if (calls++ === 0) throw new Error('boom');
      return query(input);
    });
    expect((await call(CALLS[0]!)).statusCode).toBe(500);
    const before = reads();
    expect((await call(CALLS[0]!)).statusCode).toBe(200);
    expect(reads()).toBeGreaterThan(before);
  });
});

describe('rolling windows: settled buckets', () => {
  it('after the answer expires, /hashtags?window=24h reads only the open bucket, the settled ones after a minute', async () => {
    // These stored counters have no all-posts (`_all`) items, so each read of the window's
    // buckets with posts (live-buckets.ts) finds none and every bucket is read: 1 Query, 48 lists.
    await call(CALLS[0]!);
    expect(bucketReads()).toEqual({ allPosts: 1, buckets: 48 });
    advance(5_000);
    await call(CALLS[0]!);
    // 14:07:36: only the 14h bucket is open; 13h ended 7 minutes ago and is settled.
    expect(bucketReads()).toEqual({ allPosts: 1 + 1, buckets: 48 + 1 });
    advance(maxAgeSeconds(CACHE_PAST) * 1000);
    await call(CALLS[0]!);
    expect(bucketReads()).toEqual({ allPosts: 2 + 1, buckets: 49 + 48 });
  });

  it('answers the same from settled buckets as from a fresh read', async () => {
    const fresh = JSON.parse((await call(CALLS[0]!)).body);
    advance(5_000);
    const mixed = JSON.parse((await call(CALLS[0]!)).body);
    expect({ ...mixed, generatedAt: 0 }).toEqual({ ...fresh, generatedAt: 0 });
  });

  it('serves a smaller top k from a larger one read before, and reads a larger one again', async () => {
    const limit = (n: number): Call => ({
      ...CALLS[0]!,
      event: () => apiEvent('hashtags-top10-24h.json', { limit: String(n) }),
    });
    await call(limit(100)); // K = 300 per bucket
    const big = bucketReads();
    const small = JSON.parse((await call(limit(10))).body); // K = 50: the open bucket only
    expect(bucketReads()).toEqual({ allPosts: big.allPosts + 1, buckets: big.buckets + 1 });
    clearReadCache();
    const fresh = JSON.parse((await call(limit(10))).body);
    expect({ ...small, generatedAt: 0 }).toEqual({ ...fresh, generatedAt: 0 });
    ddb.resetHistory();
    // K = 60: the open bucket, and the settled 13h one, whose 50 keys may not be all it holds;
    // the other settled buckets held fewer keys than asked for, so that was all of them.
    await call(limit(20));
    expect(bucketReads()).toEqual({ allPosts: 1, buckets: 2 });
  });

  it('counts a bucket settled a minute after it ended', () => {
    const scopes = (iso: string) => windowScopes('24h', new Date(iso), tagScope);
    expect(scopes('2026-11-22T14:00:59.999Z').settled.has('TAGS#H#2026-11-22T13')).toBe(false);
    expect(scopes('2026-11-22T14:01:00.000Z').settled.has('TAGS#H#2026-11-22T13')).toBe(true);
    expect(scopes('2026-11-22T14:01:00.000Z').settled.has('TAGS#H#2026-11-22T14')).toBe(false);
    expect(windowScopes('all', new Date(NOW), tagScope).settled.size).toBe(0);
  });
});

describe('the cache itself', () => {
  it('keeps at most 2,000 entries, least recently used out first', () => {
    const now = Date.now();
    for (let i = 0; i < 2_001; i++) remember(`k${i}`, i, 60, now);
    expect(recall('k0', now)).toBeUndefined();
    expect(recall('k1', now)?.value).toBe(1);
    expect(recall('k2000', now)?.value).toBe(2_000);
  });

  it('keeps no value larger than its size bound, and nothing that may not be cached', () => {
    const now = Date.now();
    remember('huge', 'x'.repeat(33 * 1024 * 1024), 60, now);
    expect(recall('huge', now)).toBeUndefined();
    remember('none', 1, maxAgeSeconds(CACHE_NONE), now);
    expect(recall('none', now)).toBeUndefined();
  });

  it('reads max-age from Cache-Control', () => {
    expect(maxAgeSeconds(CACHE_LIVE)).toBe(5);
    expect(maxAgeSeconds(CACHE_PAST)).toBe(60);
    expect(maxAgeSeconds('no-store')).toBe(0);
    expect(maxAgeSeconds('private, max-age=60')).toBe(0);
  });
});
