import type { WindowBucketKind } from '../domain/keys';
import { BUCKET_MS, bucketOf, fiveMinuteBucketOf } from '../domain/time';

/** Rolling windows of GET /hashtags and GET /locations, merged from bucket partitions. */
export const WINDOWS = ['1h', '24h', '7d', 'all'] as const;
export type Window = (typeof WINDOWS)[number];

interface RollingSpec {
  kind: Exclude<WindowBucketKind, 'ALL'>;
  buckets: number;
  stepMs: number;
  bucketOf: (iso: string) => string;
}

const ROLLING: Record<Exclude<Window, 'all'>, RollingSpec> = {
  '1h': { kind: 'F', buckets: 12, stepMs: BUCKET_MS.five, bucketOf: fiveMinuteBucketOf },
  '24h': {
    kind: 'H',
    buckets: 24,
    stepMs: BUCKET_MS.hour,
    bucketOf: (iso) => bucketOf(iso, 'hour'),
  },
  '7d': { kind: 'D', buckets: 7, stepMs: BUCKET_MS.day, bucketOf: (iso) => bucketOf(iso, 'day') },
};

export interface WindowScopes {
  /** Rank-list scopes of the window, newest bucket first (the current, still open bucket included). */
  current: string[];
  /** The preceding window of equal length, newest first; null for `all`, which has none. */
  previous: string[] | null;
  /** The scopes of buckets that ended at least SETTLE_MS ago: only late posts still change them. */
  settled: ReadonlySet<string>;
}

/**
 * How long after a bucket ends its counts are still expected to move: posts of its last seconds
 * still on their way through the pipeline (seconds at the demo's rate).
 */
export const SETTLE_MS = 60_000;

/** `scopeOf` is tagScope or locationScope from keys.ts. */
export function windowScopes(
  window: Window,
  now: Date,
  scopeOf: (kind: WindowBucketKind, bucket?: string) => string,
): WindowScopes {
  if (window === 'all') return { current: [scopeOf('ALL')], previous: null, settled: new Set() };
  const spec = ROLLING[window];
  const scopes = Array.from({ length: 2 * spec.buckets }, (_, i) =>
    scopeOf(spec.kind, spec.bucketOf(new Date(now.getTime() - i * spec.stepMs).toISOString())),
  );
  // Buckets are fixed UTC steps from the epoch, so bucket i (0: the open one) ends at this.
  const currentStart = Math.floor(now.getTime() / spec.stepMs) * spec.stepMs;
  const endOf = (i: number): number => currentStart - (i - 1) * spec.stepMs;
  const settled = new Set(scopes.filter((_, i) => i >= 1 && endOf(i) <= now.getTime() - SETTLE_MS));
  return { current: scopes.slice(0, spec.buckets), previous: scopes.slice(spec.buckets), settled };
}

/**
 * Items read per bucket. A key outside a bucket's top K is missed in that bucket, so rolling
 * windows can under-count, never over-count; 3x the limit keeps that rare for the keys shown.
 */
export const topK = (limit: number): number => Math.max(3 * limit, 50);
