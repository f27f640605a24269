import type { SentimentCounts, TimelineBucketKind } from '../domain/keys';
import { BUCKET_MS, bucketOf, bucketStart, type Granularity } from '../domain/time';
import { readCounts } from './counters';
import type { Item } from './dynamo';

/** Bucket ranges and zero-filled points of GET /hashtags/{tag}/timeline. */

export const GRANULARITIES = ['minute', 'hour', 'day'] as const;
export const MAX_POINTS = 1440;

export const BUCKET_KIND: Record<Granularity, TimelineBucketKind> = {
  minute: 'M',
  hour: 'H',
  day: 'D',
};

/** Default span before `to` when `from` is not given. */
export const DEFAULT_SPAN_MS: Record<Granularity, number> = {
  minute: 60 * BUCKET_MS.minute,
  hour: 48 * BUCKET_MS.hour,
  day: 30 * BUCKET_MS.day,
};

export interface Point extends SentimentCounts {
  t: string;
}

const startMs = (at: Date, g: Granularity): number =>
  Date.parse(bucketStart(bucketOf(at.toISOString(), g)));

/** Buckets from the one holding `from` to the one holding `to`, both included. */
export function pointCount(from: Date, to: Date, g: Granularity): number {
  return (startMs(to, g) - startMs(from, g)) / BUCKET_MS[g] + 1;
}

/** The bucket labels of the range, oldest first (`2026-11-22T14` for an hour). */
export function bucketsBetween(from: Date, to: Date, g: Granularity): string[] {
  const first = startMs(from, g);
  return Array.from({ length: pointCount(from, to, g) }, (_, i) =>
    bucketOf(new Date(first + i * BUCKET_MS[g]).toISOString(), g),
  );
}

/** One point per bucket, in order, with zeros where no item exists so charts get contiguous x values. */
export function zeroFill(buckets: string[], items: Item[]): Point[] {
  const byBucket = new Map<string, Item>();
  for (const item of items) {
    if (typeof item.sk === 'string') byBucket.set(item.sk.slice(2), item);
  }
  return buckets.map((bucket) => {
    const item = byBucket.get(bucket);
    return {
      t: new Date(bucketStart(bucket)).toISOString(),
      ...(item
        ? readCounts(item)
        : { mentions: 0, positive: 0, negative: 0, neutral: 0, mixed: 0 }),
    };
  });
}
