import winkSentiment from 'wink-sentiment';
import type { Sentiment, SentimentScore } from '../domain/post';

/**
 * Offline stand-in sentiment engine (wink-sentiment, an English lexicon with negation, emoji and
 * emoticon handling). Replaced by the trained engine of the sentiment issue behind the same API.
 */
export const LEXICON_LANGUAGES: readonly string[] = ['en'];

export interface SentimentResult {
  Sentiment: Sentiment;
  SentimentScore: SentimentScore;
}

interface WinkToken {
  score?: number;
}

export function classifyLexicon(text: string): SentimentResult {
  const { tokenizedPhrase } = winkSentiment(text) as { tokenizedPhrase: WinkToken[] };
  let pos = 0;
  let neg = 0;
  for (const t of tokenizedPhrase) {
    if (t.score === undefined) continue;
    if (t.score > 0) pos += t.score;
    else neg -= t.score;
  }
  // Turn lexicon mass into Comprehend-like probabilities: evidence raises a class above a
  // neutral prior; strong evidence on both sides is MIXED.
  const p = 1 - Math.exp(-pos / 3);
  const n = 1 - Math.exp(-neg / 3);
  const mixed = Math.min(p, n);
  const neutral = (1 - p) * (1 - n);
  const positive = p - mixed / 2;
  const negative = n - mixed / 2;
  const sum = positive + negative + neutral + mixed || 1;
  const score: SentimentScore = {
    Positive: positive / sum,
    Negative: negative / sum,
    Neutral: neutral / sum,
    Mixed: mixed / sum,
  };
  return { Sentiment: argmax(score), SentimentScore: score };
}

export function argmax(score: SentimentScore): Sentiment {
  const entries: [Sentiment, number][] = [
    ['NEUTRAL', score.Neutral],
    ['POSITIVE', score.Positive],
    ['NEGATIVE', score.Negative],
    ['MIXED', score.Mixed],
  ];
  let best = entries[0]!;
  for (const e of entries) if (e[1] > best[1]) best = e;
  return best[0];
}
