import { isArchived } from '../domain/archive';
import { mergeSentiments } from '../domain/enrich-steps';
import { chooseFeeds, feedItemsOf, feedKeysOf } from '../domain/feed';
import { persistInputSchema, type EnrichedPost, type PostResult } from '../domain/workflow';
import { logger, METRIC, metrics, MetricUnit } from '../shared/powertools';
import { archivePosts } from '../shared/archive-writer';
import { countPosts } from './counting';
import { tables } from './dynamo';
import { dynamo } from '../shared/aws/dynamodb';
import { deleteFeedsOf } from '../shared/post-versions';
import { writeFeedItems } from './feed-writer';

/**
 * Workflow step: merges sentiment into the posts, writes the recent-post feeds chosen for them
 * and stores and counts each post exactly once (its item is put by the counting transaction).
 * Both run at once (Persist's time is their longer one, not their sum): the feed puts are
 * idempotent and the counting is guarded per post, so a retry after either one failed rewrites
 * the same feed items and counts only what is left.
 */
export const handler = async (event: unknown): Promise<{ results: PostResult[] }> => {
  const input = persistInputSchema.parse(event);
  const byId = new Map<string, EnrichedPost>();
  for (const post of mergeSentiments(input)) if (!byId.has(post.id)) byId.set(post.id, post);
  const posts = [...byId.values()];
  const now = new Date();

  // The feeds Ingest chose for its whole batch; a direct invocation without them gets
  // the same choice over this execution's posts. Only keys of the post itself are written, so
  // a delete (deleteFeedsOf) always finds them.
  const chosen = posts.every((p) => p.feedKeys) ? undefined : chooseFeeds(posts);
  const feedItems = posts.flatMap((p) => {
    const keys = new Set(p.feedKeys ?? chosen?.get(p.id) ?? []);
    return feedItemsOf(
      p,
      Math.floor(now.getTime() / 1000),
      feedKeysOf(p).filter((k) => keys.has(k)),
    );
  });
  const [, { statuses, refusals, unfed }] = await Promise.all([
    writeFeedItems(feedItems),
    countPosts(posts, now, input.fold !== false),
  ]);
  // Once the feed writes are done (they run beside the counting): posts taken back or refused
  // leave the feeds again.
  if (unfed.length > 0) await deleteFeedsOf(dynamo, tables().stats, unfed);

  const results = posts.map((p): PostResult => {
    const status = statuses.get(p.id) ?? 'FAILED';
    const refused = refusals.get(p.id);
    return {
      ...{ id: p.id, ok: status !== 'FAILED', status, enrichStatus: p.enrichStatus },
      ...(refused ? { refused } : {}),
    };
  });
  // After counting, so the archive holds posts as they were counted. Already-counted posts are
  // archived again: this may be the retry of an attempt that counted them and then failed
  // before archiving. A failed archive write throws, and the rerun counts nothing twice.
  const archived = await archivePosts(
    posts.filter((p) => isArchived(statuses.get(p.id))),
    now,
  );
  const counted = results.filter((r) => r.status === 'COUNTED').length;
  metrics.addMetric(METRIC.postsCounted, MetricUnit.Count, counted);
  metrics.publishStoredMetrics();
  logger.info('Persisted batch', { posts: posts.length, counted, archived });
  return { results };
};
