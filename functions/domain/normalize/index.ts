import { SOURCES } from '../post';
import { normalizeBskyPost } from './bsky-post';
import { normalizeJetstream } from './jetstream';
import { normalizePostJson } from './post-json';
import type { Post } from '../post';
import { isRedditRecord, normalizeReddit } from './reddit';
import { retractionOf, type Retraction } from './retractions';
import {
  reject,
  type InputFormat,
  type NormalizeResult,
  type RejectCode,
  type Rejection,
} from './types';
import { isXV1Control, normalizeXV1 } from './x-v1';
import { normalizeXV2 } from './x-v2';

export type { InputFormat, NormalizeResult, RejectCode } from './types';
export { retractionOf, type Retraction } from './retractions';
export { xV1StatusSchema, type XV1Status } from './x-v1';
export {
  xV2PlaceSchema,
  xV2StreamPayloadSchema,
  xV2TweetSchema,
  xV2UserSchema,
  type XV2StreamPayload,
} from './x-v2';
export { BSKY_POST_COLLECTION, bskyPostRecordSchema, bskyPostUri } from './bsky-record';
export { jetstreamCommitSchema, type JetstreamCommit } from './jetstream';
export { bskyPostViewSchema, type BskyPostView } from './bsky-post';
export { REDDIT_URL, isRedditRecord, redditCommentSchema, redditSubmissionSchema } from './reddit';
export { postSchema } from '../post';

/** Records larger than this are rejected as OVERSIZED before they are decoded. */
export const MAX_RECORD_BYTES = 100 * 1024;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const has = (o: Record<string, unknown>, ...keys: string[]): boolean => keys.some((k) => k in o);

/**
 * Which input format a parsed record looks like, by its distinctive keys (not by validity: a
 * recognised record with a bad field is rejected naming that field, not as an unknown shape).
 */
export function detectFormat(raw: unknown): InputFormat | undefined {
  if (!isObject(raw)) return undefined;
  if ('did' in raw && has(raw, 'kind', 'time_us', 'commit')) return 'bsky-jetstream';
  if ('uri' in raw && 'record' in raw && isObject(raw.author)) return 'bsky-post';
  // Before X v2: a Reddit thing also keeps its fields under `data`.
  if (isRedditRecord(raw)) return 'reddit';
  if (isObject(raw.data) || (!('data' in raw) && Array.isArray(raw.errors))) return 'x-v2';
  if (has(raw, 'createdAt', 'author') || SOURCES.some((s) => s === raw.source)) return 'post';
  if (has(raw, 'id_str', 'created_at') || isXV1Control(raw)) return 'x-v1';
  return undefined;
}

const NORMALIZERS: Record<InputFormat, (raw: Record<string, unknown>) => NormalizeResult> = {
  'x-v1': normalizeXV1,
  'x-v2': normalizeXV2,
  'bsky-jetstream': normalizeJetstream,
  'bsky-post': normalizeBskyPost,
  reddit: normalizeReddit,
  post: normalizePostJson,
};

function describe(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'an array';
  return typeof raw === 'object' ? 'an object' : `a ${typeof raw}`;
}

/** Validates a parsed JSON record of any accepted format and normalizes it to a Post. */
export function normalizeRecord(raw: unknown): NormalizeResult {
  const format = detectFormat(raw);
  if (format === undefined || !isObject(raw)) {
    return isObject(raw)
      ? reject(
          'UNKNOWN_SHAPE',
          `not a known input format (X v1.1 status, X v2 payload, Bluesky Jetstream event or post view, Reddit thing, or Post JSON); keys: ${Object.keys(raw).slice(0, 10).join(', ') || '(none)'}`,
        )
      : reject('UNKNOWN_SHAPE', `expected a JSON object, got ${describe(raw)}`);
  }
  try {
    return NORMALIZERS[format](raw);
  } catch (err) {
    // A bug here must not block the shard: the record goes to the dead-letter queue instead.
    return reject('INVALID', `${format}: normalizer failed: ${(err as Error).message}`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Size check, strict UTF-8 decoding and JSON.parse of one stream record. */
function decodeRecord(data: Uint8Array | string): { raw: unknown } | Rejection {
  const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
  if (bytes > MAX_RECORD_BYTES) {
    return reject('OVERSIZED', `record is ${bytes} bytes; the limit is ${MAX_RECORD_BYTES}`);
  }
  let text: string;
  try {
    text = typeof data === 'string' ? data : utf8.decode(data);
  } catch {
    return reject('INVALID', 'record data is not valid UTF-8');
  }
  if (text.trim() === '') return reject('NOT_JSON', 'record data is empty');
  try {
    return { raw: JSON.parse(text) as unknown };
  } catch (err) {
    return reject('NOT_JSON', `record data is not JSON: ${(err as Error).message.slice(0, 200)}`);
  }
}

/** Size check, strict UTF-8 decoding, JSON.parse and normalizeRecord, for one stream record. */
export function parseAndNormalize(data: Uint8Array | string): NormalizeResult {
  const decoded = decodeRecord(data);
  return 'raw' in decoded ? normalizeRecord(decoded.raw) : decoded;
}

/** What ingest does with a record: store a post, take one back, or dead-letter the record. */
export type StreamRecord =
  | { kind: 'post'; post: Post; format: InputFormat }
  | { kind: 'retraction'; retraction: Retraction }
  | { kind: 'rejected'; code: RejectCode; reason: string };

/** parseAndNormalize, with deletes read as retractions rather than refused as unsupported. */
export function parseStreamRecord(data: Uint8Array | string): StreamRecord {
  const decoded = decodeRecord(data);
  if (!('raw' in decoded)) return { kind: 'rejected', code: decoded.code, reason: decoded.reason };
  const result = normalizeRecord(decoded.raw);
  if (result.ok) return { kind: 'post', post: result.post, format: result.format };
  const retraction = result.code === 'UNSUPPORTED_EVENT' ? retractionOf(decoded.raw) : undefined;
  return retraction
    ? { kind: 'retraction', retraction }
    : { kind: 'rejected', code: result.code, reason: result.reason };
}
