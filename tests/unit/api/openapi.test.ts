import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SQSClient, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { yamlParse } from 'yaml-cfn';
import { COUNTED_KINDS } from '../../../functions/domain/counted-kinds';
import { handler as hashtags } from '../../../functions/api/hashtags';
import { handler as languages } from '../../../functions/api/languages';
import { handler as locations } from '../../../functions/api/locations';
import { handler as sources } from '../../../functions/api/sources';
import { handler as terms } from '../../../functions/api/terms';
import { handler as posts } from '../../../functions/api/posts';
import { handler as stats } from '../../../functions/api/stats';
import { handler as timeline } from '../../../functions/api/timeline';
import { handler as tracks } from '../../../functions/api/tracks';
import { handler as trackChanges } from '../../../functions/api/track-changes';
import { handler as history } from '../../../functions/history/history';
import type { ApiHandler } from '../../../functions/shared/http';
import { fakeAthena } from './support/fake-athena';
import { serveStatsTable } from './support/fake-stats-table';
import {
  body,
  context,
  eventFiles,
  feedItem,
  freezeTime,
  loadEvent,
  locationItem,
  root,
  setTables,
  tagItem,
  timelineItem,
} from './support/fixtures';
import { openapi, responseValidator, routePath } from './support/openapi';

interface Route {
  routeKey: string;
  logicalId: string;
  entryPoint: string;
}

interface FunctionResource {
  Type: string;
  Metadata?: { BuildProperties?: { EntryPoints?: string[] } };
  Properties?: {
    Events?: Record<string, { Type: string; Properties: { Method: string; Path: string } }>;
  };
}

/** HttpApi routes of template.yaml with the entry point of the function serving each. */
function templateRoutes(): Route[] {
  const template = yamlParse(readFileSync(join(root, 'template.yaml'), 'utf8')) as {
    Resources: Record<string, FunctionResource>;
  };
  return Object.entries(template.Resources).flatMap(([logicalId, r]) =>
    r.Type !== 'AWS::Serverless::Function'
      ? []
      : Object.values(r.Properties?.Events ?? {})
          .filter((e) => e.Type === 'HttpApi')
          .map((e) => ({
            routeKey: `${e.Properties.Method.toUpperCase()} ${e.Properties.Path}`,
            logicalId,
            entryPoint: String(r.Metadata?.BuildProperties?.EntryPoints?.[0]),
          })),
  );
}

/** The handlers under test, by the entry point the template builds them from. */
const HANDLERS: Record<string, ApiHandler> = {
  'functions/api/hashtags.ts': hashtags,
  'functions/api/timeline.ts': timeline,
  'functions/api/locations.ts': locations,
  'functions/api/terms.ts': terms,
  'functions/api/languages.ts': languages,
  'functions/api/sources.ts': sources,
  'functions/api/posts.ts': posts,
  'functions/api/stats.ts': stats,
  'functions/api/tracks.ts': tracks,
  'functions/api/track-changes.ts': trackChanges,
  'functions/history/history.ts': history,
};

const routes = templateRoutes();
const handlerFor = (routeKey: string): ApiHandler => {
  const route = routes.find((r) => r.routeKey === routeKey);
  const handler = route && HANDLERS[route.entryPoint];
  if (!handler) throw new Error(`No handler for ${routeKey}`);
  return handler;
};

describe('docs/openapi.yaml and template.yaml', () => {
  it('is OpenAPI 3.1', () => {
    expect(openapi.openapi).toMatch(/^3\.1\./);
  });

  it('documents exactly the HttpApi routes of the template', () => {
    const documented = Object.entries(openapi.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.map((r) => r.routeKey).sort()).toEqual(documented.sort());
    expect(routes.length).toBeGreaterThanOrEqual(5);
  });

  // The registry names each kind's API view; a kind without its route is half added.
  it.each(COUNTED_KINDS.map((k) => [k.name, k.route]))(
    'serves the %s kind at its registry route %s',
    (_, route) => {
      expect(openapi.paths[route]?.get).toBeDefined();
      expect(routes.map((r) => r.routeKey)).toContain(`GET ${route}`);
    },
  );

  it('has a handler module under test for every route', () => {
    for (const r of routes) expect(Object.keys(HANDLERS)).toContain(r.entryPoint);
  });

  // POST/DELETE /tracks have their own response checks in tracks.test.ts.
  const readPaths = Object.keys(openapi.paths).filter((p) => openapi.paths[p]?.get);
  it.each(readPaths)('documents 200 and 500 schemas for %s', (path) => {
    expect(() => responseValidator(path, 200)).not.toThrow();
    expect(() => responseValidator(path, 500)).not.toThrow();
  });
});

describe('sample events in events/api', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const sqs = mockClient(SQSClient);
  // The poll in events/api/history-co-occurring-poll.json names a run Athena knows.
  fakeAthena([
    {
      queryId: '5c4e2b1a-8f3d-4a6b-9c7e-1d2f3a4b5c6d',
      query: 'co-occurring-hashtags',
      values: { tag: 'outage', from: '2026-11-01', to: '2026-11-22' },
    },
  ]);

  /** The StatsTable: counters (and the rank lists of their buckets), feeds, totals, breakdowns. */
  const stored = [
    tagItem('aws', 'H', '2026-11-22T14', {
      positive: 70,
      negative: 20,
      neutral: 28,
      mixed: 2,
    }),
    tagItem('aws', 'H', '2026-11-21T13', { positive: 80 }),
    tagItem('serverless', 'H', '2026-11-22T12', { neutral: 4 }, { display: 'Serverless' }),
    tagItem('aws', 'F', '2026-11-22T14:05', { negative: 3 }),
    tagItem('aws', 'ALL', undefined, { positive: 900, negative: 100 }),
    locationItem('de:berlin', 'ALL', undefined, { positive: 4, negative: 1, neutral: 4 }),
    locationItem('de:berlin', 'H', '2026-11-22T13', { positive: 1 }),
    timelineItem('aws', 'H', '2026-11-22T12', { positive: 3, negative: 1, neutral: 5 }),
    timelineItem('aws', 'D', '2026-11-20', { positive: 30 }),
    timelineItem('_all', 'M', '2026-11-22T14:00', { positive: 9 }),
    ...Array.from({ length: 30 }, (_, i) =>
      feedItem(i % 2 ? 'aws' : '_all', i, { sentiment: i % 3 ? 'POSITIVE' : undefined }),
    ),
    feedItem('$aapl', 99, { hashtags: [], placeName: undefined, countryCode: undefined }),
    {
      pk: 'STATS',
      sk: 'TOTAL',
      posts: 10,
      positive: 4,
      negative: 3,
      neutral: 2,
      mixed: 1,
      unsupported: 0,
      failed: 0,
      lastPostAt: '2026-11-22T14:07:00.000Z',
      lastCountedAt: '2026-11-22T14:07:01.000Z',
    },
    // Languages and sources over the last 24 hours and for all time.
    {
      pk: 'BREAKDOWN#_all',
      sk: 'ALL',
      'lang:en:mentions': 40,
      'lang:de:mentions': 9,
      'src:bluesky:mentions': 30,
      'src:demo:mentions': 19,
    },
    {
      pk: 'BREAKDOWN#_all',
      sk: 'H#2026-11-22T14',
      'lang:en:mentions': 4,
      'lang:en:positive': 3,
      'src:bluesky:mentions': 4,
    },
  ];

  beforeAll(() => setTables());
  beforeEach(() => {
    ddb.reset();
    sqs.reset();
    freezeTime();
    serveStatsTable(ddb, stored);
    sqs
      .on(GetQueueAttributesCommand)
      .resolves({ Attributes: { ApproximateNumberOfMessages: '0' } });
  });
  afterEach(() => jest.useRealTimers());

  it('covers every route with a good and a bad request', () => {
    const files = eventFiles();
    for (const { routeKey } of routes) {
      const mine = files.filter((f) => loadEvent(f).routeKey === routeKey);
      // Routes without parameters cannot be called badly.
      const noParams = ['GET /stats', 'GET /tracks'].includes(routeKey);
      expect(mine.some((f) => f.includes('-bad-'))).toBe(!noParams);
      expect(mine.some((f) => !f.includes('-bad-'))).toBe(true);
    }
  });

  it.each(eventFiles())('%s has the payload format 2.0 shape of its route', (file) => {
    const event = loadEvent(file);
    expect(event).toMatchObject({
      version: '2.0',
      rawPath: expect.stringMatching(/^\//),
      rawQueryString: expect.any(String),
      headers: expect.any(Object),
      isBase64Encoded: false,
      requestContext: {
        routeKey: event.routeKey,
        stage: '$default',
        http: { method: event.routeKey.split(' ')[0], path: event.rawPath, protocol: 'HTTP/1.1' },
      },
    });
    expect(routes.map((r) => r.routeKey)).toContain(event.routeKey);
    const query = new URLSearchParams(event.rawQueryString);
    expect(Object.fromEntries(query)).toEqual(event.queryStringParameters ?? {});
    const hasPathParams = event.routeKey.includes('{');
    expect(event.pathParameters !== undefined).toBe(hasPathParams);
  });

  // The tracks-* events need the TracksTable, not the stats fakes: tracks.test.ts runs them.
  it.each(eventFiles().filter((f) => !f.startsWith('tracks-')))(
    '%s runs through its handler and matches the OpenAPI schema',
    async (file) => {
      const event = loadEvent(file);
      const res = await handlerFor(event.routeKey)(event, context);
      const expected = file.includes('-bad-') ? 400 : 200;
      expect(res.statusCode).toBe(expected);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.headers['cache-control']).toMatch(/max-age=\d+|no-store/);
      const validate = responseValidator(routePath(event.routeKey), expected);
      const payload = body(res);
      expect(validate(payload) ? [] : validate.errors).toEqual([]);
      if (expected === 200) {
        expect(JSON.stringify(payload)).not.toBe('{}');
      }
    },
  );

  it('the realistic data gives non-empty answers, so the schemas are really exercised', async () => {
    const run = async (file: string) => {
      const event = loadEvent(file);
      return body<Record<string, unknown[]>>(await handlerFor(event.routeKey)(event, context));
    };
    expect((await run('hashtags-top10-24h.json')).items).not.toHaveLength(0);
    expect((await run('locations-all.json')).items).not.toHaveLength(0);
    expect((await run('posts-by-tag.json')).items).not.toHaveLength(0);
    expect((await run('posts-by-cashtag.json')).items).toHaveLength(1);
    const points = (await run('timeline-aws-hour.json')).points as { mentions: number }[];
    expect(points.some((p) => p.mentions > 0)).toBe(true);
  });
});

describe('the response schemas are strict enough to catch a drifting handler', () => {
  const item = {
    tag: 'aws',
    display: 'AWS',
    mentions: 3,
    positive: 1,
    negative: 1,
    neutral: 1,
    mixed: 0,
    lastSeen: '2026-11-22T14:00:00.000Z',
    previousMentions: null,
  };
  const good = {
    window: '24h',
    sort: 'mentions',
    generatedAt: '2026-11-22T14:00:00.000Z',
    items: [item],
  };

  it.each([
    ['a missing previousMentions', { ...good, items: [{ ...item, previousMentions: undefined }] }],
    ['an unknown field', { ...good, items: [{ ...item, score: 1 }] }],
    ['a negative count', { ...good, items: [{ ...item, mentions: -1 }] }],
    ['a non-ISO lastSeen', { ...good, items: [{ ...item, lastSeen: 'yesterday' }] }],
    ['an unknown window', { ...good, window: '2h' }],
  ])('rejects %s', (_, payload) => {
    expect(responseValidator('/hashtags', 200)(good)).toBe(true);
    expect(responseValidator('/hashtags', 200)(JSON.parse(JSON.stringify(payload)))).toBe(false);
  });
});
