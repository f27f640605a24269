/**
 * A known set of posts in the four accepted wire formats, and the exact aggregates the pipeline
 * must produce from them. The expected figures come from the specs written here, not from the
 * normalizers, and each post's sentiment from the builtin engine called directly.
 */
import { builtinSentimentEngine } from '../../../functions/nlp/comprehend-builtin';
import type { Sentiment } from '../../../functions/domain/post';

export type WireFormat = 'x-v2' | 'x-v1' | 'bsky' | 'post';

export interface KnownPlace {
  id: string;
  name: string;
  country: string;
  countryCode: string;
  /** [west, south, east, north]. */
  bbox: [number, number, number, number];
  /** Exact coordinates [lon, lat]; without them the location is the bbox centroid. */
  point?: [number, number];
}

export interface PostSpec {
  format: WireFormat;
  /** The id the normalizer derives (`x:<id>`, `bsky:<at-uri>`, or the Post JSON id). */
  postId: string;
  text: string;
  /** Display forms in text order (mixed case on purpose). */
  hashtags: string[];
  /** Upper-case symbols without `$`. */
  cashtags: string[];
  createdAt: Date;
  lang: string;
  place?: KnownPlace;
}

export const PLACES = {
  berlin: {
    id: '3078869807f9dd36',
    name: 'Berlin',
    country: 'Germany',
    countryCode: 'DE',
    bbox: [13.088304, 52.338079, 13.760909, 52.675323],
  },
  manhattan: {
    id: '07d9cd6afd884001',
    name: 'Manhattan',
    country: 'United States',
    countryCode: 'US',
    bbox: [-74.026675, 40.683935, -73.910408, 40.877483],
    point: [-74.00597, 40.71427],
  },
  tokyo: {
    id: 'itest:tokyo',
    name: 'Tokyo',
    country: 'Japan',
    countryCode: 'JP',
    bbox: [139.56, 35.53, 139.92, 35.82],
    point: [139.6503, 35.6762],
  },
} satisfies Record<string, KnownPlace>;

/** Texts of known, different moods: the engine decides their sentiment, the test only asks it. */
const TEXTS = [
  'Loving the new release, great work everyone, this is amazing',
  'This outage is terrible and really frustrating, worst day ever',
  'The meeting moved to Tuesday at noon in room four',
  'Happy with the speed but the price is awful and support is bad',
  'Fantastic keynote, I am so excited about this launch',
  'Everything is broken again and nobody answers, I hate this',
];

interface Draft {
  format: WireFormat;
  tags: string[];
  cashtags?: string[];
  place?: KnownPlace;
  lang?: string;
}

/** 32 posts: the tag plan spreads #AWS/#aws/#Aws (one tag), Serverless, DynamoDB, Kinesis... */
const DRAFTS: Draft[] = [
  ...Array.from({ length: 8 }, (_, i): Draft => ({
    format: 'x-v2',
    tags: [i % 2 === 0 ? 'AWS' : 'aws', ...(i < 5 ? ['Serverless'] : [])],
    cashtags: i < 3 ? ['AMZN'] : [],
    place: i < 4 ? PLACES.berlin : PLACES.manhattan,
  })),
  ...Array.from({ length: 8 }, (_, i): Draft => ({
    format: 'x-v1',
    tags: [i % 2 === 0 ? 'Aws' : 'AWS', ...(i < 3 ? ['DynamoDB'] : ['serverless'])],
    cashtags: i === 0 ? ['AMZN', 'MSFT'] : [],
    place: i < 2 ? PLACES.manhattan : i < 5 ? PLACES.berlin : undefined,
  })),
  ...Array.from({ length: 8 }, (_, i): Draft => ({
    format: 'bsky',
    tags: i < 4 ? ['Kinesis', 'aws'] : ['KINESIS'],
  })),
  ...Array.from({ length: 8 }, (_, i): Draft => ({
    format: 'post',
    tags: i < 6 ? ['DynamoDB'] : [],
    cashtags: i < 2 ? ['MSFT'] : [],
    place: i < 3 ? PLACES.tokyo : undefined,
  })),
];

/**
 * The known posts, ids unique per `runId`, created one to three minutes before `now` (whole
 * minutes apart, so the minute timeline has more than one bucket).
 */
export function knownPostSpecs(now: Date, runId: string): PostSpec[] {
  const base = Math.floor(now.getTime() / 60_000) * 60_000;
  return DRAFTS.map((d, i) => {
    const text = [
      TEXTS[i % TEXTS.length] ?? '',
      ...d.tags.map((t) => `#${t}`),
      ...(d.cashtags ?? []).map((c) => `$${c}`),
    ].join(' ');
    // Three minute buckets, seconds inside the minute so X v1.1's whole seconds lose nothing.
    const createdAt = new Date(base - (1 + (i % 3)) * 60_000 + (i % 50) * 1000);
    const serial = `${runId}${String(i).padStart(3, '0')}`;
    const postId =
      d.format === 'x-v2' || d.format === 'x-v1'
        ? `x:${serial}`
        : d.format === 'bsky'
          ? `bsky:at://did:plc:itest${runId}/app.bsky.feed.post/3itest${String(i).padStart(3, '0')}`
          : `post:itest-${serial}`;
    return {
      format: d.format,
      postId,
      text,
      hashtags: d.tags,
      cashtags: d.cashtags ?? [],
      createdAt,
      lang: d.lang ?? 'en',
      ...(d.place ? { place: d.place } : {}),
    };
  });
}

const tagIndices = (text: string, token: string): [number, number] => {
  const start = text.indexOf(token);
  return [start, start + token.length];
};

const byteIndex = (text: string, token: string): { byteStart: number; byteEnd: number } => {
  const start = Buffer.byteLength(text.slice(0, text.indexOf(token)), 'utf8');
  return { byteStart: start, byteEnd: start + Buffer.byteLength(token, 'utf8') };
};

const V1_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const V1_MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** X v1.1's `created_at`: "Thu Nov 21 10:15:30 +0000 2024". */
function v1Date(d: Date): string {
  return `${V1_DAYS[d.getUTCDay()]} ${V1_MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

const bboxPolygon = ([w, s, e, n]: KnownPlace['bbox']): number[][][] => [
  [
    [w, s],
    [w, n],
    [e, n],
    [e, s],
  ],
];

/** The record a source would put into the stream for this spec, in its own wire format. */
export function renderRecord(spec: PostSpec): Record<string, unknown> {
  const { text, place } = spec;
  switch (spec.format) {
    case 'x-v2': {
      const id = spec.postId.slice(2);
      return {
        data: {
          id,
          text,
          created_at: spec.createdAt.toISOString(),
          author_id: '900001',
          lang: spec.lang,
          edit_history_tweet_ids: [id],
          entities: {
            hashtags: spec.hashtags.map((tag) => {
              const [start, end] = tagIndices(text, `#${tag}`);
              return { start, end, tag };
            }),
            cashtags: spec.cashtags.map((tag) => {
              const [start, end] = tagIndices(text, `$${tag}`);
              return { start, end, tag };
            }),
          },
          ...(place
            ? {
                geo: {
                  place_id: place.id,
                  ...(place.point
                    ? { coordinates: { type: 'Point', coordinates: place.point } }
                    : {}),
                },
              }
            : {}),
        },
        includes: {
          users: [{ id: '900001', name: 'Itest Writer', username: 'itest_writer' }],
          ...(place
            ? {
                places: [
                  {
                    id: place.id,
                    full_name: `${place.name}, ${place.country}`,
                    name: place.name,
                    country: place.country,
                    country_code: place.countryCode,
                    place_type: 'city',
                    geo: { type: 'Feature', bbox: place.bbox, properties: {} },
                  },
                ],
              }
            : {}),
        },
        matching_rules: [{ id: '1', tag: 'itest' }],
      };
    }
    case 'x-v1': {
      const id = spec.postId.slice(2);
      return {
        created_at: v1Date(spec.createdAt),
        id: Number(id),
        id_str: id,
        text,
        truncated: false,
        in_reply_to_status_id_str: null,
        user: { id: 900002, id_str: '900002', name: 'Itest Classic', screen_name: 'itest_classic' },
        coordinates: place?.point ? { type: 'Point', coordinates: place.point } : null,
        place: place
          ? {
              id: place.id,
              place_type: 'city',
              name: place.name,
              full_name: `${place.name}, ${place.country}`,
              country_code: place.countryCode,
              country: place.country,
              bounding_box: { type: 'Polygon', coordinates: bboxPolygon(place.bbox) },
              attributes: {},
            }
          : null,
        entities: {
          hashtags: spec.hashtags.map((t) => ({ text: t, indices: tagIndices(text, `#${t}`) })),
          symbols: spec.cashtags.map((t) => ({ text: t, indices: tagIndices(text, `$${t}`) })),
          urls: [],
          user_mentions: [],
        },
        lang: spec.lang,
        timestamp_ms: String(spec.createdAt.getTime()),
      };
    }
    case 'bsky': {
      const [did = '', , rkey = ''] = spec.postId.slice('bsky:at://'.length).split('/');
      return {
        did,
        time_us: spec.createdAt.getTime() * 1000,
        kind: 'commit',
        commit: {
          rev: `3l${rkey}`,
          operation: 'create',
          collection: 'app.bsky.feed.post',
          rkey,
          record: {
            $type: 'app.bsky.feed.post',
            createdAt: spec.createdAt.toISOString(),
            langs: [spec.lang],
            text,
            facets: spec.hashtags.map((tag) => ({
              features: [{ $type: 'app.bsky.richtext.facet#tag', tag }],
              index: byteIndex(text, `#${tag}`),
            })),
          },
          cid: 'bafyreiaj3x5u4rb2hxyqzwjyqjv6i2u7l6ofb4r5w3hngk7g4n2cvdnqvu',
        },
      };
    }
    case 'post':
      return {
        id: spec.postId,
        source: 'post',
        text,
        createdAt: spec.createdAt.toISOString(),
        lang: spec.lang,
        author: { id: 'itest-author', handle: 'itest_author' },
        hashtags: spec.hashtags.map((display) => ({ key: display.toLowerCase(), display })),
        cashtags: spec.cashtags.map((c) => `$${c}`),
        ...(place
          ? {
              place: {
                id: place.id,
                name: place.name,
                fullName: `${place.name}, ${place.country}`,
                country: place.country,
                countryCode: place.countryCode,
                ...(place.point ? { lat: place.point[1], lon: place.point[0] } : {}),
                bbox: place.bbox,
                exact: place.point !== undefined,
              },
            }
          : {}),
        isRetweet: false,
        isReply: false,
      };
  }
}

export interface Counts {
  mentions: number;
  positive: number;
  negative: number;
  neutral: number;
  mixed: number;
}

const zero = (): Counts => ({ mentions: 0, positive: 0, negative: 0, neutral: 0, mixed: 0 });

function add(c: Counts, s: Sentiment): void {
  c.mentions++;
  c[s.toLowerCase() as Exclude<keyof Counts, 'mentions'>]++;
}

export interface Expected {
  sentimentOf: Map<string, Sentiment>;
  totals: Counts;
  /** By hashtag key; `display` is the first form seen in send order. */
  hashtags: Map<string, Counts & { display: string }>;
  locations: Map<string, Counts & { place: KnownPlace }>;
  /** Minute timeline per tag key and `_all`: bucket start ISO (no ms) -> counts. */
  timelines: Map<string, Map<string, Counts>>;
  /** Post ids per hashtag key and per cashtag key (`$amzn`). */
  postsByKey: Map<string, Set<string>>;
}

const minuteOf = (d: Date): string =>
  new Date(Math.floor(d.getTime() / 60_000) * 60_000).toISOString();

/** X place ids are prefixed with the source; Post JSON keeps its own. */
export const locationId = (format: WireFormat, place: KnownPlace): string =>
  format === 'x-v1' || format === 'x-v2' ? `x:${place.id}` : place.id;

/** What the aggregates must hold after every spec was counted exactly once. */
export function expectedFrom(specs: readonly PostSpec[]): Expected {
  const e: Expected = {
    sentimentOf: new Map(),
    totals: zero(),
    hashtags: new Map(),
    locations: new Map(),
    timelines: new Map(),
    postsByKey: new Map(),
  };
  const bump = <V>(m: Map<string, V>, k: string, make: () => V): V => {
    const v = m.get(k) ?? make();
    m.set(k, v);
    return v;
  };
  for (const spec of specs) {
    const s = builtinSentimentEngine.classify(spec.text).Sentiment;
    e.sentimentOf.set(spec.postId, s);
    add(e.totals, s);
    const minute = minuteOf(spec.createdAt);
    add(
      bump(
        bump(e.timelines, '_all', () => new Map<string, Counts>()),
        minute,
        zero,
      ),
      s,
    );
    const keys = new Set<string>();
    for (const display of spec.hashtags) {
      const key = display.toLowerCase();
      if (keys.has(key)) continue;
      keys.add(key);
      add(
        bump(e.hashtags, key, () => ({ ...zero(), display })),
        s,
      );
      add(
        bump(
          bump(e.timelines, key, () => new Map<string, Counts>()),
          minute,
          zero,
        ),
        s,
      );
      bump(e.postsByKey, key, () => new Set<string>()).add(spec.postId);
    }
    for (const c of spec.cashtags) {
      bump(e.postsByKey, `$${c.toLowerCase()}`, () => new Set<string>()).add(spec.postId);
    }
    if (spec.place) {
      const place = spec.place;
      add(
        bump(e.locations, locationId(spec.format, place), () => ({ ...zero(), place })),
        s,
      );
    }
  }
  return e;
}

/** Where the map shows a place: its exact point, else the bounding-box centroid. */
export function expectedLatLon(place: KnownPlace): { lat: number; lon: number } {
  if (place.point) return { lat: place.point[1], lon: place.point[0] };
  const [w, s, e, n] = place.bbox;
  return { lat: (s + n) / 2, lon: (w + e) / 2 };
}
