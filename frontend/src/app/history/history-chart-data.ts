import type { ChartData } from 'chart.js';
import type { HistoryCell, HistoryQueryName, HistoryResponse } from '../core/api.types';
import { tagLabel } from '../shared/tags';

/**
 * The chart of each named query's rows: what a person asks of it at a glance. Pure functions,
 * so the shapes are tested without a canvas.
 */

export type HistoryChartType = 'bar' | 'line';

export interface HistoryChart {
  type: HistoryChartType;
  data: ChartData<HistoryChartType>;
  /** Horizontal bars (a ranking), stacked bars or plain. */
  indexAxis: 'x' | 'y';
  stacked: boolean;
}

const PALETTE = [
  '#3b3fb6',
  '#0f9d8a',
  '#e0802b',
  '#c0392b',
  '#7b5ea7',
  '#5b6b7f',
  '#b59a1a',
  '#2d8fd5',
];
export const SENTIMENT_COLORS = {
  positive: '#1a9b5b',
  neutral: '#8a94a6',
  negative: '#d1453b',
  mixed: '#b07cc6',
} as const;

type Row = Record<string, HistoryCell>;
const num = (v: HistoryCell | undefined): number => (typeof v === 'number' ? v : Number(v ?? 0));
const str = (v: HistoryCell | undefined): string =>
  v === null || v === undefined ? '' : String(v);

/** Sums `value` per (x, series), keeping x in first-seen order (the rows come sorted). */
function pivot(
  rows: Row[],
  x: (r: Row) => string,
  series: (r: Row) => string,
  value: (r: Row) => number,
) {
  const xs: string[] = [];
  const sums = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const xv = x(r);
    if (!xs.includes(xv)) xs.push(xv);
    const s = sums.get(series(r)) ?? new Map<string, number>();
    s.set(xv, (s.get(xv) ?? 0) + value(r));
    sums.set(series(r), s);
  }
  return { xs, sums };
}

/** The `limit` series with the largest totals, largest first. */
const topSeries = (sums: Map<string, Map<string, number>>, limit: number): string[] =>
  [...sums]
    .map(([k, v]) => [k, [...v.values()].reduce((a, b) => a + b, 0)] as const)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([k]) => k);

const sentimentSets = (rows: Row[], label: (r: Row) => string) => {
  const labels = rows.map(label);
  return {
    labels,
    datasets: (['positive', 'neutral', 'negative', 'mixed'] as const).map((k) => ({
      label: k[0]!.toUpperCase() + k.slice(1),
      data: rows.map((r) => num(r[k])),
      backgroundColor: SENTIMENT_COLORS[k],
    })),
  };
};

export function historyChart(query: HistoryQueryName, response: HistoryResponse): HistoryChart {
  const rows = response.rows ?? [];
  switch (query) {
    case 'top-hashtags-per-day': {
      // Each day's top tags as stacked bars: the 8 tags most used over the range, day by day.
      const { xs, sums } = pivot(
        rows,
        (r) => str(r['day']),
        (r) => tagLabel(str(r['tag'])),
        (r) => num(r['posts']),
      );
      const series = topSeries(sums, 8);
      return {
        type: 'bar',
        indexAxis: 'x',
        stacked: true,
        data: {
          labels: xs,
          datasets: series.map((s, i) => ({
            label: s,
            data: xs.map((x) => sums.get(s)?.get(x) ?? 0),
            backgroundColor: PALETTE[i % PALETTE.length],
          })),
        },
      };
    }
    case 'sentiment-by-country-per-week': {
      // Per country, over the range: how people there feel about the tag.
      const byCountry = new Map<string, Row>();
      for (const r of rows) {
        const cc = str(r['country_code']);
        const sum = byCountry.get(cc) ?? {
          country_code: cc,
          posts: 0,
          positive: 0,
          neutral: 0,
          negative: 0,
          mixed: 0,
        };
        for (const k of ['posts', 'positive', 'neutral', 'negative', 'mixed'])
          sum[k] = num(sum[k]) + num(r[k]);
        byCountry.set(cc, sum);
      }
      const ranked = [...byCountry.values()]
        .sort((a, b) => num(b['posts']) - num(a['posts']))
        .slice(0, 15);
      return {
        type: 'bar',
        indexAxis: 'y',
        stacked: true,
        data: sentimentSets(ranked, (r) => str(r['country_code'])),
      };
    }
    case 'posts-per-language-source-per-hour': {
      const { xs, sums } = pivot(
        rows,
        (r) => str(r['hour_start']).slice(0, 13).replace('T', ' ') + 'h',
        (r) => str(r['lang']),
        (r) => num(r['posts']),
      );
      return {
        type: 'line',
        indexAxis: 'x',
        stacked: false,
        data: {
          labels: xs,
          datasets: topSeries(sums, 6).map((s, i) => ({
            label: s,
            data: xs.map((x) => sums.get(s)?.get(x) ?? 0),
            borderColor: PALETTE[i % PALETTE.length],
            backgroundColor: PALETTE[i % PALETTE.length],
            // Visible points: a range of one hour is one point, which a bare line would hide.
            pointRadius: 2,
            tension: 0.25,
          })),
        },
      };
    }
    case 'co-occurring-hashtags':
      return {
        type: 'bar',
        indexAxis: 'y',
        stacked: true,
        data: sentimentSets(rows, (r) => tagLabel(str(r['tag']))),
      };
  }
}
