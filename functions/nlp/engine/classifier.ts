import type { Sentiment, SentimentScore } from '../../domain/post';
import type { SentimentResult } from '../lexicon-engine';
import { createFeaturizer, createVector } from './features';
import type { LoadedModel } from './model';

/** The model's three class probabilities, before the MIXED rule. */
export interface ClassProbabilities {
  positive: number;
  negative: number;
  neutral: number;
}

export interface ModelSentimentEngine {
  languages: readonly string[];
  classify(text: string): SentimentResult;
  probabilities(text: string): ClassProbabilities;
}

/**
 * Comprehend's four scores from the model's three probabilities. MIXED is not a trained class:
 * its score is min(P, N)^2 / max(P, N), taken half from POSITIVE and half from NEGATIVE so the
 * four still sum to 1. The label is the largest of the four, so MIXED wins only when P and N are
 * close (the smaller >= sqrt(2/3) ~ 0.82 of the larger) and high (the MIXED score beats NEUTRAL):
 * 0.40/0.40/0.20 is MIXED, 0.45/0.35/0.20 POSITIVE, 0.30/0.30/0.40 NEUTRAL.
 */
export function toComprehend(p: ClassProbabilities): SentimentResult {
  const lo = Math.min(p.positive, p.negative);
  const hi = Math.max(p.positive, p.negative);
  const mixed = hi > 0 ? (lo * lo) / hi : 0;
  const score: SentimentScore = {
    Positive: p.positive - mixed / 2,
    Negative: p.negative - mixed / 2,
    Neutral: p.neutral,
    Mixed: mixed,
  };
  let label: Sentiment = 'NEUTRAL';
  let best = score.Neutral;
  if (score.Positive > best) {
    label = 'POSITIVE';
    best = score.Positive;
  }
  if (score.Negative > best) {
    label = 'NEGATIVE';
    best = score.Negative;
  }
  if (score.Mixed > best) label = 'MIXED';
  return { Sentiment: label, SentimentScore: score };
}

export function createModelEngine(model: LoadedModel): ModelSentimentEngine {
  const featurizer = createFeaturizer(model.features, model.resources);
  const vector = createVector();
  const { weights, bias } = model;

  function probabilities(text: string): ClassProbabilities {
    const v = featurizer.featurize(text, vector);
    let zPos = bias[0]!;
    let zNeg = bias[1]!;
    for (let i = 0; i < v.size; i++) {
      const at = v.idx[i]! << 1;
      const x = v.val[i]!;
      zPos += weights[at]! * x;
      zNeg += weights[at + 1]! * x;
    }
    // Softmax with NEUTRAL's logit fixed at 0.
    const m = Math.max(0, zPos, zNeg);
    const ePos = Math.exp(zPos - m);
    const eNeg = Math.exp(zNeg - m);
    const eNeu = Math.exp(-m);
    const sum = ePos + eNeg + eNeu;
    return { positive: ePos / sum, negative: eNeg / sum, neutral: eNeu / sum };
  }

  return {
    languages: model.languages,
    probabilities,
    classify: (text) => toComprehend(probabilities(text)),
  };
}
