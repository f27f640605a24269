import { z } from 'zod';
import { ALL_POSTS_TAG } from '../domain/keys';
import { SENTIMENTS } from '../domain/post';
import { requireEnv } from '../shared/env';
import { BadRequestError, CACHE_LIVE, httpHandler, intParam, parseParams } from '../shared/http';
import { readFeed } from './feed';
import { cached, cachedResponse, cacheKey } from './read-cache';
import { cashtagParam, hashtagParam } from './tags';

/** GET /posts: the most recent posts of all posts, a hashtag or a cashtag, by sentiment or word. */

const query = z.object({
  tag: hashtagParam().optional(),
  cashtag: cashtagParam().optional(),
  sentiment: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.enum(SENTIMENTS, { error: `must be one of ${SENTIMENTS.join(', ')}` }))
    .optional(),
  limit: intParam(1, 100, 20),
  term: z
    .string()
    .trim()
    .min(1, { error: 'must be a word' })
    .max(100, { error: 'must be at most 100 characters' })
    .transform((t) => t.normalize('NFKC').toLowerCase())
    .optional(),
});

export const handler = httpHandler(async (event) => {
  const { tag, cashtag, sentiment, limit, term } = parseParams(query, event.queryStringParameters);
  if (tag !== undefined && cashtag !== undefined) {
    throw new BadRequestError('tag and cashtag cannot be combined; send one of them');
  }
  const table = requireEnv('STATS_TABLE');
  const feed = tag ?? cashtag ?? ALL_POSTS_TAG;
  const key = cacheKey('posts', table, feed, sentiment, term, limit);
  const answer = await cached(key, CACHE_LIVE, () =>
    readFeed({ table, key: feed, limit, sentiment, term }),
  );
  return cachedResponse(answer, { items: answer.value });
});
