import {
  DEFAULT_USER_AGENT,
  RedditAuthError,
  RedditHttpError,
  createRedditApi,
  type RedditApiOptions,
} from '../../../../sources/reddit/api';
import { createRateLimiter } from '../../../../sources/reddit/rate-limit';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  fakeReddit,
  submission,
  type FakeReddit,
} from './support/fake-reddit';

/** The Reddit API client against a fake Reddit on 127.0.0.1: tokens, rate limits, retries. */

let reddit: FakeReddit;
let sleeps: number[];
let clock: number;

function api(over: Partial<RedditApiOptions> = {}) {
  return createRedditApi({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    authUrl: reddit.url,
    apiUrl: reddit.url,
    // Waits are recorded, and the clock moves by them, instead of the test sleeping.
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    ...over,
  });
}

beforeEach(() => {
  sleeps = [];
  clock = Date.now();
});
afterEach(async () => {
  await reddit?.close();
});

describe('the Reddit API client', () => {
  it('gets an app-only token with HTTP Basic auth and reads listings with it', async () => {
    reddit = await fakeReddit();
    reddit.add(submission('aws', 'Hello r/aws'));
    const client = api({ userAgent: 'test:social-stream:v1 (by /u/tester)' });
    const page = await client.listing('/r/aws/new', { limit: '100' });
    expect(page.data.children).toHaveLength(1);
    const [token, listing] = reddit.requests;
    expect(token).toMatchObject({ method: 'POST', path: '/api/v1/access_token', status: 200 });
    expect(token?.authorization).toBe(
      `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
    );
    expect(listing?.authorization).toBe('bearer fake-token-1');
    expect(listing?.userAgent).toBe('test:social-stream:v1 (by /u/tester)');
    // Reddit escapes &, < and > in texts unless asked not to.
    expect(listing?.query.get('raw_json')).toBe('1');
    // The token is kept for the next request.
    await client.listing('/r/aws/new', {});
    expect(reddit.tokensIssued()).toBe(1);
    expect(client.stats()).toMatchObject({ requests: 2, tokens: 1 });
  });

  it('sends a descriptive User-Agent by default', async () => {
    reddit = await fakeReddit();
    await api().listing('/r/aws/new', {});
    expect(reddit.requests.map((r) => r.userAgent)).toEqual([
      DEFAULT_USER_AGENT,
      DEFAULT_USER_AGENT,
    ]);
  });

  it('fetches a new token on a 401 and tries again once', async () => {
    reddit = await fakeReddit();
    const client = api();
    await client.listing('/r/aws/new', {});
    reddit.revokeTokens();
    await client.listing('/r/aws/new', {});
    expect(reddit.tokensIssued()).toBe(2);
    expect(reddit.listings().map((r) => r.status)).toEqual([200, 401, 200]);
    expect(reddit.listings().at(-1)?.authorization).toBe('bearer fake-token-2');
  });

  it('renews the token before it expires', async () => {
    reddit = await fakeReddit({ tokenSeconds: 3600 });
    const client = api();
    await client.listing('/r/aws/new', {});
    clock += 3600_000 - 30_000; // inside the minute before expiry
    await client.listing('/r/aws/new', {});
    expect(reddit.tokensIssued()).toBe(2);
    expect(reddit.listings().every((r) => r.status === 200)).toBe(true);
  });

  it('refuses wrong credentials without retrying, and never quotes the secret', async () => {
    reddit = await fakeReddit();
    const client = api({ clientSecret: `${CLIENT_SECRET}-wrong` });
    const err = await client.listing('/r/aws/new', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedditAuthError);
    expect((err as Error).message).toMatch(/refused the app's client id and secret \(401\)/);
    expect((err as Error).message).not.toContain(CLIENT_SECRET);
    expect(reddit.requests).toHaveLength(1);
  });

  it('backs off on 5xx and 429, honouring the reset Reddit reports', async () => {
    reddit = await fakeReddit({ quota: 1000, periodSeconds: 42 });
    reddit.failNext(503, 500, 429);
    const client = api();
    const page = await client.listing('/r/aws/new', {});
    expect(page.kind).toBe('Listing');
    expect(reddit.listings().map((r) => r.status)).toEqual([503, 500, 429, 200]);
    // 2 s, then 4 s, then the period's reset (42 s, plus slack).
    expect(sleeps.slice(0, 2)).toEqual([2_000, 4_000]);
    expect(sleeps[2]).toBeGreaterThanOrEqual(41_000);
    expect(client.stats().retries).toBe(3);
  });

  it('gives up after its attempts, with the status, for the caller to try later', async () => {
    reddit = await fakeReddit();
    reddit.failNext(502, 502, 502);
    const client = api({
      backoff: { initialMs: 10, maxMs: 10, rateLimitedMs: 10, attempts: 3 },
    });
    const err = await client.listing('/r/aws/new', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedditHttpError);
    expect((err as RedditHttpError).status).toBe(502);
  });

  it('waits for the reset when the quota is spent, instead of earning a 429', async () => {
    reddit = await fakeReddit({ quota: 3, periodSeconds: 1 });
    const client = api({ now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
    const started = Date.now();
    for (let i = 0; i < 5; i++) await client.listing('/r/aws/new', {});
    expect(reddit.listings().map((r) => r.status)).not.toContain(429);
    expect(client.stats().rateLimitWaits).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(client.rateLimit().remaining).toBeDefined();
  });

  it('answers 403 and 404 at once (a private or missing subreddit): no retry helps', async () => {
    reddit = await fakeReddit();
    const err = await api()
      .listing('/r/aws/hot', {})
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'RedditHttpError', status: 404 });
    expect(reddit.listings()).toHaveLength(1);
  });
});

describe('the rate limiter', () => {
  const headers = (remaining: string, reset: string) =>
    new Headers({ 'x-ratelimit-remaining': remaining, 'x-ratelimit-reset': reset });

  it('lets requests go while the quota lasts, then waits for the reset', () => {
    const limiter = createRateLimiter();
    limiter.update(headers('3.0', '10'), 0);
    expect(limiter.take(0)).toBe(0);
    expect(limiter.take(0)).toBe(0);
    expect(limiter.take(0)).toBe(10_500);
    // Past the reset the quota is back.
    expect(limiter.take(10_600)).toBe(0);
  });

  it('ignores responses without its headers and headers it cannot read', () => {
    const limiter = createRateLimiter();
    limiter.update(new Headers(), 0);
    limiter.update(headers('lots', '-1'), 0);
    expect(limiter.take(0)).toBe(0);
  });
});
