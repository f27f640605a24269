import { bskyPostUri, BSKY_POST_COLLECTION } from './bsky-record';
import { redditRetractionId } from './reddit';
import type { InputFormat } from './types';

/**
 * Deletes, in each source's own form (a Reddit thing that was removed or deleted reads as one): the post they name leaves the feeds and, within the bucket
 * windows, the counts (functions/domain/retract.ts). A delete is only as trusted as the stream:
 * whoever may put a post may also take it back.
 */
export interface Retraction {
  /** The post id, as the normalizers build it. */
  id: string;
  format: InputFormat;
}

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const X_ID_RE = /^\d{1,20}$/;
const RKEY_RE = /^[A-Za-z0-9._:~-]{1,512}$/;
const DID_RE = /^did:[a-z]+:[A-Za-z0-9._:%-]+$/;

/** `{"delete": {"status": {"id_str": ...}}}`: X API v1.1's status deletion notice. */
function xV1Delete(raw: Obj): string | undefined {
  const status =
    isObject(raw.delete) && isObject(raw.delete.status) ? raw.delete.status : undefined;
  const id = status?.id_str;
  return typeof id === 'string' && X_ID_RE.test(id) ? `x:${id}` : undefined;
}

/** `{"data": {"delete": {"tweet": {"id": ...}}}}`: the X API v2 compliance stream's delete. */
function xV2Delete(raw: Obj): string | undefined {
  const data = isObject(raw.data) ? raw.data : undefined;
  const tweet =
    data && isObject(data.delete) && isObject(data.delete.tweet) ? data.delete.tweet : undefined;
  const id = tweet?.id;
  return typeof id === 'string' && X_ID_RE.test(id) ? `x:${id}` : undefined;
}

/** A Jetstream commit deleting an `app.bsky.feed.post` record. */
function jetstreamDelete(raw: Obj): string | undefined {
  const commit = isObject(raw.commit) ? raw.commit : undefined;
  if (raw.kind !== 'commit' || commit?.operation !== 'delete') return undefined;
  if (commit.collection !== BSKY_POST_COLLECTION) return undefined;
  const { did } = raw;
  const { rkey } = commit;
  if (typeof did !== 'string' || !DID_RE.test(did)) return undefined;
  if (typeof rkey !== 'string' || !RKEY_RE.test(rkey)) return undefined;
  return `bsky:${bskyPostUri(did, rkey)}`;
}

/** The post a record takes back, or undefined when it is not a delete. */
export function retractionOf(raw: unknown): Retraction | undefined {
  if (!isObject(raw)) return undefined;
  const x1 = xV1Delete(raw);
  if (x1) return { id: x1, format: 'x-v1' };
  const x2 = xV2Delete(raw);
  if (x2) return { id: x2, format: 'x-v2' };
  const bsky = jetstreamDelete(raw);
  if (bsky) return { id: bsky, format: 'bsky-jetstream' };
  const reddit = redditRetractionId(raw);
  if (reddit) return { id: reddit, format: 'reddit' };
  return undefined;
}
