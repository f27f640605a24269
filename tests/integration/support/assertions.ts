import type { LocalStack } from '../../../local/stack';
import { expectedLatLon, type Counts, type Expected, type PostSpec } from './known-posts';
import { api, stats } from './stack';

interface HashtagItem extends Counts {
  tag: string;
  display: string;
}
interface LocationItem extends Counts {
  id: string;
  name: string;
  country?: string;
  countryCode?: string;
  lat: number;
  lon: number;
}
interface TimelinePoint extends Counts {
  t: string;
}
interface PostItem {
  id: string;
  createdAt: string;
  sentiment?: string;
}

const counts = (c: Counts): Counts => ({
  mentions: c.mentions,
  positive: c.positive,
  negative: c.negative,
  neutral: c.neutral,
  mixed: c.mixed,
});

/** Hashtags most mentioned first; the known set has no ties in mentions. */
function expectedTop(e: Expected): (Counts & { tag: string })[] {
  return [...e.hashtags]
    .map(([tag, c]) => ({ tag, ...counts(c) }))
    .sort((a, b) => b.mentions - a.mentions);
}

/**
 * Every API answer of the known set, compared with what the specs imply: /stats, /hashtags
 * (all and 1h), /locations, the minute timelines and /posts by tag and cashtag.
 */
export async function expectApiMatches(
  stack: LocalStack,
  specs: readonly PostSpec[],
  e: Expected,
): Promise<void> {
  const s = await stats(stack);
  expect({
    posts: s.posts,
    positive: s.positive,
    negative: s.negative,
    neutral: s.neutral,
    mixed: s.mixed,
    unsupported: s.unsupported,
    failed: s.failed,
  }).toEqual({
    posts: specs.length,
    positive: e.totals.positive,
    negative: e.totals.negative,
    neutral: e.totals.neutral,
    mixed: e.totals.mixed,
    unsupported: 0,
    failed: 0,
  });
  // The newest createdAt of the latest write (not a true maximum, see docs/architecture.md).
  expect(specs.map((p) => p.createdAt.toISOString())).toContain(s.lastPostAt);

  const top = expectedTop(e);
  for (const window of ['all', '1h']) {
    const body = await api<{ window: string; items: HashtagItem[] }>(
      stack,
      `/hashtags?window=${window}&limit=100`,
    );
    expect(body.window).toBe(window);
    expect(body.items.map((i) => ({ tag: i.tag, ...counts(i) }))).toEqual(top);
    for (const item of body.items) {
      // Mixed-case forms count as one tag; its display is one of the forms actually written.
      const written = specs.flatMap((p) => p.hashtags).filter((d) => d.toLowerCase() === item.tag);
      expect(written).toContain(item.display);
    }
  }
  const limited = await api<{ items: HashtagItem[] }>(stack, '/hashtags?window=1h&limit=2');
  expect(limited.items.map((i) => i.tag)).toEqual(top.slice(0, 2).map((t) => t.tag));

  const locations = await api<{ items: LocationItem[] }>(stack, '/locations?window=all');
  const expectedLocations = [...e.locations]
    .map(([id, l]) => ({
      id,
      name: l.place.name,
      country: l.place.country,
      countryCode: l.place.countryCode,
      ...counts(l),
    }))
    .sort((a, b) => b.mentions - a.mentions);
  expect(
    locations.items.map((l) => ({
      id: l.id,
      name: l.name,
      country: l.country,
      countryCode: l.countryCode,
      ...counts(l),
    })),
  ).toEqual(expectedLocations);
  for (const item of locations.items) {
    const place = e.locations.get(item.id)?.place;
    if (!place) throw new Error(`unexpected location ${item.id}`);
    const { lat, lon } = expectedLatLon(place);
    expect(item.lat).toBeCloseTo(lat, 5);
    expect(item.lon).toBeCloseTo(lon, 5);
  }
  const recent = await api<{ items: LocationItem[] }>(stack, '/locations?window=1h');
  expect(recent.items.map((l) => [l.id, l.mentions])).toEqual(
    expectedLocations.map((l) => [l.id, l.mentions]),
  );

  for (const [tag, buckets] of e.timelines) {
    const minutes = [...buckets.keys()].sort();
    const from = minutes[0] ?? '';
    const to = minutes[minutes.length - 1] ?? '';
    // Upper case on purpose: the path parameter is case-folded like the stored tags.
    const body = await api<{ tag: string; points: TimelinePoint[] }>(
      stack,
      `/hashtags/${encodeURIComponent(tag.toUpperCase())}/timeline?granularity=minute&from=${from}&to=${to}`,
    );
    expect(body.tag).toBe(tag === '_all' ? '_all' : tag);
    const zero = { mentions: 0, positive: 0, negative: 0, neutral: 0, mixed: 0 };
    const want: TimelinePoint[] = [];
    for (let t = Date.parse(from); t <= Date.parse(to); t += 60_000) {
      const iso = new Date(t).toISOString();
      want.push({ t: iso, ...counts(buckets.get(iso) ?? zero) });
    }
    expect(body.points.map((p) => ({ t: new Date(p.t).toISOString(), ...counts(p) }))).toEqual(
      want,
    );
  }

  for (const [key, ids] of e.postsByKey) {
    const query = key.startsWith('$') ? `cashtag=${key.slice(1).toUpperCase()}` : `tag=${key}`;
    const body = await api<{ items: PostItem[] }>(stack, `/posts?${query}&limit=100`);
    expect(body.items.map((p) => p.id).sort()).toEqual([...ids].sort());
    for (const p of body.items) expect(p.sentiment).toBe(e.sentimentOf.get(p.id));
    const times = body.items.map((p) => p.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  }
}
