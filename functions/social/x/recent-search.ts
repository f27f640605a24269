import { partitionKeyFor } from '../kinesis/partition-key';
import { createSeenIds, type SeenIds } from '../tracking/seen';
import { silentLog, type RecordSink, type SourceLog } from '../tracking/source-types';
import type { TrackedTerm } from '../tracking/terms';
import { X_POST_FIELDS, XHttpError, type XApi } from './api';
import { ruleValue } from './rules';

/**
 * X API v2 recent search for the scheduled collector: every post matching the tracked terms
 * since the `since_id` checkpoint, paged newest first, each sent in the filtered stream's
 * payload shape (`data` + `includes`) so ingest treats both the same.
 */

export const RECENT_SEARCH_PATH = '/2/tweets/search/recent';
/** Query length limit of the Basic and Pro access levels. */
export const MAX_QUERY_LENGTH = 512;

interface Tweet {
  id: string;
  author_id?: string;
  geo?: { place_id?: string };
  referenced_tweets?: { type: string; id: string }[];
  [k: string]: unknown;
}
interface WithId {
  id: string;
  [k: string]: unknown;
}
interface SearchPage {
  data?: Tweet[];
  includes?: { users?: WithId[]; places?: WithId[]; tweets?: WithId[] };
  meta?: { newest_id?: string; next_token?: string; result_count?: number };
}

/** Terms OR-ed into as few queries as the length limit allows. */
export function buildQueries(
  terms: readonly TrackedTerm[],
  maxLength = MAX_QUERY_LENGTH,
): string[] {
  const queries: string[] = [];
  let parts: string[] = [];
  const render = (p: string[]): string => (p.length === 1 ? p[0]! : `(${p.join(' OR ')})`);
  for (const term of terms) {
    const value = ruleValue(term);
    if (parts.length > 0 && render([...parts, value]).length > maxLength) {
      queries.push(render(parts));
      parts = [];
    }
    parts.push(value);
  }
  if (parts.length > 0) queries.push(render(parts));
  return queries;
}

const newer = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : BigInt(a) >= BigInt(b) ? a : b;

/** The stream payload of one search result: the post and only the includes it refers to. */
function payloadOf(tweet: Tweet, includes: SearchPage['includes']): Record<string, unknown> {
  const one = (list: WithId[] | undefined, id: string | undefined): WithId[] => {
    const found = id === undefined ? undefined : list?.find((x) => x.id === id);
    return found ? [found] : [];
  };
  const users = one(includes?.users, tweet.author_id);
  const places = one(includes?.places, tweet.geo?.place_id);
  const tweets = (tweet.referenced_tweets ?? []).flatMap((r) => one(includes?.tweets, r.id));
  return {
    data: tweet,
    includes: {
      ...(users.length ? { users } : {}),
      ...(places.length ? { places } : {}),
      ...(tweets.length ? { tweets } : {}),
    },
  };
}

export interface RecentSearchOptions {
  api: XApi;
  terms: readonly TrackedTerm[];
  /** The checkpoint; without one only the newest page of each query is read. */
  sinceId?: string;
  /** Epoch ms after which no further page is requested. */
  deadline: number;
  sink: RecordSink;
  now?: () => number;
  seen?: SeenIds;
  log?: SourceLog;
}

export interface RecentSearchResult {
  posts: number;
  duplicates: number;
  requests: number;
  /** The newest post id seen, when every query was read down to `sinceId`: the next checkpoint. */
  nextSinceId?: string;
  /** False when the deadline or a 429 cut paging short: the checkpoint must not move. */
  complete: boolean;
  rateLimited: boolean;
}

export async function searchRecent(opts: RecentSearchOptions): Promise<RecentSearchResult> {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? silentLog;
  const seen = opts.seen ?? createSeenIds();
  const result: RecentSearchResult = {
    posts: 0,
    duplicates: 0,
    requests: 0,
    complete: true,
    rateLimited: false,
  };
  let sinceId = opts.sinceId;
  let newest: string | undefined;

  for (const query of buildQueries(opts.terms)) {
    let nextToken: string | undefined;
    for (;;) {
      if (now() >= opts.deadline) {
        result.complete = false;
        break;
      }
      let page: SearchPage;
      try {
        result.requests++;
        page = await opts.api.get<SearchPage>(RECENT_SEARCH_PATH, {
          query,
          max_results: '100',
          since_id: sinceId,
          next_token: nextToken,
          ...X_POST_FIELDS,
        });
      } catch (err) {
        if (err instanceof XHttpError && err.status === 429) {
          result.rateLimited = true;
          result.complete = false;
          log('warn', 'X recent search is rate limited; the next run resumes from the checkpoint');
          return { ...result, nextSinceId: undefined };
        }
        // Recent search only reaches back 7 days: an older checkpoint is refused, so start afresh.
        if (err instanceof XHttpError && err.status === 400 && /since_id/i.test(err.detail)) {
          log('warn', 'X refused the since_id checkpoint (older than 7 days); starting afresh');
          sinceId = undefined;
          nextToken = undefined;
          continue;
        }
        throw err;
      }
      for (const tweet of page.data ?? []) {
        if (!seen.firstTime(tweet.id)) {
          result.duplicates++;
          continue;
        }
        await opts.sink({
          partitionKey: partitionKeyFor(`x:${tweet.id}`),
          data: payloadOf(tweet, page.includes),
        });
        result.posts++;
      }
      newest = newer(newest, page.meta?.newest_id);
      // Without a checkpoint the newest page is enough: older posts are not wanted.
      nextToken = sinceId === undefined ? undefined : page.meta?.next_token;
      if (nextToken === undefined) break;
    }
  }
  return { ...result, nextSinceId: result.complete ? newer(newest, opts.sinceId) : undefined };
}
