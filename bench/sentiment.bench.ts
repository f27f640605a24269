/**
 * `npm run bench:sentiment`: throughput of the built-in sentiment engine on one core (one thread,
 * synchronous) for each language's model, its load time, and the process's memory. Not a test:
 * numbers depend on the machine and its load. Texts are synthetic tweets (seeded), so the
 * benchmark needs no data set: English ones from a tweet-like word list, the other languages'
 * from the words their model knows (its artifact's vocabulary). --file reads real ones instead
 * (one per line, scored with --lang's model). The npm script bundles this file with esbuild and
 * runs it with plain node, as Lambda would run the engine (tsx alone adds ~35 MB of RSS).
 *
 *   npm run bench:sentiment -- --posts=20000 --rounds=5 [--lang=de] [--file=texts.txt]
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import {
  isModelLanguage,
  loadModelEngine,
  MODEL_LANGUAGES,
  modelFile,
  type ModelLanguage,
} from '../functions/nlp/engine';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '5' },
    file: { type: 'string' },
    lang: { type: 'string' },
  },
});
const posts = Number(values.posts);
const rounds = Number(values.rounds);

const WORDS = (
  'the a to and is in it you of for on my that at with me this be so have just not but are was ' +
  'love great good happy best amazing hate bad worst awful sad tired angry tomorrow tonight game ' +
  'new day night time people really think know see watch going want need can will today movie ' +
  'music phone update release season team win lose play show video free sale news week'
).split(' ');
const EXTRAS = [
  '😍',
  '😂',
  '😭',
  '🔥',
  '👍',
  ':)',
  ':(',
  '!!',
  '?',
  '...',
  '#fail',
  '#TGIF',
  '@user',
  'https://t.co/x1Y2z3',
];

/** Tweets of 8 to 30 tokens drawn from a tweet-like vocabulary, with emoji, tags and links. */
function syntheticTweets(n: number, words = WORDS): string[] {
  const rng = xoroshiro128plus(42);
  const pick = <T>(xs: T[]): T => xs[uniformInt(rng, 0, xs.length - 1)]!;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = uniformInt(rng, 8, 30);
    const parts: string[] = [];
    for (let j = 0; j < len; j++) {
      const w = uniformInt(rng, 0, 9) === 0 ? pick(EXTRAS) : pick(words);
      parts.push(uniformInt(rng, 0, 30) === 0 ? w.toUpperCase() : w);
    }
    out.push(parts.join(' '));
  }
  return out;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The first `n` non-blank lines, read as a stream so a large file does not inflate RSS. */
async function readTexts(file: string, n: number): Promise<string[]> {
  const out: string[] = [];
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() !== '') out.push(line);
    if (out.length >= n) break;
  }
  lines.close();
  return out;
}

/** A language's synthetic word pool: the words its model was trained on (seeded order). */
function languageWords(language: ModelLanguage): string[] {
  if (language === 'en') return WORDS;
  return modelFile(language)
    .vocabulary.split('\n')
    .filter((w) => w !== '');
}

interface Result {
  language: string;
  loadMs: number;
  median: number;
  cpuMedian: number;
}

function bench(language: ModelLanguage, texts: string[]): Result {
  const rssBefore = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const engine = loadModelEngine(language);
  const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(
    `${language}: ${texts.length} ${values.file ? `texts from ${values.file}` : 'synthetic tweets'}; ` +
      `model load ${loadMs.toFixed(1)} ms (RSS +${mb(process.memoryUsage().rss - rssBefore)})`,
  );
  let sink = 0;
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (const t of texts) sink += engine.classify(t).SentimentScore.Positive;
    const wall = Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpu);
    const cpuSec = (used.user + used.system) / 1e6;
    // Round 0 warms up the JIT and is not counted.
    if (r > 0) {
      rates.push(texts.length / wall);
      cpuRates.push(texts.length / cpuSec);
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
  if (sink === 0) console.log('  (no output?)');
  return { language, loadMs, median: median(rates), cpuMedian: median(cpuRates) };
}

async function main(): Promise<void> {
  if (values.lang !== undefined && !isModelLanguage(values.lang)) {
    throw new Error(`--lang must be one of ${MODEL_LANGUAGES.join(', ')}`);
  }
  const languages: ModelLanguage[] = values.lang ? [values.lang] : [...MODEL_LANGUAGES];
  const fromFile = values.file ? await readTexts(values.file, posts) : undefined;
  const results = languages.map((language) =>
    bench(language, fromFile ?? syntheticTweets(posts, languageWords(language))),
  );
  console.log(`\nmedian of ${rounds} rounds x ${posts} posts, one thread:`);
  console.log(
    `${'language'.padEnd(9)} ${'posts/s wall'.padStart(13)} ${'posts/s CPU'.padStart(12)} ${'load ms'.padStart(8)}`,
  );
  for (const r of results) {
    console.log(
      `${r.language.padEnd(9)} ${r.median.toFixed(0).padStart(13)} ${r.cpuMedian.toFixed(0).padStart(12)} ${r.loadMs.toFixed(1).padStart(8)}`,
    );
  }
  const mem = process.memoryUsage();
  console.log(
    `RSS ${mb(mem.rss)}, heap used ${mb(mem.heapUsed)} with ${languages.length} model(s) loaded`,
  );
}

void main();
