import { StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { chooseFeeds } from '../domain/feed';
import type { PostResult, WorkPost } from '../domain/workflow';
import { mapWithConcurrency } from '../shared/pool';
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
 * Executions of one batch that run at once. Only the last execution writes counters (the fold);
 * the others write their posts' markers and pending deltas, items no two executions share, so
 * they need not wait for each other: a batch of a few thousand posts takes a fraction of the
 * time, which lets the mapping hand Ingest large batches (BatchSize) and the fold share each
 * counter among more posts.
 */
export const EXECUTIONS_AT_ONCE = 2;

/**
 * Runs the enrichment workflow for a batch's posts (one per id) and returns Persist's result
 * per post id; a post of a failed execution has none. The feeds are chosen over the whole
 * batch, not per execution: a larger batch writes fewer feed items per post (domain/feed.ts).
 * All executions but the last run up to EXECUTIONS_AT_ONCE at a time and leave their counts
 * pending; the last starts when they are done and folds every pending count, so counters the
 * batch's posts share are written once per batch. If it did not get to Persist, an execution
 * without posts folds what the others left (else the next batch would).
 */
export async function enrichPosts(
  stateMachineArn: string,
  posts: readonly WorkPost[],
): Promise<Map<string, PostResult>> {
  const feeds = chooseFeeds(posts);
  const batch = posts.map((p) => ({ ...p, feedKeys: feeds.get(p.id) ?? [] }));
  const groups = splitByPayload(batch);
  const last = groups.pop();
  if (last === undefined) return new Map();
  const runs = await mapWithConcurrency(groups, EXECUTIONS_AT_ONCE, (group) =>
    runExecution(stateMachineArn, group, false),
  );
  const final = await runExecution(stateMachineArn, last, true);
  if (!final.finished) await runExecution(stateMachineArn, [], true);
  const results = new Map<string, PostResult>();
  for (const run of [...runs, final]) for (const r of run.results) results.set(r.id, r);
  return results;
}
