import { createHash } from 'node:crypto';

/**
 * Partition key for a post: the hex MD5 of its id. Kinesis hashes the key again to pick a
 * shard, so uniformly spread keys spread posts evenly over shards, and a fixed 32-character key
 * costs fewer request bytes than long ids such as Bluesky at:// URIs.
 */
export function partitionKeyFor(postId: string): string {
  return createHash('md5').update(postId).digest('hex');
}
