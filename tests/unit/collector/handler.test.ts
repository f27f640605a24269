import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
  type GetCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { handler } from '../../../functions/collector/handler';
import { clearTokenCache } from '../../../functions/collector/secrets';
import { findRepoRoot } from '../../../local/paths';
import { demoRecords } from '../sources/produce/support/demo-records';
import { flakyKinesis, type FlakyKinesis } from '../sources/produce/support/fake-kinesis';
import { fakeJetstream, type FakeJetstream } from '../sources/produce/support/fake-jetstream';
import {
  fakeXSearch,
  type FakeXSearch,
  type SearchPayload,
} from '../sources/produce/support/fake-x-search';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  fakeReddit,
  submission,
} from '../sources/reddit/support/fake-reddit';

/** The CollectorFunction handler with its AWS clients mocked and the sources faked on 127.0.0.1. */

const event = (name: string): unknown =>
  JSON.parse(readFileSync(join(findRepoRoot(), 'events', 'collector', name), 'utf8'));

const bsky = demoRecords('bsky', 12, 31);
const frames = bsky.map((r) => ({
  timeUs: (r.data as { time_us: number }).time_us,
  text: JSON.stringify(r.data),
}));
const xPosts = demoRecords('x-v2', 3, 32).map((r) => r.data as unknown as SearchPayload);
const tag = bsky.find((r) => r.meta.hashtags.length > 0)!.meta.hashtags[0]!;

const context = (remainingMs = 300_000) =>
  ({
    awsRequestId: 'req-1',
    functionName: 'CollectorFunction',
    getRemainingTimeInMillis: () => remainingMs,
  }) as unknown as Context;

describe('CollectorFunction handler', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const secrets = mockClient(SecretsManagerClient);
  let kinesis: FlakyKinesis;
  let jetstream: FakeJetstream;
  let x: FakeXSearch;

  beforeEach(async () => {
    ddb.reset();
    secrets.reset();
    clearTokenCache();
    kinesis = flakyKinesis();
    jetstream = await fakeJetstream(frames, ['silent']);
    x = await fakeXSearch(xPosts, { pageSize: 5 });
    Object.assign(process.env, {
      TRACKS_TABLE: 'TracksTable-test',
      STREAM_NAME: 'PostsStream-test',
      COLLECTOR_SOURCES: 'bluesky,x',
      COLLECTOR_WINDOW_SECONDS: '1',
      JETSTREAM_URL: jetstream.url,
      X_API_URL: x.url,
      X_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x-token-AbCdEf',
    });
    ddb.on(QueryCommand).resolves({
      Items: [
        {
          pk: 'TRACK',
          sk: `#${tag.toLowerCase()}`,
          key: `#${tag.toLowerCase()}`,
          kind: 'hashtag',
          display: `#${tag}`,
          createdAt: '2026-11-22T14:00:00.000Z',
        },
        {
          pk: 'TRACK',
          sk: 'bad',
          key: 'bad',
          kind: 'hashtag',
          display: '#not valid',
          createdAt: '2026-11-22T14:00:00.000Z',
        },
      ],
    });
    ddb
      .on(GetCommand)
      .callsFake((input: GetCommandInput) =>
        input.Key?.sk === 'bluesky' ? { Item: { cursor: frames[0]!.timeUs } } : {},
      );
    ddb.on(UpdateCommand).resolves({});
    secrets.on(GetSecretValueCommand).resolves({ SecretString: '{"xBearerToken":"secret-token"}' });
  });
  afterEach(async () => {
    kinesis.restore();
    await jetstream.close();
    await x.close();
  });
  afterAll(() => {
    ddb.restore();
    secrets.restore();
  });

  it('collects the tracked terms for one window on its schedule and checkpoints', async () => {
    await jetstream.close();
    jetstream = await fakeJetstream(frames);
    process.env.JETSTREAM_URL = jetstream.url;
    const summary = await handler(event('scheduled.json'), context());

    const matching = bsky
      .filter((r) => r.meta.hashtags.some((h) => h.toLowerCase() === tag.toLowerCase()))
      .map((r) => r.meta.postId);
    expect(summary).toMatchObject({
      terms: 1,
      checkpointed: true,
      bluesky: { posts: matching.length },
      x: { posts: 3, complete: true },
    });
    expect(kinesis.postIds().sort()).toEqual(
      [...matching, ...xPosts.map((p) => `x:${p.data.id}`)].sort(),
    );
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, {
      SecretId: process.env.X_SECRET_ARN,
    });
    expect(x.requests[0]!.get('query')).toBe(`#${tag.toLowerCase()}`);
    // Both checkpoints move forward only, conditionally.
    const updates = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(updates.map((u) => u.Key)).toEqual(
      expect.arrayContaining([
        { pk: 'CHECKPOINT', sk: 'bluesky' },
        { pk: 'CHECKPOINT', sk: 'x' },
      ]),
    );
    for (const u of updates) {
      expect(u.ConditionExpression).toBe(
        'attribute_not_exists(#position) OR #position < :position',
      );
    }
  });

  it('honours a manual event that narrows the sources, and skips X without a secret', async () => {
    process.env.X_SECRET_ARN = '';
    const summary = await handler(event('manual-x.json'), context());
    expect(summary.x).toEqual({ skipped: expect.stringMatching(/CollectorSecretArn/) });
    expect(summary.bluesky).toBeUndefined();
    expect(secrets).not.toHaveReceivedCommand(GetSecretValueCommand);
  });

  it('collects the subreddits of its parameter with the Reddit secret, and checkpoints each feed', async () => {
    const reddit = await fakeReddit();
    try {
      const REDDIT_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:reddit-app-AbCdEf';
      Object.assign(process.env, {
        REDDIT_SECRET_ARN: REDDIT_ARN,
        REDDIT_SUBREDDITS: 'aws',
        REDDIT_API_URL: reddit.url,
        REDDIT_AUTH_URL: reddit.url,
      });
      secrets.on(GetSecretValueCommand, { SecretId: REDDIT_ARN }).resolves({
        SecretString: JSON.stringify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
      });
      const post = submission('aws', `A post about #${tag}`);
      reddit.add(post);
      const summary = await handler(event('manual-reddit.json'), context());
      expect(summary).toMatchObject({ checkpointed: true, reddit: { posts: 1, feeds: 3 } });
      expect(kinesis.postIds()).toEqual([`reddit:${String(post.data.name)}`]);
      const keys = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input.Key);
      expect(keys).toEqual(
        expect.arrayContaining([
          { pk: 'CHECKPOINT', sk: 'reddit#r/aws/new' },
          { pk: 'CHECKPOINT', sk: `reddit#search:${tag.toLowerCase()}` },
        ]),
      );
    } finally {
      for (const k of [
        'REDDIT_SECRET_ARN',
        'REDDIT_SUBREDDITS',
        'REDDIT_API_URL',
        'REDDIT_AUTH_URL',
      ])
        delete process.env[k];
      await reddit.close();
    }
  });

  it('stops at the end of its window even when the firehose is silent', async () => {
    const summary = await handler(event('manual-bluesky.json'), context(16_500));
    expect(summary.bluesky).toMatchObject({ posts: 0, caughtUp: false });
  });
});
