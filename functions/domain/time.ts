/** Time buckets used by the aggregates and the API. All times are UTC. */
export type Granularity = 'minute' | 'hour' | 'day';

/** `2026-11-22T14:05` for minute, `2026-11-22T14` for hour, `2026-11-22` for day. */
export function bucketOf(iso: string, granularity: Granularity): string {
  const s = new Date(iso).toISOString();
  if (granularity === 'day') return s.slice(0, 10);
  if (granularity === 'hour') return s.slice(0, 13);
  return s.slice(0, 16);
}

/** Five-minute bucket, used for the rolling 1h window: `2026-11-22T14:05` (minute floored to 5). */
export function fiveMinuteBucketOf(iso: string): string {
  const d = new Date(iso);
  d.setUTCSeconds(0, 0);
  d.setUTCMinutes(d.getUTCMinutes() - (d.getUTCMinutes() % 5));
  return d.toISOString().slice(0, 16);
}

/** The ISO instant a bucket starts at, e.g. `2026-11-22T14` -> `2026-11-22T14:00:00Z`. */
export function bucketStart(bucket: string): string {
  if (bucket.length === 10) return `${bucket}T00:00:00Z`;
  if (bucket.length === 13) return `${bucket}:00:00Z`;
  return `${bucket}:00Z`;
}

export const BUCKET_MS: Record<Granularity | 'five', number> = {
  minute: 60_000,
  five: 300_000,
  hour: 3_600_000,
  day: 86_400_000,
};
