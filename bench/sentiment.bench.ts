/**
 * `npm run bench:sentiment`: throughput of the built-in sentiment engine on one core (one thread,
 * synchronous), model load time, and the process's memory. Not a test: numbers depend on the
 * machine and its load. Texts are synthetic tweets (seeded), so the benchmark needs no data set;
 * --file reads real ones instead (one per line). The npm script bundles this file with esbuild
 * and runs it with plain node, as Lambda would run the engine (tsx alone adds ~35 MB of RSS).
 *
 *   npm run bench:sentiment -- --posts=20000 --rounds=5 [--file=texts.txt]
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { loadModelEngine } from '../functions/nlp/engine';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '5' },
    file: { type: 'string' },
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
function syntheticTweets(n: number): string[] {
  const rng = xoroshiro128plus(42);
  const pick = <T>(xs: T[]): T => xs[uniformInt(rng, 0, xs.length - 1)]!;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = uniformInt(rng, 8, 30);
    const parts: string[] = [];
    for (let j = 0; j < len; j++) {
      const w = uniformInt(rng, 0, 9) === 0 ? pick(EXTRAS) : pick(WORDS);
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

async function main(): Promise<void> {
  const texts = values.file ? await readTexts(values.file, posts) : syntheticTweets(posts);
  console.log(`${texts.length} ${values.file ? `texts from ${values.file}` : 'synthetic tweets'}`);
  const rssBefore = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const engine = loadModelEngine();
  const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(
    `model load: ${loadMs.toFixed(1)} ms (RSS +${mb(process.memoryUsage().rss - rssBefore)})`,
  );

  let sink = 0;
  const rates: number[] = [];
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
      console.log(
        `round ${r}: ${(texts.length / wall).toFixed(0)} posts/s wall, ${(texts.length / cpuSec).toFixed(0)} posts/s CPU`,
      );
    }
  }
  const sorted = [...rates].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const mem = process.memoryUsage();
  console.log(
    `median: ${median.toFixed(0)} posts/s (best ${(sorted.at(-1) ?? 0).toFixed(0)}) over ${rounds} x ${posts} posts; ` +
      `RSS ${mb(mem.rss)}, heap used ${mb(mem.heapUsed)}` +
      (sink === 0 ? ' (no output?)' : ''),
  );
}

void main();
