import { LANGUAGES } from '../domain/counted-kinds';
import { httpHandler } from '../shared/http';
import { breakdownResponse } from './breakdown';

/** GET /languages: posts per language (ISO 639-1, `und` when unknown) with sentiment. */
export const handler = httpHandler((event) => breakdownResponse(LANGUAGES, event));
