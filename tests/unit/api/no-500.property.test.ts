import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  BatchGetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { replaceLoneSurrogates } from '../../../functions/domain/text';
import type { Gateway } from '../../../local/gateway';
import { request, type RawResponse } from '../local/gateway/http';
import { fakeAthena } from './support/fake-athena';
import { fakeBatchGet, fakeGet, fakeQuery } from './support/fake-stats-table';
import { context, feedItem, locationItem, tagItem, timelineItem } from './support/fixtures';
import { responseValidator } from './support/openapi';
import {
  handlerOf,
  localTemplate,
  routeKey,
  routes,
  setTemplateEnvironment,
  startInProcessGateway,
} from './support/template-routes';

/**
 * Whatever a client puts in the path, the query string or the body of any route of template.yaml,
 * the answer is a documented status below 500 whose body carries no stack frame, no error class
 * name and no source location. The routes are read from the template, so a new route is covered
 * without touching this file.
 */

jest.setTimeout(120_000);

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
// The History route starts Athena queries: a fake answers them, nothing leaves the machine.
fakeAthena();

/** What a leaked internal looks like in a body. */
const LEAK =
  /\bat (?:async )?[^\s()]+ \(|\bat [^\s()]+:\d+:\d+|\n\s+at |\b[A-Z][A-Za-z]*(?:Error|Exception)\b|\.(?:ts|js|mjs|cjs):\d+|node_modules|\/work\/|file:\/\//;

// Generated text never looks like a leak itself, since some responses echo a term back.
const noLeak = (s: string): boolean => !LEAK.test(s);

const PARAMS = [
  'limit',
  'window',
  'sort',
  'granularity',
  'from',
  'to',
  'tag',
  'cashtag',
  'sentiment',
];

/** Values near the valid ones, plus arbitrary (also lone-surrogate) strings. */
const text = fc
  .oneof(
    fc.constantFrom(
      '',
      ' ',
      '0',
      '1',
      '10',
      '100',
      '101',
      '1000',
      '1001',
      '-1',
      '1e2',
      '0x10',
      '1.0',
    ),
    fc.constantFrom('1h', '24h', '7d', 'all', 'mentions', 'positive', 'minute', 'hour', 'day'),
    fc.constantFrom('POSITIVE', 'mixed', 'AWS', '#aws', '$AAPL', '_all', '%', '..', '/', '\\'),
    fc.constantFrom('<script>alert(1)</script>', "' OR 1=1 --", '\u202eevil', 'a\u200bb', '\ud83d'),
    fc.integer({ min: -1, max: 5000 }).map(String),
    fc.bigInt({ min: 0n, max: 2n ** 70n }).map(String),
    fc
      .date({ min: new Date('1960-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.constant('x'.repeat(3000)),
  )
  .filter(noLeak);

const hex = (b: number): string => `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
/** Percent-encodes UTF-8 bytes (lone surrogates become U+FFFD, as a browser would send them). */
const encodeAll = (s: string): string => [...Buffer.from(s, 'utf8')].map(hex).join('');
/** Leaves what a request line may carry as it is, encodes the rest; `%` is left bare on purpose. */
const encodeLoose = (s: string): string =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      b > 0x20 && b < 0x7f && !'?#&=+/'.includes(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : hex(b),
    )
    .join('');
const encoded = (s: string) =>
  fc.constantFrom(encodeURIComponent(replaceLoneSurrogates(s)), encodeAll(s), encodeLoose(s));

const component = text.chain(encoded);
/** Raw request-line junk: broken escapes, separators, repeated keys. */
const junk = fc
  .array(
    fc.constantFrom(
      '%',
      '%2',
      '%ZZ',
      '%00',
      '&',
      '=',
      '==',
      ';',
      '+',
      'a',
      '[]',
      '%25',
      '%E0%A4%A',
    ),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(''));

const queryString = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...PARAMS), component),
        fc.oneof(component, junk),
        fc.boolean(),
      ),
      { maxLength: 6 },
    )
    .map((pairs) => pairs.map(([k, v, bare]) => (bare && v === '' ? k : `${k}=${v}`)).join('&')),
  junk,
);

const body = fc.oneof(
  fc.constant(undefined),
  text.map((t) => JSON.stringify({ term: t })),
  fc.json({ maxDepth: 4 }).filter(noLeak),
  text,
  fc.constant('{"term": '),
  fc.constant(JSON.stringify({ term: { $ne: null } })),
);

/** A request path for a template route, each `{param}` an arbitrary (encoded) value. */
const pathFor = (path: string) =>
  fc.array(fc.oneof(component, junk), { minLength: 4, maxLength: 4 }).map((values) => {
    let i = 0;
    return path.replace(/\{[^}]+\}/g, () => values[i++] || '%');
  });

let gateway: Gateway;

beforeAll(async () => {
  setTemplateEnvironment();
  const stored = [
    ...Array.from({ length: 30 }, (_, i) =>
      tagItem(`tag${i}`, 'ALL', undefined, { positive: i + 1 }),
    ),
    locationItem('de:berlin', 'ALL', undefined, { neutral: 1 }),
    timelineItem('aws', 'H', '2026-11-22T13', { positive: 1 }),
    ...Array.from({ length: 30 }, (_, i) => feedItem('_all', i)),
  ];
  const query = fakeQuery(stored);
  ddb.on(QueryCommand).callsFake(async (input: Parameters<typeof query>[0]) => query(input));
  ddb.on(BatchGetCommand).callsFake(fakeBatchGet(stored));
  // Some terms are tracked already (200 on POST, 204 on DELETE), others not (201, 404).
  const tracked = (sk: string): boolean => sk.length % 2 === 0;
  const track = (sk: string) => ({
    pk: 'TRACK',
    sk,
    key: sk,
    kind: sk.startsWith('#') ? 'hashtag' : sk.startsWith('$') ? 'cashtag' : 'keyword',
    display: sk,
    createdAt: '2026-11-22T14:00:00.000Z',
  });
  // The StatsTable's items (rank lists among them) and the TracksTable's terms.
  const getStats = fakeGet(stored);
  ddb.on(GetCommand).callsFake(async (input: Parameters<typeof getStats>[0]) => {
    if (input.TableName !== process.env.TRACKS_TABLE) return getStats(input);
    const sk = input.Key?.sk as string | undefined;
    return sk && tracked(sk) ? { Item: track(sk) } : {};
  });
  ddb.on(PutCommand).resolves({});
  ddb
    .on(DeleteCommand)
    .callsFake(async (input: { Key: { sk: string } }) =>
      tracked(input.Key.sk) ? { Attributes: track(input.Key.sk) } : {},
    );
  sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '1' } });
  gateway = await startInProcessGateway('http://localhost:3000');
});

afterAll(() => gateway?.stop());

/** Statuses docs/openapi.yaml documents for the route, 500 aside. */
function expectDocumented(r: { method: string; path: string }, res: RawResponse): void {
  expect(res.status).toBeLessThan(500);
  expect(res.text).not.toMatch(LEAK);
  if (res.status === 204) return expect(res.text).toBe('');
  const payload: unknown = JSON.parse(res.text);
  const validate = responseValidator(r.path, res.status, r.method.toLowerCase());
  expect(validate(payload) ? [] : validate.errors).toEqual([]);
  expect(res.headers['cache-control']).toBeDefined();
  if (res.status >= 400) expect(res.headers['cache-control']).toBe('no-store');
}

it('reads every route of the template, reads and writes', () => {
  const keys = routes.map(routeKey);
  expect(keys).toEqual(expect.arrayContaining(['GET /hashtags', 'GET /stats', 'POST /tracks']));
  expect(keys.length).toBeGreaterThanOrEqual(7);
});

/**
 * Who sends it: mostly a plain client, sometimes another site's page (a foreign Origin or
 * `null`), a DNS-rebinding page (a foreign Host) or a form (a body that is not JSON).
 */
const sender = fc.record({
  host: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 5 },
    fc.domain(),
    fc.constantFrom('localhost.evil.example', '127.0.0.1.nip.io', '0.0.0.0'),
  ),
  origin: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 4 },
    fc.constant('own'),
    fc.constantFrom('null', 'https://evil.example', 'http://localhost:1'),
    fc.webUrl({ withQueryParameters: false, withFragments: false }).map((u) => new URL(u).origin),
  ),
  type: fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 5 },
    fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'),
  ),
});

describe.each(routes.map((r) => [routeKey(r), r] as const))('%s', (_key, route) => {
  it('answers generated paths, query strings, bodies and senders through the gateway without a 500 or a leak', async () => {
    await fc.assert(
      fc.asyncProperty(
        pathFor(route.path),
        queryString,
        body,
        sender,
        async (path, query, payload, from) => {
          const { port } = gateway;
          const headers: Record<string, string> = {};
          if (from.host !== undefined) headers.host = `${from.host}:${port}`;
          if (from.origin !== undefined)
            headers.origin = from.origin === 'own' ? `http://localhost:${port}` : from.origin;
          if (payload !== undefined) {
            headers['content-type'] = from.type;
            headers['content-length'] = String(Buffer.byteLength(payload));
          }
          const res = await request(gateway.url, `/api${path}${query ? `?${query}` : ''}`, {
            method: route.method,
            headers,
            ...(payload === undefined ? {} : { body: payload }),
          });
          // A generated path may fall outside the route (an encoded "/"): the gateway's 404 then.
          if (res.status === 404 && JSON.parse(res.text).message === 'Not Found') return;
          // Request lines beyond the server's limit never reach a function (API Gateway: 414).
          if (res.status === 431 || res.status === 414) return expect(res.text).not.toMatch(LEAK);
          expectDocumented(route, res);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers arbitrary event parameters, handed to the handler directly, without a 500 or a leak', async () => {
    const handler = await handlerOf(route.functionLogicalId);
    const dict = fc.option(
      fc.dictionary(fc.oneof(fc.constantFrom(...PARAMS), text), text, { maxKeys: 6 }),
      {
        nil: undefined,
      },
    );
    const params = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]!);
    await fc.assert(
      fc.asyncProperty(
        dict,
        fc.array(fc.option(text), { minLength: 4, maxLength: 4 }),
        body,
        async (q, values, payload) => {
          const pathParameters = Object.fromEntries(
            params.flatMap((p, i) => (values[i] == null ? [] : [[p, values[i]!]])),
          );
          const event = {
            version: '2.0',
            routeKey: routeKey(route),
            rawPath: route.path,
            rawQueryString: '',
            headers: {},
            requestContext: { http: { method: route.method, path: route.path }, requestId: 'test' },
            ...(q ? { queryStringParameters: q } : {}),
            ...(params.length > 0 ? { pathParameters } : {}),
            ...(payload === undefined ? {} : { body: payload }),
            isBase64Encoded: false,
          } as unknown as APIGatewayProxyEventV2;
          const res = await handler(event, context);
          expectDocumented(route, {
            status: res.statusCode,
            headers: res.headers,
            body: Buffer.from(res.body),
            text: res.body,
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('a flood', () => {
  it("past the template's throttle gets documented 429s on every route, and no 500", async () => {
    const { burstLimit } = localTemplate.throttle!;
    // The template's burst, with a rate slow enough that the test's own pace adds no token.
    const flooded = await startInProcessGateway(undefined, { rateLimit: 0.01, burstLimit });
    try {
      for (const route of routes.filter((r) => r.method === 'GET')) {
        const path = `/api${route.path.replace(/\{[^}]+\}/g, 'aws')}`;
        const answers = await Promise.all(
          Array.from({ length: burstLimit + 20 }, () => request(flooded.url, path)),
        );
        expect(answers.filter((a) => a.status === 429)).toHaveLength(20);
        for (const a of answers) expectDocumented(route, a);
      }
    } finally {
      await flooded.stop();
    }
  });
});

describe('paths outside the routes', () => {
  it('get a 404 or 405, never a 500', async () => {
    const method = fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD');
    const path = fc.array(
      fc.oneof(component, junk, fc.constantFrom('api', 'hashtags', 'tracks', '..')),
      {
        maxLength: 5,
      },
    );
    await fc.assert(
      fc.asyncProperty(method, path, queryString, async (m, segments, query) => {
        const res = await request(
          gateway.url,
          `/api/${segments.join('/')}${query ? `?${query}` : ''}`,
          {
            method: m,
          },
        );
        expect(res.status).toBeLessThan(500);
        expect(res.text).not.toMatch(LEAK);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the leak check itself', () => {
  it.each([
    '{"message":"TypeError: Cannot read properties of undefined"}',
    '{"stack":"Error: x\\n    at handler (/var/task/index.js:1:2)"}',
    '{"message":"at Object.<anonymous> (functions/api/posts.ts:12:3)"}',
    '{"name":"ResourceNotFoundException"}',
  ])('catches %s', (leaky) => {
    expect(leaky).toMatch(LEAK);
  });

  it('lets ordinary messages through', () => {
    expect('{"message":"limit must be an integer between 1 and 100"}').not.toMatch(LEAK);
    expect('{"message":"from must be at most 1440 hour buckets before to"}').not.toMatch(LEAK);
  });
});
