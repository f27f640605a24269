import { termItem } from '../../testing/fixtures';
import { SENTIMENT_COLORS } from '../shared/sentiment';
import {
  faded,
  wordBoxes,
  wordColor,
  wordFontSizes,
  wordLabel,
  wordSentiment,
  type PlacedWord,
} from './word-layout';

describe('word layout', () => {
  it('sizes words by the square root of their posts, between a smallest and a largest size', () => {
    const sizes = wordFontSizes(
      [termItem('most', 100), termItem('middle', 25), termItem('least', 1)],
      800,
      400,
    );
    expect(sizes).toHaveLength(3);
    const [most = 0, middle = 0, least = 0] = sizes;
    expect(most).toBeGreaterThan(middle);
    expect(middle).toBeGreaterThan(least);
    expect(least).toBeGreaterThanOrEqual(11);
    expect(most).toBeLessThanOrEqual(64);
  });

  it('shrinks every word together on a small canvas, never below the smallest readable size', () => {
    const words = Array.from({ length: 50 }, (_, i) => termItem(`word${i}`, 50 - i));
    const wide = wordFontSizes(words, 1200, 400);
    const phone = wordFontSizes(words, 330, 260);
    expect(phone[0]).toBeLessThan(wide[0] ?? 0);
    expect(Math.min(...phone)).toBeGreaterThanOrEqual(11);
  });

  it('has no sizes without words or without room', () => {
    expect(wordFontSizes([], 800, 400)).toEqual([]);
    expect(wordFontSizes([termItem('a', 1)], 0, 400)).toEqual([]);
  });

  it("colours a word by what its posts mostly feel, in the sentiment's text shade", () => {
    const counts = (positive: number, negative: number, neutral: number, mixed: number) =>
      termItem('w', positive + negative + neutral + mixed, { positive, negative, neutral, mixed });
    expect(wordSentiment(counts(6, 1, 3, 0))).toBe('POSITIVE');
    expect(wordSentiment(counts(1, 6, 3, 0))).toBe('NEGATIVE');
    expect(wordSentiment(counts(3, 3, 4, 0))).toBe('NEUTRAL');
    // Leaning less than 20% either way is balanced.
    expect(wordSentiment(counts(4, 3, 3, 0))).toBe('NEUTRAL');
    expect(wordSentiment(counts(1, 1, 1, 5))).toBe('MIXED');
    // Posts in a language without a sentiment model: counted, not scored.
    expect(wordSentiment(termItem('w', 4, { positive: 0, negative: 0, neutral: 0 }))).toBe(
      'NEUTRAL',
    );
    expect(wordColor(counts(6, 1, 3, 0))).toBe(SENTIMENT_COLORS.POSITIVE.text);
    expect(wordColor(counts(1, 6, 3, 0))).toBe(SENTIMENT_COLORS.NEGATIVE.text);
  });

  it('reads a word out with its posts and their sentiment split', () => {
    expect(
      wordLabel(termItem('release', 10, { positive: 6, negative: 2, neutral: 2, mixed: 0 })),
    ).toBe('release: 10 posts, 60% positive, 20% neutral, 20% negative');
    expect(wordLabel(termItem('once', 1, { positive: 0, negative: 0, neutral: 0 }))).toBe(
      'once: 1 post, No sentiment yet',
    );
  });

  it('fades a colour to a fraction of its strength', () => {
    expect(faded('#005a9c', 0.3)).toBe('rgba(0, 90, 156, 0.3)');
  });

  it('boxes the placed words around their drawn text and lists the dropped ones', () => {
    const words: PlacedWord[] = [
      { x: 100, y: 50, scale: 1, text: 'cloud', size: 20 },
      { x: 0, y: 0, scale: 0, text: 'dropped', size: 12 },
    ];
    const { boxes, dropped } = wordBoxes(words, (text, size) => ({
      width: text.length * size * 0.5,
      ascent: size * 0.8,
      descent: size * 0.2,
    }));
    // 5 letters x 10 px wide, centred on x = 100, baseline at y = 50, 2 px around.
    expect(boxes).toEqual([{ index: 0, left: 73, top: 32, width: 54, height: 24 }]);
    expect(dropped).toEqual([1]);
  });
});
