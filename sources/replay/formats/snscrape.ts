/**
 * Tweets as snscrape wrote them (`snscrape --jsonl twitter-search ...`, the common collector
 * before X closed its free API): one `snscrape.modules.twitter.Tweet` per line, turned into the
 * X API v1.1 status ingest reads. The id comes from the tweet's `url`: snscrape writes ids as
 * JSON numbers, which lose digits beyond 2^53 when parsed, and the url keeps them whole.
 */
import { twitterDate } from '../restamp';

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const STATUS_URL_RE =
  /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/[^/]+\/status(?:es)?\/(\d{1,20})/;

export const isSnscrapeTweet = (raw: Obj): boolean =>
  (typeof raw._type === 'string' && raw._type.startsWith('snscrape.modules.twitter.Tweet')) ||
  (typeof raw.url === 'string' &&
    STATUS_URL_RE.test(raw.url) &&
    ('rawContent' in raw || 'renderedContent' in raw || 'content' in raw));

/** A number parsed from JSON as a string of digits, only while it is exact. */
const exactId = (v: unknown): string | undefined =>
  typeof v === 'string' && /^\d{1,20}$/.test(v)
    ? v
    : typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
      ? String(v)
      : undefined;

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function snscrapeToXV1(raw: Obj): Obj {
  const fromUrl = typeof raw.url === 'string' ? STATUS_URL_RE.exec(raw.url)?.[1] : undefined;
  const id = fromUrl ?? exactId(raw.id);
  const user = isObject(raw.user) ? raw.user : {};
  const userId = exactId(user.id);
  const ms = typeof raw.date === 'string' ? Date.parse(raw.date) : NaN;
  const place = isObject(raw.place) ? raw.place : undefined;
  const coords = isObject(raw.coordinates) ? raw.coordinates : undefined;
  const replyTo = exactId(raw.inReplyToTweetId);
  const status: Obj = {
    ...(id !== undefined ? { id_str: id } : {}),
    // An unreadable date is kept as written, for ingest to name it in its reason.
    created_at: Number.isNaN(ms) ? String(raw.date ?? '') : twitterDate(ms),
    full_text: text(raw.rawContent) ?? text(raw.content) ?? text(raw.renderedContent),
    ...(typeof raw.lang === 'string' ? { lang: raw.lang } : {}),
    user: {
      ...(userId !== undefined ? { id_str: userId } : {}),
      ...(typeof user.username === 'string' ? { screen_name: user.username } : {}),
      ...(typeof user.displayname === 'string' ? { name: user.displayname } : {}),
    },
    // Only whether it is a reply is read; an id beyond 2^53 is inexact but still says so.
    ...(replyTo !== undefined
      ? { in_reply_to_status_id_str: replyTo }
      : typeof raw.inReplyToTweetId === 'number'
        ? { in_reply_to_status_id: raw.inReplyToTweetId }
        : {}),
  };
  if (coords && typeof coords.longitude === 'number' && typeof coords.latitude === 'number') {
    status.coordinates = { type: 'Point', coordinates: [coords.longitude, coords.latitude] };
  }
  if (place) {
    status.place = {
      name: text(place.name) ?? null,
      full_name: text(place.fullName) ?? null,
      country: text(place.country) ?? null,
      country_code: text(place.countryCode) ?? null,
    };
  }
  return status;
}
