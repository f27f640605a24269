import { normalizeRecord } from '../../../functions/domain/normalize';
import { parseIsoDate, parseTwitterDate } from '../../../functions/domain/normalize/dates';
import { FUTURE_TOLERANCE_MS } from '../../../functions/domain/normalize/finalize';
import { okPost, rejection } from './fixtures';

describe('dates', () => {
  it('reads years below 100 as written, not as 19xx', () => {
    expect(parseTwitterDate('Sat Nov 21 10:20:40 +0000 0024')).toBe('0024-11-21T10:20:40.000Z');
    expect(parseIsoDate('0024-02-29T00:00:00Z')).toBe('0024-02-29T00:00:00.000Z');
    // 1924 was a leap year too, 0023 was not: the check uses the year as written.
    expect(parseIsoDate('0023-02-29T00:00:00Z')).toBeUndefined();
    expect(parseTwitterDate('Tue Feb 29 00:00:00 +0000 0023')).toBeUndefined();
  });

  it('reads dates before 1970', () => {
    expect(parseIsoDate('1969-07-20T20:17:40Z')).toBe('1969-07-20T20:17:40.000Z');
    expect(parseTwitterDate('Sun Jul 20 20:17:40 +0000 1969')).toBe('1969-07-20T20:17:40.000Z');
    expect(parseIsoDate('1900-02-29T00:00:00Z')).toBeUndefined();
  });

  const post = (createdAt: string) => ({
    data: { id: '1862493817204752591', text: 'dated #post', created_at: createdAt },
  });

  it(`refuses a post dated more than ${FUTURE_TOLERANCE_MS / 60_000} minutes in the future`, () => {
    const inAnHour = new Date(Date.now() + 3600_000).toISOString();
    expect(rejection(normalizeRecord(post(inAnHour)))).toEqual({
      code: 'INVALID',
      reason: expect.stringMatching(/^x-v2: the post is dated .*, 60 min in the future/),
    });
    // Through an offset: 23:00-05:00 is 04:00 UTC the next day.
    const ahead = new Date(Date.now() + 2 * 3600_000);
    const local = new Date(ahead.getTime() - 5 * 3600_000).toISOString().replace('Z', '-05:00');
    expect(rejection(normalizeRecord(post(local))).code).toBe('INVALID');
  });

  it('accepts a clock a little ahead, and old posts', () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    expect(okPost(normalizeRecord(post(soon))).createdAt).toBe(soon);
    expect(okPost(normalizeRecord(post('2006-03-21T20:50:14Z'))).createdAt).toBe(
      '2006-03-21T20:50:14.000Z',
    );
  });
});
