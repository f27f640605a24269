import type { Sentiment, SentimentCounts } from '../core/api.types';
import { formatShare } from './format';

/**
 * The dashboard's sentiment colours, shared by the map, the chart, the table and the badges
 * (styles.scss mirrors them as CSS variables). Blue/orange rather than green/red so that
 * red-green colour-blind users can tell them apart; the `fill` shades reach 3:1 against white
 * (WCAG AA for graphics), the `text` shades 4.5:1 on white and on their `tint`.
 */
export const SENTIMENT_COLORS = {
  POSITIVE: { fill: '#0072b2', text: '#005a9c', tint: '#e6f0f9' },
  NEUTRAL: { fill: '#8a929c', text: '#5f6670', tint: '#eef0f3' },
  NEGATIVE: { fill: '#d55e00', text: '#a84300', tint: '#fbede4' },
  MIXED: { fill: '#cc79a7', text: '#8b3f78', tint: '#f7eaf3' },
} as const satisfies Record<Sentiment, { fill: string; text: string; tint: string }>;

export const SENTIMENT_LABELS: Record<Sentiment, string> = {
  POSITIVE: 'Positive',
  NEUTRAL: 'Neutral',
  NEGATIVE: 'Negative',
  MIXED: 'Mixed',
};

/**
 * Languages each sentiment engine scores (template parameter SentimentEngine), for the legend of
 * "Not scored": a post in any other language is stored and counted, without a sentiment. Mirrors
 * MODEL_LANGUAGES and COMPREHEND_SENTIMENT_LANGUAGES of the backend (a unit test compares them).
 */
export const SCORED_LANGUAGES = {
  builtin: ['en', 'ar', 'de', 'es', 'fr', 'hi', 'it', 'pt'],
  comprehend: ['en', 'es', 'fr', 'de', 'it', 'pt', 'ar', 'hi', 'ja', 'ko', 'zh', 'zh-TW'],
} as const;

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
const names = (codes: readonly string[]): string =>
  codes.map((c) => languageNames.of(c) ?? c).join(', ');

export const NOT_SCORED_LEGEND =
  `Not scored: the post's language has no sentiment model. ` +
  `Built-in engine: ${names(SCORED_LANGUAGES.builtin)}. ` +
  `Amazon Comprehend: ${names(SCORED_LANGUAGES.comprehend)}. ` +
  `A deployment with its own ONNX model scores the languages it names.`;

/** Posts that received a sentiment (mentions also count posts in unsupported languages). */
export function scoredCount(c: Omit<SentimentCounts, 'mentions'>): number {
  return c.positive + c.negative + c.neutral + c.mixed;
}

export interface SentimentShares {
  positive: number;
  neutral: number;
  negative: number;
  mixed: number;
}

/** Shares of the scored posts, 0..1 each; all zero when nothing is scored yet. */
export function sentimentShares(c: Omit<SentimentCounts, 'mentions'>): SentimentShares {
  const total = scoredCount(c);
  if (total === 0) return { positive: 0, neutral: 0, negative: 0, mixed: 0 };
  return {
    positive: c.positive / total,
    neutral: c.neutral / total,
    negative: c.negative / total,
    mixed: c.mixed / total,
  };
}

/** The spoken and tooltip form of a sentiment split bar: "40% positive, 40% neutral, 20% negative". */
export function sentimentSplitLabel(c: Omit<SentimentCounts, 'mentions'>): string {
  if (scoredCount(c) === 0) return 'No sentiment yet';
  const shares = sentimentShares(c);
  return (
    `${formatShare(shares.positive)} positive, ${formatShare(shares.neutral)} neutral, ` +
    `${formatShare(shares.negative)} negative` +
    (c.mixed > 0 ? `, ${formatShare(shares.mixed)} mixed` : '')
  );
}

/** (positive - negative) / mentions, in -1..1; 0 without mentions. */
export function netSentiment(c: SentimentCounts): number {
  if (c.mentions <= 0) return 0;
  return Math.max(-1, Math.min(1, (c.positive - c.negative) / c.mentions));
}

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mix(from: string, to: string, t: number): string {
  const a = hexToRgb(from);
  const b = hexToRgb(to);
  const channel = (i: 0 | 1 | 2) => Math.round(a[i] + (b[i] - a[i]) * t);
  return `#${[channel(0), channel(1), channel(2)].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Diverging scale for net sentiment: orange (-1) through neutral grey (0) to blue (+1). */
export function netSentimentColor(net: number): string {
  const clamped = Math.max(-1, Math.min(1, Number.isFinite(net) ? net : 0));
  return clamped >= 0
    ? mix(SENTIMENT_COLORS.NEUTRAL.fill, SENTIMENT_COLORS.POSITIVE.fill, clamped)
    : mix(SENTIMENT_COLORS.NEUTRAL.fill, SENTIMENT_COLORS.NEGATIVE.fill, -clamped);
}
