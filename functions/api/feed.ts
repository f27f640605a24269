import { feedPk, type FeedItem } from '../domain/keys';
import type { Sentiment } from '../domain/post';
import { termsOf } from '../domain/terms';
import { queryItems, type Item } from './dynamo';

/** Reading a recent-post feed partition, newest first, optionally filtered by sentiment. */

export type FeedPost = Omit<FeedItem, 'pk' | 'sk' | 'expiresAt'>;

/** A filtered read stops after this many pages, so a rare sentiment cannot make a request slow. */
export const MAX_FILTERED_PAGES = 5;
/** Page size of filtered reads: DynamoDB applies Limit before the filter. */
export const FILTERED_PAGE_SIZE = 100;

export interface FeedQuery {
  table: string;
  key: string;
  limit: number;
  sentiment?: Sentiment;
  /** Only posts that use this word (as the word cloud reads words: domain/terms.ts). */
  term?: string;
}

// Picked rather than spread, so attributes a writer adds later never leak into the API contract.
const FEED_POST_FIELDS = [
  'id',
  'source',
  'text',
  'createdAt',
  'lang',
  'author',
  'hashtags',
  'cashtags',
  'placeName',
  'countryCode',
  'url',
  'sentiment',
  'sentimentScore',
] as const satisfies readonly (keyof FeedPost)[];

export function toFeedPost(item: Item): FeedPost {
  const post: Item = {};
  for (const field of FEED_POST_FIELDS) {
    if (item[field] !== undefined && item[field] !== null) post[field] = item[field];
  }
  return post as unknown as FeedPost;
}

export async function readFeed({
  table,
  key,
  limit,
  sentiment,
  term,
}: FeedQuery): Promise<FeedPost[]> {
  const base = {
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ScanIndexForward: false,
  };
  if (term !== undefined) {
    // Words are not attributes DynamoDB can filter on: read pages and keep the posts using it.
    const uses = (item: Item): boolean =>
      typeof item.text === 'string' &&
      termsOf(item.text, typeof item.lang === 'string' ? item.lang : undefined, 200).includes(term);
    const found: Item[] = [];
    for (const item of await queryItems(
      {
        ...base,
        ...(sentiment
          ? {
              FilterExpression: '#sentiment = :sentiment',
              ExpressionAttributeNames: { '#sentiment': 'sentiment' },
              ExpressionAttributeValues: { ':pk': feedPk(key), ':sentiment': sentiment },
            }
          : { ExpressionAttributeValues: { ':pk': feedPk(key) } }),
        Limit: FILTERED_PAGE_SIZE,
      },
      Infinity,
      MAX_FILTERED_PAGES,
    )) {
      if (uses(item)) found.push(item);
      if (found.length >= limit) break;
    }
    return found.map(toFeedPost);
  }
  const items = sentiment
    ? await queryItems(
        {
          ...base,
          FilterExpression: '#sentiment = :sentiment',
          ExpressionAttributeNames: { '#sentiment': 'sentiment' },
          ExpressionAttributeValues: { ':pk': feedPk(key), ':sentiment': sentiment },
          Limit: FILTERED_PAGE_SIZE,
        },
        limit,
        MAX_FILTERED_PAGES,
      )
    : await queryItems(
        { ...base, ExpressionAttributeValues: { ':pk': feedPk(key) }, Limit: limit },
        limit,
      );
  return items.map(toFeedPost);
}
