import { z } from 'zod';
import type { Post } from '../post';
import { extractCashtags, extractHashtags, toCashtags, toHashtags } from '../text';
import { parseTwitterDate } from './dates';
import { finalizePost } from './finalize';
import { bboxOfPolygon, buildPlace, geoPointSchema, geoPolygonSchema } from './geo';
import { normalizeLang } from './lang';
import { reject, rejectFromIssues, type NormalizeResult } from './types';
import { decodeXText, xIdSchema, xPostUrl, xVersion } from './x-common';

const entitiesSchema = z.object({
  hashtags: z.array(z.object({ text: z.string() })).optional(),
  symbols: z.array(z.object({ text: z.string() })).optional(),
});

const userSchema = z.object({
  id_str: xIdSchema.optional(),
  id: z.number().optional(),
  screen_name: z.string().nullish(),
  name: z.string().nullish(),
});

const placeSchema = z.object({
  id: z.string().nullish(),
  name: z.string().nullish(),
  full_name: z.string().nullish(),
  country: z.string().nullish(),
  country_code: z.string().nullish(),
  bounding_box: geoPolygonSchema.nullish(),
});

/** The parts of a status that carry its content; a retweet's original needs only these. */
const contentSchema = z.object({
  text: z.string().optional(),
  full_text: z.string().optional(),
  extended_tweet: z
    .object({ full_text: z.string(), entities: entitiesSchema.optional() })
    .optional(),
  entities: entitiesSchema.optional(),
  lang: z.string().nullish(),
});

/** X API v1.1 status (streaming or REST, compat or extended mode). */
export const xV1StatusSchema = contentSchema.extend({
  id_str: xIdSchema.optional(),
  id: z.number().optional(),
  created_at: z.string(),
  /** Absent in an X account archive's tweets.js (every post there is the account's own). */
  user: userSchema.optional(),
  in_reply_to_status_id_str: z.string().nullish(),
  in_reply_to_status_id: z.number().nullish(),
  place: placeSchema.nullish(),
  coordinates: geoPointSchema.nullish(),
  retweeted_status: contentSchema.nullish(),
  /** v1.1's form of the edit chain (the v2 field's ids, under edit_tweet_ids). */
  edit_history: z.object({ edit_tweet_ids: z.array(xIdSchema).max(100).optional() }).nullish(),
});
export type XV1Status = z.infer<typeof xV1StatusSchema>;

/** Stream control messages of the v1.1 streaming API, which carry no post. */
const CONTROL_KEYS = [
  'delete',
  'limit',
  'scrub_geo',
  'status_withheld',
  'user_withheld',
  'warning',
  'disconnect',
];

export function isXV1Control(raw: Record<string, unknown>): boolean {
  return CONTROL_KEYS.some((k) => k in raw) && !('created_at' in raw);
}

/** `id_str` first: a numeric `id` beyond 2^53 has already lost digits in JSON.parse. */
function idOf(
  idStr: string | undefined,
  id: number | undefined,
  field: string,
): string | { code: 'MISSING_FIELD' | 'INVALID'; reason: string } {
  if (idStr !== undefined) return idStr;
  if (id === undefined) return { code: 'MISSING_FIELD', reason: `x-v1: ${field}_str is missing` };
  if (!Number.isSafeInteger(id) || id < 0) {
    return {
      code: 'INVALID',
      reason: `x-v1: ${field} ${id} is beyond 2^53 (precision lost) and ${field}_str is missing`,
    };
  }
  return String(id);
}

export function normalizeXV1(raw: Record<string, unknown>): NormalizeResult {
  if (isXV1Control(raw)) {
    const kind = CONTROL_KEYS.find((k) => k in raw) ?? 'control';
    return reject('UNSUPPORTED_EVENT', `x-v1: "${kind}" stream message carries no post`);
  }
  const parsed = xV1StatusSchema.safeParse(raw);
  if (!parsed.success) return rejectFromIssues('x-v1', parsed.error, raw);
  const s = parsed.data;

  const id = idOf(s.id_str, s.id, 'id');
  if (typeof id !== 'string') return reject(id.code, id.reason);
  // A user named only by its handle (a CSV file's user column) is an author without an id.
  const byHandleOnly =
    s.user?.id_str === undefined && s.user?.id === undefined && Boolean(s.user?.screen_name);
  const authorId = s.user && !byHandleOnly ? idOf(s.user.id_str, s.user.id, 'user.id') : undefined;
  if (typeof authorId === 'object') return reject(authorId.code, authorId.reason);

  const createdAt = parseTwitterDate(s.created_at);
  if (!createdAt)
    return reject('INVALID', `x-v1: created_at "${s.created_at.slice(0, 40)}" is not a valid date`);

  // A retweet's own text is "RT @user: " plus a truncated copy; the original has the full text.
  const content = s.retweeted_status ?? s;
  const prefix = s.retweeted_status ? 'retweeted_status.' : '';
  const [rawText, textField] =
    content.extended_tweet !== undefined
      ? [content.extended_tweet.full_text, 'extended_tweet.full_text']
      : content.full_text !== undefined
        ? [content.full_text, 'full_text']
        : [content.text, 'text'];
  if (rawText === undefined) return reject('MISSING_FIELD', `x-v1: ${prefix}text is missing`);
  const text = decodeXText(rawText);
  const entities = content.extended_tweet ? content.extended_tweet.entities : content.entities;

  const place = s.place
    ? buildPlace({
        id: s.place.id ? `x:${s.place.id}` : undefined,
        name: s.place.name ?? undefined,
        fullName: s.place.full_name ?? undefined,
        country: s.place.country ?? undefined,
        countryCode: s.place.country_code ?? undefined,
        bbox: s.place.bounding_box?.coordinates[0]
          ? bboxOfPolygon(s.place.bounding_box.coordinates[0])
          : undefined,
        point: s.coordinates?.coordinates,
      })
    : s.coordinates
      ? buildPlace({ point: s.coordinates.coordinates })
      : undefined;

  const handle = s.user?.screen_name ?? undefined;
  const draft: Post = {
    id: `x:${id}`,
    source: 'x',
    text,
    createdAt,
    lang: normalizeLang(s.lang ?? content.lang),
    author: s.user ? { id: authorId, handle, name: s.user.name ?? undefined } : undefined,
    hashtags: toHashtags(entities?.hashtags?.map((h) => h.text) ?? extractHashtags(text)),
    cashtags: toCashtags(entities?.symbols?.map((c) => c.text) ?? extractCashtags(text)),
    place,
    isRetweet: s.retweeted_status != null,
    isReply: s.in_reply_to_status_id_str != null || s.in_reply_to_status_id != null,
    url: xPostUrl(id, handle),
    ...xVersion(id, s.edit_history?.edit_tweet_ids),
  };
  return finalizePost('x-v1', draft, `${prefix}${textField}`);
}
