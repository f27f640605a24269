import { Observable, of, throwError } from 'rxjs';
import type { HistoryQuery } from '../core/api.service';
import type { HistoryResponse } from '../core/api.types';
import { runHistory, type HistoryRun } from './history-run';

const base: HistoryResponse = {
  query: 'top-hashtags-per-day',
  engine: 'athena',
  params: { from: '2026-11-16', to: '2026-11-22' },
  status: 'RUNNING',
  queryId: '00000000-0000-4000-8000-000000000001',
  bytesScanned: null,
  costUsd: null,
};
const query: HistoryQuery = { query: 'top-hashtags-per-day', from: '2026-11-16', to: '2026-11-22' };

function collect(
  load: (q: HistoryQuery) => Observable<HistoryResponse>,
  maxPolls = 5,
): {
  runs: HistoryRun[];
  calls: HistoryQuery[];
} {
  const calls: HistoryQuery[] = [];
  const runs: HistoryRun[] = [];
  runHistory(
    (q) => {
      calls.push(q);
      return load(q);
    },
    query,
    { intervalMs: 1000, maxPolls },
  ).subscribe((r) => runs.push(r));
  jest.advanceTimersByTime(60_000);
  return { runs, calls };
}

describe('runHistory', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('takes DuckDB’s answer at once', () => {
    const done: HistoryResponse = { ...base, engine: 'duckdb', status: 'SUCCEEDED', rows: [] };
    const { runs, calls } = collect(() => of(done));
    expect(runs).toEqual([
      { state: 'running', polls: 0 },
      { state: 'done', response: done },
    ]);
    expect(calls).toHaveLength(1);
  });

  it('polls an Athena run with its queryId until it succeeds', () => {
    const answers = [
      base,
      base,
      { ...base, status: 'SUCCEEDED' as const, rows: [], bytesScanned: 1 },
    ];
    const { runs, calls } = collect(() => of(answers.shift()!));
    expect(calls.map((c) => c.queryId)).toEqual([undefined, base.queryId, base.queryId]);
    expect(runs.map((r) => r.state)).toEqual(['running', 'running', 'running', 'done']);
  });

  it('says why a run failed, and gives up on one that runs too long', () => {
    expect(
      collect(() => of({ ...base, status: 'FAILED' as const, message: 'Boom' })).runs.at(-1),
    ).toEqual({
      state: 'failed',
      message: 'Boom',
    });
    const long = collect(() => of(base), 3);
    expect(long.calls).toHaveLength(4);
    expect(long.runs.at(-1)).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/^Still running/),
    });
  });

  it('turns an API error into its message', () => {
    const { runs } = collect(() => throwError(() => new Error('tag must be a hashtag')));
    expect(runs.at(-1)).toEqual({ state: 'failed', message: 'tag must be a hashtag' });
  });
});
