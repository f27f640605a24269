/**
 * The dashboard's names for the HTTP API's shapes. The shapes themselves are generated from
 * docs/openapi.yaml into api.generated.ts (`npm run gen:api-types`, run by `build:frontend`);
 * nothing here restates a field. The runtime lists below (windows, granularities, ...) are
 * checked against the generated unions, so a value added to the document fails the type check
 * until the dashboard knows it.
 */
import type { components, operations } from './api.generated';

type Schemas = components['schemas'];

/**
 * `values` as given, if it lists every member of T (and nothing else): a type error names the
 * missing members otherwise.
 */
function everyOf<T>() {
  return <const A extends readonly T[]>(
    values: A &
      ([Exclude<T, A[number]>] extends [never] ? unknown : { missing: Exclude<T, A[number]> }),
  ): A => values;
}

export type TimeWindow = Schemas['Window'];
export const WINDOWS = everyOf<TimeWindow>()(['1h', '24h', '7d', 'all']);

export type Granularity = Schemas['TimelineResponse']['granularity'];
export const GRANULARITIES = everyOf<Granularity>()(['minute', 'hour', 'day']);

export type Sentiment = Schemas['Sentiment'];
/** In display order (positive, neutral, negative, mixed), not the document's. */
export const SENTIMENTS = everyOf<Sentiment>()(['POSITIVE', 'NEUTRAL', 'NEGATIVE', 'MIXED']);

/** The all-posts pseudo tag of the timeline and terms endpoints. */
export const ALL_POSTS_TAG = '_all';

export type SentimentCounts = Schemas['Counts'];

export type HashtagItem = Schemas['Hashtag'];
export type HashtagsResponse = Schemas['HashtagsResponse'];
export type HashtagSort = HashtagsResponse['sort'];

export type LocationItem = Schemas['Location'];
export type LocationsResponse = Schemas['LocationsResponse'];

export type TimelinePoint = Schemas['Point'];
export type TimelineResponse = Schemas['TimelineResponse'];

export type PostItem = Schemas['Post'];
export type PostSource = PostItem['source'];
export type PostsResponse = Schemas['PostsResponse'];

export type StatsResponse = Schemas['StatsResponse'];

export type TrackedTerm = Schemas['Track'];
export type TracksResponse = Schemas['TracksResponse'];

/** A word of the word cloud: the sampled posts that use it. */
export type TermItem = Schemas['Term'];
export type TermsResponse = Schemas['TermsResponse'];

/** Posts of one language (GET /languages) or one source (GET /sources), with sentiment. */
export type BreakdownItem = Schemas['BreakdownItem'];
export type BreakdownResponse = Schemas['BreakdownResponse'];

/** The named queries of GET /history/{query} (functions/history/queries/*.sql). */
export type HistoryQueryName = operations['getHistory']['parameters']['path']['query'];
export const HISTORY_QUERIES = everyOf<HistoryQueryName>()([
  'top-hashtags-per-day',
  'sentiment-by-country-per-week',
  'posts-per-language-source-per-hour',
  'co-occurring-hashtags',
]);

export type HistoryCell = Schemas['HistoryCell'];
export type HistoryColumn = Schemas['HistoryColumn'];
/** athena in AWS (started, then polled), duckdb on the local stack (answers at once). */
export type HistoryResponse = Schemas['HistoryResponse'];
