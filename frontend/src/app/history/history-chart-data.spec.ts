import type { HistoryResponse } from '../core/api.types';
import { historyChart } from './history-chart-data';

const response = (rows: HistoryResponse['rows']): HistoryResponse => ({
  query: 'q',
  engine: 'duckdb',
  params: {},
  status: 'SUCCEEDED',
  rows,
  bytesScanned: null,
  costUsd: null,
});

describe('historyChart', () => {
  it('stacks each day’s top tags, the tags most used over the range first', () => {
    const c = historyChart(
      'top-hashtags-per-day',
      response([
        { day: '2026-11-21', tag: 'aws', posts: 3 },
        { day: '2026-11-21', tag: 'ai', posts: 1 },
        { day: '2026-11-22', tag: 'ai', posts: 5 },
      ]),
    );
    expect(c).toMatchObject({ type: 'bar', stacked: true, indexAxis: 'x' });
    expect(c.data.labels).toEqual(['2026-11-21', '2026-11-22']);
    expect(c.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['#ai', [1, 5]],
      ['#aws', [3, 0]],
    ]);
  });

  it('sums a tag’s sentiment per country over the weeks, biggest first, as horizontal bars', () => {
    const c = historyChart(
      'sentiment-by-country-per-week',
      response([
        {
          week: '2026-11-16',
          country_code: 'DE',
          posts: 2,
          positive: 1,
          negative: 1,
          neutral: 0,
          mixed: 0,
        },
        {
          week: '2026-11-16',
          country_code: 'US',
          posts: 5,
          positive: 0,
          negative: 5,
          neutral: 0,
          mixed: 0,
        },
        {
          week: '2026-11-23',
          country_code: 'DE',
          posts: 4,
          positive: 4,
          negative: 0,
          neutral: 0,
          mixed: 0,
        },
      ]),
    );
    expect(c).toMatchObject({ type: 'bar', indexAxis: 'y', stacked: true });
    expect(c.data.labels).toEqual(['DE', 'US']);
    expect(c.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['Positive', [5, 0]],
      ['Neutral', [0, 0]],
      ['Negative', [1, 5]],
      ['Mixed', [0, 0]],
    ]);
  });

  it('draws posts per language per hour as lines, sources summed', () => {
    const c = historyChart(
      'posts-per-language-source-per-hour',
      response([
        { hour_start: '2026-11-22T10:00:00.000Z', lang: 'en', source: 'x', posts: 3 },
        { hour_start: '2026-11-22T10:00:00.000Z', lang: 'en', source: 'bsky', posts: 2 },
        { hour_start: '2026-11-22T11:00:00.000Z', lang: 'de', source: 'x', posts: 1 },
      ]),
    );
    expect(c.type).toBe('line');
    expect(c.data.labels).toEqual(['2026-11-22 10h', '2026-11-22 11h']);
    expect(c.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['en', [5, 0]],
      ['de', [0, 1]],
    ]);
  });

  it('ranks co-occurring tags with their sentiment', () => {
    const c = historyChart(
      'co-occurring-hashtags',
      response([
        { tag: 'cloud', posts: 4, days: 2, positive: 2, negative: 2, neutral: 0, mixed: 0 },
      ]),
    );
    expect(c.data.labels).toEqual(['#cloud']);
    expect(c.indexAxis).toBe('y');
  });
});
