import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Post, StoredPost } from '../domain/post';
import { mapWithConcurrency } from './pool';

export type PutOutcome = 'stored' | 'duplicate' | { error: Error };

export interface StoreOptions {
  tableName: string;
  retentionDays: number;
  now: Date;
  /** PutItem calls in flight at once. */
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

/**
 * Writes each post only if its id is new. A conditional PutItem, never BatchWriteItem: a replayed
 * record must not overwrite a post that enrichment has already updated, and a failed condition
 * is how a duplicate is recognised.
 */
export async function putPosts(
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
      if ((err as Error).name === 'ConditionalCheckFailedException') return 'duplicate' as const;
      return { error: err as Error };
    }
  });
}
