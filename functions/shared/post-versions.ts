import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { feedKeysOf } from '../domain/feed';
import { feedPk, feedSk } from '../domain/keys';
import type { PostItem } from '../domain/versions';
import { batchDelete, getItems } from './batch-write';

/** Replacement chains longer than this are not followed (an edit chain is short; X allows 5). */
const MAX_HOPS = 10;

/**
 * The stored items of these post ids and of the versions that replaced them, following each
 * item's `supersededBy` to the newest version.
 */
export async function readVersions(
  doc: DynamoDBDocumentClient,
  postsTable: string,
  ids: readonly string[],
): Promise<Map<string, PostItem>> {
  const found = new Map<string, PostItem>();
  let next = [...new Set(ids)];
  for (let hop = 0; next.length > 0 && hop < MAX_HOPS; hop++) {
    const items = await getItems(doc, postsTable, 'id', next);
    for (const [id, item] of items) found.set(id, item as PostItem);
    next = [...items.values()]
      .map((i) => (i as PostItem).supersededBy)
      .filter((id): id is string => id !== undefined && !found.has(id));
  }
  return found;
}

/**
 * Takes a removed version's posts out of the recent-post feeds: the feed items its counting
 * may have written, found from the stored post (they are keyed by its hashtags, cashtags and
 * time).
 */
export async function deleteFeedsOf(
  doc: DynamoDBDocumentClient,
  statsTable: string,
  items: readonly PostItem[],
): Promise<void> {
  // Every feed the post could be in, not only those its batch chose: another attempt of the
  // batch may have chosen others (a delete of an item that is not there changes nothing).
  const keys = items.flatMap(({ id, createdAt, hashtags, cashtags }) => {
    if (!createdAt || !hashtags || !cashtags) return [];
    const sk = feedSk(new Date(createdAt).toISOString(), id);
    return feedKeysOf({ hashtags, cashtags }).map((key) => ({ pk: feedPk(key), sk }));
  });
  if (keys.length > 0) await batchDelete(doc, statsTable, keys);
}
