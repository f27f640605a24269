import type {
  BreakdownItem,
  BreakdownResponse,
  HashtagItem,
  HashtagsResponse,
  LocationItem,
  LocationsResponse,
  PostItem,
  PostsResponse,
  StatsResponse,
  TermItem,
  TermsResponse,
  TimeWindow,
  TimelineResponse,
} from '../app/core/api.types';

/** Markup that must show up as literal text wherever a user-supplied string is rendered. */
export const XSS = '<img src=x onerror=alert(1)>';

export function hashtag(tag: string, counts: Partial<HashtagItem> = {}): HashtagItem {
  return {
    tag,
    display: tag,
    mentions: 10,
    positive: 4,
    negative: 3,
    neutral: 3,
    mixed: 0,
    lastSeen: '2026-11-22T10:00:00.000Z',
    previousMentions: 5,
    ...counts,
  };
}

export function hashtagsResponse(items: HashtagItem[], window = '24h'): HashtagsResponse {
  return {
    window: window as HashtagsResponse['window'],
    sort: 'mentions',
    generatedAt: '2026-11-22T10:00:00.000Z',
    items,
  };
}

export function location(id: string, counts: Partial<LocationItem> = {}): LocationItem {
  return {
    id,
    name: id,
    country: 'Germany',
    countryCode: 'DE',
    lat: 52.5,
    lon: 13.4,
    mentions: 9,
    positive: 4,
    negative: 1,
    neutral: 4,
    mixed: 0,
    lastSeen: '2026-11-22T10:00:00.000Z',
    ...counts,
  };
}

export function locationsResponse(items: LocationItem[]): LocationsResponse {
  return { window: '24h', generatedAt: '2026-11-22T10:00:00.000Z', items };
}

export function post(id: string, fields: Partial<PostItem> = {}): PostItem {
  return {
    id,
    source: 'demo',
    text: `Post ${id}`,
    createdAt: new Date(Date.now() - 90_000).toISOString(),
    author: { id: `u-${id}`, handle: 'alice', name: 'Alice' },
    hashtags: ['aws'],
    cashtags: [],
    sentiment: 'POSITIVE',
    sentimentScore: { Positive: 0.91, Negative: 0.02, Neutral: 0.06, Mixed: 0.01 },
    ...fields,
  };
}

export function postsResponse(items: PostItem[]): PostsResponse {
  return { items };
}

export function stats(fields: Partial<StatsResponse> = {}): StatsResponse {
  return {
    posts: 120,
    positive: 60,
    negative: 20,
    neutral: 30,
    mixed: 10,
    unsupported: 0,
    failed: 0,
    lastPostAt: new Date(Date.now() - 3_000).toISOString(),
    lastCountedAt: new Date(Date.now() - 2_000).toISOString(),
    postsPerMinute: 42,
    deadLetters: 0,
    generatedAt: new Date().toISOString(),
    ...fields,
  };
}

export function timeline(
  tag: string,
  granularity: TimelineResponse['granularity'] = 'minute',
): TimelineResponse {
  return {
    tag,
    granularity,
    from: '2026-11-22T09:00:00.000Z',
    to: '2026-11-22T10:00:00.000Z',
    points: [
      {
        t: '2026-11-22T09:58:00.000Z',
        mentions: 5,
        positive: 3,
        negative: 1,
        neutral: 1,
        mixed: 0,
      },
      {
        t: '2026-11-22T09:59:00.000Z',
        mentions: 4,
        positive: 1,
        negative: 2,
        neutral: 1,
        mixed: 0,
      },
    ],
  };
}

export function termsResponse(
  items: TermItem[],
  fields: Partial<Omit<TermsResponse, 'items'>> = {},
): TermsResponse {
  return {
    window: '24h',
    tag: '_all',
    generatedAt: '2026-11-22T10:00:00.000Z',
    sampledPosts: 120,
    items,
    ...fields,
  };
}

/**
 * Words with falling counts: `terms('cloud', 'lambda')` gives cloud 20, lambda 19, each with
 * half of its posts positive, a quarter negative and the rest neutral.
 */
export function terms(...words: string[]): TermItem[] {
  return words.map((term, i) => termItem(term, 20 - i));
}

export function termItem(term: string, posts: number, counts: Partial<TermItem> = {}): TermItem {
  const positive = Math.floor(posts / 2);
  const negative = Math.floor(posts / 4);
  return {
    term,
    posts,
    positive,
    negative,
    neutral: posts - positive - negative,
    mixed: 0,
    ...counts,
  };
}

export function breakdownItem(key: string, counts: Partial<BreakdownItem> = {}): BreakdownItem {
  return { key, mentions: 10, positive: 4, negative: 2, neutral: 3, mixed: 1, ...counts };
}

export function breakdownResponse(
  items: BreakdownItem[],
  window: TimeWindow = '24h',
): BreakdownResponse {
  return { window, generatedAt: '2026-11-22T10:00:00.000Z', items };
}
