import { createDemoGenerator, type DemoRecord } from '../../../sources/demo/generator';
import { LANGUAGES } from '../../../sources/demo/languages';
import { CITIES, CONTINENTS } from '../../../sources/demo/places';
import { generate, START, steppingClock } from './demo-helpers';

const N = 3000;
const records = generate(42, N);
const share = (pred: (r: DemoRecord) => boolean, of: DemoRecord[] = records): number =>
  of.filter(pred).length / of.length;
const text = (r: DemoRecord): string => {
  const d = r.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (r.meta.format === 'x-v2') return d.data.text;
  if (r.meta.format === 'x-v1') return d.extended_tweet?.full_text ?? d.text;
  return d.commit.record.text;
};

describe('createDemoGenerator: determinism', () => {
  it('produces the same records for the same seed and clock', () => {
    expect(JSON.stringify(generate(7, 400))).toBe(JSON.stringify(generate(7, 400)));
  });

  it('produces different records for another seed', () => {
    const a = generate(7, 50).map((r) => text(r));
    const b = generate(8, 50).map((r) => text(r));
    expect(a).not.toEqual(b);
  });

  it('keeps post content independent of how fast the clock runs', () => {
    // Trends step with the clock, but draw from their own stream: the first post, before any
    // trend step, must not depend on the clock speed.
    const slow = createDemoGenerator({ seed: 3, now: steppingClock(1) }).next();
    const fast = createDemoGenerator({ seed: 3, now: steppingClock(60_000) }).next();
    expect(text(slow)).toBe(text(fast));
  });

  it('stamps createdAt from the clock it is given', () => {
    const g = createDemoGenerator({ seed: 1, now: () => new Date(START) });
    for (let i = 0; i < 30; i++) {
      const r = g.next();
      const d = r.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      if (r.meta.format === 'x-v2') expect(d.data.created_at).toBe(new Date(START).toISOString());
      if (r.meta.format === 'x-v1') expect(d.timestamp_ms).toBe(String(START));
      if (r.meta.format === 'bsky') {
        expect(d.commit.record.createdAt).toBe(new Date(START).toISOString());
      }
    }
  });
});

describe('createDemoGenerator: ids', () => {
  it('gives every post a unique id', () => {
    expect(new Set(records.map((r) => r.meta.postId)).size).toBe(N);
  });

  it('issues X ids as increasing decimal strings beyond 2^53, even with a stalled clock', () => {
    const stalled = createDemoGenerator({ seed: 5, now: () => new Date(START) });
    for (const list of [records, Array.from({ length: 500 }, () => stalled.next())]) {
      const ids = list.filter((r) => r.meta.format !== 'bsky').map((r) => r.meta.postId.slice(2));
      for (const id of ids) expect(id).toMatch(/^\d{19}$/);
      expect(BigInt(ids[0] ?? '0')).toBeGreaterThan(2n ** 53n);
      for (let i = 1; i < ids.length; i++) {
        expect(BigInt(ids[i] ?? '0')).toBeGreaterThan(BigInt(ids[i - 1] ?? '0'));
      }
    }
  });

  it('issues increasing Bluesky record keys (TIDs) and time_us', () => {
    const bsky = records.filter((r) => r.meta.format === 'bsky');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const commits = bsky.map((r) => r.data as any);
    for (let i = 1; i < commits.length; i++) {
      expect(commits[i].commit.rkey > commits[i - 1].commit.rkey).toBe(true);
      expect(commits[i].time_us).toBeGreaterThan(commits[i - 1].time_us);
    }
    for (const c of commits) expect(c.commit.rkey).toMatch(/^[2-7a-z]{13}$/);
  });

  it('derives the partition key from the post id, spread evenly', () => {
    const firstHexDigit = new Map<string, number>();
    for (const r of records) {
      expect(r.partitionKey).toMatch(/^[0-9a-f]{32}$/);
      const d = r.partitionKey.charAt(0);
      firstHexDigit.set(d, (firstHexDigit.get(d) ?? 0) + 1);
    }
    expect(firstHexDigit.size).toBe(16);
    for (const n of firstHexDigit.values()) expect(n).toBeGreaterThan(N / 16 / 2);
  });
});

describe('createDemoGenerator: content mix', () => {
  it('is mostly X v2, some X v1.1 and some Bluesky', () => {
    expect(share((r) => r.meta.format === 'x-v2')).toBeGreaterThan(0.5);
    expect(share((r) => r.meta.format === 'x-v1')).toBeGreaterThan(0.15);
    expect(share((r) => r.meta.format === 'bsky')).toBeGreaterThan(0.08);
  });

  it('can be asked for one format only', () => {
    const g = createDemoGenerator({
      seed: 1,
      now: steppingClock(20),
      formatWeights: { 'x-v2': 0, 'x-v1': 0, bsky: 1 },
    });
    for (let i = 0; i < 100; i++) expect(g.next().meta.format).toBe('bsky');
  });

  it('writes in many languages, English about half', () => {
    const langs = new Map<string, number>();
    for (const r of records) langs.set(r.meta.lang, (langs.get(r.meta.lang) ?? 0) + 1);
    expect(langs.size).toBeGreaterThanOrEqual(8);
    expect([...langs.values()].filter((n) => n >= 30).length).toBeGreaterThanOrEqual(5);
    expect((langs.get('en') ?? 0) / N).toBeGreaterThan(0.4);
    expect((langs.get('en') ?? 0) / N).toBeLessThan(0.6);
  });

  it('has about 35% positive, 25% negative, 35% neutral and 5% mixed posts', () => {
    const originals = records.filter((r) => !r.meta.isRetweet);
    expect(share((r) => r.meta.tone === 'positive', originals)).toBeCloseTo(0.35, 1);
    expect(share((r) => r.meta.tone === 'negative', originals)).toBeCloseTo(0.25, 1);
    expect(share((r) => r.meta.tone === 'neutral', originals)).toBeCloseTo(0.35, 1);
    expect(share((r) => r.meta.tone === 'mixed', originals)).toBeGreaterThan(0.02);
    expect(share((r) => r.meta.tone === 'mixed', originals)).toBeLessThan(0.1);
  });

  it('uses sentiment-bearing English vocabulary that matches the tone', () => {
    // Retweets carry a cut copy of the text; their originals are checked instead.
    const en = (tone: string) =>
      records.filter((r) => r.meta.lang === 'en' && r.meta.tone === tone && !r.meta.isRetweet);
    const positive = /\b(lo+ve+|goo+d|amazing|best|brilliant|happy|wonderful|not bad|thank)/i;
    const negative =
      /\b(hate|terrible|awful|worst|disappointing|horrible|broken|angry|waste|failing)/i;
    expect(share((r) => positive.test(text(r)), en('positive'))).toBeGreaterThan(0.95);
    expect(share((r) => negative.test(text(r)), en('negative'))).toBeGreaterThan(0.8);
    expect(
      share((r) => positive.test(text(r)) || negative.test(text(r)), en('neutral')),
    ).toBeLessThan(0.1);
    expect(share((r) => / but |shame|sad|bad news/.test(text(r)), en('mixed'))).toBeGreaterThan(
      0.9,
    );
  });

  it('has negation, emoji, emoticons, elongations, URLs and @mentions', () => {
    const all = records.map(text);
    const some = (re: RegExp): number => all.filter((t) => re.test(t)).length;
    expect(some(/\b(not|n't|no|nicht|pas|não)\b/i)).toBeGreaterThan(50);
    expect(some(/\p{Extended_Pictographic}/u)).toBeGreaterThan(300);
    expect(some(/(^|\s)(:\)|:D|<3|;\)|:\(|:'\(|>:\(|:\/)(\s|$)/)).toBeGreaterThan(50);
    expect(some(/\b(so{3,}|lo{1}ve{3,}|go{4,}d|ye{3,}s)\b/i)).toBeGreaterThan(10);
    expect(some(/https:\/\/\S+/)).toBeGreaterThan(200);
    expect(some(/(^|\s)@[\w.-]+/)).toBeGreaterThan(200);
  });

  it('has hashtags and cashtags', () => {
    expect(share((r) => r.meta.hashtags.length > 0)).toBeGreaterThan(0.6);
    const cashtags = new Set(records.flatMap((r) => r.meta.cashtags));
    for (const c of ['$AAPL', '$TSLA', '$NVDA', '$BTC']) expect(cashtags).toContain(c);
    expect(share((r) => r.meta.cashtags.length > 0)).toBeGreaterThan(0.05);
  });

  it('has replies and retweets', () => {
    expect(share((r) => r.meta.isReply)).toBeGreaterThan(0.08);
    const x = records.filter((r) => r.meta.format !== 'bsky');
    expect(share((r) => r.meta.isRetweet, x)).toBeGreaterThan(0.06);
    expect(share((r) => r.meta.isRetweet && r.meta.format === 'bsky')).toBe(0);
  });

  it('places about 60% of X posts, on every continent, some with exact coordinates', () => {
    const x = records.filter((r) => r.meta.format !== 'bsky');
    expect(share((r) => r.meta.city !== undefined, x)).toBeGreaterThan(0.5);
    expect(share((r) => r.meta.city !== undefined, x)).toBeLessThan(0.7);
    expect(new Set(x.map((r) => r.meta.continent).filter(Boolean))).toEqual(new Set(CONTINENTS));
    const placed = x.filter((r) => r.meta.city !== undefined);
    expect(share((r) => r.meta.exactCoordinates, placed)).toBeGreaterThan(0.15);
    expect(share((r) => r.meta.exactCoordinates, placed)).toBeLessThan(0.35);
    expect(records.some((r) => r.meta.format === 'bsky' && r.meta.city)).toBe(false);
  });
});

describe('cities', () => {
  it('has at least 40 cities on every continent with sane bounding boxes', () => {
    expect(CITIES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CITIES.map((c) => c.continent))).toEqual(new Set(CONTINENTS));
    for (const c of CITIES) {
      const [w, s, e, n] = c.bbox;
      expect(w).toBeLessThan(e);
      expect(s).toBeLessThan(n);
      // A city, not a country: under 1.5 degrees either way.
      expect(e - w).toBeLessThan(1.5);
      expect(n - s).toBeLessThan(1.5);
      expect(c.countryCode).toMatch(/^[A-Z]{2}$/);
      expect(c.fullName.startsWith(c.name)).toBe(true);
    }
    expect(new Set(CITIES.map((c) => c.id)).size).toBe(CITIES.length);
  });

  it('has cities where each generated language is spoken', () => {
    for (const { code } of LANGUAGES) {
      expect(CITIES.filter((c) => c.langs.includes(code)).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('places posts mostly where their language is spoken', () => {
    const placed = records.filter((r) => r.meta.city !== undefined);
    const local = (r: DemoRecord) =>
      CITIES.find((c) => c.name === r.meta.city)?.langs.includes(r.meta.lang) === true;
    expect(share(local, placed)).toBeGreaterThan(0.75);
  });
});

describe('createDemoGenerator: trends', () => {
  it('lets topics drift and burst: some topic spikes well above its usual share for a minute', () => {
    // 45 minutes at 5 posts/s of clock time.
    const long = generate(11, 13_500, 200);
    const perMinute = new Map<number, Map<string, number>>();
    for (const r of long) {
      const ms = Date.parse(
        r.meta.format === 'x-v1'
          ? new Date(Number((r.data as { timestamp_ms: string }).timestamp_ms)).toISOString()
          : r.meta.format === 'x-v2'
            ? (r.data as { data: { created_at: string } }).data.created_at
            : (r.data as { commit: { record: { createdAt: string } } }).commit.record.createdAt,
      );
      const minute = Math.floor((ms - START) / 60_000);
      const m = perMinute.get(minute) ?? new Map<string, number>();
      m.set(r.meta.topic, (m.get(r.meta.topic) ?? 0) + 1);
      perMinute.set(minute, m);
    }
    const topics = new Set(long.map((r) => r.meta.topic));
    let spikes = 0;
    for (const topic of topics) {
      const shares = [...perMinute.values()].map((m) => (m.get(topic) ?? 0) / 300).sort();
      const median = shares[Math.floor(shares.length / 2)] ?? 0;
      const max = shares[shares.length - 1] ?? 0;
      if (max > 0.2 && max > 3 * median) spikes++;
    }
    expect(spikes).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
