import {
  chooseFeeds,
  feedItemsOf,
  feedKeysOf,
  type FeedCandidate,
} from '../../../functions/domain/feed';
import { fiveMinuteBucketOf } from '../../../functions/domain/time';
import { BUCKET_TTL_SECONDS } from '../../../functions/domain/keys';
import type { EnrichedPost } from '../../../functions/domain/workflow';

const NOW = 1_795_000_000;
const post: EnrichedPost = {
  id: 'x:1',
  source: 'x',
  text: 'Buying $AAPL and $amzn #AWS #aws #Cloud',
  createdAt: '2026-11-22T15:07:12+01:00',
  lang: 'en',
  author: { id: '1', handle: 'h' },
  hashtags: [
    { key: 'aws', display: 'AWS' },
    { key: 'cloud', display: 'Cloud' },
  ],
  cashtags: ['$AAPL', '$AMZN'],
  place: {
    id: 'p',
    name: 'Berlin',
    fullName: 'Berlin, Germany',
    countryCode: 'DE',
    lat: 1,
    lon: 2,
  },
  enrichStatus: 'OK',
  sentiment: 'POSITIVE',
  sentimentScore: { Positive: 0.9, Negative: 0, Neutral: 0.1, Mixed: 0 },
};

describe('feedItemsOf', () => {
  it('writes the post to _all, each hashtag and each cashtag feed, sorted by UTC time', () => {
    const items = feedItemsOf(post, NOW);
    expect(items.map((i) => i.pk)).toEqual([
      'FEED#_all',
      'FEED#aws',
      'FEED#cloud',
      'FEED#$aapl',
      'FEED#$amzn',
    ]);
    expect(new Set(items.map((i) => i.sk))).toEqual(new Set(['2026-11-22T14:07:12.000Z#x:1']));
    expect(items[0]).toMatchObject({
      id: 'x:1',
      createdAt: '2026-11-22T14:07:12.000Z',
      hashtags: ['AWS', 'Cloud'],
      placeName: 'Berlin, Germany',
      countryCode: 'DE',
      sentiment: 'POSITIVE',
      expiresAt: NOW + BUCKET_TTL_SECONDS.FEED,
    });
  });

  it('leaves sentiment out when the post has none', () => {
    const [item] = feedItemsOf(
      { ...post, enrichStatus: 'FAILED', sentiment: undefined, sentimentScore: undefined },
      NOW,
    );
    expect(item?.sentiment).toBeUndefined();
  });
});

describe('feedItemsOf with chosen keys', () => {
  it('writes only the keys given, in the order given', () => {
    expect(feedItemsOf(post, NOW, ['_all', '$aapl']).map((i) => i.pk)).toEqual([
      'FEED#_all',
      'FEED#$aapl',
    ]);
    expect(feedItemsOf(post, NOW, [])).toEqual([]);
  });
});

describe('feedKeysOf', () => {
  it('is _all, each counted hashtag once, each cashtag lower-cased', () => {
    expect(
      feedKeysOf({
        hashtags: [
          { key: 'aws', display: 'AWS' },
          { key: 'aws', display: 'aws' },
          { key: '_all', display: '_all' },
        ],
        cashtags: ['$AAPL'],
      }),
    ).toEqual(['_all', 'aws', '$aapl']);
  });
});

/** Post i of `n`, one second apart from 12:00:00, newest last; tags given per post. */
const candidate = (
  i: number,
  tags: string[],
  extra: Partial<FeedCandidate> = {},
): FeedCandidate => ({
  id: `x:${String(i).padStart(4, '0')}`,
  createdAt: new Date(Date.parse('2026-11-22T12:00:00Z') + i * 1000).toISOString(),
  hashtags: tags.map((key) => ({ key, display: key })),
  cashtags: [],
  ...extra,
});

const itemsOf = (chosen: Map<string, string[]>): number =>
  [...chosen.values()].reduce((n, keys) => n + keys.length, 0);

describe('chooseFeeds', () => {
  it('feeds a batch whole when its items fit the minimum budget', () => {
    const posts = Array.from({ length: 30 }, (_, i) => candidate(i, ['aws', 'cloud']));
    const chosen = chooseFeeds(posts);
    expect(itemsOf(chosen)).toBe(90);
    for (const p of posts) expect(chosen.get(p.id)).toEqual(['_all', 'aws', 'cloud']);
  });

  it('keeps the newest posts of every key, the same number for all, within the budget', () => {
    // 1,000 posts: 10 tags, each on every 10th post (100 each), all in one five-minute bucket.
    const posts = Array.from({ length: 1000 }, (_, i) =>
      candidate(i % 300, [`t${i % 10}`], { id: `x:${String(i).padStart(4, '0')}` }),
    );
    const chosen = chooseFeeds(posts, { minItems: 100, perPost: 0.4 });
    // Budget 400 over 11 keys: 36 each (396 items); 37 would be 407.
    expect(itemsOf(chosen)).toBe(396);
    expect(itemsOf(chosen) / posts.length).toBeLessThanOrEqual(0.4);
    const fed = (key: string) =>
      posts.filter((p) => chosen.get(p.id)?.includes(key)).map((p) => p.id);
    expect(fed('_all')).toHaveLength(36);
    expect(fed('t3')).toHaveLength(36);
    // The newest: no post of the key left out is newer than one fed.
    const oldestFed = Math.min(
      ...posts.filter((p) => chosen.get(p.id)?.includes('t3')).map((p) => Date.parse(p.createdAt)),
    );
    for (const p of posts.filter((q) => q.hashtags[0]?.key === 't3')) {
      if (!chosen.get(p.id)?.includes('t3')) {
        expect(Date.parse(p.createdAt)).toBeLessThanOrEqual(oldestFed);
      }
    }
  });

  it("feeds every key's newest post even when the keys alone exceed the budget", () => {
    const posts = Array.from({ length: 200 }, (_, i) => candidate(i, [`solo${i}`]));
    const chosen = chooseFeeds(posts, { minItems: 10, perPost: 0.1 });
    for (const p of posts) expect(chosen.get(p.id)).toContain(p.hashtags[0]?.key);
    expect(posts.filter((p) => chosen.get(p.id)?.includes('_all')).map((p) => p.id)).toEqual([
      'x:0199',
    ]);
  });

  it('chooses per five-minute bucket, so a batch spanning hours leaves posts in each', () => {
    const posts = Array.from({ length: 600 }, (_, i) => candidate(i * 30, ['aws']));
    const chosen = chooseFeeds(posts, { minItems: 0, perPost: 0.1 });
    const buckets = new Set(
      posts
        .filter((p) => chosen.get(p.id)?.includes('aws'))
        .map((p) => fiveMinuteBucketOf(p.createdAt)),
    );
    // 600 posts 30 s apart: 5 hours, 60 five-minute buckets of 10 posts; each keeps its newest.
    expect(buckets.size).toBe(60);
  });

  it('feeds an edit under every key: it replaces the earlier version in its feeds', () => {
    const posts = Array.from({ length: 1000 }, (_, i) => candidate(i, ['aws']));
    const edit = candidate(0, ['aws', 'rare'], { id: 'x:edit', replaces: ['x:0000'] });
    const chosen = chooseFeeds([...posts, edit], { minItems: 0, perPost: 0.01 });
    expect(chosen.get('x:edit')).toEqual(['_all', 'aws', 'rare']);
    expect(chosen.get('x:0000')).toEqual([]);
  });

  it('is the same whatever the order of the batch', () => {
    const posts = Array.from({ length: 500 }, (_, i) =>
      candidate(i % 97, [`t${i % 7}`], { id: `x:${i}` }),
    );
    const a = chooseFeeds(posts, { minItems: 0, perPost: 0.2 });
    const b = chooseFeeds([...posts].reverse(), { minItems: 0, perPost: 0.2 });
    expect(new Map([...b].sort())).toEqual(new Map([...a].sort()));
  });
});
