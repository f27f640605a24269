import { z } from 'zod';
import {
  BSKY_POST_COLLECTION,
  bskyPostRecordSchema,
  didSchema,
  postFromBskyRecord,
  rkeySchema,
} from './bsky-record';
import { reject, rejectFromIssues, type NormalizeResult } from './types';

/** A Jetstream commit event creating a post. */
export const jetstreamCommitSchema = z.object({
  did: didSchema,
  time_us: z.number().int().nonnegative(),
  kind: z.literal('commit'),
  commit: z.object({
    rev: z.string().max(40).optional(),
    operation: z.enum(['create', 'update']),
    collection: z.literal(BSKY_POST_COLLECTION),
    rkey: rkeySchema,
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
  if (commit.operation !== 'create' && commit.operation !== 'update') {
    return `operation "${label(commit.operation)}" is not create or update`;
  }
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
  const result = postFromBskyRecord(
    'bsky-jetstream',
    { did, rkey: commit.rkey, record: commit.record },
    'commit.record',
  );
  if (!result.ok || commit.operation === 'create') return result;
  // An update is a new version of the post: its own id (the record's revision appended), the
  // original as what it replaces, and the revision to tell the newest version.
  if (!commit.rev) return reject('MISSING_FIELD', 'bsky-jetstream: commit.rev is missing');
  const base = result.post.id;
  return {
    ...result,
    post: { ...result.post, id: `${base}#${commit.rev}`, replaces: [base], revision: commit.rev },
  };
}
