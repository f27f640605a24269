import { z } from 'zod';
import { locationScope } from '../domain/keys';
import { requireEnv } from '../shared/env';
import { enumParam, httpHandler, intParam, ok, parseParams } from '../shared/http';
import { queryScopes } from './dynamo';
import { rankLocations } from './rankings';
import { topK, windowScopes, WINDOWS } from './windows';

/** GET /locations: places with mentions and sentiment in a rolling window, for the map. */

const query = z.object({
  limit: intParam(1, 1000, 500),
  window: enumParam(WINDOWS, 'all'),
});

export const handler = httpHandler(async (event) => {
  const { limit, window } = parseParams(query, event.queryStringParameters);
  const table = requireEnv('STATS_TABLE');
  const now = new Date();
  const scopes = windowScopes(window, now, locationScope);
  const current = await queryScopes(table, scopes.current, topK(limit));
  return ok({ window, generatedAt: now.toISOString(), items: rankLocations(current, limit) });
});
