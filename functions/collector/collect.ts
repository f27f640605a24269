import { JETSTREAM_URL, startJetstream } from '../../sources/bluesky/jetstream';
import { createProfileResolver } from '../../sources/bluesky/profiles';
import { RedditAuthError, createRedditApi, type RedditCredentials } from '../../sources/reddit/api';
import { redditFeeds } from '../../sources/reddit/feeds';
import { pollFeed } from '../../sources/reddit/poll';
import { createSeenIds } from '../../sources/tracking/seen';
import {
  abortableSleep,
  type RecordSink,
  type SourceLog,
} from '../../sources/tracking/source-types';
import type { TrackedTerm } from '../../sources/tracking/terms';
import { fixedTracks } from '../../sources/tracking/watch';
import { createXApi } from '../../sources/x/api';
import { searchRecent } from '../../sources/x/recent-search';
import type { Checkpoints } from './checkpoints';

/**
 * One bounded collection run: Bluesky from the Jetstream cursor checkpoint up to the run's
 * start, X recent search since the `since_id` checkpoint, and Reddit's chosen subreddits and
 * search from each feed's cursor, concurrently, until the deadline. Checkpoints move only
 * after everything collected is in the stream.
 */

export const COLLECTOR_SOURCES = ['bluesky', 'x', 'reddit'] as const;
export type CollectorSource = (typeof COLLECTOR_SOURCES)[number];

export interface CollectConfig {
  sources: readonly CollectorSource[];
  /** On the first run (no checkpoint) Bluesky looks back this far. */
  windowMs: number;
  jetstreamUrl?: string;
  /** Where authors' handles are looked up (the AppView); none when absent. */
  appViewUrl?: string;
  xApiUrl?: string;
  /** Collected whole (new submissions and comments), besides the search for the terms. */
  subreddits?: readonly string[];
  redditApiUrl?: string;
  redditAuthUrl?: string;
}

export interface CollectDeps {
  terms: readonly TrackedTerm[];
  sink: RecordSink;
  /** Sends everything buffered; resolves to the number of records given up on so far. */
  flush: () => Promise<number>;
  checkpoints: Checkpoints;
  xToken: () => Promise<string | undefined>;
  redditCredentials?: () => Promise<RedditCredentials | undefined>;
  /** Epoch ms at which collecting stops. */
  deadline: number;
  now?: () => number;
  log: SourceLog;
  /** For tests: short reconnect waits. */
  jetstreamBackoff?: { initialMs: number; maxMs: number };
}

export interface BlueskySummary {
  posts: number;
  events: number;
  caughtUp: boolean;
  cursor?: number;
}

export interface XSummary {
  posts: number;
  requests: number;
  complete: boolean;
  rateLimited: boolean;
  sinceId?: string;
}

export interface RedditSummary {
  posts: number;
  feeds: number;
  requests: number;
  /** False when the deadline, a failing feed or a rate-limit wait past it cut the run short. */
  complete: boolean;
  rateLimitWaits: number;
  /** Feeds that failed this run (`r/x/new: Reddit ... answered 403`); the others went on. */
  failures?: string[];
}

export interface CollectSummary {
  terms: number;
  bluesky?: BlueskySummary | { error: string } | { skipped: string };
  x?: XSummary | { error: string } | { skipped: string };
  reddit?: RedditSummary | { error: string } | { skipped: string };
  /** Whether the checkpoints were moved (not when a record could not be written). */
  checkpointed: boolean;
}

async function collectBluesky(config: CollectConfig, deps: CollectDeps) {
  const now = deps.now ?? Date.now;
  const startUs = Math.floor(now() * 1000);
  const saved = await deps.checkpoints.blueskyCursor();
  const jetstream = startJetstream({
    url: config.jetstreamUrl ?? JETSTREAM_URL,
    ...(config.appViewUrl
      ? { profiles: createProfileResolver({ appViewUrl: config.appViewUrl, log: deps.log }) }
      : {}),
    sink: deps.sink,
    tracks: fixedTracks(deps.terms),
    untracked: 'none',
    cursor: saved ?? startUs - config.windowMs * 1000,
    stopAtTimeUs: startUs,
    log: deps.log,
    ...(deps.jetstreamBackoff ? { backoff: deps.jetstreamBackoff } : {}),
  });
  // Clamped: Node fires a timer beyond 2^31-1 ms at once.
  const timer = setTimeout(
    () => void jetstream.stop(),
    Math.min(2 ** 31 - 1, Math.max(0, deps.deadline - now())),
  );
  try {
    await jetstream.done;
  } finally {
    clearTimeout(timer);
  }
  const stats = jetstream.stats();
  const cursor = jetstream.cursor();
  return {
    summary: {
      posts: stats.posts,
      events: stats.events,
      caughtUp: jetstream.caughtUp(),
      ...(cursor !== undefined ? { cursor } : {}),
    } satisfies BlueskySummary,
    save: async () => {
      if (cursor !== undefined && cursor !== saved)
        await deps.checkpoints.saveBlueskyCursor(cursor);
    },
  };
}

async function collectX(config: CollectConfig, deps: CollectDeps) {
  const token = await deps.xToken();
  if (!token) return { summary: { skipped: 'no X bearer token (set CollectorSecretArn)' } };
  const sinceId = await deps.checkpoints.xSinceId();
  const result = await searchRecent({
    api: createXApi({ token, ...(config.xApiUrl ? { baseUrl: config.xApiUrl } : {}) }),
    terms: deps.terms,
    ...(sinceId !== undefined ? { sinceId } : {}),
    deadline: deps.deadline,
    sink: deps.sink,
    log: deps.log,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const next = result.nextSinceId;
  return {
    summary: {
      posts: result.posts,
      requests: result.requests,
      complete: result.complete,
      rateLimited: result.rateLimited,
      ...(next !== undefined ? { sinceId: next } : {}),
    } satisfies XSummary,
    save: async () => {
      if (next !== undefined && next !== sinceId) await deps.checkpoints.saveXSinceId(next);
    },
  };
}

async function collectReddit(config: CollectConfig, deps: CollectDeps) {
  const credentials = await deps.redditCredentials?.();
  if (!credentials) {
    return { summary: { skipped: 'no Reddit credentials (set RedditSecretArn)' } };
  }
  const now = deps.now ?? Date.now;
  const feeds = redditFeeds(config.subreddits ?? [], deps.terms);
  if (feeds.length === 0) {
    return { summary: { skipped: 'no subreddit (RedditSubreddits) and no tracked term' } };
  }
  const saved = await deps.checkpoints.redditCursors();
  const api = createRedditApi({
    ...credentials,
    ...(config.redditApiUrl ? { apiUrl: config.redditApiUrl } : {}),
    ...(config.redditAuthUrl ? { authUrl: config.redditAuthUrl } : {}),
    now,
    // A wait (rate limit, back-off) that would outlast the run ends the feed for this run: its
    // cursor stays, and the next run reads on from there.
    sleep: async (ms, signal) => {
      if (now() + ms > deps.deadline) {
        throw new Error(`a ${Math.ceil(ms / 1000)} s wait is past the run's end`);
      }
      await abortableSleep(ms, signal);
    },
    log: deps.log,
  });
  const seen = createSeenIds();
  const moved: Record<string, string> = {};
  const failures: string[] = [];
  let posts = 0;
  let complete = true;
  for (const feed of feeds) {
    if (now() >= deps.deadline) {
      complete = false;
      break;
    }
    try {
      const result = await pollFeed({
        api,
        feed,
        ...(saved[feed.key] !== undefined ? { cursor: saved[feed.key] } : {}),
        sink: deps.sink,
        seen,
        deadline: deps.deadline,
        now,
        // Runs are minutes apart: a deleted anchor is worth one more request every run.
        checkAnchor: true,
      });
      posts += result.posts;
      complete &&= result.complete;
      if (result.cursor !== undefined && result.cursor !== saved[feed.key]) {
        moved[feed.key] = result.cursor;
      }
    } catch (err) {
      if (err instanceof RedditAuthError) throw err;
      complete = false;
      failures.push(`${feed.key}: ${(err as Error).message}`);
      deps.log('warn', `Reddit ${feed.key} failed; its cursor stays`, {
        error: (err as Error).message,
      });
    }
  }
  const stats = api.stats();
  return {
    summary: {
      posts,
      feeds: feeds.length,
      requests: stats.requests,
      complete,
      rateLimitWaits: stats.rateLimitWaits,
      ...(failures.length ? { failures } : {}),
    } satisfies RedditSummary,
    save: async () => {
      for (const [feed, fullname] of Object.entries(moved)) {
        await deps.checkpoints.saveRedditCursor(feed, fullname);
      }
    },
  };
}

interface Outcome<S> {
  summary: S | { error: string } | { skipped: string };
  save?: () => Promise<void>;
}

async function guarded<S>(
  name: CollectorSource,
  deps: CollectDeps,
  run: () => Promise<Outcome<S>>,
): Promise<Outcome<S>> {
  try {
    return await run();
  } catch (err) {
    // One source failing (X down, a bad token) must not cost the other its run.
    deps.log('error', `${name} collection failed`, { error: (err as Error).message });
    return { summary: { error: (err as Error).message } };
  }
}

export async function collect(config: CollectConfig, deps: CollectDeps): Promise<CollectSummary> {
  const wants = (s: CollectorSource): boolean => config.sources.includes(s);
  // Chosen subreddits are collected whole: Reddit has work to do without a tracked term.
  const subreddits = wants('reddit') && (config.subreddits?.length ?? 0) > 0;
  if (deps.terms.length === 0 && !subreddits) {
    deps.log('info', 'No terms tracked (POST /tracks to add one); nothing to collect');
    return { terms: 0, checkpointed: false };
  }
  const noTerms = { summary: { skipped: 'no terms tracked' } };
  const byTerms = <S>(name: CollectorSource, run: () => Promise<Outcome<S>>) =>
    deps.terms.length === 0 ? Promise.resolve<Outcome<S>>(noTerms) : guarded<S>(name, deps, run);
  const [bluesky, x, reddit] = await Promise.all([
    wants('bluesky')
      ? byTerms<BlueskySummary>('bluesky', () => collectBluesky(config, deps))
      : undefined,
    wants('x') ? byTerms<XSummary>('x', () => collectX(config, deps)) : undefined,
    wants('reddit')
      ? guarded<RedditSummary>('reddit', deps, () => collectReddit(config, deps))
      : undefined,
  ]);
  const failed = await deps.flush();
  const checkpointed = failed === 0;
  if (checkpointed) {
    await bluesky?.save?.();
    await x?.save?.();
    await reddit?.save?.();
  } else {
    deps.log('warn', `${failed} record(s) were not written; checkpoints stay where they were`);
  }
  return {
    terms: deps.terms.length,
    ...(bluesky ? { bluesky: bluesky.summary } : {}),
    ...(x ? { x: x.summary } : {}),
    ...(reddit ? { reddit: reddit.summary } : {}),
    checkpointed,
  };
}
