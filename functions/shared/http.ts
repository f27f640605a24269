import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { z } from 'zod';
import { logger } from './powertools';

/** Response building, query parameter parsing and error mapping shared by the API handlers. */

export type ApiResult = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
};
export type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<ApiResult>;

/** Live views change every few seconds; a short shared cache absorbs dashboard polling bursts. */
export const CACHE_LIVE = 'public, max-age=5';
/**
 * The totals (`GET /stats`: a handful of items) are cheap to read and are how a client sees that
 * posts arrived: kept one second, so a counted post is served within about a second of the
 * pipeline counting it (issue #16: 3 s at p95 from PutRecords to the answer).
 */
export const CACHE_TOTALS = 'public, max-age=1';
/** Closed past ranges only change when late posts arrive, so they may be cached a little longer. */
export const CACHE_PAST = 'public, max-age=60';
/** Empty answers (nothing counted yet) must not be cached: the first posts show at the next poll. */
export const CACHE_EMPTY = 'no-store';
/** Errors must not be cached: the same URL may succeed a moment later. */
export const CACHE_NONE = 'no-store';

export function json(statusCode: number, body: unknown, cacheControl: string): ApiResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': cacheControl },
    body: JSON.stringify(body),
  };
}

export const ok = (body: unknown, cacheControl: string = CACHE_LIVE): ApiResult =>
  json(200, body, cacheControl);

/**
 * An answer the function kept from an earlier request carries its age, so that a browser or a
 * CDN counts it against the same max-age instead of starting it again.
 */
export function withAge(result: ApiResult, ageSeconds: number): ApiResult {
  if (ageSeconds > 0) result.headers.age = String(ageSeconds);
  return result;
}

/** A client error; its message is returned verbatim and always names the offending parameter. */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
}

type Params = Record<string, string | undefined> | null | undefined;

/**
 * Validates query (or path) parameters with a zod object whose field schemas carry messages phrased
 * as predicates ("must be ..."); the first failure becomes `<param> <predicate>`. Unknown
 * parameters are stripped by zod, so clients may send extras.
 */
export function parseParams<S extends z.ZodObject>(schema: S, params: Params): z.output<S> {
  const result = schema.safeParse(params ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue?.path[0];
  throw new BadRequestError(
    typeof name === 'string' ? `${name} ${issue?.message ?? 'is invalid'}` : 'Invalid parameters',
  );
}

/** An integer parameter in [min, max]; plain digits only (no signs, exponents or decimals). */
export function intParam(min: number, max: number, fallback: number) {
  const error = `must be an integer between ${min} and ${max}`;
  return z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, { error })
    .transform(Number)
    .pipe(z.number().min(min, { error }).max(max, { error }))
    .default(fallback);
}

/** One of a fixed set of values, compared exactly after trimming. */
export function enumParam<const T extends readonly [string, ...string[]]>(
  values: T,
  fallback: T[number],
) {
  return z
    .string()
    .trim()
    .pipe(z.enum(values, { error: `must be one of ${values.join(', ')}` }))
    .default(fallback);
}

const ISO_ERROR =
  'must be an ISO 8601 date-time with a time zone between 1970 and 9999, e.g. 2026-11-22T14:00:00Z';
// Earlier instants would make time buckets with negative years, which no counter is stored under.
const MIN_ISO = '1970-01-01T00:00:00Z';

/**
 * An ISO 8601 date-time with `Z` or an offset. A `+hh:mm` offset sent unencoded in a query string
 * arrives as a space when a client form-encodes; that one case is repaired rather than rejected.
 */
export function isoParam() {
  return z
    .string()
    .trim()
    .transform((s) => s.replace(/ (\d{2}:\d{2})$/, '+$1'))
    .pipe(z.iso.datetime({ offset: true, error: ISO_ERROR }))
    .transform((s) => new Date(s))
    .refine((d) => d.getTime() >= Date.parse(MIN_ISO) && d.getUTCFullYear() <= 9999, {
      error: ISO_ERROR,
    })
    .optional();
}

/**
 * Wraps a handler body: 400 for BadRequestError, and for anything else a logged error and a 500
 * that carries the request id but never the error's message or stack.
 */
export function httpHandler(
  body: (event: APIGatewayProxyEventV2, context: Context) => Promise<ApiResult>,
): ApiHandler {
  return async (event, context) => {
    try {
      if (context) logger.addContext(context);
      return await body(event, context);
    } catch (error) {
      if (error instanceof BadRequestError) {
        logger.info('Bad request', { message: error.message, routeKey: event?.routeKey });
        return json(400, { message: error.message }, CACHE_NONE);
      }
      logger.error('Unhandled error', { error: error as Error, routeKey: event?.routeKey });
      const requestId = context?.awsRequestId ?? event?.requestContext?.requestId ?? 'unknown';
      return json(500, { message: 'Internal error', requestId }, CACHE_NONE);
    }
  };
}
