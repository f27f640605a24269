/**
 * Reddit recordings: listing pages as the API returns them (`{kind: 'Listing', data: {children}}`,
 * one page per line, or the two listings of a `/comments/<id>` answer in an array) become one
 * record per thing, the form ingest reads. A comment's `replies` (a listing of its own) are
 * split out too, each reply its own record, and left out of the comment that held them. Dumps
 * (Pushshift, Arctic Shift: one submission or comment per line, the thing's `data` without its
 * `{kind, data}` wrapper) get the wrapper back.
 */

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Comment trees nest deeper than this only in pathological files; the rest is left out. */
const MAX_DEPTH = 50;

export const isRedditListing = (raw: Obj): boolean =>
  raw.kind === 'Listing' && isObject(raw.data) && Array.isArray(raw.data.children);

function* thingsOf(listing: Obj, depth: number): Generator<Obj> {
  const children = (listing.data as { children: unknown[] }).children;
  for (const child of children) {
    if (!isObject(child)) {
      yield { kind: 'Listing', data: { children: [child] } };
      continue;
    }
    const data = isObject(child.data) ? child.data : undefined;
    const replies = data?.replies;
    if (data && isObject(replies) && isRedditListing(replies)) {
      yield { ...child, data: { ...data, replies: '' } };
      if (depth < MAX_DEPTH) yield* thingsOf(replies, depth + 1);
    } else yield child;
  }
}

/** Every thing of a listing page, replies included, in the page's order. */
export function splitRedditListing(listing: Obj): Obj[] {
  return [...thingsOf(listing, 0)];
}

/**
 * A submission or comment as dumps write them: Reddit's own fields at the top (`subreddit`,
 * `id`, `title` or `body`, `created_utc`) and no `kind`.
 */
export const isRedditDumpThing = (raw: Obj): boolean =>
  !('kind' in raw) &&
  typeof raw.subreddit === 'string' &&
  typeof raw.id === 'string' &&
  'created_utc' in raw &&
  (typeof raw.title === 'string' || typeof raw.body === 'string');

/** The thing a dump line is; some dumps write `created_utc` as a string of digits. */
export function wrapRedditDumpThing(raw: Obj): Obj {
  const created = raw.created_utc;
  const data =
    typeof created === 'string' && /^\d{1,12}(\.\d+)?$/.test(created)
      ? { ...raw, created_utc: Number(created) }
      : raw;
  return { kind: typeof raw.title === 'string' ? 't3' : 't1', data };
}
