import { z } from 'zod';
import { bucketSk, tagPk } from '../domain/keys';
import { bucketOf } from '../domain/time';
import { requireEnv } from '../shared/env';
import {
  BadRequestError,
  CACHE_LIVE,
  CACHE_PAST,
  enumParam,
  httpHandler,
  isoParam,
  parseParams,
} from '../shared/http';
import { queryBetweenShards } from './dynamo';
import { cached, cachedResponse, cacheKey } from './read-cache';
import { hashtagParam } from './tags';
import {
  BUCKET_KIND,
  bucketsBetween,
  DEFAULT_SPAN_MS,
  GRANULARITIES,
  MAX_POINTS,
  pointCount,
  zeroFill,
} from './timeline-range';

/** GET /hashtags/{tag}/timeline: mentions and sentiment per time bucket, zero-filled. */

const path = z.object({ tag: hashtagParam() });
const query = z.object({
  granularity: enumParam(GRANULARITIES, 'hour'),
  from: isoParam(),
  to: isoParam(),
});

export const handler = httpHandler(async (event) => {
  // The tag is checked first so a request with several bad parameters names the path one.
  const { tag } = parseParams(path, event.pathParameters);
  const {
    granularity,
    from: fromParam,
    to: toParam,
  } = parseParams(query, event.queryStringParameters);
  const now = new Date();
  const to = toParam ?? now;
  const from = fromParam ?? new Date(to.getTime() - DEFAULT_SPAN_MS[granularity]);
  if (from.getTime() >= to.getTime()) throw new BadRequestError('from must be before to');
  if (!(pointCount(from, to, granularity) <= MAX_POINTS)) {
    throw new BadRequestError(
      `from must be at most ${MAX_POINTS} ${granularity} buckets before to`,
    );
  }

  const buckets = bucketsBetween(from, to, granularity);
  const kind = BUCKET_KIND[granularity];
  const table = requireEnv('STATS_TABLE');
  const [first, last] = [bucketSk(kind, buckets[0]), bucketSk(kind, buckets[buckets.length - 1])];
  // A range that ended before the current bucket only changes when late posts arrive.
  const closed = bucketOf(to.toISOString(), granularity) < bucketOf(now.toISOString(), granularity);
  const cacheControl = closed ? CACHE_PAST : CACHE_LIVE;
  // Keyed by the buckets read, not the instants asked for: the dashboard's `to` is "now" on
  // every poll, and all those requests read the same items until a bucket begins.
  const items = await cached(cacheKey('timeline', table, tag, first, last), cacheControl, () =>
    queryBetweenShards(table, tagPk(tag), first, last),
  );
  return cachedResponse(items, {
    tag,
    granularity,
    from: from.toISOString(),
    to: to.toISOString(),
    points: zeroFill(buckets, items.value),
  });
});
