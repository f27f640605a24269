import { z } from 'zod';
import { locationScope } from '../domain/keys';
import { requireEnv } from '../shared/env';
import { CACHE_LIVE, enumParam, httpHandler, intParam, parseParams } from '../shared/http';
import { queryScopes } from './dynamo';
import { rankLocations } from './rankings';
import { cached, cachedResponse, cacheKey } from './read-cache';
import { scopesWithPosts } from './live-buckets';
import { topK, WINDOWS } from './windows';

/** GET /locations: places with mentions and sentiment in a rolling window, for the map. */

const query = z.object({
  limit: intParam(1, 1000, 500),
  window: enumParam(WINDOWS, 'all'),
});

export const handler = httpHandler(async (event) => {
  const { limit, window } = parseParams(query, event.queryStringParameters);
  const table = requireEnv('STATS_TABLE');
  const key = cacheKey('locations', table, window, limit);
  const answer = await cached(key, CACHE_LIVE, async () => {
    const now = new Date();
    const scopes = await scopesWithPosts(table, window, now, locationScope);
    const current = await queryScopes(table, scopes.current, topK(limit), scopes.settled);
    return { window, generatedAt: now.toISOString(), items: rankLocations(current, limit) };
  });
  return cachedResponse(answer);
});
