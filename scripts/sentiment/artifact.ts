import { createModelEngine } from '../../functions/nlp/engine/classifier';
import type { FeatureConfig } from '../../functions/nlp/engine/features';
import {
  buildCodebook,
  decodeModel,
  encodeWeight,
  MODEL_FORMAT,
  type EmbeddingRows,
  type SentimentModelFile,
} from '../../functions/nlp/engine/model';
import { LABELS, type Example } from './data';
import { score, type Scores } from './metrics';
import type { Embeddings } from './resources';
import type { SoftmaxModel } from './softmax';

/** Turning a trained model into the committed artifact, and scoring an artifact. */

const NEG = LABELS.indexOf('negative');
const NEU = LABELS.indexOf('neutral');
const POS = LABELS.indexOf('positive');

/**
 * Packs weights relative to NEUTRAL into 8-bit codes (see functions/nlp/engine/model.ts). When the
 * model was trained with summed embeddings in the dims after the 2^bits buckets, each word's
 * vector is projected through those weights into one row of two scores.
 */
export function pack(
  model: SoftmaxModel,
  features: FeatureConfig,
  lexicon: Map<string, number>,
  vocabulary: Set<string>,
  training: Record<string, unknown>,
  embeddings?: Embeddings,
  languages: string[] = ['en'],
): SentimentModelFile {
  const K = model.classes;
  const dim = 1 << features.bits;
  const rel = (bucket: number, k: number): number =>
    model.weights[bucket * K + k]! - model.weights[bucket * K + NEU]!;
  let maxAbs = 0;
  for (let b = 0; b < dim; b++) {
    maxAbs = Math.max(maxAbs, Math.abs(rel(b, POS)), Math.abs(rel(b, NEG)));
  }
  const codes = new Uint8Array(dim * 2);
  for (let b = 0; b < dim; b++) {
    codes[2 * b] = encodeWeight(rel(b, POS), maxAbs);
    codes[2 * b + 1] = encodeWeight(rel(b, NEG), maxAbs);
  }
  return {
    format: MODEL_FORMAT,
    languages,
    features,
    bias: [model.bias[POS]! - model.bias[NEU]!, model.bias[NEG]! - model.bias[NEU]!],
    codebook: buildCodebook(maxAbs),
    weights: Buffer.from(codes).toString('base64'),
    lexicon: [...lexicon].map(([w, v]) => `${w}\t${v}`).join('\n'),
    ...(embeddings ? { embedding: packEmbedding(model, dim, embeddings) } : {}),
    vocabulary: [...vocabulary].sort().join('\n'),
    training,
  };
}

function packEmbedding(model: SoftmaxModel, base: number, e: Embeddings): EmbeddingRows {
  const K = model.classes;
  const W = model.weights;
  const scores = new Float64Array(e.words.length * 2);
  let maxAbs = 0;
  for (let r = 0; r < e.words.length; r++) {
    let pos = 0;
    let neg = 0;
    for (let d = 0; d < e.dim; d++) {
      const x = e.vectors[r * e.dim + d]!;
      const at = (base + d) * K;
      pos += (W[at + POS]! - W[at + NEU]!) * x;
      neg += (W[at + NEG]! - W[at + NEU]!) * x;
    }
    scores[2 * r] = pos;
    scores[2 * r + 1] = neg;
    maxAbs = Math.max(maxAbs, Math.abs(pos), Math.abs(neg));
  }
  const codes = Uint8Array.from(scores, (w) => encodeWeight(w, maxAbs));
  return {
    source: e.source,
    words: e.words.join('\n'),
    codebook: buildCodebook(maxAbs),
    weights: Buffer.from(codes).toString('base64'),
  };
}

/** Scores a packed model through the runtime engine, as Lambda would run it. */
export function evaluateFile(
  file: SentimentModelFile,
  examples: Example[],
): Scores & { mixed: number } {
  const engine = createModelEngine(decodeModel(file));
  const order = { NEGATIVE: NEG, NEUTRAL: NEU, POSITIVE: POS, MIXED: -1 } as const;
  const pred = examples.map((e) => order[engine.classify(e.text).Sentiment]);
  return {
    ...score(
      examples.map((e) => e.y),
      pred,
    ),
    mixed: pred.filter((p) => p === -1).length,
  };
}
