import { createRedditApi } from '../../../../sources/reddit/api';
import { subredditFeeds, searchFeeds, searchQueries } from '../../../../sources/reddit/feeds';
import { isNewer, pollFeed } from '../../../../sources/reddit/poll';
import { createSeenIds } from '../../../../sources/tracking/seen';
import { parseTerms } from '../../../../sources/tracking/terms';
import type { KinesisRecordInput } from '../../../../sources/kinesis/writer';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  comment,
  fakeReddit,
  submission,
  type FakeReddit,
  type Thing,
} from './support/fake-reddit';

/** One poll of one feed, from its cursor: pages, order, duplicates, deleted anchors, deadlines. */

let reddit: FakeReddit;
let sent: KinesisRecordInput[];
const sink = async (r: KinesisRecordInput) => void sent.push(r);
const names = () => sent.map((r) => String((r.data as Thing).data.name));
const [awsNew, awsComments] = subredditFeeds('aws');

const client = () =>
  createRedditApi({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    authUrl: reddit.url,
    apiUrl: reddit.url,
  });

beforeEach(async () => {
  reddit = await fakeReddit();
  sent = [];
});
afterEach(() => reddit.close());

describe('pollFeed', () => {
  it('without a cursor reads only the newest page, and starts the cursor there', async () => {
    const posts = Array.from({ length: 130 }, (_, i) => submission('aws', `post ${i}`));
    reddit.add(...posts);
    const result = await pollFeed({ api: client(), feed: awsNew!, sink, seen: createSeenIds() });
    expect(result).toMatchObject({ posts: 100, pages: 1, complete: true });
    expect(result.cursor).toBe(posts.at(-1)!.data.name);
    // Oldest first, so the cursor only ever passes what is in the sink.
    expect(names()).toEqual(posts.slice(30).map((p) => p.data.name));
  });

  it('pages forward from the cursor with before, every new thing once, oldest first', async () => {
    const old = submission('aws', 'seen last time');
    const fresh = Array.from({ length: 250 }, (_, i) => submission('aws', `new ${i}`));
    reddit.add(old, ...fresh, submission('other', 'elsewhere'));
    const result = await pollFeed({
      api: client(),
      feed: awsNew!,
      cursor: String(old.data.name),
      sink,
      seen: createSeenIds(),
    });
    expect(result).toMatchObject({ posts: 250, pages: 3, complete: true });
    expect(names()).toEqual(fresh.map((p) => p.data.name));
    expect(result.cursor).toBe(fresh.at(-1)!.data.name);
    const befores = reddit.listings().map((r) => r.query.get('before'));
    expect(befores).toEqual([old.data.name, fresh[99]!.data.name, fresh[199]!.data.name]);
    expect(reddit.listings().every((r) => r.query.get('limit') === '100')).toBe(true);
  });

  it('sends each thing as its own record keyed by its post id, without the HTML copies', async () => {
    const post = submission('aws', 'Hello', 'body text');
    reddit.add(post, comment('aws', String(post.data.id), 'a reply'));
    await pollFeed({ api: client(), feed: awsComments!, sink, seen: createSeenIds() });
    expect(sent).toHaveLength(1);
    const thing = sent[0]!.data as Thing;
    expect(thing.kind).toBe('t1');
    expect(thing.data).not.toHaveProperty('body_html');
    expect(thing.data.body).toBe('a reply');
  });

  it('stops at the page limit or the deadline, keeping the cursor of what it sent', async () => {
    const old = submission('aws', 'anchor');
    const fresh = Array.from({ length: 250 }, (_, i) => submission('aws', `new ${i}`));
    reddit.add(old, ...fresh);
    const cut = await pollFeed({
      api: client(),
      feed: awsNew!,
      cursor: String(old.data.name),
      sink,
      seen: createSeenIds(),
      maxPages: 2,
    });
    expect(cut).toMatchObject({ posts: 200, complete: false, cursor: fresh[199]!.data.name });
    const late = await pollFeed({
      api: client(),
      feed: awsNew!,
      cursor: String(cut.cursor),
      sink,
      seen: createSeenIds(),
      deadline: 0,
    });
    expect(late).toMatchObject({ posts: 0, pages: 0, complete: false, cursor: cut.cursor });
  });

  it('recovers from a deleted before anchor by reading the newest page', async () => {
    const anchor = submission('aws', 'deleted soon');
    reddit.add(anchor);
    const first = await pollFeed({ api: client(), feed: awsNew!, sink, seen: createSeenIds() });
    reddit.remove(String(anchor.data.name));
    const later = [submission('aws', 'after 1'), submission('aws', 'after 2')];
    reddit.add(...later);
    const blind = await pollFeed({
      api: client(),
      feed: awsNew!,
      cursor: first.cursor,
      sink,
      seen: createSeenIds(),
    });
    expect(blind.posts).toBe(0);
    const checked = await pollFeed({
      api: client(),
      feed: awsNew!,
      cursor: first.cursor,
      sink,
      seen: createSeenIds(),
      checkAnchor: true,
    });
    expect(checked).toMatchObject({ posts: 2, anchorChecked: true, cursor: later[1]!.data.name });
  });

  it('skips things another feed sent already (a post in its subreddit and in a search)', async () => {
    reddit.add(submission('aws', 'serverless on aws'));
    const seen = createSeenIds();
    const api = client();
    const [search] = searchFeeds(parseTerms(['serverless']));
    await pollFeed({ api, feed: awsNew!, sink, seen });
    const again = await pollFeed({ api, feed: search!, sink, seen });
    expect(again).toMatchObject({ posts: 0, duplicates: 1 });
    expect(sent).toHaveLength(1);
    expect(reddit.listings()[1]?.query.get('sort')).toBe('new');
    expect(reddit.listings()[1]?.query.get('type')).toBe('link');
  });
});

describe('feeds', () => {
  it('orders fullnames as Reddit counts them', () => {
    expect(isNewer('t3_1gwcx0b', 't3_1gwcx0a')).toBe(true);
    expect(isNewer('t3_10000000', 't3_zzzzzzz')).toBe(true);
    expect(isNewer('t3_a', 't3_a')).toBe(false);
    expect(isNewer('junk', 't3_a')).toBe(false);
  });

  it('searches hashtags and cashtags by their word and keywords as phrases, OR-ed', () => {
    expect(searchQueries(parseTerms(['#AWS', '$aapl', 'machine learning']))).toEqual([
      'aws OR AAPL OR "machine learning"',
    ]);
    const many = parseTerms(Array.from({ length: 60 }, (_, i) => `keyword number ${i}`));
    const queries = searchQueries(many);
    expect(queries.length).toBeGreaterThan(1);
    expect(queries.every((q) => q.length <= 512)).toBe(true);
    expect(queries.join(' OR ').split(' OR ')).toHaveLength(60);
  });
});
