import type { Checkpoints } from '../../../functions/collector/checkpoints';
import {
  collect,
  type CollectConfig,
  type CollectDeps,
} from '../../../functions/collector/collect';
import { parseTerms } from '../../../sources/tracking/terms';
import { flakyKinesis, type FlakyKinesis } from '../sources/produce/support/fake-kinesis';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  comment,
  fakeReddit,
  submission,
  type FakeReddit,
  type Thing,
} from '../sources/reddit/support/fake-reddit';

/** Scheduled runs collecting Reddit from a fake Reddit on 127.0.0.1, with per-feed cursors. */

function memoryCheckpoints() {
  const reddit: Record<string, string> = {};
  let saves = 0;
  const checkpoints: Checkpoints = {
    blueskyCursor: async () => undefined,
    saveBlueskyCursor: async () => undefined,
    xSinceId: async () => undefined,
    saveXSinceId: async () => undefined,
    redditCursors: async () => ({ ...reddit }),
    saveRedditCursor: async (feed, fullname) => {
      reddit[feed] = fullname;
      saves++;
    },
  };
  return { reddit, checkpoints, saves: () => saves };
}

const idOf = (t: Thing) => `reddit:${String(t.data.name)}`;

describe('collect: reddit', () => {
  let kinesis: FlakyKinesis;
  let reddit: FakeReddit;
  const logs: string[] = [];
  beforeEach(async () => {
    kinesis = flakyKinesis();
    reddit = await fakeReddit({ quota: 100, periodSeconds: 600 });
    logs.length = 0;
  });
  afterEach(async () => {
    kinesis.restore();
    await reddit.close();
  });

  const config = (over: Partial<CollectConfig> = {}): CollectConfig => ({
    sources: ['reddit'],
    windowMs: 60_000,
    subreddits: ['aws'],
    redditApiUrl: reddit.url,
    redditAuthUrl: reddit.url,
    ...over,
  });
  const deps = (checkpoints: Checkpoints, over: Partial<CollectDeps> = {}): CollectDeps => ({
    terms: parseTerms(['#serverless']),
    sink: (r) => kinesis.writer.put(r),
    flush: async () => {
      await kinesis.writer.flush();
      return kinesis.writer.stats().failed;
    },
    checkpoints,
    xToken: async () => undefined,
    redditCredentials: async () => ({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
    deadline: Date.now() + 20_000,
    log: (_level, message) => logs.push(message),
    ...over,
  });

  it('collects the subreddit and the search, then only what is new on the next run', async () => {
    const post = submission('aws', 'Lambda tips');
    const first = [
      post,
      comment('aws', String(post.data.id), 'nice'),
      submission('devops', 'serverless ops'),
    ];
    reddit.add(...first);
    const store = memoryCheckpoints();
    const run1 = await collect(config(), deps(store.checkpoints));
    expect(run1).toMatchObject({
      terms: 1,
      checkpointed: true,
      reddit: { posts: 3, feeds: 3, complete: true },
    });
    expect(kinesis.postIds().sort()).toEqual(first.map(idOf).sort());
    expect(store.reddit).toEqual({
      'r/aws/new': post.data.name,
      'r/aws/comments': first[1]!.data.name,
      'search:serverless': first[2]!.data.name,
    });

    const second = [submission('aws', 'S3 news'), submission('aws', 'more serverless')];
    reddit.add(...second);
    const before = reddit.listings().length;
    const run2 = await collect(config(), deps(store.checkpoints));
    // The serverless post in r/aws is in both feeds: sent once.
    expect(run2).toMatchObject({ reddit: { posts: 2 } });
    expect(kinesis.postIds().sort()).toEqual([...first, ...second].map(idOf).sort());
    const resumed = reddit.listings().slice(before);
    expect(resumed.find((r) => r.path === '/r/aws/new')?.query.get('before')).toBe(post.data.name);
    expect(store.reddit['r/aws/new']).toBe(second[1]!.data.name);
  });

  it('collects the chosen subreddits with no term tracked', async () => {
    reddit.add(submission('aws', 'one'));
    const summary = await collect(
      config({ sources: ['bluesky', 'reddit'] }),
      deps(memoryCheckpoints().checkpoints, { terms: [] }),
    );
    expect(summary).toMatchObject({
      terms: 0,
      bluesky: { skipped: 'no terms tracked' },
      reddit: { posts: 1, feeds: 2 },
    });
  });

  it('keeps the cursors when a record could not be written', async () => {
    reddit.add(submission('aws', 'one'));
    const store = memoryCheckpoints();
    const summary = await collect(config(), deps(store.checkpoints, { flush: async () => 1 }));
    expect(summary.checkpointed).toBe(false);
    expect(store.saves()).toBe(0);
  });

  it('ends a feed whose rate-limit wait outlasts the run; the other feeds go on', async () => {
    reddit.add(submission('aws', 'one'), submission('devops', 'serverless two'));
    reddit.failNext(429);
    const store = memoryCheckpoints();
    const summary = await collect(config(), deps(store.checkpoints));
    expect(summary).toMatchObject({ reddit: { complete: false }, checkpointed: true });
    const failures = (summary.reddit as { failures: string[] }).failures;
    expect(failures).toEqual([
      expect.stringMatching(/^r\/aws\/new: a \d+ s wait is past the run's end/),
    ]);
    expect(store.reddit['r/aws/new']).toBeUndefined();
    expect(store.reddit['search:serverless']).toBeDefined();
  });

  it('skips Reddit without credentials, and reports credentials Reddit refuses', async () => {
    const none = await collect(
      config(),
      deps(memoryCheckpoints().checkpoints, { redditCredentials: async () => undefined }),
    );
    expect(none.reddit).toEqual({ skipped: 'no Reddit credentials (set RedditSecretArn)' });
    const refused = await collect(
      config(),
      deps(memoryCheckpoints().checkpoints, {
        redditCredentials: async () => ({ clientId: CLIENT_ID, clientSecret: 'wrong-Zq9Zq9' }),
      }),
    );
    expect(refused.reddit).toEqual({ error: expect.stringMatching(/refused the app's client id/) });
    expect(JSON.stringify(refused)).not.toContain('wrong-Zq9Zq9');
  });
});
