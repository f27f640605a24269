import fc from 'fast-check';
import { aggregate, type CountablePost } from '../../../functions/domain/aggregate';
import { decodeCounts, encodeCounts, encodePosts } from '../../../functions/domain/pending-counts';
import { SENTIMENTS, SOURCES } from '../../../functions/domain/post';

/**
 * A pending delta stores its posts' counted fields, not their counts (about half the size);
 * the fold aggregates them again. Whatever the posts, the counts must come out the same, and the
 * deltas earlier versions wrote (the counts themselves) must still be read.
 */

const NOW = 1_795_000_000;

// Finite numbers, as the Post schema takes them (JSON and DynamoDB have no -0, NaN or infinity).
const degrees = (max: number) =>
  fc.double({ min: -max, max, noNaN: true, noDefaultInfinity: true }).map((x) => x + 0);

const place = fc.record(
  {
    id: fc.constantFrom('x:berlin', 'x:paris', 'de:köln'),
    name: fc.string({ maxLength: 12 }),
    fullName: fc.string({ maxLength: 20 }),
    country: fc.string({ maxLength: 10 }),
    countryCode: fc.constantFrom('DE', 'FR'),
    lat: degrees(90),
    lon: degrees(180),
    bbox: fc.tuple(degrees(180), degrees(90), degrees(180), degrees(90)),
    exact: fc.boolean(),
  },
  { requiredKeys: ['id', 'name'] },
);

// Posts as Persist holds them: the counted fields and others that counting does not read.
const arbPost = fc.record({
  id: fc.uuid(),
  text: fc.string({ maxLength: 40 }),
  author: fc.record({ id: fc.string(), handle: fc.string() }),
  source: fc.option(fc.constantFrom(...SOURCES), { nil: undefined }),
  lang: fc.option(fc.constantFrom('en', 'es', 'und', 'hi'), { nil: undefined }),
  createdAt: fc
    .integer({ min: Date.parse('2026-11-01T00:00:00Z'), max: Date.parse('2026-11-23T00:00:00Z') })
    .map((ms) => new Date(ms).toISOString()),
  hashtags: fc.array(
    fc
      .constantFrom('aws', 'serverless', 'ünïcode', 'tag_1', 'a')
      .chain((key) => fc.constantFrom(key, key.toUpperCase()).map((display) => ({ key, display }))),
    { maxLength: 20 },
  ),
  place: fc.option(place, { nil: undefined }),
  sentiment: fc.option(fc.constantFrom(...SENTIMENTS), { nil: undefined }),
  enrichStatus: fc.constantFrom('OK' as const, 'FAILED' as const, 'UNSUPPORTED_LANGUAGE' as const),
});

describe('pending deltas', () => {
  it("hold their posts' counted fields, from which the fold gets exactly the same counts", () => {
    fc.assert(
      fc.property(fc.array(arbPost, { maxLength: 40 }), (posts: CountablePost[]) => {
        expect(decodeCounts(encodePosts(posts, NOW))).toEqual(aggregate(posts, NOW));
      }),
      { numRuns: 80 },
    );
  });

  it('still read the counts that deltas and chunks hold themselves', () => {
    fc.assert(
      fc.property(fc.array(arbPost, { maxLength: 20 }), (posts: CountablePost[]) => {
        const counts = aggregate(posts, NOW);
        expect(decodeCounts(encodeCounts(counts))).toEqual(counts);
      }),
      { numRuns: 30 },
    );
  });

  it('are smaller than the counts of the same posts', () => {
    const posts: CountablePost[] = Array.from({ length: 99 }, (_, i) => ({
      id: `x:${1_800_000_000_000_000_000 + i}`,
      source: 'x',
      lang: i % 3 === 0 ? 'es' : 'en',
      createdAt: new Date(Date.UTC(2026, 10, 22, 14, i % 60, i)).toISOString(),
      hashtags: [
        { key: 'aws', display: 'AWS' },
        { key: `topic${i % 17}`, display: `Topic${i % 17}` },
      ],
      place:
        i % 4 === 0 ? { id: `x:p${i % 9}`, name: `Place ${i % 9}`, countryCode: 'DE' } : undefined,
      sentiment: SENTIMENTS[i % SENTIMENTS.length],
      enrichStatus: 'OK',
    }));
    const asPosts = encodePosts(posts, NOW).byteLength;
    const asCounts = encodeCounts(aggregate(posts, NOW)).byteLength;
    expect(asPosts * 2).toBeLessThan(asCounts);
  });
});
