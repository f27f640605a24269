/**
 * Reddit recordings: listing pages as the API returns them (`{kind: 'Listing', data: {children}}`,
 * one page per line, or the two listings of a `/comments/<id>` answer in an array) become one
 * record per thing, the form ingest reads. A comment's `replies` (a listing of its own) are
 * split out too, each reply its own record, and left out of the comment that held them.
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
