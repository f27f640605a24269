import { z } from 'zod';
import type { Post } from '../post';
import { extractCashtags, extractHashtags, toCashtags, toHashtags } from '../text';
import { parseIsoDate } from './dates';
import { finalizePost } from './finalize';
import { normalizeLang } from './lang';
import { reject, type InputFormat, type NormalizeResult } from './types';

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
export type BskyPostRecord = z.infer<typeof bskyPostRecordSchema>;

export const didSchema = z.string().regex(/^did:[a-z]+:[A-Za-z0-9._:%-]+$/, 'must be a DID');
export const rkeySchema = z.string().regex(/^[A-Za-z0-9._:~-]{1,512}$/, 'must be a record key');

/** The post's AT URI, which is also its id (after `bsky:`) in every Bluesky format. */
export const bskyPostUri = (did: string, rkey: string): string =>
  `at://${did}/${BSKY_POST_COLLECTION}/${rkey}`;

export interface BskyPostParts {
  did: string;
  rkey: string;
  record: BskyPostRecord;
  handle?: string;
  name?: string;
}

/**
 * A Post from a Bluesky post record, whichever envelope carried it (a Jetstream commit, an
 * AppView post view). `recordField` names the record in error messages.
 */
export function postFromBskyRecord(
  format: InputFormat,
  parts: BskyPostParts,
  recordField: string,
): NormalizeResult {
  const { did, rkey, record } = parts;
  const createdAt = parseIsoDate(record.createdAt);
  if (!createdAt) {
    return reject(
      'INVALID',
      `${format}: ${recordField}.createdAt "${record.createdAt.slice(0, 40)}" is not a valid date`,
    );
  }
  const facetTags = (record.facets ?? []).flatMap((f) =>
    f.features.flatMap((x) => (x.$type === TAG_FEATURE && x.tag ? [x.tag] : [])),
  );
  // Clients that write no facets at all leave hashtags as plain text; read them from it then.
  const inline = record.facets === undefined ? extractHashtags(record.text) : facetTags;
  // "handle.invalid" is the AppView's word for a handle that no longer resolves to this DID.
  const handle = parts.handle && parts.handle !== 'handle.invalid' ? parts.handle : undefined;
  const draft: Post = {
    id: `bsky:${bskyPostUri(did, rkey)}`,
    source: 'bsky',
    text: record.text,
    createdAt,
    lang: normalizeLang(record.langs?.[0]),
    author: { id: did, handle, name: parts.name },
    hashtags: toHashtags([...inline, ...(record.tags ?? [])]),
    cashtags: toCashtags(extractCashtags(record.text)),
    isRetweet: false,
    isReply: record.reply !== undefined,
    url: `https://bsky.app/profile/${handle ?? did}/post/${rkey}`,
  };
  return finalizePost(format, draft, `${recordField}.text`);
}
