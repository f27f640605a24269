import { partitionKeyFor } from '../../functions/social/kinesis/partition-key';
import { createAuthors } from './authors';
import { composeBody } from './compose';
import { atUri, type DemoFormat, type Draft } from './draft';
import { renderJetstream, renderPostView } from './formats/bsky';
import { renderV1 } from './formats/x-v1';
import { renderV2 } from './formats/x-v2';
import { createMicros, createSnowflakes, fakeCid, tidOf } from './ids';
import { LANGUAGES, TONES, TONE_WEIGHTS, type LanguagePack, type Tone } from './languages';
import { CITIES, type City, type Continent } from './places';
import { createRng, type Rng } from './rng';
import { createTrendModel, TOPICS, type Topic } from './topics';

export type { DemoFormat } from './draft';

/** What the generator knows it put into a record, so tests and stats need not re-parse it. */
export interface DemoMeta {
  format: DemoFormat;
  /** The post's id as the normalizer derives it: `x:<id>` or `bsky:<at-uri>`. */
  postId: string;
  lang: string;
  tone: Tone;
  topic: string;
  /** Hashtags as written (display form), in text order; for a retweet, the original's. */
  hashtags: string[];
  /** "$AAPL" form; for a retweet, the original's. */
  cashtags: string[];
  continent?: Continent;
  city?: string;
  exactCoordinates: boolean;
  isReply: boolean;
  isRetweet: boolean;
}

/** One record for the stream: `data` is the source's own JSON payload. */
export interface DemoRecord {
  partitionKey: string;
  data: Record<string, unknown>;
  meta: DemoMeta;
}

export interface DemoGeneratorOptions {
  seed: number;
  /** Clock for createdAt, ids and trends; defaults to the system clock. */
  now?: () => Date;
  /** Share of each wire format (defaults: mostly X v2, some X v1.1, some Bluesky). */
  formatWeights?: Partial<Record<DemoFormat, number>>;
  /**
   * How Bluesky posts travel: as Jetstream events (the default, the firehose's own frames) or as
   * post views carrying the author's handle (what the Bluesky source sends once it knows it).
   */
  bskyWire?: 'jetstream' | 'post-view';
}

export interface DemoGenerator {
  next(): DemoRecord;
}

const DEFAULT_FORMAT_WEIGHTS: Record<DemoFormat, number> = {
  'x-v2': 0.6,
  'x-v1': 0.25,
  bsky: 0.15,
};
const X_MAX_LENGTH = 280;
const BSKY_MAX_LENGTH = 300;
const RECENT = 200;
const CLIENTS = [
  '<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>',
  '<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>',
  '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
];

/**
 * Realistic posts in the real source formats, deterministic for a seed and a sequence of clock
 * readings. See the docs of the parts: languages.ts (text and tone), topics.ts (trends and
 * bursts), places.ts (cities), formats/ (wire formats).
 */
export function createDemoGenerator(opts: DemoGeneratorOptions): DemoGenerator {
  const now = opts.now ?? (() => new Date());
  const root = createRng(opts.seed);
  // Separate random streams: the trend model steps with the clock, so how many numbers it draws
  // depends on the clock; that must not shift the sequence the posts themselves are drawn from.
  const content = root.fork();
  const trendRng = root.fork();
  const idRng = root.fork();
  const authors = createAuthors(opts.seed);
  const trends = createTrendModel(trendRng, now().getTime());
  const snowflake = createSnowflakes(idRng);
  const micros = createMicros(idRng);
  const formatWeights = { ...DEFAULT_FORMAT_WEIGHTS, ...opts.formatWeights };
  const formats = Object.keys(formatWeights) as DemoFormat[];
  const formatW = formats.map((f) => formatWeights[f]);
  const recentX: Draft[] = [];
  const recentBsky: Draft[] = [];

  function remember(list: Draft[], d: Draft): void {
    list.push(d);
    if (list.length > RECENT) list.shift();
  }

  function next(): DemoRecord {
    const createdAt = now();
    const ms = createdAt.getTime();
    const trend = trends.at(ms);
    const format = content.weighted(formats, formatW);
    const isX = format !== 'bsky';
    const recent = isX ? recentX : recentBsky;

    let draft: Draft;
    if (isX && recentX.length > 0 && content.chance(0.12)) {
      const orig = content.pick(recentX);
      draft = {
        format,
        id: snowflake(ms),
        createdAt,
        lang: orig.lang,
        tone: orig.tone,
        topic: orig.topic,
        author: authors.pick(content, orig.lang),
        body: orig.body,
        retweetOf: orig,
        client: content.pick(CLIENTS),
      };
    } else {
      const parent = recent.length > 0 && content.chance(0.15) ? content.pick(recent) : undefined;
      const pack = parent ? packOf(parent.lang) : content.weighted(LANGUAGES, LANG_WEIGHTS);
      const topic = parent?.topic ?? pickTopic(content, trend.weights, pack.code);
      const burstTone = trend.burstTone(TOPICS.indexOf(topic));
      const tone =
        burstTone !== undefined && content.chance(0.7)
          ? burstTone
          : content.weighted(TONES, TONE_W);
      const author = authors.pick(content, pack.code);
      const place = isX && content.chance(0.66) ? pickPlace(content, pack.code) : undefined;
      const body = composeBody(content, {
        network: isX ? 'x' : 'bsky',
        pack,
        tone,
        topic,
        cityName: (place?.city ?? pickCity(content, pack.code)).name,
        replyTo: parent?.author,
        mention: () => authors.pick(content, pack.code),
        maxLength: isX ? X_MAX_LENGTH : BSKY_MAX_LENGTH,
      });
      draft = {
        format,
        id: '',
        createdAt,
        lang: pack.code,
        tone,
        topic,
        author,
        body,
        place,
        replyTo: parent ? shallowParent(parent) : undefined,
        client: content.pick(CLIENTS),
      };
      if (isX) {
        draft.id = snowflake(ms);
      } else {
        const us = micros(ms);
        const clock = content.int(0, 1023);
        draft.id = tidOf(us, clock);
        draft.bsky = {
          timeUs: us,
          rev: tidOf(us + 1n, clock),
          cid: fakeCid(content),
          extraTags: content.chance(0.05) ? [content.pick(topic.tags)] : [],
        };
      }
      remember(recent, draft);
    }

    const meta = metaOf(draft);
    const data =
      format === 'x-v2'
        ? renderV2(draft)
        : format === 'x-v1'
          ? renderV1(draft)
          : opts.bskyWire === 'post-view'
            ? renderPostView(draft)
            : renderJetstream(draft);
    return { partitionKey: partitionKeyFor(meta.postId), data, meta };
  }

  return { next };
}

const LANG_WEIGHTS = LANGUAGES.map((l) => l.weight);
const TONE_W = TONES.map((t) => TONE_WEIGHTS[t]);

function packOf(code: string): LanguagePack {
  return LANGUAGES.find((l) => l.code === code) ?? (LANGUAGES[0] as LanguagePack);
}

function pickTopic(rng: Rng, weights: readonly number[], lang: string): Topic {
  const w = TOPICS.map((t, i) => (weights[i] ?? 0) * (t.langAffinity?.[lang] ?? 1));
  return TOPICS[rng.weightedIndex(w)] as Topic;
}

const CITY_WEIGHTS = CITIES.map((c) => c.weight);

/** Mostly a city where the language is spoken; sometimes anywhere (travellers, expats). */
function pickCity(rng: Rng, lang: string): City {
  const local = CITIES.filter((c) => c.langs.includes(lang));
  if (local.length > 0 && rng.chance(0.8)) {
    return rng.weighted(
      local,
      local.map((c) => c.weight),
    );
  }
  return rng.weighted(CITIES, CITY_WEIGHTS);
}

function pickPlace(rng: Rng, lang: string): NonNullable<Draft['place']> {
  const city = pickCity(rng, lang);
  if (!rng.chance(0.25)) return { city };
  // Exact coordinates: somewhere in the middle of the box, where the city actually is.
  const [w, s, e, n] = city.bbox;
  const lon = w + (e - w) * (0.2 + 0.6 * rng.float());
  const lat = s + (n - s) * (0.2 + 0.6 * rng.float());
  return { city, point: [round6(lon), round6(lat)] };
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** A parent that keeps only its conversation root, so reply chains cannot grow without bound. */
function shallowParent(parent: Draft): Draft {
  if (!parent.replyTo) return parent;
  let root = parent.replyTo;
  while (root.replyTo) root = root.replyTo;
  return { ...parent, replyTo: root };
}

function metaOf(d: Draft): DemoMeta {
  const content = d.retweetOf ?? d;
  const hashtags = content.body.entities.filter((e) => e.kind === 'hashtag').map((e) => e.value);
  for (const t of content.bsky?.extraTags ?? []) hashtags.push(t);
  return {
    format: d.format,
    postId: d.format === 'bsky' ? `bsky:${atUri(d)}` : `x:${d.id}`,
    lang: d.lang,
    tone: d.tone,
    topic: d.topic.key,
    hashtags,
    cashtags: content.body.entities.filter((e) => e.kind === 'cashtag').map((e) => `$${e.value}`),
    continent: d.place?.city.continent,
    city: d.place?.city.name,
    exactCoordinates: d.place?.point !== undefined,
    isReply: d.replyTo !== undefined,
    isRetweet: d.retweetOf !== undefined,
  };
}
