import { MAX_RADIUS, MIN_RADIUS, markerRadius, markerStyle } from './marker-style';
import { SENTIMENT_COLORS } from '../shared/sentiment';

describe('marker style', () => {
  it('scales the radius with the square root of mentions', () => {
    expect(markerRadius(100, 100)).toBe(MAX_RADIUS);
    expect(markerRadius(0, 100)).toBe(MIN_RADIUS);
    expect(markerRadius(25, 100)).toBeCloseTo(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * 0.5);
    expect(markerRadius(5, 0)).toBe(MIN_RADIUS);
  });

  it('colours by net sentiment', () => {
    const positive = markerStyle(
      { mentions: 4, positive: 4, negative: 0, neutral: 0, mixed: 0 },
      4,
    );
    const negative = markerStyle(
      { mentions: 4, positive: 0, negative: 4, neutral: 0, mixed: 0 },
      4,
    );
    expect(positive.fillColor).toBe(SENTIMENT_COLORS.POSITIVE.fill);
    expect(negative.fillColor).toBe(SENTIMENT_COLORS.NEGATIVE.fill);
  });
});
