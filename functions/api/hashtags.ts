import { z } from 'zod';
import { tagScope } from '../domain/keys';
import { requireEnv } from '../shared/env';
import { enumParam, httpHandler, intParam, ok, parseParams } from '../shared/http';
import { queryScopes } from './dynamo';
import { rankHashtags } from './rankings';
import { topK, windowScopes, WINDOWS } from './windows';

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
  const now = new Date();
  const scopes = windowScopes(window, now, tagScope);
  const k = topK(limit);
  const [current, previous] = await Promise.all([
    queryScopes(table, scopes.current, k),
    scopes.previous ? queryScopes(table, scopes.previous, k) : null,
  ]);
  return ok({
    window,
    sort,
    generatedAt: now.toISOString(),
    items: rankHashtags(current, previous, sort, limit),
  });
});
