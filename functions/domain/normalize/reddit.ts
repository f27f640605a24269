import { z } from 'zod';
import { MAX_TEXT_LENGTH, type Post } from '../post';
import {
  extractCashtags,
  extractHashtags,
  subredditDisplay,
  toCashtags,
  toHashtags,
} from '../text';
import { finalizePost } from './finalize';
import { reject, rejectFromIssues, type NormalizeResult } from './types';

/**
 * One Reddit "thing" as the API's listings hold it: `{kind: 't3', data: {...}}` for a submission,
 * `{kind: 't1', data: {...}}` for a comment. Only the fields the Post needs are checked; a
 * listing's thing has a hundred more.
 */

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reddit's kinds: t1 comment, t2 account, t3 link, t4 message, t5 subreddit, t6 award. */
const REDDIT_KIND_RE = /^(?:t[1-6]|Listing|more)$/;
/** Reddit ids are base-36 counters; a fullname is the kind and the id: `t3_1gwcx0a`. */
const ID_RE = /^[0-9a-z]{1,13}$/;
const FULLNAME_RE = /^(t[1-6])_([0-9a-z]{1,13})$/;
/** Community names are 2-21 characters; a user's profile is the subreddit `u_<name>`. */
const SUBREDDIT_RE = /^[A-Za-z0-9_][A-Za-z0-9_-]{1,29}$/;
// A path on reddit.com, nothing that could leave it (`//host`, a scheme, spaces or a backslash).
const PERMALINK_RE = /^\/(?!\/)[A-Za-z0-9_\-./%~]{1,400}$/;

export const REDDIT_URL = 'https://www.reddit.com';
/** What Reddit writes in place of a text that was taken down. */
const TAKEN_DOWN = new Set(['[removed]', '[deleted]']);
const DELETED_AUTHOR = '[deleted]';

/** Whether a parsed record is a Reddit thing or listing (by its `kind`, as Reddit writes it). */
export const isRedditRecord = (raw: Obj): boolean =>
  typeof raw.kind === 'string' && REDDIT_KIND_RE.test(raw.kind) && !('did' in raw);

const fullnameSchema = (kind: 't1' | 't3') =>
  z
    .string()
    .regex(
      new RegExp(`^${kind}_[0-9a-z]{1,13}$`),
      `must be a ${kind} fullname such as ${kind}_1gwcx0a`,
    );

const thingSchema = z.object({
  name: z.string().optional(),
  id: z.string().regex(ID_RE, 'must be a base-36 id').optional(),
  author: z.string().max(100),
  author_fullname: z
    .string()
    .regex(/^t2_[0-9a-z]{1,13}$/, 'must be an account fullname such as t2_6l4z3')
    .nullish(),
  subreddit: z.string().regex(SUBREDDIT_RE, 'must be a subreddit name'),
  permalink: z.string().nullish(),
  created_utc: z.number(),
});

export const redditSubmissionSchema = thingSchema.extend({
  name: fullnameSchema('t3').optional(),
  title: z.string(),
  selftext: z.string().nullish(),
  crosspost_parent: z.string().nullish(),
});

export const redditCommentSchema = thingSchema.extend({
  name: fullnameSchema('t1').optional(),
  body: z.string(),
  link_id: fullnameSchema('t3').nullish(),
});

const submissionThingSchema = z.object({ data: redditSubmissionSchema });
const commentThingSchema = z.object({ data: redditCommentSchema });

/** `t3_1gwcx0a` from `name`, else from `kind` and `id`; undefined when neither is usable. */
function fullnameOf(kind: string, data: Obj): string | undefined {
  const name = data.name;
  if (typeof name === 'string') {
    const m = FULLNAME_RE.exec(name);
    return m && m[1] === kind ? name : undefined;
  }
  return typeof data.id === 'string' && ID_RE.test(data.id) ? `${kind}_${data.id}` : undefined;
}

/**
 * Why a thing no longer carries its author's words: a moderator, Reddit or its author took it
 * down (`removed_by_category`), or its text reads `[removed]`/`[deleted]`. Undefined for a live
 * thing. An account deleted later leaves the text in place (author `[deleted]`): that post stays.
 */
export function redditTakedown(kind: string, data: Obj): string | undefined {
  const category = data.removed_by_category;
  if (typeof category === 'string' && category !== '') return `removed (${category.slice(0, 40)})`;
  const text = kind === 't1' ? data.body : data.selftext;
  if (typeof text === 'string' && TAKEN_DOWN.has(text.trim())) {
    return text.trim() === '[deleted]' ? 'deleted' : 'removed';
  }
  return undefined;
}

/** The id of the post a taken-down Reddit thing was, for ingest to take back: `reddit:t1_x`. */
export function redditRetractionId(raw: Obj): string | undefined {
  if ((raw.kind !== 't1' && raw.kind !== 't3') || !isObject(raw.data)) return undefined;
  const fullname = fullnameOf(raw.kind, raw.data);
  if (fullname === undefined || redditTakedown(raw.kind, raw.data) === undefined) return undefined;
  return `reddit:${fullname}`;
}

function permalinkUrl(kind: string, id: string, data: Obj): string {
  const permalink = data.permalink;
  if (typeof permalink === 'string' && PERMALINK_RE.test(permalink)) {
    return `${REDDIT_URL}${permalink}`;
  }
  // Reddit resolves a post by its id alone, and a comment by its post's id and its own.
  const link = typeof data.link_id === 'string' ? FULLNAME_RE.exec(data.link_id)?.[2] : undefined;
  return kind === 't1' && link
    ? `${REDDIT_URL}/comments/${link}/_/${id}/`
    : `${REDDIT_URL}/comments/${id}/`;
}

/**
 * A submission's text: its title and body. Reddit takes self posts of up to 40,000 characters
 * and a Post holds 10,000, so a longer body is cut (on a code-point boundary, with an ellipsis):
 * the post is kept and counted, and its link leads to the rest.
 */
function submissionText(title: string, selftext: string | null | undefined): string {
  const body = selftext?.trim() ? selftext : '';
  if (!body) return title;
  const full = `${title}\n\n${body}`;
  if (full.length <= MAX_TEXT_LENGTH || title.length + 3 >= MAX_TEXT_LENGTH) return full;
  let end = MAX_TEXT_LENGTH - 1;
  const last = full.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${full.slice(0, end)}…`;
}

/** Reddit's `created_utc` is epoch seconds (a float in older dumps). */
function createdAtOf(seconds: number): string | undefined {
  const ms = Math.round(seconds * 1000);
  return Number.isFinite(ms) && ms >= 0 && ms <= 8.64e15 ? new Date(ms).toISOString() : undefined;
}

const KIND_NAMES: Record<string, string> = {
  t2: 'an account',
  t4: 'a message',
  t5: 'a subreddit',
  t6: 'an award',
  more: 'a "more comments" stub',
};

export function normalizeReddit(raw: Obj): NormalizeResult {
  const kind = String(raw.kind);
  if (kind === 'Listing') {
    const n = isObject(raw.data) && Array.isArray(raw.data.children) ? raw.data.children.length : 0;
    return reject(
      'INVALID',
      `reddit: a Listing page (${n} things) is not one post; send each of its data.children as a record of its own`,
    );
  }
  if (kind !== 't1' && kind !== 't3') {
    return reject(
      'UNSUPPORTED_EVENT',
      `reddit: kind ${kind} (${KIND_NAMES[kind]}) carries no post`,
    );
  }
  if (!isObject(raw.data)) {
    return raw.data === undefined || raw.data === null
      ? reject('MISSING_FIELD', 'reddit: data is missing')
      : reject('INVALID', 'reddit: data must be an object');
  }
  const data = raw.data;
  const takedown = redditTakedown(kind, data);
  const retraction = redditRetractionId(raw);
  if (takedown && retraction) {
    return reject('UNSUPPORTED_EVENT', `reddit: ${retraction.slice(7)} was ${takedown}`);
  }
  // Parsed with its envelope, so a rejection names the field as it sits in the record (`data.x`).
  const parsed =
    kind === 't3' ? submissionThingSchema.safeParse(raw) : commentThingSchema.safeParse(raw);
  if (!parsed.success) return rejectFromIssues('reddit', parsed.error, raw);
  const thing = parsed.data.data;
  const fullname = fullnameOf(kind, data);
  if (fullname === undefined) return reject('MISSING_FIELD', 'reddit: data.name is missing');
  const createdAt = createdAtOf(thing.created_utc);
  if (!createdAt) {
    return reject('INVALID', `reddit: data.created_utc ${thing.created_utc} is not a valid time`);
  }
  const submission = 'title' in thing ? thing : undefined;
  const text = submission
    ? submissionText(submission.title, submission.selftext)
    : (thing as z.infer<typeof redditCommentSchema>).body;
  const id = fullname.slice(3);
  // A user's profile posts sit in the subreddit u_<name>: not a community to count.
  const community = thing.subreddit.startsWith('u_') ? [] : [subredditDisplay(thing.subreddit)];
  const author =
    thing.author === DELETED_AUTHOR || thing.author === ''
      ? undefined
      : { id: thing.author_fullname ?? undefined, handle: thing.author };
  const draft: Post = {
    id: `reddit:${fullname}`,
    source: 'reddit',
    text,
    createdAt,
    author,
    // The subreddit first, so a post always counts its community (a post counts 17 tags).
    hashtags: toHashtags([...community, ...extractHashtags(text)]),
    cashtags: toCashtags(extractCashtags(text)),
    isRetweet: Boolean(submission?.crosspost_parent),
    isReply: kind === 't1',
    url: permalinkUrl(kind, id, data),
  };
  if (author === undefined) delete draft.author;
  return finalizePost('reddit', draft, submission ? 'data.title' : 'data.body');
}
