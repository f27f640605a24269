import type { FeatureConfig, FeatureResources } from './features';

/**
 * The trained artifact (functions/nlp/model/sentiment-en.json) and its decoding. Weights are
 * stored relative to the NEUTRAL class (softmax is unchanged by that shift), so each hashed
 * bucket holds two 8-bit codes, POSITIVE then NEGATIVE, read through a 256-entry codebook.
 * Embedded words are stored the same way, one row per word, with a codebook of their own.
 */

export const MODEL_FORMAT = 'tweet-sentiment-linear/2';

/** Per-word scores learned over pretrained embeddings (see FeatureResources.embedding). */
export interface EmbeddingRows {
  /** Where the vectors came from, and their licence. */
  source: string;
  /** Newline-separated words; line i is row i. */
  words: string;
  codebook: number[];
  /** base64 of 2 bytes per word: POSITIVE then NEGATIVE codes. */
  weights: string;
}

export interface SentimentModelFile {
  format: typeof MODEL_FORMAT;
  languages: string[];
  features: FeatureConfig;
  /** Logit offsets of [POSITIVE, NEGATIVE] relative to NEUTRAL. */
  bias: [number, number];
  /** 256 weight values; a code is an index into it. */
  codebook: number[];
  /** base64 of 2 * 2^bits bytes: for bucket i, codes[2i] (POSITIVE) and codes[2i+1] (NEGATIVE). */
  weights: string;
  embedding?: EmbeddingRows;
  /** `word<TAB>valence` lines (VADER lexicon and emoji valences). */
  lexicon: string;
  /** Newline-separated words known from training, for elongation repair. */
  vocabulary: string;
  /** How the artifact was made: data, hyper-parameters, scores on the tuning slice. */
  training: Record<string, unknown>;
}

export interface LoadedModel {
  languages: readonly string[];
  features: FeatureConfig;
  resources: FeatureResources;
  bias: Float64Array;
  /** Decoded weights relative to NEUTRAL: [2r] POSITIVE and [2r + 1] NEGATIVE of row r (the
   * 2^bits hashed buckets, then one row per embedded word). */
  weights: Float32Array;
}

export function decodeModel(file: SentimentModelFile): LoadedModel {
  if (file.format !== MODEL_FORMAT) {
    throw new Error(`Unsupported sentiment model format ${String(file.format)}`);
  }
  const codes = new Uint8Array(Buffer.from(file.weights, 'base64'));
  const expected = 2 << file.features.bits;
  if (codes.length !== expected) {
    throw new Error(`Sentiment model weights hold ${codes.length} bytes, expected ${expected}`);
  }
  const buckets = 1 << file.features.bits;
  const words = file.embedding ? file.embedding.words.split('\n') : [];
  const embeddingCodes = file.embedding
    ? new Uint8Array(Buffer.from(file.embedding.weights, 'base64'))
    : new Uint8Array(0);
  if (embeddingCodes.length !== words.length * 2) {
    throw new Error(
      `Sentiment model embedding holds ${embeddingCodes.length} bytes, expected ${words.length * 2}`,
    );
  }
  // Decoded once at load (a few ms): the classifier then reads one array per feature.
  const weights = new Float32Array((buckets + words.length) * 2);
  decodeCodes(codes, file.codebook, weights, 0);
  if (file.embedding) decodeCodes(embeddingCodes, file.embedding.codebook, weights, buckets * 2);
  const embedding = new Map<string, number>();
  words.forEach((w, row) => embedding.set(w, row));
  const lexicon = new Map<string, number>();
  for (const line of file.lexicon.split('\n')) {
    const tab = line.lastIndexOf('\t');
    if (tab > 0) lexicon.set(line.slice(0, tab), Number(line.slice(tab + 1)));
  }
  const vocabulary = new Set(file.vocabulary.split('\n').filter((w) => w !== ''));
  return {
    languages: file.languages,
    features: file.features,
    resources: { lexicon, vocabulary, ...(file.embedding ? { embedding } : {}) },
    bias: Float64Array.from(file.bias),
    weights,
  };
}

function decodeCodes(codes: Uint8Array, codebook: number[], out: Float32Array, at: number): void {
  if (codebook.length !== 256) throw new Error('Sentiment model codebook must hold 256 values');
  for (let i = 0; i < codes.length; i++) out[at + i] = codebook[codes[i]!]!;
}

/** Builds the 256-value codebook: companded (sqrt) so small weights keep their resolution. */
export function buildCodebook(maxAbs: number): number[] {
  const book: number[] = [];
  for (let c = 0; c < 256; c++) {
    const u = Math.max(-1, (c - 128) / 127); // code 128 is exactly 0
    book.push(Math.sign(u) * u * u * maxAbs);
  }
  return book;
}

/** The code whose codebook value is nearest to `w` (inverse of the companding). */
export function encodeWeight(w: number, maxAbs: number): number {
  if (maxAbs === 0) return 128;
  const u = Math.sign(w) * Math.sqrt(Math.min(1, Math.abs(w) / maxAbs));
  return Math.min(255, Math.max(1, Math.round(u * 127 + 128)));
}
