import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Post } from '../../../functions/domain/post';
import { findRepoRoot } from '../../../local/paths';
import { startLocalStack, type LocalStack } from '../../../local/stack';
import type { KinesisWriterStats } from '../../../functions/social/kinesis/writer';
import { putRecords, type StatsBody } from '../../support/stack-io';

/** The production build `npm run build:frontend` writes (and `npm test` runs first). */
export function dashboardBuild(root = findRepoRoot()): string {
  const dir = join(root, 'frontend', 'dist', 'browser');
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`No dashboard build in ${dir}: run \`npm run build:frontend\` first.`);
  }
  return dir;
}

/** The whole local stack on a free port, empty, with no demo source, serving the built dashboard. */
export function startQuietStack(staticDir: string): Promise<LocalStack> {
  return startLocalStack({
    port: 0,
    source: 'none',
    staticDir,
    quiet: true,
    // A running `npm start` owns .local-stack.json; this stack must not overwrite it.
    runtimeFile: false,
    // Two cores shared with others: fewer workers start faster and are plenty for a few dozen posts.
    maxWorkersPerFunction: 1,
  });
}

/** Puts the posts into the stack's Kinesis stream, as a source would. */
export function sendPosts(stack: LocalStack, posts: readonly Post[]): Promise<KinesisWriterStats> {
  return putRecords(
    stack,
    posts.map((post) => ({ partitionKey: post.id, data: post })),
  );
}

export type { StatsBody };

/**
 * Polls GET /api/stats until it counts `posts` posts or the budget runs out, and returns the
 * last answer either way: the caller asserts on it, so a stuck pipeline fails with the numbers.
 */
export async function waitForPostCount(
  baseUrl: string,
  posts: number,
  budgetMs: number,
): Promise<StatsBody | undefined> {
  const deadline = Date.now() + budgetMs;
  let last: StatsBody | undefined;
  for (;;) {
    const response = await fetch(`${baseUrl}/api/stats`);
    if (response.ok) last = (await response.json()) as StatsBody;
    if ((last && last.posts >= posts) || Date.now() > deadline) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
