import { z } from 'zod';
import type { HistoryParam, NamedQuery } from '../domain/named-queries';
import { hashtagParam } from '../api/tags';
import { BadRequestError, parseParams } from '../shared/http';

/**
 * The History route's parameters: which named query, the hashtag and the date range it runs
 * for, and (Athena) the id of a run to poll. Dates are whole UTC days, inclusive, matching the
 * archive's `dt` partitions.
 */

/** The longest range one request may scan: a year of partitions. */
export const MAX_RANGE_DAYS = 366;
/** Without from/to: the last 7 days, today included. */
export const DEFAULT_RANGE_DAYS = 7;
/**
 * The archive's first partition (template.yaml, projection.dt.range): before Reddit's first posts
 * (June 2005) and the first tweet (March 2006), so recordings of any age replayed with their own
 * dates (SemEval's 2013-2016 tweets) can be asked about. Projection costs nothing for days a query
 * does not ask for; every named query filters by day.
 */
export const FIRST_DAY = '2005-01-01';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_ERROR = `must be a date YYYY-MM-DD, from ${FIRST_DAY} on`;
const dayParam = () =>
  z
    .string()
    .trim()
    .refine(
      (s) =>
        DAY.test(s) &&
        !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
        new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s &&
        s >= FIRST_DAY,
      { error: DAY_ERROR },
    )
    .optional();

const query = z.object({
  tag: hashtagParam().optional(),
  from: dayParam(),
  to: dayParam(),
  queryId: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
      error: 'must be the queryId an earlier answer gave',
    })
    .optional(),
});

export interface HistoryRequest {
  query: NamedQuery;
  values: Partial<Record<HistoryParam, string>>;
  queryId?: string;
}

const dayOf = (d: Date): string => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number): string =>
  dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));

/** Validates the request against the named query it names; BadRequestError names the problem. */
export function parseHistoryRequest(
  queries: ReadonlyMap<string, NamedQuery>,
  pathParameters: Record<string, string | undefined> | undefined,
  queryString: Record<string, string | undefined> | undefined,
  now: Date,
): HistoryRequest {
  const name = pathParameters?.query ?? '';
  const named = queries.get(name.trim());
  if (!named) throw new BadRequestError(`query must be one of ${[...queries.keys()].join(', ')}`);
  const p = parseParams(query, queryString);
  const to = p.to ?? dayOf(now);
  const from = p.from ?? addDays(to, 1 - DEFAULT_RANGE_DAYS);
  if (from > to) throw new BadRequestError('from must be on or before to');
  if (addDays(from, MAX_RANGE_DAYS - 1) < to) {
    throw new BadRequestError(`from must be at most ${MAX_RANGE_DAYS} days before to`);
  }
  if (named.params.includes('tag') && p.tag === undefined) {
    throw new BadRequestError(`tag is required by ${named.name}`);
  }
  return {
    query: named,
    values: { from, to, ...(p.tag !== undefined ? { tag: p.tag } : {}) },
    ...(p.queryId ? { queryId: p.queryId } : {}),
  };
}
