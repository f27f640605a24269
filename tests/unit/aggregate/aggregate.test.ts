import fc from 'fast-check';
import {
  aggregate,
  countedHashtags,
  counterKey,
  MAX_COUNTED_HASHTAGS,
  mergeAggregates,
  postCounters,
  splitAggregate,
  type CountablePost,
} from '../../../functions/domain/aggregate';
import { BUCKET_TTL_SECONDS } from '../../../functions/domain/keys';
import { SENTIMENTS } from '../../../functions/domain/post';

const NOW = 1_795_000_000;

const post = (id: string, extra: Partial<CountablePost> = {}): CountablePost => ({
  id,
  createdAt: '2026-11-22T14:07:12.000Z',
  hashtags: [{ key: 'aws', display: 'AWS' }],
  enrichStatus: 'OK',
  sentiment: 'POSITIVE',
  ...extra,
});

const berlin = { id: 'x:berlin', name: 'Berlin', countryCode: 'DE', lat: 52.52, lon: 13.4 };

describe('postCounters', () => {
  it('counts a hashtag in all-time, day, hour, five-minute and minute buckets', () => {
    const items = postCounters(post('a'), NOW).filter((c) => c.pk === 'TAG#aws');
    expect(items.map((c) => [c.sk, c.scope])).toEqual([
      ['ALL', 'TAGS#ALL'],
      ['D#2026-11-22', 'TAGS#D#2026-11-22'],
      ['H#2026-11-22T14', 'TAGS#H#2026-11-22T14'],
      ['F#2026-11-22T14:05', 'TAGS#F#2026-11-22T14:05'],
      ['M#2026-11-22T14:07', undefined],
    ]);
    expect(items[0]).toMatchObject({ tag: 'aws', display: 'AWS', mentions: 1, positive: 1 });
    expect(items[0]?.expiresAt).toBeUndefined();
    expect(items[4]?.expiresAt).toBe(NOW + BUCKET_TTL_SECONDS.M);
  });

  it('counts every post in _all without a scope, and places with LOCS scopes', () => {
    const items = postCounters(post('a', { place: berlin }), NOW);
    const all = items.filter((c) => c.pk === 'TAG#_all');
    expect(all.map((c) => c.sk)).toEqual([
      'ALL',
      'D#2026-11-22',
      'H#2026-11-22T14',
      'F#2026-11-22T14:05',
      'M#2026-11-22T14:07',
    ]);
    expect(all.every((c) => c.scope === undefined)).toBe(true);
    const locs = items.filter((c) => c.pk === 'LOC#x:berlin');
    expect(locs.map((c) => c.scope)).toEqual([
      'LOCS#ALL',
      'LOCS#D#2026-11-22',
      'LOCS#H#2026-11-22T14',
      'LOCS#F#2026-11-22T14:05',
    ]);
    expect(locs[1]).toMatchObject({
      name: 'Berlin',
      lat: 52.52,
      lon: 13.4,
      expiresAt: NOW + BUCKET_TTL_SECONDS.D,
    });
  });

  it('buckets by createdAt in UTC', () => {
    const items = postCounters(post('a', { createdAt: '2026-11-23T00:30:00+02:00' }), NOW);
    expect(items.find((c) => c.pk === 'TAG#aws' && c.sk.startsWith('D#'))?.sk).toBe('D#2026-11-22');
    expect(items[0]?.lastSeen).toBe('2026-11-22T22:30:00.000Z');
  });

  it('adds mentions but no sentiment for posts without one', () => {
    const [c] = postCounters(post('a', { enrichStatus: 'FAILED', sentiment: undefined }), NOW);
    expect(c).toMatchObject({ mentions: 1, positive: 0, negative: 0, neutral: 0, mixed: 0 });
  });
});

describe('countedHashtags', () => {
  it('dedupes by key, skips _all and caps at the transaction budget', () => {
    const tags = [
      { key: 'aws', display: 'AWS' },
      { key: 'aws', display: 'aws' },
      { key: '_all', display: '_all' },
      ...Array.from({ length: 40 }, (_, i) => ({ key: `t${i}`, display: `T${i}` })),
    ];
    const counted = countedHashtags(tags);
    expect(counted[0]).toEqual({ key: 'aws', display: 'AWS' });
    expect(counted.map((t) => t.key)).not.toContain('_all');
    expect(counted).toHaveLength(MAX_COUNTED_HASHTAGS);
  });
});

describe('aggregate', () => {
  it('sums posts into one delta per counter item, and totals', () => {
    const { counters, totals } = aggregate(
      [
        post('a'),
        post('b', { sentiment: 'NEGATIVE', createdAt: '2026-11-22T14:09:00.000Z' }),
        post('c', { enrichStatus: 'UNSUPPORTED_LANGUAGE', sentiment: undefined }),
        post('d', { enrichStatus: 'FAILED', sentiment: undefined, hashtags: [] }),
      ],
      NOW,
    );
    expect(counters.get(counterKey('TAG#aws', 'ALL'))).toMatchObject({
      mentions: 3,
      positive: 1,
      negative: 1,
      lastSeen: '2026-11-22T14:09:00.000Z',
    });
    expect(counters.get(counterKey('TAG#_all', 'ALL'))).toMatchObject({ mentions: 4 });
    expect(totals).toEqual({
      posts: 4,
      positive: 1,
      negative: 1,
      neutral: 0,
      mixed: 0,
      unsupported: 1,
      failed: 1,
      lastPostAt: '2026-11-22T14:09:00.000Z',
    });
  });

  const arbPost = fc.record({
    id: fc.uuid(),
    createdAt: fc
      .integer({ min: Date.parse('2026-11-22T00:00:00Z'), max: Date.parse('2026-11-23T00:00:00Z') })
      .map((ms) => new Date(ms).toISOString()),
    hashtags: fc.array(
      fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f').map((key) => ({ key, display: key })),
      { maxLength: 12 },
    ),
    place: fc.option(fc.constantFrom(berlin, { ...berlin, id: 'x:paris', name: 'Paris' }), {
      nil: undefined,
    }),
    sentiment: fc.option(fc.constantFrom(...SENTIMENTS), { nil: undefined }),
    enrichStatus: fc.constantFrom('OK' as const, 'FAILED' as const),
  });

  it('conserves counts: each counter sums exactly the posts that touch it', () => {
    fc.assert(
      fc.property(fc.array(arbPost, { maxLength: 25 }), (posts) => {
        const { counters, totals } = aggregate(posts, NOW);
        const touched = posts.map(
          (p) => new Set(postCounters(p, NOW).map((d) => counterKey(d.pk, d.sk))),
        );
        const wrong = [...counters].filter(
          ([key, c]) =>
            c.positive + c.negative + c.neutral + c.mixed > c.mentions ||
            c.mentions !== touched.filter((keys) => keys.has(key)).length,
        );
        expect(wrong).toEqual([]);
        expect(totals.posts).toBe(posts.length);
        expect(counters.get(counterKey('TAG#_all', 'ALL'))?.mentions ?? 0).toBe(posts.length);
      }),
      { numRuns: 50 },
    );
  });
});

describe('mergeAggregates and splitAggregate', () => {
  const posts = fc.array(
    fc.record({
      tags: fc.integer({ min: 0, max: 6 }),
      shared: fc.boolean(),
      minute: fc.integer({ min: 0, max: 59 }),
      sentiment: fc.constantFrom(...SENTIMENTS),
    }),
    { maxLength: 80 },
  );
  const build = (specs: { tags: number; shared: boolean; minute: number; sentiment: string }[]) =>
    specs.map((s, i) =>
      post(`p${i}`, {
        createdAt: `2026-11-22T14:${String(s.minute).padStart(2, '0')}:00.000Z`,
        place: s.shared ? berlin : undefined,
        sentiment: s.sentiment as CountablePost['sentiment'],
        hashtags: Array.from({ length: s.tags }, (_, t) => ({
          key: s.shared ? `shared${t}` : `own${i}x${t}`,
          display: 'x',
        })),
      }),
    );

  it('merges the aggregates of consecutive parts of a batch into the aggregate of the batch', () => {
    fc.assert(
      fc.property(posts, fc.integer({ min: 1, max: 30 }), (specs, size) => {
        const all = build(specs);
        const parts = [];
        for (let i = 0; i < all.length; i += size)
          parts.push(aggregate(all.slice(i, i + size), NOW));
        expect(mergeAggregates(parts)).toEqual(aggregate(all, NOW));
      }),
      { numRuns: 60 },
    );
  });

  it('splits an aggregate into parts of at most n counters whose merge is the whole', () => {
    fc.assert(
      fc.property(posts, fc.integer({ min: 1, max: 40 }), (specs, n) => {
        const whole = aggregate(build(specs), NOW);
        const parts = splitAggregate(whole, n);
        for (const p of parts) expect(p.counters.size).toBeLessThanOrEqual(n);
        expect(parts.filter((p) => p.totals.posts !== 0).length).toBeLessThanOrEqual(1);
        expect(mergeAggregates(parts)).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('leaves the aggregates it merges as they were', () => {
    const a = aggregate(build([{ tags: 1, shared: true, minute: 1, sentiment: 'POSITIVE' }]), NOW);
    const before = structuredClone(a);
    mergeAggregates([a, a]);
    expect(a).toEqual(before);
  });
});
