import { partitionKeyFor } from '../kinesis/partition-key';
import type { SeenIds } from '../tracking/seen';
import type { RecordSink } from '../tracking/source-types';
import type { RedditApi } from './api';
import type { RedditFeed } from './feeds';

/**
 * One poll of one feed: everything newer than the feed's cursor (the fullname of the newest
 * thing sent), page by page with Reddit's `before` parameter, each thing sent once, oldest
 * first, as its own record. Without a cursor only the newest page is read: history is not
 * wanted, and the cursor starts there.
 */

/** Reddit's largest page. */
export const PAGE_SIZE = 100;

const FULLNAME_RE = /^t[13]_([0-9a-z]{1,13})$/;

/**
 * Whether fullname `a` is newer than `b`. Reddit ids are base-36 counters: longer is newer, and
 * at equal length the digits 0-9a-z sort as ASCII does.
 */
export function isNewer(a: string, b: string): boolean {
  const x = FULLNAME_RE.exec(a)?.[1];
  const y = FULLNAME_RE.exec(b)?.[1];
  if (x === undefined || y === undefined) return false;
  return x.length !== y.length ? x.length > y.length : x > y;
}

const newest = (a: string | undefined, b: string): string =>
  a === undefined || isNewer(b, a) ? b : a;

type Thing = { kind: string; data: Record<string, unknown> };

/**
 * The thing as it goes into the stream: Reddit's rendered HTML copies of the text, and a
 * crosspost's copy of its parent's whole data, are left out. They repeat what the record holds
 * already and could push a long post past the 100 KiB ingest takes.
 */
function slim(thing: Thing): Thing {
  const data = Object.fromEntries(
    Object.entries(thing.data).filter(
      ([k]) => !k.endsWith('_html') && k !== 'crosspost_parent_list',
    ),
  );
  return { kind: thing.kind, data };
}

export interface PollFeedOptions {
  api: RedditApi;
  feed: RedditFeed;
  cursor?: string;
  sink: RecordSink;
  seen: SeenIds;
  /** Stop paging at this epoch ms (the collector's deadline); the cursor keeps what was sent. */
  deadline?: number;
  now?: () => number;
  /** Pages per poll at most: the rest is read on the next poll. */
  maxPages?: number;
  /**
   * When `before` finds nothing, also read the newest page and keep what is newer than the
   * cursor: a `before` anchor that was deleted or removed makes Reddit answer an empty page for
   * good, and the cursor would never move again.
   */
  checkAnchor?: boolean;
  signal?: AbortSignal;
}

export interface PollFeedResult {
  /** Things handed to the sink. */
  posts: number;
  /** Things sent already (by this feed or another: a submission is in its subreddit and a search). */
  duplicates: number;
  pages: number;
  /** The newest fullname sent or seen; the feed's next cursor. */
  cursor?: string;
  /** False when the deadline or the page limit cut paging short (more to read next time). */
  complete: boolean;
  /** True when `before` found nothing and the newest page was read instead. */
  anchorChecked: boolean;
}

export async function pollFeed(opts: PollFeedOptions): Promise<PollFeedResult> {
  const { api, feed, sink, seen } = opts;
  const now = opts.now ?? Date.now;
  const maxPages = opts.maxPages ?? 10;
  const result: PollFeedResult = {
    posts: 0,
    duplicates: 0,
    pages: 0,
    complete: true,
    anchorChecked: false,
    ...(opts.cursor !== undefined ? { cursor: opts.cursor } : {}),
  };
  const start = opts.cursor;

  async function send(children: readonly Thing[]): Promise<void> {
    const fresh = children
      .filter((c) => (c.kind === 't1' || c.kind === 't3') && typeof c.data.name === 'string')
      .map((c) => ({ thing: c, name: c.data.name as string }))
      .filter((c) => FULLNAME_RE.test(c.name) && (start === undefined || isNewer(c.name, start)))
      // Oldest first: the cursor then only ever moves past what is in the sink.
      .sort((a, b) => (isNewer(a.name, b.name) ? 1 : isNewer(b.name, a.name) ? -1 : 0));
    for (const { thing, name } of fresh) {
      const id = `reddit:${name}`;
      if (seen.firstTime(id)) {
        await sink({ partitionKey: partitionKeyFor(id), data: slim(thing) });
        result.posts++;
      } else result.duplicates++;
      result.cursor = newest(result.cursor, name);
    }
  }

  const read = (before?: string) =>
    api.listing(
      feed.path,
      { ...feed.query, limit: String(PAGE_SIZE), ...(before ? { before } : {}) },
      opts.signal,
    );

  if (start === undefined) {
    const page = await read();
    result.pages++;
    await send(page.data.children);
    return result;
  }

  let before = start;
  for (;;) {
    if (opts.deadline !== undefined && now() >= opts.deadline) {
      result.complete = false;
      return result;
    }
    const page = await read(before);
    result.pages++;
    const children = page.data.children;
    await send(children);
    if (children.length === 0 && result.pages === 1 && opts.checkAnchor) {
      result.anchorChecked = true;
      const latest = await read();
      result.pages++;
      await send(latest.data.children);
      return result;
    }
    // A page short of full is the newest there is.
    if (children.length < PAGE_SIZE) return result;
    if (result.pages >= maxPages) {
      result.complete = false;
      return result;
    }
    const next = children
      .map((c) => c.data.name)
      .filter((n): n is string => typeof n === 'string' && FULLNAME_RE.test(n))
      .reduce<string | undefined>(newest, undefined);
    if (next === undefined || !isNewer(next, before)) return result;
    before = next;
  }
}
