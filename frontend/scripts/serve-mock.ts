// Serves the built dashboard (frontend/dist/browser) with a fake /api, for screenshots and for
// trying the UI without the local stack. Node built-ins only.
//   node frontend/scripts/serve-mock.mjs [--port 4300] [--mode data|empty|down]
// Mode "data" invents a plausible stream that grows on every request; "empty" has no posts yet;
// "down" answers every API call with 503, to see the error banner.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const port = Number(option('port', '4300'));
let mode = option('mode', 'data');
const root = fileURLToPath(new URL('../dist/browser/', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// A seeded generator, so screenshots are stable between runs.
let seed = 42;
const random = () => (seed = (seed * 1664525 + 1013904223) % 4294967296) / 4294967296;

const TAGS = [
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

const PLACES = [
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

const AUTHORS = [
  ['Dana Kim', 'danakim'],
  ['Luis Ortega', 'lortega'],
  ['Priya N.', 'priya_builds'],
  ['Ops Weekly', 'opsweekly'],
  ['Marta', 'marta.dev'],
  ['Tom Becker', 'tbecker'],
  [undefined, 'anon4821'],
  ['Aiko', 'aiko_cloud'],
];

const TEXTS = {
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

function split(mentions, pos, neg) {
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

function hashtags(limit, window) {
  const scale = { '1h': 0.15, '24h': 1, '7d': 4.2, all: 9 }[window] ?? 1;
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

function locations(window) {
  const scale = { '1h': 0.15, '24h': 1, '7d': 4.2, all: 9 }[window] ?? 1;
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

function timeline(tag, granularity, from, to) {
  const step = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[granularity];
  const start = Math.floor(Date.parse(from) / step) * step;
  const end = Date.parse(to);
  const base = tag === '_all' ? 80 : 14;
  const points = [];
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

function posts(query) {
  const sentiments = [
    'POSITIVE',
    'POSITIVE',
    'NEUTRAL',
    'NEGATIVE',
    'MIXED',
    'NEUTRAL',
    'POSITIVE',
    'NEGATIVE',
  ];
  const limit = Number(query.get('limit') ?? 20);
  const tag = query.get('tag');
  const cashtag = query.get('cashtag');
  const wanted = query.get('sentiment');
  const items = [];
  for (let i = 0; items.length < limit && i < 200; i++) {
    const sentiment = sentiments[i % sentiments.length];
    if (wanted && wanted !== sentiment) continue;
    const [name, handle] = AUTHORS[i % AUTHORS.length];
    const place = i % 3 === 0 ? undefined : PLACES[(i * 7) % PLACES.length];
    const tags = [tag ?? TAGS[(i * 3) % 8][1], ...(i % 4 === 0 ? [TAGS[(i + 5) % 12][1]] : [])];
    const score = 0.55 + ((i * 13) % 40) / 100;
    items.push({
      id: `demo:${1000 - i}`,
      source: i % 5 === 0 ? 'bsky' : 'demo',
      text:
        i === 2
          ? 'Watch out for <script>alert("xss")</script> in posts #security'
          : TEXTS[sentiment][i % TEXTS[sentiment].length],
      createdAt: new Date(Date.now() - i * 23_000 - 4_000).toISOString(),
      lang: 'en',
      author: { id: `u${i}`, handle, ...(name ? { name } : {}) },
      hashtags: tags,
      cashtags: cashtag ? [cashtag] : i % 6 === 1 ? ['$AMZN'] : [],
      ...(place ? { placeName: place[1], countryCode: place[3] } : {}),
      ...(i % 2 === 0 ? { url: `https://example.com/post/${i}` } : {}),
      sentiment: i === 7 ? undefined : sentiment,
      ...(i === 7
        ? {}
        : {
            sentimentScore: {
              Positive: sentiment === 'POSITIVE' ? score : (1 - score) / 3,
              Negative: sentiment === 'NEGATIVE' ? score : (1 - score) / 3,
              Neutral: sentiment === 'NEUTRAL' ? score : (1 - score) / 3,
              Mixed: sentiment === 'MIXED' ? score : (1 - score) / 3,
            },
          }),
    });
  }
  return { items };
}

function stats() {
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
  const s = split(totalPosts, 0.48, 0.19);
  return {
    posts: totalPosts,
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

function api(path, query) {
  if (path === '/stats') return stats();
  if (mode === 'empty') {
    if (path === '/posts') return { items: [] };
    return { window: '24h', sort: 'mentions', generatedAt: new Date().toISOString(), items: [] };
  }
  if (path === '/hashtags') {
    const window = query.get('window') ?? '24h';
    return {
      window,
      sort: query.get('sort') ?? 'mentions',
      generatedAt: new Date().toISOString(),
      items: hashtags(Number(query.get('limit') ?? 10), window),
    };
  }
  if (path === '/locations')
    return {
      window: query.get('window') ?? '24h',
      generatedAt: new Date().toISOString(),
      items: locations(query.get('window') ?? '24h'),
    };
  const match = /^\/hashtags\/([^/]+)\/timeline$/.exec(path);
  if (match) {
    const now = new Date().toISOString();
    return timeline(
      decodeURIComponent(match[1]),
      query.get('granularity') ?? 'hour',
      query.get('from') ?? now,
      query.get('to') ?? now,
    );
  }
  if (path === '/posts') return posts(query);
  return undefined;
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/__mode') {
    mode = url.searchParams.get('mode') ?? mode;
    res.writeHead(204).end();
    return;
  }
  if (url.pathname.startsWith('/api/')) {
    if (mode === 'down') {
      res
        .writeHead(503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ message: 'Service Unavailable' }));
      return;
    }
    const body = api(url.pathname.slice(4), url.searchParams);
    res
      .writeHead(body ? 200 : 404, { 'content-type': 'application/json' })
      .end(JSON.stringify(body ?? { message: 'Not found' }));
    return;
  }
  let file = normalize(join(root, decodeURIComponent(url.pathname)));
  if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory())
    file = join(root, 'index.html');
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    // The same policy as the local gateway (local/gateway/security.ts), so CSP problems show here.
    'content-security-policy':
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
      "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'",
  });
  createReadStream(file).pipe(res);
});

server.listen(port, '127.0.0.1', () =>
  console.log(`dashboard with a ${mode} mock API on http://127.0.0.1:${port}/`),
);
