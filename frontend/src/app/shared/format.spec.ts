import { absoluteTime, changeSince, formatCount, formatRate, formatShare, timeAgo } from './format';

describe('format', () => {
  it('formats counts, rates and shares', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(1_250_000)).toBe('1.3M');
    expect(formatRate(4.25)).toBe('4.3');
    expect(formatRate(1234.5)).toBe('1,235');
    expect(formatShare(0.424)).toBe('42%');
    expect(formatShare(0.001)).toBe('<1%');
    expect(formatShare(0)).toBe('0%');
  });

  it('says how long ago', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(timeAgo('2026-11-22T09:59:58Z', now)).toBe('just now');
    expect(timeAgo('2026-11-22T09:59:15Z', now)).toBe('45 s ago');
    expect(timeAgo('2026-11-22T09:57:00Z', now)).toBe('3 min ago');
    expect(timeAgo('2026-11-22T07:00:00Z', now)).toBe('3 h ago');
    expect(timeAgo('2026-11-18T10:00:00Z', now)).toBe('4 d ago');
    expect(timeAgo('2025-11-22T10:00:00Z', now)).toBe('365 d ago');
    expect(timeAgo('2015-09-09T18:09:18Z', now)).toBe('11 y ago');
    expect(timeAgo(null, now)).toBe('—');
    expect(timeAgo('not a date', now)).toBe('—');
  });

  it('describes the change since the previous window', () => {
    expect(changeSince(15, 10)).toEqual({ kind: 'up', label: '+5', delta: 5 });
    expect(changeSince(7, 10)).toEqual({ kind: 'down', label: '−3', delta: -3 });
    expect(changeSince(10, 10)).toEqual({ kind: 'same', label: '±0', delta: 0 });
    expect(changeSince(10, null)).toEqual({ kind: 'new', label: 'new' });
    expect(changeSince(10, 0)).toEqual({ kind: 'new', label: 'new' });
  });

  it('prints absolute times in UTC', () => {
    expect(absoluteTime('2026-11-22T14:03:07.123Z')).toBe('2026-11-22 14:03:07 UTC');
    expect(absoluteTime(undefined)).toBe('');
  });
});
