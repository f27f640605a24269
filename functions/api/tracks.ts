import { requireEnv } from '../shared/env';
import { CACHE_NONE, httpHandler, ok } from '../shared/http';
import { listTracks } from './tracks-store';

/**
 * GET /tracks: the hashtags, cashtags and keywords the sources collect. Not cached: running
 * sources poll it and the dashboard shows a change right after making it.
 */
export const handler = httpHandler(async () => {
  const items = await listTracks(requireEnv('TRACKS_TABLE'));
  return ok({ items }, CACHE_NONE);
});
