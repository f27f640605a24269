import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { KinesisRecordInput } from '../../../../sources/kinesis/writer';
import { runProduce } from '../../../../sources/produce/run';
import { RedditAuthError, createRedditApi } from '../../../../sources/reddit/api';
import { startRedditSource } from '../../../../sources/reddit/source';
import { fixedTracks } from '../../../../sources/tracking/watch';
import { parseTerms } from '../../../../sources/tracking/terms';
import { flakyKinesis, waitFor, type FlakyKinesis } from '../produce/support/fake-kinesis';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  comment,
  fakeReddit,
  submission,
  type FakeReddit,
  type Thing,
} from './support/fake-reddit';

/**
 * `npm run produce -- --source reddit` against a fake Reddit and a Kinesis that refuses part of
 * every batch: subreddits and searches, cursors saved on stop and resumed after a restart, and
 * the source's loop on its own (term changes, refused feeds, refused credentials).
 */

function stderr(): Writable & { text(): string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & { text(): string };
  w.text = () => chunks.join('');
  return w;
}

let reddit: FakeReddit;
let root: string;
let kinesis: FlakyKinesis;

beforeEach(async () => {
  reddit = await fakeReddit({ quota: 1000, periodSeconds: 600 });
  root = mkdtempSync(join(tmpdir(), 'produce-reddit-'));
  writeFileSync(
    join(root, '.local-stack.json'),
    JSON.stringify({
      pid: process.pid,
      url: 'http://127.0.0.1:9',
      endpoints: { kinesis: 'http://127.0.0.1:9' },
      resources: { streams: { PostsStream: { name: 'PostsStream' } } },
    }),
  );
  kinesis = flakyKinesis();
});
afterEach(async () => {
  kinesis.restore();
  await reddit.close();
  rmSync(root, { recursive: true, force: true });
});

const env = () => ({
  REDDIT_CLIENT_ID: CLIENT_ID,
  REDDIT_CLIENT_SECRET: CLIENT_SECRET,
  REDDIT_USER_AGENT: 'test:social-stream:v0 (by /u/tester)',
  REDDIT_API_URL: reddit.url,
  REDDIT_AUTH_URL: reddit.url,
});

/** One producer run: until `expected` posts are in the stream, then Ctrl-C. */
async function produceUntil(expected: number, err = stderr()): Promise<number> {
  const signals = new EventEmitter();
  const run = runProduce(
    [
      '--source',
      'reddit',
      '--subreddit',
      'aws',
      '--subreddit',
      'r/Serverless',
      '--track',
      'snapstart',
    ],
    { root, env: env(), stderr: err, signals, writer: { sleep: async () => undefined } },
  );
  await waitFor(() => kinesis.postIds().length >= expected);
  signals.emit('SIGINT');
  return run;
}

describe('npm run produce -- --source reddit', () => {
  it('sends the subreddits and the search, each post once, and resumes after a restart', async () => {
    const first = [
      submission('aws', 'Lambda SnapStart for Node?', 'cold starts #serverless'),
      submission('Serverless', 'Step Functions tips'),
      submission('devops', 'SnapStart everywhere'),
    ];
    const reply = comment('aws', String(first[0]!.data.id), 'Measured it: worth it.');
    reddit.add(...first, reply);
    const err = stderr();
    expect(await produceUntil(4, err)).toBe(0);
    // r/aws's post, r/Serverless's, the search's (in r/devops) and the reply in r/aws.
    const idOf = (t: Thing) => `reddit:${String(t.data.name)}`;
    expect(kinesis.postIds().sort()).toEqual([...first, reply].map(idOf).sort());
    expect(kinesis.rejected).toBeGreaterThan(0);
    expect(err.text()).toMatch(/sent 4 {2}failed 0/);

    const file = join(root, '.data', 'reddit-cursor.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { cursors: Record<string, string> };
    expect(Object.keys(saved.cursors).sort()).toEqual([
      'r/aws/comments',
      'r/aws/new',
      'r/serverless/new',
      'search:snapstart',
    ]);

    // Restarted later: only what is new since the saved cursors goes out.
    const second = [
      submission('aws', 'S3 appends'),
      submission('serverless', 'EventBridge Pipes'),
      comment('aws', String(first[0]!.data.id), 'Second reply'),
    ];
    reddit.add(...second);
    const before = reddit.listings().length;
    const err2 = stderr();
    expect(await produceUntil(7, err2)).toBe(0);
    expect(err2.text()).toMatch(/Resuming 4 Reddit feed\(s\) from \.data\/reddit-cursor\.json/);
    const all = kinesis.postIds();
    expect(all).toHaveLength(7);
    expect(new Set(all).size).toBe(7);
    const resumed = reddit.listings().slice(before);
    expect(resumed.find((r) => r.path === '/r/aws/new')?.query.get('before')).toBe(
      saved.cursors['r/aws/new'],
    );
  });

  it('exits with 2 and says what to set when the credentials are missing', async () => {
    const err = stderr();
    const code = await runProduce(['--source', 'reddit', '--subreddit', 'aws'], {
      root,
      env: {},
      stderr: err,
      signals: new EventEmitter(),
    });
    expect(code).toBe(2);
    expect(err.text()).toMatch(/REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET are not set/);
  });

  it('stops with 1 when Reddit refuses the credentials, never printing the secret', async () => {
    const err = stderr();
    const code = await runProduce(['--source', 'reddit', '--subreddit', 'aws'], {
      root,
      env: { ...env(), REDDIT_CLIENT_SECRET: 'wrong-secret-Zq9Zq9' },
      stderr: err,
      signals: new EventEmitter(),
    });
    expect(code).toBe(1);
    expect(err.text()).toMatch(/refused the app's client id and secret/);
    expect(err.text()).not.toContain('wrong-secret-Zq9Zq9');
    expect(existsSync(join(root, '.data', 'reddit-cursor.json'))).toBe(false);
  });
});

describe('the Reddit source loop', () => {
  const api = () =>
    createRedditApi({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      authUrl: reddit.url,
      apiUrl: reddit.url,
      backoff: { initialMs: 5, maxMs: 5, rateLimitedMs: 5, attempts: 2 },
    });

  it('polls again every interval, skips a feed Reddit refuses and keeps the others', async () => {
    const sent: KinesisRecordInput[] = [];
    const logs: string[] = [];
    reddit.add(submission('aws', 'one'));
    const source = startRedditSource({
      api: api(),
      subreddits: ['aws'],
      tracks: fixedTracks([]),
      sink: async (r) => void sent.push(r),
      flush: async () => undefined,
      intervalMs: 20,
      log: (_l, m) => void logs.push(m),
    });
    await waitFor(() => sent.length === 1);
    reddit.add(submission('aws', 'two'));
    await waitFor(() => sent.length === 2);
    await source.stop();
    expect(sent.map((r) => (r.data as Thing).data.title)).toEqual(['one', 'two']);
    expect(source.stats()).toMatchObject({ failures: 0, posts: 2 });
    expect(source.stats().polls).toBeGreaterThanOrEqual(2);
    expect(source.cursors()['r/aws/new']).toBe(`t3_${String((sent[1]!.data as Thing).data.id)}`);
  });

  it('follows the tracked terms', async () => {
    const sent: KinesisRecordInput[] = [];
    reddit.add(submission('devops', 'about kubernetes'), submission('devops', 'about lambda'));
    let terms = parseTerms(['kubernetes']);
    const source = startRedditSource({
      api: api(),
      subreddits: [],
      tracks: { ...fixedTracks([]), current: () => terms },
      sink: async (r) => void sent.push(r),
      flush: async () => undefined,
      intervalMs: 20,
    });
    await waitFor(() => sent.length === 1);
    terms = parseTerms(['kubernetes', 'lambda']);
    await waitFor(() => sent.length === 2);
    await source.stop();
    expect(reddit.listings().some((r) => r.query.get('q') === 'kubernetes OR lambda')).toBe(true);
  });

  it('pauses a feed answering 403 and goes on with the others', async () => {
    const sent: KinesisRecordInput[] = [];
    const logs: string[] = [];
    reddit.add(submission('aws', 'one'));
    reddit.failNext(403);
    const source = startRedditSource({
      api: api(),
      subreddits: ['private', 'aws'],
      tracks: fixedTracks([]),
      sink: async (r) => void sent.push(r),
      flush: async () => undefined,
      intervalMs: 20,
      log: (_l, m) => void logs.push(m),
    });
    await waitFor(() => sent.length === 1);
    await source.stop();
    expect(source.stats().failures).toBe(1);
    expect(logs.join('\n')).toMatch(/answered 403.*skipping r\/private\/new for 10 minutes/);
    expect(reddit.listings().filter((r) => r.path === '/r/private/new')).toHaveLength(1);
  });

  it('ends with RedditAuthError when Reddit refuses the credentials', async () => {
    const source = startRedditSource({
      api: createRedditApi({
        clientId: CLIENT_ID,
        clientSecret: 'wrong',
        authUrl: reddit.url,
        apiUrl: reddit.url,
      }),
      subreddits: ['aws'],
      tracks: fixedTracks([]),
      sink: async () => undefined,
      flush: async () => undefined,
    });
    await expect(source.done).rejects.toBeInstanceOf(RedditAuthError);
    await source.stop();
  });
});
