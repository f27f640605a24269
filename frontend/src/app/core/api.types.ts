/** Response shapes of the HTTP API (see docs/architecture.md, "API contract"). */

export const WINDOWS = ['1h', '24h', '7d', 'all'] as const;
export type TimeWindow = (typeof WINDOWS)[number];

export const GRANULARITIES = ['minute', 'hour', 'day'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const SENTIMENTS = ['POSITIVE', 'NEUTRAL', 'NEGATIVE', 'MIXED'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** The all-posts pseudo tag of the timeline endpoint. */
export const ALL_POSTS_TAG = '_all';

export interface SentimentCounts {
  mentions: number;
  positive: number;
  negative: number;
  neutral: number;
  mixed: number;
}

export interface HashtagItem extends SentimentCounts {
  tag: string;
  display: string;
  lastSeen: string;
  /** Mentions in the preceding window of equal length; null when there is none (`all`, or new). */
  previousMentions: number | null;
}

export interface HashtagsResponse {
  window: TimeWindow;
  sort: string;
  generatedAt: string;
  items: HashtagItem[];
}

export interface LocationItem extends SentimentCounts {
  id: string;
  name: string;
  fullName?: string;
  country?: string;
  countryCode?: string;
  lat: number;
  lon: number;
  lastSeen: string;
}

export interface LocationsResponse {
  window: TimeWindow;
  generatedAt: string;
  items: LocationItem[];
}

export interface TimelinePoint extends SentimentCounts {
  t: string;
}

export interface TimelineResponse {
  tag: string;
  granularity: Granularity;
  from: string;
  to: string;
  points: TimelinePoint[];
}

export interface PostItem {
  id: string;
  source: string;
  text: string;
  createdAt: string;
  lang?: string;
  author?: { id?: string; handle?: string; name?: string };
  hashtags: string[];
  cashtags: string[];
  placeName?: string;
  countryCode?: string;
  url?: string;
  sentiment?: Sentiment;
  sentimentScore?: { Positive: number; Negative: number; Neutral: number; Mixed: number };
}

export interface PostsResponse {
  items: PostItem[];
}

export interface StatsResponse {
  posts: number;
  positive: number;
  negative: number;
  neutral: number;
  mixed: number;
  unsupported: number;
  failed: number;
  lastPostAt: string | null;
  lastCountedAt: string | null;
  postsPerMinute: number;
  deadLetters: number | null;
  generatedAt: string;
}

export interface TrackedTerm {
  term: string;
  key: string;
  kind: 'hashtag' | 'cashtag' | 'keyword';
  createdAt: string;
}

export interface TracksResponse {
  items: TrackedTerm[];
}

/** The named queries of GET /history/{query} (functions/history/queries/*.sql). */
export const HISTORY_QUERIES = [
  'top-hashtags-per-day',
  'sentiment-by-country-per-week',
  'posts-per-language-source-per-hour',
  'co-occurring-hashtags',
] as const;
export type HistoryQueryName = (typeof HISTORY_QUERIES)[number];

export type HistoryCell = string | number | boolean | null | HistoryCell[];

export interface HistoryColumn {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'date' | 'timestamp' | 'array' | 'other';
}

export interface HistoryResponse {
  query: string;
  /** athena in AWS (started, then polled), duckdb on the local stack (answers at once). */
  engine: 'athena' | 'duckdb';
  params: { tag?: string; from?: string; to?: string };
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  queryId?: string;
  columns?: HistoryColumn[];
  rows?: Record<string, HistoryCell>[];
  truncated?: boolean;
  bytesScanned: number | null;
  costUsd: number | null;
  message?: string;
}
