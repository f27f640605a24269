import { toComprehend } from '../../../functions/nlp/engine';

const sum = (s: Record<string, number>): number => Object.values(s).reduce((a, b) => a + b, 0);

describe('MIXED rule', () => {
  it('is MIXED when positive and negative are both high and close', () => {
    const r = toComprehend({ positive: 0.4, negative: 0.4, neutral: 0.2 });
    expect(r.Sentiment).toBe('MIXED');
    expect(r.SentimentScore.Mixed).toBeCloseTo(0.4, 10);
    expect(r.SentimentScore.Positive).toBeCloseTo(0.2, 10);
    expect(r.SentimentScore.Negative).toBeCloseTo(0.2, 10);
    expect(toComprehend({ positive: 0.42, negative: 0.38, neutral: 0.2 }).Sentiment).toBe('MIXED');
  });

  it('keeps the stronger side when the two are not close', () => {
    expect(toComprehend({ positive: 0.45, negative: 0.35, neutral: 0.2 }).Sentiment).toBe(
      'POSITIVE',
    );
    expect(toComprehend({ positive: 0.3, negative: 0.6, neutral: 0.1 }).Sentiment).toBe('NEGATIVE');
  });

  it('is not MIXED when both are low', () => {
    expect(toComprehend({ positive: 0.3, negative: 0.3, neutral: 0.4 }).Sentiment).toBe('NEUTRAL');
  });

  it('keeps the four scores a distribution', () => {
    for (const [positive, negative] of [
      [0.4, 0.4],
      [0.9, 0.05],
      [0, 0],
      [0.5, 0.5],
      [0.01, 0.98],
    ] as const) {
      const { SentimentScore: s } = toComprehend({
        positive,
        negative,
        neutral: 1 - positive - negative,
      });
      expect(sum(s)).toBeCloseTo(1, 12);
      expect(Math.min(...Object.values(s))).toBeGreaterThanOrEqual(0);
    }
  });
});
