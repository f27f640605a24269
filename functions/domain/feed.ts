import { countedHashtags } from './aggregate';
import { ALL_POSTS_TAG, BUCKET_TTL_SECONDS, feedPk, feedSk, type FeedItem } from './keys';
import { cashtagKey } from './text';
import type { EnrichedPost } from './workflow';

/**
 * The recent-post feed items of one post: `_all`, each counted hashtag and each cashtag. The
 * sort key uses createdAt in UTC so a feed partition sorts by time whatever offset the source
 * wrote.
 */
export function feedItemsOf(post: EnrichedPost, nowEpochSeconds: number): FeedItem[] {
  const createdAt = new Date(post.createdAt).toISOString();
  const body: Omit<FeedItem, 'pk' | 'sk'> = {
    id: post.id,
    source: post.source,
    text: post.text,
    createdAt,
    lang: post.lang,
    author: post.author,
    hashtags: post.hashtags.map((h) => h.display),
    cashtags: post.cashtags,
    placeName: post.place ? (post.place.fullName ?? post.place.name) : undefined,
    countryCode: post.place?.countryCode,
    url: post.url,
    sentiment: post.enrichStatus === 'OK' ? post.sentiment : undefined,
    sentimentScore: post.enrichStatus === 'OK' ? post.sentimentScore : undefined,
    expiresAt: nowEpochSeconds + BUCKET_TTL_SECONDS.FEED,
  };
  const keys = new Set([
    ALL_POSTS_TAG,
    ...countedHashtags(post.hashtags).map((h) => h.key),
    ...post.cashtags.map(cashtagKey),
  ]);
  const sk = feedSk(createdAt, post.id);
  return [...keys].map((key) => ({ pk: feedPk(key), sk, ...body }));
}
