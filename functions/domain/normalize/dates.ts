import { z } from 'zod';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// X API v1.1: "Wed Oct 10 20:19:24 +0000 2018". Parsed by hand because Date's parsing of
// non-ISO strings is implementation-defined.
const TWITTER_DATE_RE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;

/**
 * Date.UTC, but for every year: Date.UTC reads years 0-99 as 1900-1999, so "0024" would be
 * 1924 and its February 29 would not exist.
 */
function utc(year: number, month: number, day: number, h = 0, m = 0, s = 0): number {
  const d = new Date(Date.UTC(2000, month, day, h, m, s));
  d.setUTCFullYear(year, month, day);
  return d.getTime();
}

function fromParts(ms: number, check: () => boolean): string | undefined {
  return Number.isFinite(ms) && check() ? new Date(ms).toISOString() : undefined;
}

/** ISO 8601 UTC from X's v1.1 `created_at`, or undefined when it is not a real date. */
export function parseTwitterDate(s: string): string | undefined {
  const m = TWITTER_DATE_RE.exec(s);
  if (!m) return undefined;
  const [, mon, day, hh, mm, ss, sign, oh, om, year] = m;
  const month = MONTHS.indexOf(mon ?? '');
  if (month < 0) return undefined;
  const local = utc(Number(year), month, Number(day), Number(hh), Number(mm), Number(ss));
  const offsetMs = (Number(oh) * 60 + Number(om)) * 60_000 * (sign === '-' ? -1 : 1);
  // Date.UTC rolls Feb 30 over to March: compare the fields to catch impossible dates.
  return fromParts(local - offsetMs, () => {
    const d = new Date(local);
    return d.getUTCMonth() === month && d.getUTCDate() === Number(day) && Number(hh) < 24;
  });
}

const isoSchema = z.iso.datetime({ offset: true });

const daysInMonth = (year: number, month: number): number =>
  new Date(utc(year, month, 0)).getUTCDate();

/** ISO 8601 UTC from an RFC 3339 timestamp (with Z or an offset), or undefined. */
export function parseIsoDate(s: string): string | undefined {
  if (!isoSchema.safeParse(s).success) return undefined;
  // Date.parse rolls 2024-02-30 and 24:00 over to the next day instead of refusing them.
  const [year, month, day, hour] = [
    s.slice(0, 4),
    s.slice(5, 7),
    s.slice(8, 10),
    s.slice(11, 13),
  ].map(Number);
  if (day === undefined || hour === undefined || hour > 23) return undefined;
  if (day < 1 || day > daysInMonth(year ?? 0, month ?? 0)) return undefined;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
