import { CACHE_NONE, httpHandler, json } from '../shared/http';
import { NAMED_QUERIES } from './catalog';
import { historyEngine } from './engine';
import { parseHistoryRequest } from './params';

/**
 * GET /history/{query}?tag=&from=&to=[&queryId=]: runs a named query over the corpus for the
 * History view. Athena (AWS) answers RUNNING with a queryId first and the rows on a later poll;
 * DuckDB (local) answers the rows at once. Never cached: runs are per user, and a local archive
 * grows by the second.
 */
export const handler = httpHandler(async (event) => {
  const request = parseHistoryRequest(
    NAMED_QUERIES,
    event.pathParameters,
    event.queryStringParameters,
    new Date(),
  );
  const answer = await (await historyEngine()).run(request);
  return json(200, answer, CACHE_NONE);
});
