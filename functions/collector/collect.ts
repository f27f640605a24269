import { JETSTREAM_URL, startJetstream } from '../../sources/bluesky/jetstream';
import { createProfileResolver } from '../../sources/bluesky/profiles';
import type { RecordSink, SourceLog } from '../../sources/tracking/source-types';
import type { TrackedTerm } from '../../sources/tracking/terms';
import { fixedTracks } from '../../sources/tracking/watch';
import { createXApi } from '../../sources/x/api';
import { searchRecent } from '../../sources/x/recent-search';
import type { Checkpoints } from './checkpoints';

/**
 * One bounded collection run: Bluesky from the Jetstream cursor checkpoint up to the run's
 * start, and X recent search since the `since_id` checkpoint, concurrently, until the deadline.
 * Checkpoints move only after everything collected is in the stream.
 */

export const COLLECTOR_SOURCES = ['bluesky', 'x'] as const;
export type CollectorSource = (typeof COLLECTOR_SOURCES)[number];

export interface CollectConfig {
  sources: readonly CollectorSource[];
  /** On the first run (no checkpoint) Bluesky looks back this far. */
  windowMs: number;
  jetstreamUrl?: string;
  /** Where authors' handles are looked up (the AppView); none when absent. */
  appViewUrl?: string;
  xApiUrl?: string;
}

export interface CollectDeps {
  terms: readonly TrackedTerm[];
  sink: RecordSink;
  /** Sends everything buffered; resolves to the number of records given up on so far. */
  flush: () => Promise<number>;
  checkpoints: Checkpoints;
  xToken: () => Promise<string | undefined>;
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

export interface CollectSummary {
  terms: number;
  bluesky?: BlueskySummary | { error: string } | { skipped: string };
  x?: XSummary | { error: string } | { skipped: string };
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
  if (deps.terms.length === 0) {
    deps.log('info', 'No terms tracked (POST /tracks to add one); nothing to collect');
    return { terms: 0, checkpointed: false };
  }
  const wants = (s: CollectorSource): boolean => config.sources.includes(s);
  const [bluesky, x] = await Promise.all([
    wants('bluesky')
      ? guarded<BlueskySummary>('bluesky', deps, () => collectBluesky(config, deps))
      : undefined,
    wants('x') ? guarded<XSummary>('x', deps, () => collectX(config, deps)) : undefined,
  ]);
  const failed = await deps.flush();
  const checkpointed = failed === 0;
  if (checkpointed) {
    await bluesky?.save?.();
    await x?.save?.();
  } else {
    deps.log('warn', `${failed} record(s) were not written; checkpoints stay where they were`);
  }
  return {
    terms: deps.terms.length,
    ...(bluesky ? { bluesky: bluesky.summary } : {}),
    ...(x ? { x: x.summary } : {}),
    checkpointed,
  };
}
