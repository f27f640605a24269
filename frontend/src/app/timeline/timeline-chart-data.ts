import type { ChartData } from 'chart.js';
import type { Granularity, TimelinePoint } from '../core/api.types';
import { SENTIMENT_COLORS } from '../shared/sentiment';

const timeFormat = new Intl.DateTimeFormat('en-US', {
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dayFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' });

/** Axis label of a bucket start, in the viewer's time zone. */
export function bucketLabel(iso: string, granularity: Granularity): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return granularity === 'day' ? dayFormat.format(date) : timeFormat.format(date);
}

const SERIES = [
  { key: 'positive', label: 'Positive', colors: SENTIMENT_COLORS.POSITIVE },
  { key: 'neutral', label: 'Neutral', colors: SENTIMENT_COLORS.NEUTRAL },
  { key: 'negative', label: 'Negative', colors: SENTIMENT_COLORS.NEGATIVE },
] as const;

/** Positive, neutral and negative posts per bucket, as three lines in the shared colours. */
export function toChartData(
  points: readonly TimelinePoint[],
  granularity: Granularity,
): ChartData<'line', number[], string> {
  return {
    labels: points.map((p) => bucketLabel(p.t, granularity)),
    datasets: SERIES.map((series) => ({
      label: series.label,
      data: points.map((p) => p[series.key]),
      borderColor: series.colors.fill,
      backgroundColor: series.colors.fill,
      pointBackgroundColor: series.colors.fill,
      borderWidth: 2,
      // Dashed negative line: a second cue besides colour.
      borderDash: series.key === 'negative' ? [6, 3] : [],
      pointRadius: 0,
      pointHoverRadius: 4,
      tension: 0.25,
      fill: false,
    })),
  };
}

export interface TimelineTotals {
  positive: number;
  neutral: number;
  negative: number;
  mixed: number;
  mentions: number;
}

export function timelineTotals(points: readonly TimelinePoint[]): TimelineTotals {
  return points.reduce(
    (sum, p) => ({
      positive: sum.positive + p.positive,
      neutral: sum.neutral + p.neutral,
      negative: sum.negative + p.negative,
      mixed: sum.mixed + p.mixed,
      mentions: sum.mentions + p.mentions,
    }),
    { positive: 0, neutral: 0, negative: 0, mixed: 0, mentions: 0 },
  );
}
