import { SENTIMENT_COLORS, netSentiment, netSentimentColor, sentimentShares } from './sentiment';

describe('sentiment helpers', () => {
  it('computes shares of the scored posts', () => {
    expect(sentimentShares({ positive: 2, neutral: 1, negative: 1, mixed: 0 })).toEqual({
      positive: 0.5,
      neutral: 0.25,
      negative: 0.25,
      mixed: 0,
    });
    expect(sentimentShares({ positive: 0, neutral: 0, negative: 0, mixed: 0 }).positive).toBe(0);
  });

  it('computes net sentiment over mentions', () => {
    expect(
      netSentiment({ mentions: 10, positive: 6, negative: 1, neutral: 3, mixed: 0 }),
    ).toBeCloseTo(0.5);
    expect(netSentiment({ mentions: 4, positive: 0, negative: 4, neutral: 0, mixed: 0 })).toBe(-1);
    expect(netSentiment({ mentions: 0, positive: 0, negative: 0, neutral: 0, mixed: 0 })).toBe(0);
  });

  it('maps net sentiment onto the orange-grey-blue scale', () => {
    expect(netSentimentColor(1)).toBe(SENTIMENT_COLORS.POSITIVE.fill);
    expect(netSentimentColor(0)).toBe(SENTIMENT_COLORS.NEUTRAL.fill);
    expect(netSentimentColor(-1)).toBe(SENTIMENT_COLORS.NEGATIVE.fill);
    expect(netSentimentColor(5)).toBe(SENTIMENT_COLORS.POSITIVE.fill);
    expect(netSentimentColor(Number.NaN)).toBe(SENTIMENT_COLORS.NEUTRAL.fill);
    expect(netSentimentColor(0.5)).toMatch(/^#[0-9a-f]{6}$/);
    expect(netSentimentColor(0.5)).not.toBe(netSentimentColor(-0.5));
  });

  /** WCAG relative luminance contrast, to keep the palette honest if someone edits it. */
  function contrast(a: string, b: string): number {
    const lum = (hex: string) => {
      const [r, g, bl] = [1, 3, 5]
        .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
        .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [
        number,
        number,
        number,
      ];
      return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
    };
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
    return (hi + 0.05) / (lo + 0.05);
  }

  it.each(Object.entries(SENTIMENT_COLORS))('%s meets WCAG AA', (_name, colors) => {
    expect(contrast(colors.text, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(colors.text, colors.tint)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(colors.fill, '#ffffff')).toBeGreaterThanOrEqual(3);
  });
});
