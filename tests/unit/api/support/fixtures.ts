import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import {
  bucketSk,
  feedPk,
  feedSk,
  locationPk,
  locationScope,
  tagPk,
  tagScope,
  type FeedItem,
  type LocationCounterItem,
  type SentimentCounts,
  type TagCounterItem,
  type WindowBucketKind,
} from '../../../../functions/domain/keys';
import type { ApiResult } from '../../../../functions/shared/http';
import { findRepoRoot } from '../../../../local/paths';

export const root = findRepoRoot();
export const NOW = '2026-11-22T14:07:31.000Z';

/** Fakes only Date, so SDK mocks, promises and fast-check keep their real timers. */
export function freezeTime(iso: string = NOW): void {
  jest.useFakeTimers({
    now: new Date(iso),
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}

export function setTables(): void {
  process.env.STATS_TABLE = 'StatsTable-test';
  process.env.POSTS_TABLE = 'PostsTable-test';
  process.env.DLQ_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/DeadLetterQueue-test';
}

export const context = {
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  functionName: 'ApiFunction',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ApiFunction',
  memoryLimitInMB: '256',
  logGroupName: '/aws/lambda/ApiFunction',
  logStreamName: '2026/11/22/[$LATEST]abcdef',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

export const EVENTS_DIR = join(root, 'events', 'api');
export const eventFiles = (): string[] =>
  readdirSync(EVENTS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
export const loadEvent = (file: string): APIGatewayProxyEventV2 =>
  JSON.parse(readFileSync(join(EVENTS_DIR, file), 'utf8')) as APIGatewayProxyEventV2;

/** A payload 2.0 event for `routeKey`, built from a sample event with other parameters. */
export function apiEvent(
  file: string,
  query?: Record<string, string>,
  pathParameters?: Record<string, string>,
): APIGatewayProxyEventV2 {
  const event = loadEvent(file);
  delete event.queryStringParameters;
  event.rawQueryString = new URLSearchParams(query ?? {}).toString();
  if (query) event.queryStringParameters = query;
  if (pathParameters) event.pathParameters = pathParameters;
  return event;
}

export function body<T = Record<string, unknown>>(result: ApiResult): T {
  return JSON.parse(result.body) as T;
}

const counts = (c: Partial<SentimentCounts>): SentimentCounts => {
  const positive = c.positive ?? 0;
  const negative = c.negative ?? 0;
  const neutral = c.neutral ?? 0;
  const mixed = c.mixed ?? 0;
  return {
    positive,
    negative,
    neutral,
    mixed,
    mentions: c.mentions ?? positive + negative + neutral + mixed,
  };
};

/** A hashtag counter in a window bucket (`F`, `H`, `D`) or all-time (`ALL`), as persist writes it. */
export function tagItem(
  tag: string,
  kind: WindowBucketKind,
  bucket: string | undefined,
  c: Partial<SentimentCounts>,
  extra: Partial<TagCounterItem> = {},
): TagCounterItem {
  return {
    pk: tagPk(tag),
    sk: bucketSk(kind, bucket),
    scope: tagScope(kind, bucket),
    tag,
    display: tag.toUpperCase(),
    lastSeen: '2026-11-22T14:00:00.000Z',
    ...(bucket ? { bucket, expiresAt: 1_800_000_000 } : {}),
    ...counts(c),
    ...extra,
  };
}

/** A timeline counter (`M`, `H`, `D`) of a hashtag or `_all`: no scope, so in no rank list. */
export function timelineItem(
  tag: string,
  kind: 'M' | 'H' | 'D',
  bucket: string,
  c: Partial<SentimentCounts>,
): TagCounterItem {
  return {
    pk: tagPk(tag),
    sk: bucketSk(kind, bucket),
    tag,
    display: tag,
    lastSeen: '2026-11-22T14:00:00.000Z',
    bucket,
    expiresAt: 1_800_000_000,
    ...counts(c),
  };
}

export function locationItem(
  id: string,
  kind: WindowBucketKind,
  bucket: string | undefined,
  c: Partial<SentimentCounts>,
  extra: Partial<LocationCounterItem> = {},
): LocationCounterItem {
  return {
    pk: locationPk(id),
    sk: bucketSk(kind, bucket),
    scope: locationScope(kind, bucket),
    id,
    name: 'Berlin',
    fullName: 'Berlin, Germany',
    country: 'Germany',
    countryCode: 'DE',
    lat: 52.52,
    lon: 13.405,
    lastSeen: '2026-11-22T13:59:02.000Z',
    ...(bucket ? { bucket, expiresAt: 1_800_000_000 } : {}),
    ...counts(c),
    ...extra,
  };
}

export function feedItem(key: string, n: number, extra: Partial<FeedItem> = {}): FeedItem {
  const createdAt = new Date(Date.parse('2026-11-22T14:00:00.000Z') - n * 1000).toISOString();
  const id = `demo:${1000 + n}`;
  return {
    pk: feedPk(key),
    sk: feedSk(createdAt, id),
    id,
    source: 'demo',
    text: `Post ${n} about #AWS and $AAPL`,
    createdAt,
    lang: 'en',
    author: { id: `u${n}`, handle: `user${n}` },
    hashtags: ['AWS'],
    cashtags: ['$AAPL'],
    placeName: 'Berlin',
    countryCode: 'DE',
    url: `https://example.com/posts/${n}`,
    sentiment: 'NEUTRAL',
    sentimentScore: { Positive: 0.1, Negative: 0.05, Neutral: 0.8, Mixed: 0.05 },
    expiresAt: 1_800_000_000,
    ...extra,
  };
}

/** The response must never leak internals: no stack frames, no error names or messages. */
export function expectNoLeak(result: ApiResult): void {
  expect(result.body).not.toMatch(/\bat .+\(.+:\d+:\d+\)|Error:|\.ts:\d+/);
}
