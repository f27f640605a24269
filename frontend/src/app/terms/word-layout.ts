import type { Sentiment, TermItem } from '../core/api.types';
import { formatCount } from '../shared/format';
import { SENTIMENT_COLORS, scoredCount, sentimentSplitLabel } from '../shared/sentiment';

/**
 * The word cloud's arithmetic, apart from the chart so it can be tested without a canvas: font
 * sizes from counts, colours from the words' sentiment, and the on-screen boxes of the placed
 * words (which the panel covers with buttons, so words are clickable, focusable and read out).
 */

/** The dashboard's font stack (styles.scss --font): the canvas cannot read CSS variables. */
export const WORD_FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif";
export const WORD_FONT_WEIGHT = 600;
/** Pixels d3-cloud keeps free around each word. */
export const WORD_PADDING = 3;

/** Share of the canvas the words' boxes may cover; the spiral layout packs loosely above it. */
const DENSITY = 0.3;
const MIN_PX = 11;

/**
 * Font sizes in CSS pixels for words used by `counts` posts (most used first or not), by the
 * square root of the count between a smallest and a largest size that follow the canvas height,
 * shrunk together when their boxes would cover more than DENSITY of a `width` x `height` canvas.
 */
export function wordFontSizes(
  words: readonly { term: string; posts: number }[],
  width: number,
  height: number,
): number[] {
  if (words.length === 0 || width <= 0 || height <= 0) return [];
  const counts = words.map((w) => w.posts);
  const max = Math.max(...counts);
  const min = Math.min(...counts);
  const largest = Math.min(64, Math.max(18, height / 4.5));
  const smallest = Math.min(16, Math.max(MIN_PX, largest * 0.28));
  const sizes = counts.map((c) => {
    const t = max === min ? 1 : Math.sqrt((c - min) / (max - min));
    return smallest + (largest - smallest) * t;
  });
  const area = sizes.reduce(
    (sum, size, i) =>
      sum + (0.6 * size * [...(words[i]?.term ?? '')].length + 2 * WORD_PADDING) * (1.2 * size),
    0,
  );
  const room = DENSITY * width * height;
  const shrink = area > room ? Math.sqrt(room / area) : 1;
  return sizes.map((size) => Math.max(MIN_PX, Math.round(size * shrink * 10) / 10));
}

/**
 * What a word's posts mostly feel: the sentiment it is drawn in. Positive or negative when the
 * net share (positive - negative) / scored leans at least LEAN either way, mixed when mixed posts
 * are the largest group, neutral otherwise (balanced, mostly neutral, or nothing scored yet).
 */
export const LEAN = 0.2;

export function wordSentiment(word: Omit<TermItem, 'term' | 'posts'>): Sentiment {
  const scored = scoredCount(word);
  if (scored === 0) return 'NEUTRAL';
  if (word.mixed > Math.max(word.positive, word.negative, word.neutral)) return 'MIXED';
  const net = (word.positive - word.negative) / scored;
  if (net >= LEAN) return 'POSITIVE';
  if (net <= -LEAN) return 'NEGATIVE';
  return 'NEUTRAL';
}

/**
 * A word's colour: the text shade of its sentiment (4.5:1 on white, as the smallest words are
 * small text), so the cloud reads as the rest of the dashboard: blue positive, orange negative.
 */
export function wordColor(word: Omit<TermItem, 'term' | 'posts'>): string {
  return SENTIMENT_COLORS[wordSentiment(word)].text;
}

/** A word's spoken and tooltip form: "release: 12 posts, 60% positive, 40% neutral, 0% negative". */
export function wordLabel(word: TermItem): string {
  const posts = `${formatCount(word.posts)} ${word.posts === 1 ? 'post' : 'posts'}`;
  return `${word.term}: ${posts}, ${sentimentSplitLabel(word)}`;
}

/** A colour at a fraction of its strength: the words that are not the picked one fade. */
export function faded(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** A placed word on the canvas, in CSS pixels from its top left corner. */
export interface WordBox {
  index: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** What the chart's word elements tell of a word (see chartjs-chart-wordcloud's WordElement). */
export interface PlacedWord {
  /** Centre of the text's baseline. */
  x: number;
  y: number;
  /** 0 when the layout found no room for the word. */
  scale: number;
  text: string;
  size: number;
}

export interface TextMetrics {
  width: number;
  ascent: number;
  descent: number;
}

/**
 * Boxes around the drawn words (the layout's own boxes are padded to 32 px and twice the font
 * high), and the indices of the words that did not fit. The text is drawn centred on x with its
 * baseline at y.
 */
export function wordBoxes(
  words: readonly PlacedWord[],
  measure: (text: string, size: number) => TextMetrics,
): { boxes: WordBox[]; dropped: number[] } {
  const boxes: WordBox[] = [];
  const dropped: number[] = [];
  words.forEach((word, index) => {
    if (!(word.scale > 0)) {
      dropped.push(index);
      return;
    }
    const m = measure(word.text, word.size * word.scale);
    const pad = 2;
    boxes.push({
      index,
      left: Math.round(word.x - m.width / 2 - pad),
      top: Math.round(word.y - m.ascent - pad),
      width: Math.round(m.width + 2 * pad),
      height: Math.round(m.ascent + m.descent + 2 * pad),
    });
  });
  return { boxes, dropped };
}
