import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { handler as hashtags } from '../../../functions/api/hashtags';
import { handler as locations } from '../../../functions/api/locations';
import { handler as posts } from '../../../functions/api/posts';
import { handler as stats } from '../../../functions/api/stats';
import { handler as timeline } from '../../../functions/api/timeline';
import type { ApiHandler } from '../../../functions/shared/http';
import { fakeQuery } from './support/fake-stats-table';
import {
  body,
  context,
  feedItem,
  loadEvent,
  locationItem,
  setTables,
  tagItem,
  timelineItem,
} from './support/fixtures';
import { responseValidator, routePath } from './support/openapi';

/** Whatever a client puts in the query string or the path, the answer is a 200 or a 400, never a 500. */

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

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

// Plausible values near the valid ones, plus arbitrary (also lone-surrogate) strings.
const value = fc.oneof(
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
  fc.constantFrom(
    '1h',
    '24h',
    '7d',
    'all',
    'mentions',
    'positive',
    'negative',
    'minute',
    'hour',
    'day',
  ),
  fc.constantFrom(
    'POSITIVE',
    'mixed',
    'Neutral',
    'AWS',
    '#aws',
    '%23aws',
    '$AAPL',
    '_all',
    '%',
    '%E0%A4%A',
  ),
  fc.integer({ min: -1, max: 5000 }).map(String),
  fc
    .date({ min: new Date('1960-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
);
const query = fc.option(
  fc.dictionary(fc.oneof(fc.constantFrom(...PARAMS), fc.string({ maxLength: 10 })), value, {
    maxKeys: 6,
  }),
  { nil: undefined },
);
const tag = fc.oneof(value, fc.constant(undefined));

const CASES: [string, ApiHandler][] = [
  ['hashtags-top10-24h.json', hashtags],
  ['timeline-aws-hour.json', timeline],
  ['locations-all.json', locations],
  ['posts-latest.json', posts],
  ['stats.json', stats],
];

beforeAll(() => {
  setTables();
  ddb
    .on(QueryCommand)
    .callsFake(
      fakeQuery([
        tagItem('aws', 'ALL', undefined, { positive: 9 }),
        locationItem('de:berlin', 'ALL', undefined, { neutral: 1 }),
        timelineItem('aws', 'D', '2026-11-20', { positive: 1 }),
        ...Array.from({ length: 5 }, (_, i) => feedItem('_all', i)),
      ]),
    );
  ddb.on(GetCommand).resolves({});
  sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '1' } });
});

describe.each(CASES)('%s with arbitrary parameters', (file, handler) => {
  it('answers 200 matching the schema, or 400 naming a parameter', async () => {
    const base = loadEvent(file);
    const path = routePath(base.routeKey);
    await fc.assert(
      fc.asyncProperty(query, tag, async (q, t) => {
        const event = structuredClone(base);
        if (q === undefined) delete event.queryStringParameters;
        else event.queryStringParameters = q;
        if (event.pathParameters) event.pathParameters = t === undefined ? {} : { tag: t };
        const res = await handler(event, context);
        expect([200, 400]).toContain(res.statusCode);
        const payload = body(res);
        const validate = responseValidator(path, res.statusCode);
        expect(validate(payload) ? [] : validate.errors).toEqual([]);
        if (res.statusCode === 400) {
          const name = String((payload as { message: string }).message).split(' ')[0];
          expect(PARAMS).toContain(name);
        }
      }),
      { numRuns: 150 },
    );
  });
});
