import { createModelEngine } from '../../functions/nlp/engine/classifier';
import type { FeatureConfig } from '../../functions/nlp/engine/features';
import {
  buildCodebook,
  decodeModel,
  encodeWeight,
  MODEL_FORMAT,
  type SentimentModelFile,
} from '../../functions/nlp/engine/model';
import { LABELS, type Example } from './data';
import { score, type Scores } from './metrics';
import type { SoftmaxModel } from './softmax';

/** Turning a trained model into the committed artifact, and scoring an artifact. */

const NEG = LABELS.indexOf('negative');
const NEU = LABELS.indexOf('neutral');
const POS = LABELS.indexOf('positive');

/** Packs weights relative to NEUTRAL into 8-bit codes (see functions/nlp/engine/model.ts). */
export function pack(
  model: SoftmaxModel,
  features: FeatureConfig,
  lexicon: Map<string, number>,
  vocabulary: Set<string>,
  training: Record<string, unknown>,
): SentimentModelFile {
  const K = model.classes;
  const dim = model.dim;
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
    languages: ['en'],
    features,
    bias: [model.bias[POS]! - model.bias[NEU]!, model.bias[NEG]! - model.bias[NEU]!],
    codebook: buildCodebook(maxAbs),
    weights: Buffer.from(codes).toString('base64'),
    lexicon: [...lexicon].map(([w, v]) => `${w}\t${v}`).join('\n'),
    vocabulary: [...vocabulary].sort().join('\n'),
    training,
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
