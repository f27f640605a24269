import { z } from 'zod';
import type { Post } from '../post';
import { extractCashtags, extractHashtags, toCashtags, toHashtags } from '../text';
import { parseIsoDate } from './dates';
import { finalizePost } from './finalize';
import { normalizeLang } from './lang';
import { reject, rejectFromIssues, type NormalizeResult } from './types';

export const BSKY_POST_COLLECTION = 'app.bsky.feed.post';
const TAG_FEATURE = 'app.bsky.richtext.facet#tag';

const strongRefSchema = z.object({ uri: z.string(), cid: z.string() });

/** The `app.bsky.feed.post` record (only the fields the Post needs are checked). */
export const bskyPostRecordSchema = z.object({
  $type: z.literal(BSKY_POST_COLLECTION).optional(),
  text: z.string(),
  createdAt: z.string(),
  langs: z.array(z.string()).optional(),
  facets: z
    .array(
      z.object({
        index: z.object({ byteStart: z.number(), byteEnd: z.number() }).optional(),
        features: z.array(z.object({ $type: z.string(), tag: z.string().optional() })),
      }),
    )
    .optional(),
  tags: z.array(z.string()).optional(),
  reply: z.object({ root: strongRefSchema, parent: strongRefSchema }).optional(),
});

/** A Jetstream commit event creating a post. */
export const jetstreamCommitSchema = z.object({
  did: z.string().regex(/^did:[a-z]+:[A-Za-z0-9._:%-]+$/, 'must be a DID'),
  time_us: z.number().int().nonnegative(),
  kind: z.literal('commit'),
  commit: z.object({
    rev: z.string().optional(),
    operation: z.literal('create'),
    collection: z.literal(BSKY_POST_COLLECTION),
    rkey: z.string().regex(/^[A-Za-z0-9._:~-]{1,512}$/, 'must be a record key'),
    cid: z.string().optional(),
    record: bskyPostRecordSchema,
  }),
});
export type JetstreamCommit = z.infer<typeof jetstreamCommitSchema>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// A field of the wrong type is named by its type: String() of an object can throw, or print a
// whole nested structure into the reason.
const label = (v: unknown): string =>
  typeof v === 'string'
    ? v.slice(0, 100)
    : v === null || typeof v !== 'object'
      ? String(v)
      : Array.isArray(v)
        ? '(array)'
        : '(object)';

/** Identity and account events, deletes, updates, likes, follows...: nothing to count. */
function unsupported(raw: Record<string, unknown>): string | undefined {
  if (raw.kind !== 'commit') return `kind "${label(raw.kind)}" is not a commit`;
  const commit = raw.commit;
  if (!isObject(commit)) return undefined; // the schema reports it
  if (commit.operation !== 'create') return `operation "${label(commit.operation)}" is not create`;
  if (commit.collection !== BSKY_POST_COLLECTION) {
    return `collection "${label(commit.collection)}" is not ${BSKY_POST_COLLECTION}`;
  }
  return undefined;
}

export function normalizeJetstream(raw: Record<string, unknown>): NormalizeResult {
  const why = unsupported(raw);
  if (why) return reject('UNSUPPORTED_EVENT', `bsky-jetstream: ${why.slice(0, 200)}`);
  const parsed = jetstreamCommitSchema.safeParse(raw);
  if (!parsed.success) return rejectFromIssues('bsky-jetstream', parsed.error, raw);
  const { did, commit } = parsed.data;
  const { record } = commit;

  const createdAt = parseIsoDate(record.createdAt);
  if (!createdAt) {
    return reject(
      'INVALID',
      `bsky-jetstream: commit.record.createdAt "${record.createdAt.slice(0, 40)}" is not a valid date`,
    );
  }

  const facetTags = (record.facets ?? []).flatMap((f) =>
    f.features.flatMap((x) => (x.$type === TAG_FEATURE && x.tag ? [x.tag] : [])),
  );
  // Clients that write no facets at all leave hashtags as plain text; read them from it then.
  const inline = record.facets === undefined ? extractHashtags(record.text) : facetTags;

  const draft: Post = {
    id: `bsky:at://${did}/${BSKY_POST_COLLECTION}/${commit.rkey}`,
    source: 'bsky',
    text: record.text,
    createdAt,
    lang: normalizeLang(record.langs?.[0]),
    author: { id: did },
    hashtags: toHashtags([...inline, ...(record.tags ?? [])]),
    cashtags: toCashtags(extractCashtags(record.text)),
    isRetweet: false,
    isReply: record.reply !== undefined,
    url: `https://bsky.app/profile/${did}/post/${commit.rkey}`,
  };
  return finalizePost('bsky-jetstream', draft, 'commit.record.text');
}
