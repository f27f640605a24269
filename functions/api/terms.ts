import { z } from 'zod';
import { TERMS } from '../domain/counted-kinds';
import { ALL_POSTS_TAG, feedPk } from '../domain/keys';
import { SENTIMENTS, type Sentiment } from '../domain/post';
import { termsOf, topTerms } from '../domain/terms';
import { BUCKET_MS } from '../domain/time';
import { requireEnv } from '../shared/env';
import { CACHE_LIVE, enumParam, httpHandler, intParam, parseParams } from '../shared/http';
import { queryItems } from './dynamo';
import { cached, cachedResponse, cacheKey } from './read-cache';
import { hashtagParam } from './tags';
import { WINDOWS, type Window } from './windows';

/**
 * GET /terms: the most used words of the posts of a window, for all posts or one hashtag, for
 * the word cloud: the registry's sampled kind (TERMS in domain/counted-kinds.ts says why it is
 * not counted). The feed is sampled evenly over the window (the newest posts of each hour of
 * 24h, say, up to TERMS.samplePosts in all), so a busy hour does not hide the rest of the day.
 * Feeds keep 7 days, so `all` reads the last 7 days.
 */

export const SAMPLE_POSTS = TERMS.samplePosts;
const isSentiment = (v: unknown): v is Sentiment => SENTIMENTS.includes(v as Sentiment);

const SLICES: Record<Window, { count: number; ms: number }> = {
  '1h': { count: 12, ms: BUCKET_MS.five },
  '24h': { count: 24, ms: BUCKET_MS.hour },
  '7d': { count: 7, ms: BUCKET_MS.day },
  all: { count: 7, ms: BUCKET_MS.day },
};

/** The window cut into equal slices, newest first: [from, to) in ISO. */
export function windowSlices(window: Window, now: Date): { from: string; to: string }[] {
  const { count, ms } = SLICES[window];
  return Array.from({ length: count }, (_, i) => ({
    from: new Date(now.getTime() - (i + 1) * ms).toISOString(),
    to: new Date(now.getTime() - i * ms).toISOString(),
  }));
}

const query = z.object({
  window: enumParam(WINDOWS, '24h'),
  tag: hashtagParam().optional(),
  limit: intParam(1, 200, 60),
});

export const handler = httpHandler(async (event) => {
  const { window, tag, limit } = parseParams(query, event.queryStringParameters);
  const table = requireEnv('STATS_TABLE');
  const key = cacheKey('terms', table, window, tag, limit);
  const answer = await cached(key, CACHE_LIVE, async () => {
    const now = new Date();
    const slices = windowSlices(window, now);
    const perSlice = Math.ceil(SAMPLE_POSTS / slices.length);
    const pages = await Promise.all(
      slices.map(({ from, to }) =>
        queryItems(
          {
            TableName: table,
            // Feed sort keys are `<ISO time>#<id>`: a slice is [from, to).
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': feedPk(tag ?? ALL_POSTS_TAG),
              ':from': from,
              ':to': to,
            },
            ExpressionAttributeNames: Object.fromEntries(TERMS.feedFields.map((f) => [`#${f}`, f])),
            ProjectionExpression: TERMS.feedFields.map((f) => `#${f}`).join(', '),
            ScanIndexForward: false,
            Limit: perSlice,
          },
          perSlice,
          1,
        ),
      ),
    );
    const posts = pages.flat().flatMap((item) =>
      typeof item.text === 'string'
        ? [
            {
              text: item.text,
              lang: typeof item.lang === 'string' ? item.lang : undefined,
              sentiment: isSentiment(item.sentiment) ? item.sentiment : undefined,
            },
          ]
        : [],
    );
    return {
      window,
      tag: tag ?? ALL_POSTS_TAG,
      generatedAt: now.toISOString(),
      sampledPosts: posts.length,
      items: topTerms(posts, limit, (p) => termsOf(p.text, p.lang, TERMS.maxKeysPerPost)),
    };
  });
  return cachedResponse(answer);
});
