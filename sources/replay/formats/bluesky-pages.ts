/**
 * Bluesky recordings saved from the AppView's JSON answers, turned into one post view
 * (`{uri, cid, author, record}`) per post, the form ingest reads:
 *
 * - a page of `app.bsky.feed.searchPosts` or `getPosts`: `{posts: [postView, ...], cursor}`;
 * - a page of a feed (`getAuthorFeed`, `getTimeline`, `getFeed`, `getListFeed`):
 *   `{feed: [{post: postView, reply?, reason?}, ...], cursor}`;
 * - one feed item per line (`{post: postView, ...}`), as tools that page through feeds write them.
 *
 * A post that a page holds twice (a repost beside the original) is taken once: replay gives each
 * record a fresh id, so a second copy would be counted as a second post. The parents a feed item
 * carries in `reply` are context, not results of the query, and are left out.
 */

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const isPostView = (v: unknown): v is Obj =>
  isObject(v) && typeof v.uri === 'string' && v.uri.startsWith('at://');

/** A feed item: `{post: postView}` (with `reply` and `reason` when the feed has them). */
export const isBlueskyFeedItem = (raw: Obj): boolean =>
  isPostView(raw.post) && !('uri' in raw) && !('record' in raw);

/** A saved searchPosts/getPosts answer or a saved feed page. */
export const isBlueskyPage = (raw: Obj): boolean =>
  (Array.isArray(raw.posts) && raw.posts.some(isPostView)) ||
  (Array.isArray(raw.feed) && raw.feed.some((item) => isObject(item) && isPostView(item.post)));

/** The post views of a page (or of one feed item), in its order, each uri once. */
export function splitBlueskyPage(raw: Obj): Obj[] {
  const items: unknown[] = Array.isArray(raw.posts)
    ? raw.posts
    : Array.isArray(raw.feed)
      ? raw.feed.map((item) => (isObject(item) ? item.post : item))
      : [raw.post];
  const seen = new Set<string>();
  const views: Obj[] = [];
  for (const item of items) {
    // Anything that is not a post view stays in, to be skipped with normalize's reason.
    if (!isObject(item)) {
      views.push({ notAPostView: item });
      continue;
    }
    const uri = typeof item.uri === 'string' ? item.uri : undefined;
    if (uri !== undefined && seen.has(uri)) continue;
    if (uri !== undefined) seen.add(uri);
    views.push(item);
  }
  return views;
}
