/** Display formatting shared by the views (English, as the rest of the UI). */
import type { TimeWindow } from '../core/api.types';

/** The time window in a panel's subtitle: "Top 10 by mentions, last 24 h". */
export const WINDOW_PHRASES: Record<TimeWindow, string> = {
  '1h': 'last hour',
  '24h': 'last 24 h',
  '7d': 'last 7 days',
  all: 'all time',
};

/** The UTC day of a time, "2016-09-10": the form of the History view's dates and the archive's. */
export const utcDay = (d: Date): string => d.toISOString().slice(0, 10);

/** How far back each window reaches, in milliseconds ('all' has no start). */
const WINDOW_MS: Record<Exclude<TimeWindow, 'all'>, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
};

/**
 * The day of the newest post counted when it is older than the window (a recording replayed
 * with its own dates, `--verbatim`), else null: the window is empty because of its dates, not
 * because nothing was counted. "2016-09-10" (UTC, as the header's tooltips).
 */
export function newestBeforeWindow(
  lastPostAt: string | null | undefined,
  window: TimeWindow,
  now: number,
): string | null {
  if (!lastPostAt || window === 'all') return null;
  const newest = Date.parse(lastPostAt);
  if (Number.isNaN(newest) || newest >= now - WINDOW_MS[window]) return null;
  return utcDay(new Date(newest));
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return Math.abs(n) >= 100_000 ? compact.format(n) : integer.format(n);
}

export function formatRate(n: number): string {
  return n >= 100 ? integer.format(n) : oneDecimal.format(n);
}

/** 0..1 -> "42%"; shares below 1% but above zero show as "<1%" rather than a misleading 0%. */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.005) return '<1%';
  return `${Math.round(share * 100)}%`;
}

/** "just now", "45 s ago", "3 min ago", "2 h ago", "4 d ago", "11 y ago". */
export function timeAgo(iso: string | null | undefined, now: number): string {
  if (!iso) return '—';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '—';
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  // A recording replayed with its own dates is years old: "9 y ago", not "3,300 d ago".
  return days < 730 ? `${days} d ago` : `${Math.floor(days / 365.25)} y ago`;
}

export type Change =
  { kind: 'new'; label: 'new' } | { kind: 'up' | 'down' | 'same'; label: string; delta: number };

/** Change since the previous window: "+12", "−3", "±0", or "new" when it had no mentions then. */
export function changeSince(mentions: number, previous: number | null): Change {
  if (previous === null || previous === 0) return { kind: 'new', label: 'new' };
  const delta = mentions - previous;
  if (delta > 0) return { kind: 'up', label: `+${formatCount(delta)}`, delta };
  if (delta < 0) return { kind: 'down', label: `−${formatCount(-delta)}`, delta };
  return { kind: 'same', label: '±0', delta };
}

/** Absolute time for tooltips: "2026-11-22 14:03:07 UTC". */
export function absoluteTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
