import { analyze, NEG_SUFFIX, type Analysis } from './tokenize';

/**
 * Turns a text into a sparse hashed feature vector: word uni/bigrams (negation-marked), character
 * n-grams of each token, a few dense cues (lexicon valence, elongation, capitals), and one entry
 * per word that has a pretrained embedding. The same code runs in training and in Lambda, so the
 * two can never drift apart.
 */

export interface FeatureConfig {
  /** log2 of the number of hashed buckets. */
  bits: number;
  charMin: number;
  charMax: number;
  /** Scale of the character n-gram group relative to the word group (each group has L2 norm 1). */
  charWeight: number;
  /** Scale of the dense lexicon/style cues. */
  denseWeight: number;
  /** Adds a pseudo-word per lexicon word (polarity, strength, negated) and its bigram. */
  lexTokens: boolean;
  /** Value of each embedded word's entry: the embeddings are summed, then scaled by this. */
  embeddingScale?: number;
  /** Negation cues of the model's language; absent = English's (see tokenize.ts). */
  negators?: string[];
  /** Contrast words that end a negation scope; absent = English's. */
  scopeBreakers?: string[];
  /**
   * When set, lexicon keys are word stems (Snowball-style, diacritics folded, as nlp.js ships its
   * Spanish, German, French, Italian and Portuguese lexicons): a word without an exact entry takes
   * the valence of its longest prefix of at least this many letters that is a key. Stemming each
   * word at run time would need a stemmer per language; a stem is a prefix of the folded word.
   */
  lexiconStems?: number;
}

export interface FeatureResources {
  /** Valence of a word or emoji in [-4, 4] (VADER scale); absent = no prior. */
  lexicon: ReadonlyMap<string, number>;
  /** Words seen in training, for elongation repair. */
  vocabulary: ReadonlySet<string>;
  /**
   * Words with a pretrained embedding, each mapped to its row after the 2^bits hashed buckets.
   * The model is linear, so the summed embeddings it was trained on reduce to one learned score
   * per word: the runtime needs that row, never the vectors. Absent in training, which adds the
   * dense vectors itself (see embeddingWords).
   */
  embedding?: ReadonlyMap<string, number>;
}

/** Sparse vector in caller-owned buffers, reused from one call to the next. */
export interface FeatureVector {
  idx: Int32Array;
  val: Float32Array;
  size: number;
}

export function createVector(capacity = 4096): FeatureVector {
  return { idx: new Int32Array(capacity), val: new Float32Array(capacity), size: 0 };
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashString(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Murmur3 finalizer: spreads FNV's weak low bits before masking to the bucket count. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const SEED_WORD = hashString('w', FNV_OFFSET);
const SEED_BIGRAM = hashString('b', FNV_OFFSET);
const SEED_CHAR = hashString('c', FNV_OFFSET);
const SEED_CHAR_NEG = hashString('cn', FNV_OFFSET);
const BOUNDARY = 0x20;
const HASH_START = hashString('<s>', SEED_WORD);
const HASH_END = hashString('</s>', SEED_WORD);
/** Lexicon class of a word: polarity x strength x negated, as pseudo-words. */
const LEX_CLASS = [
  '<lex+>',
  '<lex++>',
  '<lex->',
  '<lex-->',
  '<nlex+>',
  '<nlex++>',
  '<nlex->',
  '<nlex-->',
].map((t) => hashString(t, SEED_WORD));

/** Names of the dense cues; each has its own bucket. */
export const DENSE_FEATURES = [
  'lex.pos',
  'lex.neg',
  'lex.posCount',
  'lex.negCount',
  'lex.last',
  'style.elongated',
  'style.allCaps',
  'style.exclaim',
  'style.question',
  'style.emoPos',
  'style.emoNeg',
] as const;

/**
 * The words whose embeddings are summed: every word token, without its negation mark (negation is
 * left to the hashed features).
 */
export function embeddingWords(a: Analysis): string[] {
  const out: string[] = [];
  for (let i = 0; i < a.tokens.length; i++) {
    if (a.kinds[i] !== 'word') continue;
    const tok = a.tokens[i]!;
    out.push(a.negated[i] ? tok.slice(0, -NEG_SUFFIX.length) : tok);
  }
  return out;
}

export const TOKEN_VALENCE_NEGATED = -0.74; // VADER's scalar for a negated lexicon word

export interface Featurizer {
  readonly config: FeatureConfig;
  readonly resources: FeatureResources;
  analyze(text: string): Analysis;
  /** Fills `out` with the features of `text`; returns `out`. */
  featurize(text: string, out: FeatureVector): FeatureVector;
}

export function createFeaturizer(config: FeatureConfig, resources: FeatureResources): Featurizer {
  const mask = (1 << config.bits) - 1;
  const embeddingBase = 1 << config.bits;
  const denseIdx = DENSE_FEATURES.map((name) => mix(hashString(name, SEED_WORD)) & mask);
  const options = {
    emojiPolarity: (e: string): number => Math.sign(resources.lexicon.get(e) ?? 0),
    isKnownWord: (w: string): boolean => resources.vocabulary.has(w),
    ...(config.negators ? { negators: new Set(config.negators) } : {}),
    ...(config.scopeBreakers ? { scopeBreakers: new Set(config.scopeBreakers) } : {}),
  };
  const valenceOf = createValenceLookup(resources.lexicon, config.lexiconStems);
  const dense = new Float64Array(DENSE_FEATURES.length);
  // Scratch space reused by every call (one featurizer serves one thread).
  let valences = new Float64Array(256);
  const bases: string[] = [];

  const analyzeText = (text: string): Analysis => analyze(text, options);

  function featurize(text: string, out: FeatureVector): FeatureVector {
    const a = analyzeText(text);
    const n = a.tokens.length;
    // Worst case per token: 1 unigram + 1 bigram + lexicon pair + embedding + character n-grams.
    const span = config.charMax - config.charMin + 1;
    let need = DENSE_FEATURES.length + 2;
    for (const t of a.tokens) need += 5 + (t.length + 2) * span;
    if (out.idx.length < need) {
      out.idx = new Int32Array(need * 2);
      out.val = new Float32Array(need * 2);
    }
    const idx = out.idx;
    const val = out.val;
    let size = 0;

    // Each token's form without the negation mark and its lexicon valence (0 = none), once.
    if (valences.length < n) valences = new Float64Array(n * 2);
    bases.length = n;
    for (let i = 0; i < n; i++) {
      const tok = a.tokens[i]!;
      const base = a.negated[i] ? tok.slice(0, -NEG_SUFFIX.length) : tok;
      bases[i] = base;
      valences[i] = a.kinds[i] === 'punct' ? 0 : valenceOf(base);
    }

    // Word group: unigrams and bigrams (with sentence boundaries).
    let prev = HASH_START;
    for (let i = 0; i < n; i++) {
      const h = hashString(a.tokens[i]!, SEED_WORD);
      idx[size++] = mix(h) & mask;
      idx[size++] = mix(Math.imul(prev ^ SEED_BIGRAM, 0x9e3779b1) ^ h) & mask;
      const v = valences[i]!;
      if (config.lexTokens && v !== 0 && a.kinds[i] === 'word') {
        const cls =
          LEX_CLASS[(v > 0 ? 0 : 2) + (Math.abs(v) >= 2 ? 1 : 0) + (a.negated[i] ? 4 : 0)]!;
        idx[size++] = mix(cls) & mask;
        idx[size++] = mix(Math.imul(prev ^ SEED_BIGRAM, 0x9e3779b1) ^ cls) & mask;
      }
      prev = h;
    }
    idx[size++] = mix(Math.imul(prev ^ SEED_BIGRAM, 0x9e3779b1) ^ HASH_END) & mask;
    const wordEnd = size;

    // Character group: n-grams inside each token, padded with boundaries, as written
    // (without the negation mark) but hashed apart when negated.
    const { charMin, charMax } = config;
    for (let i = 0; i < n; i++) {
      const kind = a.kinds[i];
      if (kind === 'pseudo' || kind === 'punct') continue;
      const tok = bases[i]!;
      const seed = a.negated[i] ? SEED_CHAR_NEG : SEED_CHAR;
      const len = tok.length + 2;
      for (let s = 0; s < len; s++) {
        let h = seed;
        const end = Math.min(len, s + charMax);
        for (let e = s; e < end; e++) {
          const code = e === 0 || e === len - 1 ? BOUNDARY : tok.charCodeAt(e - 1);
          h = Math.imul(h ^ code, FNV_PRIME);
          if (e - s + 1 >= charMin) idx[size++] = mix(h) & mask;
        }
      }
    }
    const charEnd = size;

    const wNorm = 1 / Math.sqrt(wordEnd || 1);
    for (let i = 0; i < wordEnd; i++) val[i] = wNorm;
    const cNorm = charEnd > wordEnd ? config.charWeight / Math.sqrt(charEnd - wordEnd) : 0;
    for (let i = wordEnd; i < charEnd; i++) val[i] = cNorm;

    denseCues(a, valences, dense);
    for (let k = 0; k < dense.length; k++) {
      if (dense[k] === 0) continue;
      idx[size] = denseIdx[k]!;
      val[size++] = dense[k]! * config.denseWeight;
    }

    const embedding = resources.embedding;
    if (embedding) {
      const scale = config.embeddingScale ?? 1;
      for (let i = 0; i < n; i++) {
        if (a.kinds[i] !== 'word') continue;
        const row = embedding.get(bases[i]!);
        if (row === undefined) continue;
        idx[size] = embeddingBase + row;
        val[size++] = scale;
      }
    }
    out.size = size;
    return out;
  }

  return { config, resources, analyze: analyzeText, featurize };
}

const MEMO_LIMIT = 50_000;
const MARKS_RE = /\p{M}/gu;

/** A word's lexicon valence (0 = none): exact, or through its longest stem prefix. */
function createValenceLookup(
  lexicon: ReadonlyMap<string, number>,
  minStem: number | undefined,
): (word: string) => number {
  if (!minStem) return (w) => lexicon.get(w) ?? 0;
  let maxStem = 0;
  for (const k of lexicon.keys()) maxStem = Math.max(maxStem, k.length);
  // Prefix search per distinct word, remembered; bounded so a long-lived container stays flat.
  const memo = new Map<string, number>();
  return (w) => {
    const exact = lexicon.get(w);
    if (exact !== undefined) return exact;
    let v = memo.get(w);
    if (v !== undefined) return v;
    v = 0;
    const folded = w.normalize('NFD').replace(MARKS_RE, '');
    for (let len = Math.min(folded.length, maxStem); len >= minStem; len--) {
      const hit = lexicon.get(folded.slice(0, len));
      if (hit !== undefined) {
        v = hit;
        break;
      }
    }
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(w, v);
    return v;
  };
}

function denseCues(a: Analysis, valences: Float64Array, out: Float64Array): void {
  out.fill(0);
  let pos = 0;
  let neg = 0;
  let posCount = 0;
  let negCount = 0;
  let last = 0;
  let exclaim = 0;
  let question = 0;
  let emoPos = 0;
  let emoNeg = 0;
  for (let i = 0; i < a.tokens.length; i++) {
    const tok = a.tokens[i]!;
    const kind = a.kinds[i];
    if (kind === 'punct') {
      if (tok[0] === '!') exclaim = 1;
      else if (tok[0] === '?') question = 1;
      continue;
    }
    if (tok === '<emo+>') emoPos = 1;
    else if (tok === '<emo->') emoNeg = 1;
    let v = valences[i]!;
    if (v === 0) continue;
    if (a.negated[i]) v *= TOKEN_VALENCE_NEGATED;
    if (v > 0) {
      pos += v;
      posCount++;
    } else {
      neg -= v;
      negCount++;
    }
    last = v;
  }
  out[0] = Math.log1p(pos);
  out[1] = Math.log1p(neg);
  out[2] = Math.log1p(posCount);
  out[3] = Math.log1p(negCount);
  out[4] = last / 4;
  out[5] = a.elongated > 0 ? 1 : 0;
  out[6] = a.allCaps > 0 ? 1 : 0;
  out[7] = exclaim;
  out[8] = question;
  out[9] = emoPos;
  out[10] = emoNeg;
}
