import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chunk } from '../domain/workflow';
import type { Post, StoredPost } from '../domain/post';
import {
  BATCH_CONCURRENCY,
  BATCH_WRITE_LIMIT,
  existingKeys,
  putBatch,
} from '../shared/batch-write';
import { mapWithConcurrency } from '../shared/pool';

/**
 * `refused`: DynamoDB rejected the item itself (ValidationException: too large, a number out of
 * range, a key too long). Retrying cannot help, so the record belongs in the dead-letter queue.
 */
export type PutOutcome = 'stored' | 'duplicate' | { refused: string } | { error: Error };

export interface StoreOptions {
  tableName: string;
  retentionDays: number;
  now: Date;
  /** PutItem calls in flight at once, when a batch has to be written post by post. */
  concurrency?: number;
}

const DEFAULT_CONCURRENCY = 25;

export function toStoredPost(post: Post, now: Date, retentionDays: number): StoredPost {
  return {
    ...post,
    ingestedAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + Math.round(retentionDays * 86_400),
  };
}

/** One conditional PutItem per post: slow, but it tells each post's outcome apart. */
async function putEach(
  doc: DynamoDBDocumentClient,
  posts: readonly Post[],
  opts: StoreOptions,
): Promise<PutOutcome[]> {
  return mapWithConcurrency(posts, opts.concurrency ?? DEFAULT_CONCURRENCY, async (post) => {
    try {
      await doc.send(
        new PutCommand({
          TableName: opts.tableName,
          Item: toStoredPost(post, opts.now, opts.retentionDays),
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
      return 'stored' as const;
    } catch (err) {
      const { name, message } = err as Error;
      if (name === 'ConditionalCheckFailedException') return 'duplicate' as const;
      if (name === 'ValidationException')
        return { refused: `DynamoDB refused the post: ${message}` };
      return { error: err as Error };
    }
  });
}

/**
 * Writes the posts whose id is new; a replayed record must not overwrite a post that enrichment
 * has already updated. The existence check and the write are two steps, which is safe because
 * a post id always maps to one Kinesis shard (the partition key is the post id) and Lambda runs
 * one batch per shard at a time. BatchWriteItem is several times faster than conditional puts
 * (DynamoDB Local takes ~5x as many items per second), at the same write units. A batch that
 * DynamoDB rejects as a whole (say one item over 400 KB) is retried post by post, so only the
 * bad post fails.
 */
export async function putPosts(
  doc: DynamoDBDocumentClient,
  posts: readonly Post[],
  opts: StoreOptions,
): Promise<PutOutcome[]> {
  let existing: Set<string>;
  try {
    existing = await existingKeys(
      doc,
      opts.tableName,
      'id',
      posts.map((p) => p.id),
    );
  } catch (err) {
    return posts.map(() => ({ error: err as Error }));
  }
  const outcomes = new Map<Post, PutOutcome>();
  const fresh = posts.filter((p) => !existing.has(p.id));
  for (const p of posts) if (existing.has(p.id)) outcomes.set(p, 'duplicate');

  await mapWithConcurrency(chunk(fresh, BATCH_WRITE_LIMIT), BATCH_CONCURRENCY, async (batch) => {
    try {
      const items = batch.map((p) => toStoredPost(p, opts.now, opts.retentionDays));
      await putBatch(doc, opts.tableName, items);
      for (const p of batch) outcomes.set(p, 'stored');
    } catch (err) {
      if ((err as Error).name !== 'ValidationException') {
        for (const p of batch) outcomes.set(p, { error: err as Error });
        return;
      }
      const each = await putEach(doc, batch, opts);
      batch.forEach((p, i) => outcomes.set(p, each[i] ?? { error: err as Error }));
    }
  });
  return posts.map((p) => outcomes.get(p) ?? { error: new Error('not written') });
}
