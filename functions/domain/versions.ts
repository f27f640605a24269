import type { CountablePost } from './aggregate';
import type { StoredPost, Tombstone } from './post';

/**
 * The versions of a post (edits) and what is left of removed ones, as stored in PostsTable: which
 * version is the counted one, which is newer, and what a counted version contributed.
 */

export type PostItem = Partial<StoredPost> & Partial<Tombstone> & { id: string };

/** Counted and not taken back: the version whose contribution is in the aggregates. */
export const isLive = (item: PostItem): boolean =>
  item.countedAt !== undefined &&
  item.deletedAt === undefined &&
  item.supersededBy === undefined &&
  item.tombstone !== true;

/**
 * The order of a post's versions: its revision when it has one (edits), else its X snowflake id
 * (X ids grow with time), else the lowest (a Bluesky original comes before its updates).
 */
export function revisionOf(post: Pick<PostItem, 'id' | 'revision'>): string {
  if (post.revision) return post.revision;
  const x = /^x:(\d{1,20})$/.exec(post.id);
  return x?.[1] ? x[1].padStart(20, '0') : '';
}

/** What a stored, counted version added to the aggregates, to take it back. */
export function contributionOf(item: PostItem): CountablePost | undefined {
  if (!item.createdAt || !item.hashtags || !item.enrichStatus) return undefined;
  return {
    id: item.id,
    createdAt: item.createdAt,
    hashtags: item.hashtags,
    place: item.place,
    sentiment: item.sentiment,
    enrichStatus: item.enrichStatus,
  };
}

/** The attributes a removed post loses: what it said and who said it (its id stays). */
export const CONTENT_ATTRIBUTES = [
  'text',
  'author',
  'url',
  'place',
  'matchingRules',
  'sentimentScore',
] as const;

/** Epoch seconds until which a removed post's id is still recognised. */
export const recognisedUntil = (now: Date, dedupeDays: number): number =>
  Math.floor(now.getTime() / 1000) + Math.round(dedupeDays * 86_400);

/** What stays of a post whose item is gone: its id, recognised for `dedupeDays`. */
export const tombstoneOf = (id: string, now: Date, dedupeDays: number): Tombstone => ({
  id,
  tombstone: true,
  expiresAt: recognisedUntil(now, dedupeDays),
});
