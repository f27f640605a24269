import { StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { chooseFeeds } from '../domain/feed';
import type { PostResult, WorkPost } from '../domain/workflow';
import { logger } from '../shared/powertools';
import { sfn } from '../shared/aws/sfn';
import { splitByPayload } from './executions';

/** Persist's results of one execution, and whether it got to the end; none when it failed. */
async function runExecution(
  stateMachineArn: string,
  posts: WorkPost[],
  fold: boolean,
): Promise<{ results: PostResult[]; finished: boolean }> {
  const failed = { results: [], finished: false };
  try {
    const out = await sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn, input: JSON.stringify({ posts, fold }) }),
    );
    if (out.status !== 'SUCCEEDED') {
      logger.error('Enrichment execution did not succeed', {
        status: out.status,
        error: out.error,
        cause: out.cause,
        executionArn: out.executionArn,
      });
      return failed;
    }
    const output = JSON.parse(out.output ?? '{}') as { results?: PostResult[]; error?: string };
    if (!Array.isArray(output.results)) {
      logger.error('Enrichment workflow failed', { output, executionArn: out.executionArn });
      return failed;
    }
    return { results: output.results, finished: true };
  } catch (error) {
    logger.error('StartSyncExecution failed', { error: error as Error });
  }
  return failed;
}

/**
 * Runs the enrichment workflow for a batch's posts (one per id) and returns Persist's result
 * per post id; a post of a failed execution has none. The feeds are chosen over the whole
 * batch, not per execution: a larger batch writes fewer feed items per post (domain/feed.ts).
 * Executions run one at a time: they all update the same `_all` and totals items, and
 * concurrent transactions on one item cancel each other (the shard's other batch in flight,
 * IngestParallelizationFactor, is one more writer, which hot-counter shards keep apart). Only the last folds the pending
 * counts, so counters the executions share are written once per batch. If it did not get to
 * Persist, an execution without posts folds what the others left (else the next batch would).
 */
export async function enrichPosts(
  stateMachineArn: string,
  posts: readonly WorkPost[],
): Promise<Map<string, PostResult>> {
  const feeds = chooseFeeds(posts);
  const batch = posts.map((p) => ({ ...p, feedKeys: feeds.get(p.id) ?? [] }));
  const results = new Map<string, PostResult>();
  const groups = splitByPayload(batch);
  for (const [i, group] of groups.entries()) {
    const last = i === groups.length - 1;
    const run = await runExecution(stateMachineArn, group, last);
    for (const r of run.results) results.set(r.id, r);
    if (last && !run.finished) await runExecution(stateMachineArn, [], true);
  }
  return results;
}
