import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  BatchGetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  CACHE_EMPTY,
  CACHE_LIVE,
  CACHE_NONE,
  CACHE_PAST,
  CACHE_TOTALS,
} from '../../../functions/shared/http';
import type { Gateway } from '../../../local/gateway';
import { request } from '../local/gateway/http';
import { fakeAthena } from './support/fake-athena';
import { fakeBatchGet, fakeGet, fakeQuery } from './support/fake-stats-table';
import { hotShardPks, totalsKey } from '../../../functions/domain/keys';
import { hotCounterShards } from '../../../functions/shared/env';
import { feedItem, freezeTime, locationItem, tagItem } from './support/fixtures';
import {
  routeKey,
  routes,
  setTemplateEnvironment,
  startInProcessGateway,
} from './support/template-routes';

/**
 * Per route of template.yaml: the Cache-Control that suits its freshness, and the cap on `limit`.
 * Both tables must name every route, so a new route has to state its choice here (and in
 * docs/architecture.md, "Security").
 */

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
fakeAthena();

interface Sample {
  /** A request that succeeds (path and query). */
  ok: string;
  method?: string;
  body?: string;
  /** Cache-Control of that success. */
  cache: string;
}

/**
 * Live views are polled by the dashboard every few seconds: 5 s of shared caching. A closed past
 * timeline range changes only when late posts arrive: 60 s. The tracked-terms list and every
 * write are read right after a change: never cached. Errors: never cached.
 */
const FRESHNESS: Record<string, Sample[]> = {
  'GET /hashtags': [{ ok: '/hashtags?window=all', cache: CACHE_LIVE }],
  // An empty live answer (nothing stored for it here) is not cacheable (read-cache.test.ts).
  'GET /hashtags/{tag}/timeline': [
    { ok: '/hashtags/aws/timeline?granularity=hour', cache: CACHE_EMPTY },
    {
      ok: '/hashtags/aws/timeline?granularity=hour&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z',
      cache: CACHE_PAST,
    },
  ],
  'GET /locations': [{ ok: '/locations', cache: CACHE_LIVE }],
  'GET /terms': [{ ok: '/terms?window=1h', cache: CACHE_LIVE }],
  'GET /languages': [{ ok: '/languages', cache: CACHE_EMPTY }],
  'GET /sources': [{ ok: '/sources?window=all', cache: CACHE_EMPTY }],
  'GET /posts': [{ ok: '/posts', cache: CACHE_LIVE }],
  'GET /stats': [{ ok: '/stats', cache: CACHE_TOTALS }],
  'GET /tracks': [{ ok: '/tracks', cache: CACHE_NONE }],
  'POST /tracks': [{ ok: '/tracks', method: 'POST', body: '{"term":"#aws"}', cache: CACHE_NONE }],
  'DELETE /tracks/{term}': [{ ok: '/tracks/%23tracked', method: 'DELETE', cache: CACHE_NONE }],
  // Runs are per user (signed in, in AWS) and a local corpus grows by the second.
  'GET /history/{query}': [
    { ok: '/history/top-hashtags-per-day?from=2026-11-16&to=2026-11-22', cache: CACHE_NONE },
  ],
};

/** The largest `limit` each route takes (null: no limit parameter; its answer is bounded otherwise). */
const LIMIT_CAP: Record<string, { cap: number; path: string; items: string } | null> = {
  'GET /hashtags': { cap: 100, path: '/hashtags?window=all', items: 'items' },
  'GET /posts': { cap: 100, path: '/posts', items: 'items' },
  'GET /locations': { cap: 1000, path: '/locations', items: 'items' },
  'GET /terms': { cap: 200, path: '/terms', items: 'items' },
  // A breakdown has as many items as its kind has keys (languages, sources): a few dozen.
  'GET /languages': null,
  'GET /sources': null,
  // At most MAX_POINTS buckets per request, whatever the range.
  'GET /hashtags/{tag}/timeline': null,
  // A fixed set of totals.
  'GET /stats': null,
  // At most MAX_TRACKED_TERMS terms can exist.
  'GET /tracks': null,
  'POST /tracks': null,
  'DELETE /tracks/{term}': null,
  // At most MAX_RESULT_ROWS rows, and a year of days.
  'GET /history/{query}': null,
};

const keys = routes.map(routeKey);
let gateway: Gateway;

beforeAll(async () => {
  freezeTime();
  setTemplateEnvironment();
  // More of everything than any cap lets through.
  const stored = [
    ...Array.from({ length: 1500 }, (_, i) =>
      tagItem(`tag${i}`, 'ALL', undefined, { positive: i + 1 }),
    ),
    ...Array.from({ length: 1500 }, (_, i) =>
      locationItem(`xx:place${i}`, 'ALL', undefined, { neutral: i + 1 }),
    ),
    ...Array.from({ length: 1500 }, (_, i) => feedItem('_all', i)),
    ...hotShardPks(totalsKey.pk, hotCounterShards()).map((pk) => ({ ...totalsKey, pk, posts: 3 })),
  ];
  const query = fakeQuery(stored);
  ddb.on(QueryCommand).callsFake(async (input: Parameters<typeof query>[0]) => query(input));
  ddb.on(BatchGetCommand).callsFake(fakeBatchGet(stored));
  ddb.on(GetCommand).callsFake(fakeGet(stored));
  ddb.on(PutCommand).resolves({});
  ddb.on(DeleteCommand).resolves({ Attributes: { pk: 'TRACK', sk: '#tracked' } });
  sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '0' } });
  gateway = await startInProcessGateway();
});

afterAll(async () => {
  await gateway?.stop();
  jest.useRealTimers();
});

const call = (path: string, method = 'GET', body?: string) =>
  request(gateway.url, `/api${path}`, {
    method,
    ...(body
      ? {
          body,
          headers: {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
          },
        }
      : {}),
  });

describe('Cache-Control', () => {
  it('is stated for every route of the template', () => {
    expect(Object.keys(FRESHNESS).sort()).toEqual([...keys].sort());
  });

  it.each(keys)(
    '%s carries the Cache-Control of its freshness, and errors are never cached',
    async (key) => {
      for (const sample of FRESHNESS[key] ?? []) {
        const res = await call(sample.ok, sample.method, sample.body);
        expect({ status: res.status < 300, cache: res.headers['cache-control'] }).toEqual({
          status: true,
          cache: sample.cache,
        });
      }
      const method = key.split(' ')[0]!;
      const bad =
        method === 'POST'
          ? await call('/tracks', 'POST', '{"term":""}')
          : method === 'DELETE'
            ? await call('/tracks/%23', 'DELETE')
            : key === 'GET /hashtags/{tag}/timeline'
              ? await call('/hashtags/%20/timeline')
              : await call(`${key.split(' ')[1]}?limit=0&window=nope`);
      // Routes without parameters (GET /stats, GET /tracks) cannot be asked badly.
      if (bad.status < 400) return;
      expect(bad.status).toBe(400);
      expect(bad.headers['cache-control']).toBe(CACHE_NONE);
    },
  );
});

describe('limit', () => {
  it('is stated for every route of the template', () => {
    expect(Object.keys(LIMIT_CAP).sort()).toEqual([...keys].sort());
  });

  const capped = Object.entries(LIMIT_CAP).filter(
    (e): e is [string, { cap: number; path: string; items: string }] => e[1] !== null,
  );

  it.each(capped)(
    '%s answers at most its cap and refuses more',
    async (_key, { cap, path, items }) => {
      const sep = path.includes('?') ? '&' : '?';
      const atCap = await call(`${path}${sep}limit=${cap}`);
      expect(atCap.status).toBe(200);
      const list = JSON.parse(atCap.text)[items] as unknown[];
      expect(list.length).toBeGreaterThan(0);
      expect(list.length).toBeLessThanOrEqual(cap);

      for (const over of [
        cap + 1,
        cap * 10,
        2 ** 31,
        '1e9',
        '99999999999999999999',
        `${cap},${cap}`,
      ]) {
        const res = await call(`${path}${sep}limit=${over}`);
        expect({ over, status: res.status }).toEqual({ over, status: 400 });
        expect(JSON.parse(res.text).message).toMatch(new RegExp(`^limit .*${cap}`));
      }
    },
  );

  it.each(capped)(
    '%s answers a default below the cap without a limit',
    async (_key, { cap, path, items }) => {
      const res = await call(path);
      expect(res.status).toBe(200);
      expect((JSON.parse(res.text)[items] as unknown[]).length).toBeLessThanOrEqual(cap);
    },
  );

  it.each(Object.entries(LIMIT_CAP).filter(([k, v]) => v === null && k.startsWith('GET ')))(
    '%s takes no limit, so a huge one changes nothing',
    async (key) => {
      const path = FRESHNESS[key]![0]!.ok;
      const sep = path.includes('?') ? '&' : '?';
      const [plain, huge] = [await call(path), await call(`${path}${sep}limit=1000000000`)];
      expect(huge.status).toBe(plain.status);
      expect(huge.text.length).toBe(plain.text.length);
    },
  );
});
