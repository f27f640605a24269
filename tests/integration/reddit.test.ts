/**
 * Reddit through the whole local stack, the three ways it runs, against a fake Reddit on
 * 127.0.0.1: `npm run produce -- --source reddit --subreddit aws --track serverless`, the
 * CollectorFunction (its code in this process, with the template's environment, the Reddit
 * secret from a fake Secrets Manager), and a replay of recorded listing pages. Every post is
 * counted once and listed by GET /api/posts with its reddit.com link; each subreddit is counted
 * like a hashtag (`r:aws`, shown `r/aws`); a post removed on Reddit is taken back; a malformed
 * thing Reddit sends ends in the dead-letter queue with its reason.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Context } from 'aws-lambda';
import { findRepoRoot } from '../../local/paths';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { partitionKeyFor } from '../../functions/social/kinesis/partition-key';
import type { KinesisRecordInput } from '../../functions/social/kinesis/writer';
import { runProduce } from '../../sources/produce/run';
import { startReplay } from '../../sources/replay/replay';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  comment,
  fakeReddit,
  submission,
  type FakeReddit,
  type Thing,
} from '../support/fake-reddit';
import { api, deadLetters, pollUntil, putRecords, stats } from './support/stack';
import { lambdaContext } from '../support/lambda-context';

jest.setTimeout(240_000);

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:reddit-app-AbCdEf';

interface FeedPost {
  id: string;
  source: string;
  text: string;
  url?: string;
  hashtags: string[];
}
interface HashtagItem {
  tag: string;
  display: string;
  mentions: number;
}

const quiet = (): Writable =>
  new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  });

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => resolve(text));
  });

/** Secrets Manager's JSON protocol, GetSecretValue of the one Reddit secret only. */
function fakeSecretsManager(): Server {
  return createServer((req, res) => {
    void readBody(req).then((text) => {
      const { SecretId } = JSON.parse(text || '{}') as { SecretId?: string };
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (
        req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue' ||
        SecretId !== SECRET_ARN
      ) {
        res.writeHead(400);
        return res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'no' }));
      }
      res.end(
        JSON.stringify({
          ARN: SECRET_ARN,
          Name: 'reddit-app',
          SecretString: JSON.stringify({
            clientId: CLIENT_ID,
            clientSecret: CLIENT_SECRET,
            userAgent: 'test:social-stream:v0 (by /u/tester)',
          }),
          VersionId: 'v1',
        }),
      );
    });
  });
}

const context = (name: string): Context => lambdaContext(name, 'reddit-test');

const idOf = (t: Thing): string => `reddit:${String(t.data.name)}`;

let reddit: FakeReddit;
const secrets = fakeSecretsManager();
let stack: LocalStack;
let root: string;
const savedEnv = { ...process.env };
let produceCode: number;
let collectorSummary: unknown;
const produced: Thing[] = [];
const collected: Thing[] = [];
let replayed = 0;
let removed: Thing;

beforeAll(async () => {
  reddit = await fakeReddit({ quota: 600, periodSeconds: 600 });
  await new Promise<void>((r) => secrets.listen(0, '127.0.0.1', r));
  const secretsUrl = `http://127.0.0.1:${(secrets.address() as AddressInfo).port}`;
  root = mkdtempSync(join(tmpdir(), 'reddit-stack-'));
  stack = await startLocalStack({
    port: 0,
    source: 'none',
    quiet: true,
    // The producer finds this stack through the runtime file, as it finds `npm start`'s.
    runtimeFile: join(root, '.local-stack.json'),
    maxWorkersPerFunction: 1,
    // The tests read the API right after writing: the read routes' cache would answer from
    // before the write (as the other integration tests' stacks, tests/integration/support/stack.ts).
    functionEnvironment: { READ_CACHE: 'off' },
    parameterOverrides: {
      CollectorSources: 'reddit',
      RedditSecretArn: SECRET_ARN,
      RedditSubreddits: 'serverless',
    },
  });

  // 1. The producer: r/aws whole (a post, a comment) and a search for "serverless".
  const post = submission(
    'aws',
    'Lambda cold starts with SnapStart',
    'Has anyone measured #SnapStart?',
  );
  removed = comment('aws', String(post.data.id), 'Free credits here!!!');
  produced.push(
    post,
    comment('aws', String(post.data.id), 'We measured it: worth it for Java.'),
    removed,
    submission('devops', 'Going serverless with Step Functions'),
  );
  // Something Reddit should never send: a submission without its title.
  const malformed = submission('aws', 'no title soon');
  delete malformed.data.title;
  reddit.add(...produced, malformed);
  const signals = new EventEmitter();
  const run = runProduce(['--source', 'reddit', '--subreddit', 'aws', '--track', 'serverless'], {
    root,
    env: {
      REDDIT_CLIENT_ID: CLIENT_ID,
      REDDIT_CLIENT_SECRET: CLIENT_SECRET,
      REDDIT_API_URL: reddit.url,
      REDDIT_AUTH_URL: reddit.url,
    },
    stderr: quiet(),
    signals,
  });
  await pollUntil(
    () => stats(stack),
    (s) => s.posts >= produced.length && s.deadLetters >= 1,
    60_000,
  );
  signals.emit('SIGINT');
  produceCode = await run;

  // 2. The collector: r/serverless (its RedditSubreddits parameter), with the secret's credentials.
  collected.push(
    submission('serverless', 'EventBridge Pipes in production'),
    submission('serverless', 'Cold starts, again', 'Numbers from #Lambda at scale'),
  );
  reddit.add(...collected);
  const collector = stack.template.functions.find((f) => f.logicalId === 'CollectorFunction')!;
  Object.assign(process.env, collector.environment, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsUrl,
    AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb,
    AWS_ENDPOINT_URL_KINESIS: stack.endpoints.kinesis,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    REDDIT_API_URL: reddit.url,
    REDDIT_AUTH_URL: reddit.url,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  jest.resetModules();
  const { handler } = await import('../../functions/collector/collector');
  collectorSummary = await handler(
    { sources: ['reddit'], windowSeconds: 20 },
    context(collector.name),
  );

  // 3. Replay: recorded listing pages, fresh ids and times (as `--source replay` sends them).
  const records: KinesisRecordInput[] = [];
  const replay = startReplay({
    file: join(findRepoRoot(), 'tests', 'fixtures', 'formats', 'reddit-listing.jsonl'),
    sink: (r) => {
      records.push(r);
      return Promise.resolve();
    },
  });
  replayed = (await replay.done).posts;
  await putRecords(stack, records);
  await pollUntil(
    () => stats(stack),
    (s) => s.posts >= produced.length + collected.length + replayed,
    90_000,
  );
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  await reddit?.close();
  await new Promise<void>((r) => secrets.close(() => r()));
  rmSync(root, { recursive: true, force: true });
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
});

describe('Reddit through the local stack', () => {
  it('counts every post of the producer, the collector and the replay once', async () => {
    expect(produceCode).toBe(0);
    expect(collectorSummary).toMatchObject({ checkpointed: true, reddit: { posts: 2 } });
    expect(replayed).toBe(6);
    expect((await stats(stack)).posts).toBe(produced.length + collected.length + replayed);
  });

  it('lists them in GET /api/posts as reddit posts, each with its reddit.com link', async () => {
    const { items } = await api<{ items: FeedPost[] }>(stack, '/posts?limit=100');
    const posts = items.filter((p) => p.source === 'reddit');
    expect(posts).toHaveLength(produced.length + collected.length + replayed);
    const ids = posts.map((p) => p.id);
    for (const thing of [...produced, ...collected]) expect(ids).toContain(idOf(thing));
    for (const p of posts) {
      expect(p.url).toMatch(/^https:\/\/www\.reddit\.com\/r\/(aws|devops|serverless)\/comments\//);
    }
    const first = posts.find((p) => p.id === idOf(produced[0]!))!;
    expect(first.url).toBe(`https://www.reddit.com${String(produced[0]!.data.permalink)}`);
    expect(first.hashtags).toEqual(['r/aws', 'SnapStart']);
  });

  it('counts each subreddit like a hashtag, r:aws shown as r/aws, with its posts and timeline', async () => {
    const { items } = await api<{ items: HashtagItem[] }>(stack, '/hashtags?window=all&limit=50');
    const aws = items.find((h) => h.tag === 'r:aws');
    // The producer's post and two comments, and the replay's two posts and three comments.
    expect(aws).toMatchObject({ display: 'r/aws', mentions: 3 + 5 });
    expect(items.find((h) => h.tag === 'r:serverless')).toMatchObject({ mentions: 2 + 1 });
    const tagged = await api<{ items: FeedPost[] }>(stack, '/posts?tag=r/aws&limit=100');
    expect(tagged.items).toHaveLength(8);
    const timeline = await api<{ tag: string; points: { mentions: number }[] }>(
      stack,
      '/hashtags/r%3Aaws/timeline?granularity=day',
    );
    expect(timeline.tag).toBe('r:aws');
    expect(timeline.points.reduce((n, p) => n + p.mentions, 0)).toBe(8);
  });

  it('dead-letters a malformed thing with its reason, and only that', async () => {
    const letters = await deadLetters(stack);
    expect(letters.map((l) => [l.code, l.reason])).toEqual([
      ['MISSING_FIELD', 'reddit: data.title is missing'],
    ]);
  });

  it('takes back a post removed on Reddit (the delete policy of every source)', async () => {
    const before = (await stats(stack)).posts;
    const gone: Thing = {
      kind: 't1',
      data: { ...removed.data, body: '[removed]', removed_by_category: 'moderator' },
    };
    await putRecords(stack, [{ partitionKey: partitionKeyFor(idOf(removed)), data: gone }]);
    const after = await pollUntil(
      () => stats(stack),
      (s) => s.posts === before - 1,
      30_000,
    );
    expect(after.posts).toBe(before - 1);
    // The counts are taken back in one transaction and the feed items right after it.
    const { items } = await pollUntil(
      () => api<{ items: FeedPost[] }>(stack, '/posts?limit=100'),
      (r) => !r.items.some((p) => p.id === idOf(removed)),
      10_000,
    );
    expect(items.map((p) => p.id)).not.toContain(idOf(removed));
  });
});
