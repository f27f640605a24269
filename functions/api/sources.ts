import { SOURCES_KIND } from '../domain/counted-kinds';
import { httpHandler } from '../shared/http';
import { breakdownResponse } from './breakdown';

/** GET /sources: posts per source (x, bsky, ...) with sentiment. */
export const handler = httpHandler((event) => breakdownResponse(SOURCES_KIND, event));
