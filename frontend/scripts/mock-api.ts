// The mock API of frontend/scripts/serve-mock.ts: a plausible stream, answered in the shapes of
// docs/openapi.yaml. Typed with the API types generated from the document
// (src/app/core/api.generated.ts), so a contract change the mock does not follow fails the type
// check (frontend/scripts/tsconfig.json); tests/unit/api/mock-api.test.ts also validates its
// answers against the document's schemas.
import type { components, paths } from '../src/app/core/api.generated';

type Schemas = components['schemas'];
type Sentiment = Schemas['Sentiment'];
type TimeWindow = Schemas['Window'];
type Counts = Schemas['Counts'];
/** What each GET route of the document answers with 200. */
type Answer<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer T } } } };
}
  ? T
  : never;

/** data: a stream that grows on every request; empty: no posts yet; down: every call 503. */
export type Mode = 'data' | 'empty' | 'down';
export const isMode = (value: string): value is Mode => ['data', 'empty', 'down'].includes(value);

// A seeded generator, so screenshots are stable between runs.
let seed = 42;
const random = () => (seed = (seed * 1664525 + 1013904223) % 4294967296) / 4294967296;

/** Key, display, positive share, negative share. */
const TAGS: readonly (readonly [string, string, number, number])[] = [
  ['aws', 'AWS', 0.55, 0.15],
  ['serverless', 'Serverless', 0.6, 0.1],
  ['ai', 'AI', 0.4, 0.3],
  ['reinvent', 're:Invent', 0.7, 0.05],
  ['kubernetes', 'Kubernetes', 0.35, 0.3],
  ['typescript', 'TypeScript', 0.5, 0.15],
  ['outage', 'outage', 0.05, 0.8],
  ['lambda', 'Lambda', 0.45, 0.2],
  ['dynamodb', 'DynamoDB', 0.5, 0.12],
  ['devops', 'DevOps', 0.4, 0.2],
  ['climate', 'climate', 0.2, 0.55],
  ['worldcup', 'WorldCup', 0.5, 0.3],
  ['bitcoin', 'Bitcoin', 0.3, 0.45],
  ['opensource', 'OpenSource', 0.6, 0.08],
  ['rust', 'Rust', 0.55, 0.1],
  ['angular', 'Angular', 0.5, 0.12],
  ['security', 'security', 0.2, 0.5],
  ['cloud', 'cloud', 0.45, 0.2],
  ['data', 'data', 0.4, 0.15],
  ['startups', 'startups', 0.5, 0.2],
  ['<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>', 0.3, 0.3],
  ['ml', 'ML', 0.45, 0.2],
  ['gaming', 'gaming', 0.5, 0.25],
  ['music', 'music', 0.65, 0.1],
  ['travel', 'travel', 0.6, 0.1],
];

/** Id, name, country, country code, latitude, longitude. */
const PLACES: readonly (readonly [string, string, string, string, number, number])[] = [
  ['berlin', 'Berlin', 'Germany', 'DE', 52.52, 13.4],
  ['london', 'London', 'United Kingdom', 'GB', 51.51, -0.13],
  ['paris', 'Paris', 'France', 'FR', 48.86, 2.35],
  ['nyc', 'New York', 'United States', 'US', 40.71, -74.0],
  ['sf', 'San Francisco', 'United States', 'US', 37.77, -122.42],
  ['seattle', 'Seattle', 'United States', 'US', 47.61, -122.33],
  ['austin', 'Austin', 'United States', 'US', 30.27, -97.74],
  ['toronto', 'Toronto', 'Canada', 'CA', 43.65, -79.38],
  ['mexico', 'Mexico City', 'Mexico', 'MX', 19.43, -99.13],
  ['saopaulo', 'São Paulo', 'Brazil', 'BR', -23.55, -46.63],
  ['buenosaires', 'Buenos Aires', 'Argentina', 'AR', -34.6, -58.38],
  ['madrid', 'Madrid', 'Spain', 'ES', 40.42, -3.7],
  ['rome', 'Rome', 'Italy', 'IT', 41.9, 12.5],
  ['stockholm', 'Stockholm', 'Sweden', 'SE', 59.33, 18.07],
  ['warsaw', 'Warsaw', 'Poland', 'PL', 52.23, 21.01],
  ['istanbul', 'Istanbul', 'Türkiye', 'TR', 41.01, 28.98],
  ['cairo', 'Cairo', 'Egypt', 'EG', 30.04, 31.24],
  ['lagos', 'Lagos', 'Nigeria', 'NG', 6.52, 3.38],
  ['nairobi', 'Nairobi', 'Kenya', 'KE', -1.29, 36.82],
  ['capetown', 'Cape Town', 'South Africa', 'ZA', -33.92, 18.42],
  ['dubai', 'Dubai', 'United Arab Emirates', 'AE', 25.2, 55.27],
  ['mumbai', 'Mumbai', 'India', 'IN', 19.08, 72.88],
  ['bangalore', 'Bengaluru', 'India', 'IN', 12.97, 77.59],
  ['singapore', 'Singapore', 'Singapore', 'SG', 1.35, 103.82],
  ['tokyo', 'Tokyo', 'Japan', 'JP', 35.68, 139.69],
  ['seoul', 'Seoul', 'South Korea', 'KR', 37.57, 126.98],
  ['sydney', 'Sydney', 'Australia', 'AU', -33.87, 151.21],
  ['auckland', 'Auckland', 'New Zealand', 'NZ', -36.85, 174.76],
  ['jakarta', 'Jakarta', 'Indonesia', 'ID', -6.2, 106.85],
  ['xss', '<b onmouseover=alert(1)>Evil</b>', '<script>alert(1)</script>', 'XX', 64.1, -21.9],
];

const AUTHORS: readonly (readonly [string | undefined, string])[] = [
  ['Dana Kim', 'danakim'],
  ['Luis Ortega', 'lortega'],
  ['Priya N.', 'priya_builds'],
  ['Ops Weekly', 'opsweekly'],
  ['Marta', 'marta.dev'],
  ['Tom Becker', 'tbecker'],
  [undefined, 'anon4821'],
  ['Aiko', 'aiko_cloud'],
];

const TEXTS: Record<Sentiment, readonly string[]> = {
  POSITIVE: [
    'Loving the new release, deploys went from minutes to seconds. Great work team!',
    'This talk was the highlight of my week. Clear, practical and fun.',
    'Finally migrated the last service. Costs down 40% and latency halved.',
  ],
  NEGATIVE: [
    'Third outage this month and still no status page update. Not great.',
    'The docs for this are confusing and the examples do not even compile.',
    'Pricing change is going to hurt a lot of small teams. Disappointed.',
  ],
  NEUTRAL: [
    'Live now: the keynote stream starts in 10 minutes.',
    'Reading the announcement to see what changed in the API.',
    'Anyone running this in production at scale? Curious about the setup.',
  ],
  MIXED: ['Great features, terrible timing for the price increase.'],
};

let totalPosts = 4_812;
const startedAt = Date.now();

function split(mentions: number, pos: number, neg: number): Counts {
  const scored = Math.round(mentions * 0.95);
  const positive = Math.round(scored * pos);
  const negative = Math.round(scored * neg);
  const mixed = Math.round(scored * 0.03);
  return {
    mentions,
    positive,
    negative,
    mixed,
    neutral: Math.max(0, scored - positive - negative - mixed),
  };
}

const SCALE: Record<TimeWindow, number> = { '1h': 0.15, '24h': 1, '7d': 4.2, all: 9 };

function windowOf(query: URLSearchParams): TimeWindow {
  const window = query.get('window') ?? '24h';
  return window in SCALE ? (window as TimeWindow) : '24h';
}

function hashtags(limit: number, window: TimeWindow): Schemas['Hashtag'][] {
  const scale = SCALE[window];
  const grow = 1 + (Date.now() - startedAt) / 600_000;
  return TAGS.slice(0, Math.min(limit, TAGS.length)).map(([tag, display, pos, neg], i) => {
    const mentions = Math.round((1600 / (i + 1.4)) * scale * grow);
    return {
      tag,
      display,
      ...split(mentions, pos, neg),
      lastSeen: new Date(Date.now() - i * 7_000).toISOString(),
      previousMentions:
        window === 'all'
          ? null
          : i === 3 || i === 17
            ? null
            : Math.round(mentions * (0.6 + ((i * 37) % 10) / 10)),
    };
  });
}

function locations(window: TimeWindow): Schemas['Location'][] {
  const scale = SCALE[window];
  return PLACES.map(([id, name, country, countryCode, lat, lon], i) => {
    const mentions = Math.max(1, Math.round((420 / (1 + i * 0.45)) * scale));
    const pos = 0.2 + ((i * 53) % 60) / 100;
    const neg = Math.max(0.05, 0.7 - pos - ((i * 17) % 20) / 100);
    return {
      id,
      name,
      country,
      countryCode,
      lat,
      lon,
      ...split(mentions, pos, neg),
      lastSeen: new Date().toISOString(),
    };
  });
}

type Granularity = Schemas['TimelineResponse']['granularity'];
const STEPS: Record<Granularity, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

function timeline(
  tag: string,
  granularity: Granularity,
  from: string,
  to: string,
): Schemas['TimelineResponse'] {
  const step = STEPS[granularity];
  const start = Math.floor(Date.parse(from) / step) * step;
  const end = Date.parse(to);
  const base = tag === '_all' ? 80 : 14;
  const points: Schemas['Point'][] = [];
  for (let t = start, i = 0; t <= end; t += step, i++) {
    const wave = 1 + 0.45 * Math.sin(i / 5) + 0.2 * Math.sin(i / 1.7 + tag.length);
    const mentions = Math.max(
      0,
      Math.round(base * wave * (granularity === 'minute' ? 1 : granularity === 'hour' ? 40 : 600)),
    );
    const pos = 0.45 + 0.12 * Math.sin(i / 9);
    const neg = 0.18 + 0.1 * Math.cos(i / 7);
    points.push({ t: new Date(t).toISOString(), ...split(mentions, pos, neg) });
  }
  return { tag, granularity, from, to, points };
}

const SENTIMENT_CYCLE: readonly Sentiment[] = [
  'POSITIVE',
  'POSITIVE',
  'NEUTRAL',
  'NEGATIVE',
  'MIXED',
  'NEUTRAL',
  'POSITIVE',
  'NEGATIVE',
];

const SUBREDDITS = ['r/aws', 'r/serverless', 'r/devops'];

/**
 * The stream's newest posts, newest first: the same ones on every call (their times follow the
 * clock), so the words of GET /terms are found again by GET /posts?term=. Every fifth is from
 * Bluesky and every seventh from Reddit (its subreddit among its tags, a permalink as its url).
 */
function stream(tag: string | null, cashtag: string | null): Schemas['Post'][] {
  const items: Schemas['Post'][] = [];
  for (let i = 0; i < 200; i++) {
    const sentiment = SENTIMENT_CYCLE[i % SENTIMENT_CYCLE.length] ?? 'NEUTRAL';
    const [name, handle] = AUTHORS[i % AUTHORS.length] ?? [undefined, 'anon'];
    const place = i % 3 === 0 ? undefined : PLACES[(i * 7) % PLACES.length];
    const source: Schemas['Post']['source'] =
      i % 7 === 3 ? 'reddit' : i % 5 === 0 ? 'bsky' : 'demo';
    const subreddit = SUBREDDITS[i % SUBREDDITS.length] ?? 'r/aws';
    const tags = [
      tag ?? TAGS[(i * 3) % 8]?.[1] ?? 'aws',
      ...(i % 4 === 0 ? [TAGS[(i + 5) % 12]?.[1] ?? 'cloud'] : []),
      ...(source === 'reddit' ? [subreddit] : []),
    ];
    const texts = TEXTS[sentiment];
    const score = 0.55 + ((i * 13) % 40) / 100;
    const rest = (1 - score) / 3;
    items.push({
      id: `${source}:${1000 - i}`,
      source,
      text:
        i === 2
          ? 'Watch out for <script>alert("xss")</script> in posts #security'
          : (texts[(i >> 3) % texts.length] ?? ''),
      createdAt: new Date(Date.now() - i * 23_000 - 4_000).toISOString(),
      lang: i % 11 === 5 ? 'de' : 'en',
      author: { id: `u${i}`, handle, ...(name ? { name } : {}) },
      hashtags: tags,
      cashtags: cashtag ? [cashtag] : i % 6 === 1 ? ['$AMZN'] : [],
      ...(place ? { placeName: place[1], countryCode: place[3] } : {}),
      ...(source === 'reddit'
        ? { url: `https://www.reddit.com/${subreddit}/comments/abc${i}/` }
        : i % 2 === 0
          ? { url: `https://example.com/post/${i}` }
          : {}),
      ...(i === 7
        ? {}
        : {
            sentiment,
            sentimentScore: {
              Positive: sentiment === 'POSITIVE' ? score : rest,
              Negative: sentiment === 'NEGATIVE' ? score : rest,
              Neutral: sentiment === 'NEUTRAL' ? score : rest,
              Mixed: sentiment === 'MIXED' ? score : rest,
            },
          }),
    });
  }
  return items;
}

const STOP_WORDS = new Set(
  (
    'a an and are as at be but by do for from has have i in is it its me my not of on or so ' +
    'that the their this to was we were what will with you your our still even does going ' +
    'went than then there they too very just about into out up down over only all any can ' +
    'see ago let lot after last each'
  ).split(' '),
);

/** The words of a text as GET /terms reads them, roughly: lower case, letters, no stop words. */
function wordsOf(text: string): string[] {
  const words = text
    .replace(/<[^>]*>/g, ' ')
    .toLowerCase()
    .match(/\p{L}[\p{L}\p{M}'’-]*/gu);
  return [...new Set((words ?? []).filter((w) => w.length > 2 && !STOP_WORDS.has(w)))];
}

function posts(query: URLSearchParams): Answer<'/posts'> {
  const limit = Number(query.get('limit') ?? 20);
  const wanted = query.get('sentiment');
  const term = query.get('term')?.toLowerCase();
  const items = stream(query.get('tag'), query.get('cashtag'))
    .filter((p) => !wanted || p.sentiment === wanted)
    .filter((p) => !term || wordsOf(p.text).includes(term))
    .slice(0, limit);
  return { items };
}

/**
 * The words of the stream's posts with the sentiments of the posts using them; a hashtag reads
 * a part of the stream of its own, so the cloud changes with the focus.
 */
function terms(query: URLSearchParams): Answer<'/terms'> {
  const window = windowOf(query);
  const tag = query.get('tag');
  const limit = Number(query.get('limit') ?? 60);
  const stride = tag ? 2 + (tag.length % 3) : 1;
  const sample = stream(tag, null).filter((_, i) => i % stride === 0);
  const scale = Math.max(1, Math.round(SCALE[window]));
  const counts = new Map<string, Schemas['Term']>();
  for (const post of sample) {
    for (const word of wordsOf(post.text)) {
      const item = counts.get(word) ?? {
        term: word,
        posts: 0,
        positive: 0,
        negative: 0,
        neutral: 0,
        mixed: 0,
      };
      item.posts += scale;
      if (post.sentiment === 'POSITIVE') item.positive += scale;
      if (post.sentiment === 'NEGATIVE') item.negative += scale;
      if (post.sentiment === 'NEUTRAL') item.neutral += scale;
      if (post.sentiment === 'MIXED') item.mixed += scale;
      counts.set(word, item);
    }
  }
  const items = [...counts.values()]
    .sort((a, b) => b.posts - a.posts || a.term.localeCompare(b.term))
    .slice(0, limit);
  return {
    window,
    tag: tag ?? '_all',
    generatedAt: new Date().toISOString(),
    sampledPosts: sample.length * scale,
    items,
  };
}

/** Key, posts in 24 h, positive share, negative share. */
const LANGUAGES: readonly (readonly [string, number, number, number])[] = [
  ['en', 3120, 0.5, 0.18],
  ['es', 610, 0.55, 0.15],
  ['de', 420, 0.42, 0.22],
  ['pt', 350, 0.6, 0.12],
  ['ja', 240, 0, 0],
  ['fr', 180, 0.47, 0.2],
  ['und', 64, 0, 0],
];
const SOURCES: readonly (readonly [string, number, number, number])[] = [
  ['demo', 2480, 0.48, 0.19],
  ['bsky', 1320, 0.52, 0.16],
  ['reddit', 790, 0.38, 0.3],
  ['x', 394, 0.45, 0.25],
];

function breakdown(
  table: typeof LANGUAGES,
  query: URLSearchParams,
): Answer<'/languages'> & Answer<'/sources'> {
  const window = windowOf(query);
  return {
    window,
    generatedAt: new Date().toISOString(),
    items: table.map(([key, mentions, pos, neg]) => {
      const counts = split(Math.round(mentions * SCALE[window]), pos, neg);
      // A language without a sentiment model: counted, not scored.
      return pos + neg === 0
        ? { key, ...counts, positive: 0, negative: 0, neutral: 0, mixed: 0 }
        : { key, ...counts };
    }),
  };
}

function stats(mode: Exclude<Mode, 'down'>): Answer<'/stats'> {
  if (mode === 'empty') {
    return {
      posts: 0,
      positive: 0,
      negative: 0,
      neutral: 0,
      mixed: 0,
      unsupported: 0,
      failed: 0,
      lastPostAt: null,
      lastCountedAt: null,
      postsPerMinute: 0,
      deadLetters: 0,
      generatedAt: new Date().toISOString(),
    };
  }
  totalPosts += Math.round(8 + random() * 12);
  const { mentions, ...s } = split(totalPosts, 0.48, 0.19);
  return {
    posts: mentions,
    ...s,
    unsupported: 37,
    failed: 0,
    lastPostAt: new Date(Date.now() - 2_000).toISOString(),
    lastCountedAt: new Date().toISOString(),
    postsPerMinute: 132.4,
    deadLetters: 0,
    generatedAt: new Date().toISOString(),
  };
}

/** The empty stream's answers: each route's shape, without items. */
function empty(path: string, query: URLSearchParams): unknown {
  const window = windowOf(query);
  const generatedAt = new Date().toISOString();
  if (path === '/posts') return { items: [] } satisfies Answer<'/posts'>;
  const series = timelineOf(path, query);
  if (series) {
    const zero = { mentions: 0, positive: 0, negative: 0, neutral: 0, mixed: 0 };
    return { ...series, points: series.points.map((p) => ({ t: p.t, ...zero })) };
  }
  if (path === '/terms')
    return {
      window,
      tag: query.get('tag') ?? '_all',
      generatedAt,
      sampledPosts: 0,
      items: [],
    } satisfies Answer<'/terms'>;
  if (path === '/languages' || path === '/sources')
    return { window, generatedAt, items: [] } satisfies Answer<'/languages'>;
  if (path === '/locations')
    return { window, generatedAt, items: [] } satisfies Answer<'/locations'>;
  if (path === '/hashtags')
    return { window, sort: 'mentions', generatedAt, items: [] } satisfies Answer<'/hashtags'>;
  return undefined;
}

const isGranularity = (value: string | null): value is Granularity =>
  value !== null && value in STEPS;

/** GET /hashtags/{tag}/timeline's answer, or undefined for another path. */
function timelineOf(
  path: string,
  query: URLSearchParams,
): Answer<'/hashtags/{tag}/timeline'> | undefined {
  const match = /^\/hashtags\/([^/]+)\/timeline$/.exec(path);
  if (!match) return undefined;
  const now = new Date().toISOString();
  const granularity = query.get('granularity');
  return timeline(
    decodeURIComponent(match[1] ?? '_all'),
    isGranularity(granularity) ? granularity : 'hour',
    query.get('from') ?? now,
    query.get('to') ?? now,
  );
}

/**
 * The answer to GET /api{path}?{query} in `mode` ('down' is the server's: it answers 503 before
 * asking), or undefined for a path the API does not have.
 */
export function mockApi(
  path: string,
  query: URLSearchParams,
  mode: Exclude<Mode, 'down'>,
): unknown {
  if (path === '/stats') return stats(mode);
  // Nothing tracked: the track button offers to track the focused hashtag.
  if (path === '/tracks') return { items: [] } satisfies Answer<'/tracks'>;
  if (mode === 'empty') return empty(path, query);
  if (path === '/hashtags') {
    const sort = query.get('sort');
    return {
      window: windowOf(query),
      sort: sort === 'positive' || sort === 'negative' ? sort : 'mentions',
      generatedAt: new Date().toISOString(),
      items: hashtags(Number(query.get('limit') ?? 10), windowOf(query)),
    } satisfies Answer<'/hashtags'>;
  }
  if (path === '/locations')
    return {
      window: windowOf(query),
      generatedAt: new Date().toISOString(),
      items: locations(windowOf(query)),
    } satisfies Answer<'/locations'>;
  const series = timelineOf(path, query);
  if (series) return series;
  if (path === '/posts') return posts(query);
  if (path === '/terms') return terms(query);
  if (path === '/languages') return breakdown(LANGUAGES, query);
  if (path === '/sources') return breakdown(SOURCES, query);
  return undefined;
}
