import { z } from 'zod';
import type { Post } from '../post';
import { extractCashtags, extractHashtags, toCashtags, toHashtags } from '../text';
import { parseIsoDate } from './dates';
import { finalizePost } from './finalize';
import { bboxSchema, buildPlace, geoPointSchema } from './geo';
import { normalizeLang } from './lang';
import { reject, rejectFromIssues, type NormalizeResult } from './types';
import { decodeXText, snowflakeTime, xIdSchema, xPostUrl, xVersion } from './x-common';

const entitiesSchema = z.object({
  hashtags: z.array(z.object({ tag: z.string() })).optional(),
  cashtags: z.array(z.object({ tag: z.string() })).optional(),
});

/** A post's content: what a referenced (retweeted) post in `includes.tweets` must carry. */
const contentSchema = z.object({
  id: xIdSchema,
  text: z.string(),
  lang: z.string().optional(),
  entities: entitiesSchema.optional(),
  /** Posts longer than 280 characters: `text` is truncated, the full text is here. */
  note_tweet: z.object({ text: z.string(), entities: entitiesSchema.optional() }).optional(),
});

/** `id` and `text` are X API v2's default fields; everything else is there only when asked. */
export const xV2TweetSchema = contentSchema.extend({
  created_at: z.string().optional(),
  author_id: xIdSchema.optional(),
  geo: z
    .object({ place_id: z.string().optional(), coordinates: geoPointSchema.optional() })
    .optional(),
  referenced_tweets: z.array(z.object({ type: z.string(), id: xIdSchema })).optional(),
  in_reply_to_user_id: z.string().optional(),
  /** All versions of the post, oldest first; an edit is a new id at the end. */
  edit_history_tweet_ids: z.array(xIdSchema).max(100).optional(),
});

export const xV2UserSchema = z.object({
  id: xIdSchema,
  username: z.string().optional(),
  name: z.string().optional(),
});

export const xV2PlaceSchema = z.object({
  id: z.string().min(1),
  full_name: z.string().optional(),
  name: z.string().optional(),
  country: z.string().optional(),
  country_code: z.string().optional(),
  place_type: z.string().optional(),
  geo: z.object({ bbox: bboxSchema.optional() }).optional(),
});

/** One message of the X API v2 filtered stream (expansions resolve into `includes`). */
export const xV2StreamPayloadSchema = z.object({
  data: xV2TweetSchema,
  includes: z
    .object({
      users: z.array(xV2UserSchema).optional(),
      places: z.array(xV2PlaceSchema).optional(),
      tweets: z.array(contentSchema).optional(),
    })
    .optional(),
  matching_rules: z
    .array(z.object({ id: z.union([z.string(), z.number()]), tag: z.string().optional() }))
    .optional(),
});
export type XV2StreamPayload = z.infer<typeof xV2StreamPayloadSchema>;

const MAX_RULES = 50;
const MAX_RULE_LENGTH = 200;

function contentOf(t: z.infer<typeof contentSchema>, prefix: string) {
  const text = decodeXText(t.note_tweet?.text ?? t.text);
  const field = t.note_tweet ? `${prefix}note_tweet.text` : `${prefix}text`;
  // v2 leaves `entities` out when a post has none, so absence is not a reason to parse the text.
  const entities = t.note_tweet ? (t.note_tweet.entities ?? t.entities) : t.entities;
  const hashtags = entities ? (entities.hashtags ?? []).map((h) => h.tag) : extractHashtags(text);
  const cashtags = entities ? (entities.cashtags ?? []).map((c) => c.tag) : extractCashtags(text);
  return { text, field, hashtags, cashtags };
}

export function normalizeXV2(raw: Record<string, unknown>): NormalizeResult {
  if (!('data' in raw) && 'errors' in raw) {
    return reject('UNSUPPORTED_EVENT', 'x-v2: stream message carries errors and no post');
  }
  const data = raw.data as Record<string, unknown> | undefined;
  if (data && typeof data === 'object' && 'delete' in data && !('text' in data)) {
    return reject('UNSUPPORTED_EVENT', 'x-v2: a compliance event (delete) carries no post');
  }
  const parsed = xV2StreamPayloadSchema.safeParse(raw);
  if (!parsed.success) return rejectFromIssues('x-v2', parsed.error, raw);
  const { data: t, includes, matching_rules: rules } = parsed.data;

  const createdAt = t.created_at === undefined ? snowflakeTime(t.id) : parseIsoDate(t.created_at);
  if (!createdAt) {
    return t.created_at === undefined
      ? reject('MISSING_FIELD', 'x-v2: data.created_at is missing (and data.id is not a snowflake)')
      : reject(
          'INVALID',
          `x-v2: data.created_at "${t.created_at.slice(0, 40)}" is not a valid date`,
        );
  }

  const retweetOf = t.referenced_tweets?.find((r) => r.type === 'retweeted');
  const original = retweetOf && includes?.tweets?.find((x) => x.id === retweetOf.id);
  const content = original ? contentOf(original, 'includes.tweets[].') : contentOf(t, 'data.');

  const user = t.author_id ? includes?.users?.find((u) => u.id === t.author_id) : undefined;
  const placeRef = t.geo?.place_id;
  const place = placeRef ? includes?.places?.find((p) => p.id === placeRef) : undefined;
  const point = t.geo?.coordinates?.coordinates;

  const draft: Post = {
    id: `x:${t.id}`,
    source: 'x',
    text: content.text,
    createdAt,
    lang: normalizeLang(t.lang ?? original?.lang),
    author: t.author_id ? { id: t.author_id, handle: user?.username, name: user?.name } : undefined,
    hashtags: toHashtags(content.hashtags),
    cashtags: toCashtags(content.cashtags),
    // A place id missing from includes has no name or coordinates to show: keep only a point.
    place: place
      ? buildPlace({
          id: `x:${place.id}`,
          name: place.name ?? place.full_name,
          fullName: place.full_name,
          country: place.country,
          countryCode: place.country_code,
          bbox: place.geo?.bbox,
          point,
        })
      : point
        ? buildPlace({ point })
        : undefined,
    isRetweet: retweetOf !== undefined,
    isReply:
      t.referenced_tweets?.some((r) => r.type === 'replied_to') === true ||
      t.in_reply_to_user_id !== undefined,
    url: xPostUrl(t.id, user?.username),
    ...xVersion(t.id, t.edit_history_tweet_ids),
    matchingRules: rules?.length
      ? rules.slice(0, MAX_RULES).map((r) => (r.tag || String(r.id)).slice(0, MAX_RULE_LENGTH))
      : undefined,
  };
  return finalizePost('x-v2', draft, content.field);
}
