import { z } from 'zod';
import { tagScope } from '../domain/keys';
import { requireEnv } from '../shared/env';
import { CACHE_LIVE, enumParam, httpHandler, intParam, parseParams } from '../shared/http';
import { queryScopes } from './dynamo';
import { rankHashtags } from './rankings';
import { cached, cachedResponse, cacheKey } from './read-cache';
import { scopesWithPosts } from './live-buckets';
import { topK, WINDOWS } from './windows';

/** GET /hashtags: top hashtags of a rolling window, with the preceding window's mentions. */

const SORTS = ['mentions', 'positive', 'negative'] as const;

const query = z.object({
  limit: intParam(1, 100, 10),
  window: enumParam(WINDOWS, '24h'),
  sort: enumParam(SORTS, 'mentions'),
});

export const handler = httpHandler(async (event) => {
  const { limit, window, sort } = parseParams(query, event.queryStringParameters);
  const table = requireEnv('STATS_TABLE');
  const key = cacheKey('hashtags', table, window, limit, sort);
  const answer = await cached(key, CACHE_LIVE, async () => {
    const now = new Date();
    const scopes = await scopesWithPosts(table, window, now, tagScope);
    const k = topK(limit);
    const [current, previous] = await Promise.all([
      queryScopes(table, scopes.current, k, scopes.settled),
      scopes.previous ? queryScopes(table, scopes.previous, k, scopes.settled) : null,
    ]);
    return {
      window,
      sort,
      generatedAt: now.toISOString(),
      items: rankHashtags(current, previous, sort, limit),
    };
  });
  return cachedResponse(answer);
});
