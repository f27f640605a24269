import type { Granularity } from '../core/api.types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How far back each granularity looks: about 60 points for minutes, a day of hours, a month of days. */
export const RANGE_POINTS: Record<Granularity, number> = { minute: 60, hour: 24, day: 30 };
const STEP: Record<Granularity, number> = { minute: MINUTE, hour: HOUR, day: DAY };

export const RANGE_LABELS: Record<Granularity, string> = {
  minute: 'last 60 minutes',
  hour: 'last 24 hours',
  day: 'last 30 days',
};

/** The requested range: whole UTC buckets, ending with the current (still open) one. */
export function timelineRange(granularity: Granularity, now: Date): { from: Date; to: Date } {
  const step = STEP[granularity];
  const currentBucket = Math.floor(now.getTime() / step) * step;
  return { from: new Date(currentBucket - (RANGE_POINTS[granularity] - 1) * step), to: now };
}
