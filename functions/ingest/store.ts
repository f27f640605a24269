import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Post } from '../domain/post';
import { isLive, type PostItem } from '../domain/versions';
import { toWorkPost, type PostResult } from '../domain/workflow';
import { getItems } from '../shared/batch-write';
import { enrichPosts } from '../enrich/run-executions';

/**
 * `refused`: DynamoDB rejected the item itself (ValidationException: too large, a number out of
 * range, a key too long). Retrying cannot help, so the record belongs in the dead-letter queue.
 */
export type PutOutcome = 'stored' | 'duplicate' | { refused: string } | { error: Error };

/**
 * The workflow execution that held the post failed as a whole (or never reported it): every
 * post it held fails, whichever of them made it fail.
 */
export class ExecutionFailedError extends Error {
  override name = 'ExecutionFailed';
  constructor() {
    super('the enrichment execution holding the post failed');
  }
}

export interface StoreDeps {
  doc: DynamoDBDocumentClient;
  postsTable: string;
  stateMachineArn: string;
}

/** A post of the batch, with the event id of the first record that brought it. */
export interface Arrival {
  post: Post;
  eventId: string;
}

/**
 * Whether each post is to be enriched and counted: a post whose id has no item is new; one whose
 * counted item came from this very record is the retry of an attempt that stopped after
 * counting it, which goes through the workflow again (Persist finds it counted and redoes what
 * may not have happened: its feeds, its archive copy, the fold); anything else is a duplicate.
 * The check and the count are two steps, which is safe because all records of a post id share a
 * partition key (it is derived from the post id), and Lambda keeps a partition key's records in
 * one batch at a time, in order, however many batches of a shard it works on at once; the
 * counting transaction's put is the guard should a race happen anyway.
 */
async function toCount(deps: StoreDeps, arrivals: readonly Arrival[]): Promise<boolean[]> {
  const items = await getItems(
    deps.doc,
    deps.postsTable,
    'id',
    arrivals.map((a) => a.post.id),
    ['id', 'ingestedBy', 'countedAt', 'deletedAt', 'supersededBy', 'tombstone'],
  );
  return arrivals.map(({ post, eventId }) => {
    const item = items.get(post.id) as PostItem | undefined;
    return item === undefined || (isLive(item) && item.ingestedBy === eventId);
  });
}

/**
 * The batch's new posts enriched, stored and counted by the workflow (executions one after
 * another, the last folding the batch's counts, run-executions.ts); posts already stored are
 * duplicates. A failed existence check fails every post; a post the workflow did not count
 * fails alone, so its records are retried.
 */
export async function storePosts(
  deps: StoreDeps,
  arrivals: readonly Arrival[],
): Promise<PutOutcome[]> {
  let counting: boolean[];
  try {
    counting = await toCount(deps, arrivals);
  } catch (err) {
    return arrivals.map(() => ({ error: err as Error }));
  }
  const work = arrivals.filter((_, i) => counting[i]);
  const results =
    work.length > 0
      ? await enrichPosts(
          deps.stateMachineArn,
          work.map((a) => toWorkPost(a.post, a.eventId)),
        )
      : new Map<string, PostResult>();
  return arrivals.map(({ post }, i): PutOutcome => {
    if (!counting[i]) return 'duplicate';
    const result = results.get(post.id);
    if (result?.refused) return { refused: result.refused };
    if (result === undefined) return { error: new ExecutionFailedError() };
    if (result.ok) return result.status === 'COUNTED' ? 'stored' : 'duplicate';
    return { error: new Error(`not counted: ${result.status}`) };
  });
}
