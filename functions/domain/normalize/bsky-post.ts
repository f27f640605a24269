import { z } from 'zod';
import {
  BSKY_POST_COLLECTION,
  bskyPostRecordSchema,
  didSchema,
  postFromBskyRecord,
  rkeySchema,
} from './bsky-record';
import { reject, rejectFromIssues, type NormalizeResult } from './types';

/**
 * A Bluesky post as the AppView returns it (`app.bsky.feed.defs#postView`: searchPosts,
 * getAuthorFeed, getPosts) and as export tools write it, one per line: the record plus its
 * author's handle, which a Jetstream event does not carry.
 */
export const bskyPostViewSchema = z.object({
  uri: z.string(),
  cid: z.string().optional(),
  author: z.object({
    did: didSchema,
    handle: z.string().max(253).optional(),
    displayName: z.string().optional(),
  }),
  record: bskyPostRecordSchema,
  indexedAt: z.string().optional(),
});
export type BskyPostView = z.infer<typeof bskyPostViewSchema>;

const URI_RE = /^at:\/\/([^/]+)\/([^/]+)\/([^/]+)$/;

export function normalizeBskyPost(raw: Record<string, unknown>): NormalizeResult {
  const parsed = bskyPostViewSchema.safeParse(raw);
  if (!parsed.success) return rejectFromIssues('bsky-post', parsed.error, raw);
  const { uri, author, record } = parsed.data;
  const [, repo, collection, rkey] = URI_RE.exec(uri) ?? [];
  if (collection !== undefined && collection !== BSKY_POST_COLLECTION) {
    return reject(
      'UNSUPPORTED_EVENT',
      `bsky-post: uri names a ${collection.slice(0, 60)}, not a ${BSKY_POST_COLLECTION}`,
    );
  }
  if (repo !== author.did || !rkeySchema.safeParse(rkey).success || rkey === undefined) {
    return reject(
      'INVALID',
      `bsky-post: uri must be at://${author.did}/${BSKY_POST_COLLECTION}/<rkey>`,
    );
  }
  const name = author.displayName?.trim() || undefined;
  return postFromBskyRecord(
    'bsky-post',
    { did: author.did, rkey, record, handle: author.handle, ...(name ? { name } : {}) },
    'record',
  );
}
