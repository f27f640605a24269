import {
  EMPTY,
  Observable,
  catchError,
  concat,
  expand,
  map,
  of,
  switchMap,
  take,
  timer,
} from 'rxjs';
import { toApiError } from '../core/api-error';
import type { HistoryQuery } from '../core/api.service';
import type { HistoryResponse } from '../core/api.types';

/** One named query's run as the History view shows it. */
export type HistoryRun =
  | { state: 'running'; engine?: HistoryResponse['engine']; polls: number }
  | { state: 'done'; response: HistoryResponse }
  | { state: 'failed'; message: string };

export interface RunOptions {
  /** Between two polls of a RUNNING Athena query. */
  intervalMs: number;
  /** Polls before giving up (the query may still finish: running it again reuses its result). */
  maxPolls: number;
}

export const RUN_OPTIONS: RunOptions = { intervalMs: 1500, maxPolls: 80 };

/**
 * Runs a named query and follows it: DuckDB (local) answers at once; Athena (AWS) answers
 * RUNNING with a queryId, which is polled until it succeeds or fails.
 */
export function runHistory(
  load: (q: HistoryQuery) => Observable<HistoryResponse>,
  query: HistoryQuery,
  opts: RunOptions = RUN_OPTIONS,
): Observable<HistoryRun> {
  let polls = 0;
  const follow = (r: HistoryResponse): Observable<HistoryResponse> => {
    if (r.status !== 'RUNNING') return EMPTY;
    if (!r.queryId) return EMPTY;
    polls++;
    return timer(opts.intervalMs).pipe(switchMap(() => load({ ...query, queryId: r.queryId })));
  };
  return concat(
    of<HistoryRun>({ state: 'running', polls: 0 }),
    load(query).pipe(
      expand(follow),
      take(opts.maxPolls + 1),
      map((r): HistoryRun => {
        if (r.status === 'SUCCEEDED') return { state: 'done', response: r };
        if (r.status === 'FAILED')
          return { state: 'failed', message: r.message ?? 'The query failed.' };
        if (!r.queryId)
          return { state: 'failed', message: 'The API answered RUNNING without a queryId.' };
        if (polls >= opts.maxPolls) {
          return {
            state: 'failed',
            message:
              'Still running after several minutes; run it again later (Athena reuses finished results).',
          };
        }
        return { state: 'running', engine: r.engine, polls };
      }),
      catchError((error: unknown) =>
        of<HistoryRun>({ state: 'failed', message: toApiError(error).message }),
      ),
    ),
  );
}
