import { createSeenIds } from '../tracking/seen';
import {
  abortableSleep,
  silentLog,
  type RecordSink,
  type SourceLog,
} from '../tracking/source-types';
import type { TrackFeed } from '../tracking/watch';
import { RedditAuthError, RedditHttpError, type RedditApi } from './api';
import type { RedditCursors, RedditCursorStore } from './cursor-store';
import { redditFeeds, type RedditFeed } from './feeds';
import { pollFeed } from './poll';

/**
 * The producer's Reddit source: every `intervalMs` it polls each feed (the chosen subreddits'
 * new submissions and comments, a search for the tracked terms) from its cursor, then, once
 * the writer has flushed, saves the cursors, so a restart resumes where the last run stopped.
 */

/** Reddit caches listings for about 30 s: polling a feed more often only reads the same page. */
export const POLL_INTERVAL_MS = 30_000;
/** Every this many empty polls in a row, a feed's `before` anchor is checked (see pollFeed). */
const ANCHOR_CHECK_EVERY = 4;
/** A feed Reddit refuses (private, banned, missing: 403/404) is tried again after this. */
const REFUSED_FEED_PAUSE_MS = 10 * 60_000;

export interface RedditSourceOptions {
  api: RedditApi;
  subreddits: readonly string[];
  /** Searched on Reddit; followed as they change. */
  tracks: TrackFeed;
  sink: RecordSink;
  /** Waits until everything given to the sink is in the stream (before cursors are saved). */
  flush: () => Promise<void>;
  store?: RedditCursorStore;
  cursors?: RedditCursors;
  intervalMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  log?: SourceLog;
}

export interface RedditSourceStats {
  posts: number;
  duplicates: number;
  polls: number;
  /** Feeds refused by Reddit (403/404) or failing after retries, per poll. */
  failures: number;
}

export interface RedditSource {
  /** Resolves when stopped; rejects with RedditAuthError when Reddit refuses the credentials. */
  done: Promise<void>;
  stop(): Promise<void>;
  stats(): RedditSourceStats;
  cursors(): RedditCursors;
}

export function startRedditSource(opts: RedditSourceOptions): RedditSource {
  const log = opts.log ?? silentLog;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? abortableSleep;
  const intervalMs = opts.intervalMs ?? POLL_INTERVAL_MS;
  const seen = createSeenIds();
  const cursors: RedditCursors = { ...opts.cursors };
  const emptyPolls = new Map<string, number>();
  const pausedUntil = new Map<string, number>();
  const stats: RedditSourceStats = { posts: 0, duplicates: 0, polls: 0, failures: 0 };
  const stopping = new AbortController();
  let saved = JSON.stringify(cursors);
  let warnedIdle = false;

  async function pollOne(feed: RedditFeed): Promise<void> {
    if ((pausedUntil.get(feed.key) ?? 0) > now()) return;
    const empty = emptyPolls.get(feed.key) ?? 0;
    try {
      const result = await pollFeed({
        api: opts.api,
        feed,
        ...(cursors[feed.key] !== undefined ? { cursor: cursors[feed.key] } : {}),
        sink: opts.sink,
        seen,
        checkAnchor: empty % ANCHOR_CHECK_EVERY === ANCHOR_CHECK_EVERY - 1,
        signal: stopping.signal,
      });
      stats.posts += result.posts;
      stats.duplicates += result.duplicates;
      emptyPolls.set(feed.key, result.posts + result.duplicates === 0 ? empty + 1 : 0);
      if (result.cursor !== undefined) cursors[feed.key] = result.cursor;
    } catch (err) {
      if (stopping.signal.aborted) return;
      if (err instanceof RedditAuthError) throw err;
      stats.failures++;
      if (err instanceof RedditHttpError && (err.status === 403 || err.status === 404)) {
        pausedUntil.set(feed.key, now() + REFUSED_FEED_PAUSE_MS);
        log('warn', `${err.message}; skipping ${feed.key} for 10 minutes`);
      } else {
        log('warn', `Reddit ${feed.key}: ${(err as Error).message}; trying again next poll`);
      }
    }
  }

  async function checkpoint(): Promise<void> {
    const current = JSON.stringify(cursors);
    if (!opts.store || current === saved) return;
    await opts.flush();
    try {
      await opts.store.save({ ...cursors });
      saved = current;
    } catch (err) {
      log('warn', `Could not save the Reddit cursors: ${(err as Error).message}`);
    }
  }

  const done = (async () => {
    await opts.tracks.ready;
    while (!stopping.signal.aborted) {
      const started = now();
      const feeds = redditFeeds(opts.subreddits, opts.tracks.current());
      if (feeds.length === 0 && opts.tracks.loaded() && !warnedIdle) {
        log('warn', 'Reddit: no subreddit (--subreddit) and no tracked term yet: nothing to poll');
      }
      warnedIdle = feeds.length === 0;
      for (const feed of feeds) {
        if (stopping.signal.aborted) break;
        await pollOne(feed);
      }
      stats.polls++;
      await checkpoint();
      await sleep(Math.max(0, started + intervalMs - now()), stopping.signal);
    }
  })();

  return {
    done,
    async stop() {
      stopping.abort();
      await done.catch(() => undefined);
      // What was read is in the writer: once it is in the stream, the cursors may move.
      await checkpoint();
    },
    stats: () => ({ ...stats }),
    cursors: () => ({ ...cursors }),
  };
}
