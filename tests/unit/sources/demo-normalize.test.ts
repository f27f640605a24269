import {
  jetstreamCommitSchema,
  parseAndNormalize,
  xV1StatusSchema,
  xV2StreamPayloadSchema,
} from '../../../functions/domain/normalize';
import { hashtagKey } from '../../../functions/domain/text';
import type { Post } from '../../../functions/domain/post';
import { createDemoGenerator, type DemoRecord } from '../../../sources/demo/generator';
import { generate, steppingClock } from './demo-helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- the records are raw source JSON */

const records = generate(2026, 3000);
const SCHEMAS = {
  'x-v2': xV2StreamPayloadSchema,
  'x-v1': xV1StatusSchema,
  bsky: jetstreamCommitSchema,
};
const FORMATS = { 'x-v2': 'x-v2', 'x-v1': 'x-v1', bsky: 'bsky-jetstream' } as const;

const cache = new Map<DemoRecord, Post>();

function normalized(r: DemoRecord): Post {
  const hit = cache.get(r);
  if (hit) return hit;
  // Through the same path as ingest: bytes on the stream, then decode, parse, normalize.
  const result = parseAndNormalize(Buffer.from(JSON.stringify(r.data)));
  if (!result.ok) throw new Error(`${r.meta.format} rejected: ${result.code} ${result.reason}`);
  expect(result.format).toBe(FORMATS[r.meta.format]);
  cache.set(r, result.post);
  return result.post;
}

const uniqueByKey = (tags: string[]): string[] => [...new Set(tags.map(hashtagKey))];

describe('demo records through the ingest normalizers', () => {
  it("stay within the networks' length limits", () => {
    for (const r of records) {
      const d = r.data as any;
      if (r.meta.format === 'x-v2') expect([...d.data.text].length).toBeLessThanOrEqual(280);
      if (r.meta.format === 'x-v1') {
        expect([...(d.extended_tweet?.full_text ?? d.text)].length).toBeLessThanOrEqual(280);
      }
      if (r.meta.format === 'bsky') {
        expect([...d.commit.record.text].length).toBeLessThanOrEqual(300);
      }
    }
  });

  it('validate against the schemas of their real source formats', () => {
    for (const r of records) {
      const parsed = SCHEMAS[r.meta.format].safeParse(r.data);
      if (!parsed.success) throw new Error(`${r.meta.format}: ${parsed.error.message}`);
    }
  });

  it('are all accepted and keep the id, language, reply and retweet flags', () => {
    for (const r of records) {
      const post = normalized(r);
      expect(post.id).toBe(r.meta.postId);
      expect(post.lang).toBe(r.meta.lang);
      expect(post.isReply).toBe(r.meta.isReply);
      expect(post.isRetweet).toBe(r.meta.isRetweet);
      expect(post.source).toBe(r.meta.format === 'bsky' ? 'bsky' : 'x');
    }
  });

  it('yield exactly the hashtags and cashtags the generator wrote', () => {
    let withTags = 0;
    let withCashtags = 0;
    for (const r of records) {
      const post = normalized(r);
      expect(post.hashtags.map((h) => h.key)).toEqual(uniqueByKey(r.meta.hashtags));
      expect(post.cashtags).toEqual([...new Set(r.meta.cashtags)]);
      if (post.hashtags.length > 0) withTags++;
      if (post.cashtags.length > 0) withCashtags++;
    }
    expect(withTags).toBeGreaterThan(1500);
    expect(withCashtags).toBeGreaterThan(100);
  });

  it('yield places with bounding boxes, inside which the coordinates lie', () => {
    let exact = 0;
    for (const r of records) {
      const post = normalized(r);
      if (r.meta.city === undefined || r.meta.isRetweet) {
        expect(post.place).toBeUndefined();
        continue;
      }
      const place = post.place;
      expect(place?.name).toBe(r.meta.city);
      expect(place?.countryCode).toMatch(/^[A-Z]{2}$/);
      expect(place?.bbox).toHaveLength(4);
      const [w, s, e, n] = place?.bbox ?? [0, 0, 0, 0];
      expect(place?.lon).toBeGreaterThanOrEqual(w);
      expect(place?.lon).toBeLessThanOrEqual(e);
      expect(place?.lat).toBeGreaterThanOrEqual(s);
      expect(place?.lat).toBeLessThanOrEqual(n);
      expect(place?.exact).toBe(r.meta.exactCoordinates);
      if (place?.exact) exact++;
    }
    expect(exact).toBeGreaterThan(100);
  });

  it('keep the full text of long X v1.1 posts (extended_tweet) and of retweets', () => {
    const long = records.filter(
      (r) => r.meta.format === 'x-v1' && (r.data as any).truncated === true,
    );
    expect(long.length).toBeGreaterThan(5);
    for (const r of long) {
      const d = r.data as any;
      expect([...d.text].length).toBeLessThanOrEqual(140);
      expect(normalized(r).text).toBe(d.extended_tweet.full_text);
    }
    const retweets = records.filter((r) => r.meta.isRetweet);
    for (const r of retweets) {
      const d = r.data as any;
      const original = r.meta.format === 'x-v1' ? d.retweeted_status : d.includes.tweets[0];
      expect(normalized(r).text).toBe(original.extended_tweet?.full_text ?? original.text);
    }
  });

  it('point X entity indices and Bluesky facet byte ranges at the tags in the text', () => {
    for (const r of records) {
      const d = r.data as any;
      if (r.meta.format === 'x-v2') {
        const cps = [...d.data.text];
        for (const h of d.data.entities?.hashtags ?? []) {
          expect(cps.slice(h.start, h.end).join('')).toBe(`#${h.tag}`);
        }
        for (const c of d.data.entities?.cashtags ?? []) {
          expect(cps.slice(c.start, c.end).join('')).toBe(`$${c.tag}`);
        }
      } else if (r.meta.format === 'x-v1') {
        for (const [t, entities] of [
          [d.text, d.entities],
          [d.extended_tweet?.full_text, d.extended_tweet?.entities],
        ]) {
          if (t === undefined) continue;
          const cps = [...t];
          for (const h of entities.hashtags) {
            expect(cps.slice(h.indices[0], h.indices[1]).join('')).toBe(`#${h.text}`);
          }
          for (const m of entities.user_mentions) {
            expect(cps.slice(m.indices[0], m.indices[1]).join('')).toBe(`@${m.screen_name}`);
          }
        }
      } else {
        const bytes = Buffer.from(d.commit.record.text);
        for (const f of d.commit.record.facets ?? []) {
          const shown = bytes.subarray(f.index.byteStart, f.index.byteEnd).toString();
          const feature = f.features[0];
          if (feature.$type === 'app.bsky.richtext.facet#tag')
            expect(shown).toBe(`#${feature.tag}`);
          if (feature.$type === 'app.bsky.richtext.facet#mention') expect(shown).toMatch(/^@/);
          if (feature.$type === 'app.bsky.richtext.facet#link') expect(shown).toBe(feature.uri);
        }
      }
    }
  });

  it('refer replies and retweets to posts that came earlier in the stream', () => {
    const seen = new Set<string>();
    let checked = 0;
    for (const r of records) {
      const d = r.data as any;
      let ref: string | undefined;
      if (r.meta.format === 'x-v2') ref = d.data.referenced_tweets?.[0]?.id;
      if (r.meta.format === 'x-v1') {
        ref = d.retweeted_status?.id_str ?? d.in_reply_to_status_id_str ?? undefined;
      }
      if (r.meta.format === 'bsky') {
        ref = d.commit.record.reply?.parent.uri.replace('at://', 'bsky:at://');
      }
      if (ref !== undefined) {
        expect(seen.has(r.meta.format === 'bsky' ? ref : `x:${ref}`)).toBe(true);
        checked++;
      }
      seen.add(r.meta.postId);
    }
    expect(checked).toBeGreaterThan(300);
  });
});

describe('demo Bluesky posts as post views (what npm start sends)', () => {
  it('carry the same post as the Jetstream event, with the handle and name of its author', () => {
    const jetstream = generate(7, 400).filter((r) => r.meta.format === 'bsky');
    const views = createDemoGenerator({ seed: 7, now: steppingClock(20), bskyWire: 'post-view' });
    const byId = new Map(jetstream.map((r) => [r.meta.postId, r]));
    let compared = 0;
    for (let i = 0; i < 400; i++) {
      const r = views.next();
      if (r.meta.format !== 'bsky') continue;
      const result = parseAndNormalize(JSON.stringify(r.data));
      if (!result.ok) throw new Error(result.reason);
      expect(result.format).toBe('bsky-post');
      expect(result.post.author?.handle).toMatch(/\.bsky\.social$/);
      expect(result.post.author?.name).toBeTruthy();
      const twin = byId.get(r.meta.postId);
      if (twin) {
        const { author: _a, url: _u, ...post } = result.post;
        const { author: _b, url: _v, ...fromJetstream } = normalized(twin);
        expect(post).toEqual(fromJetstream);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });
});
