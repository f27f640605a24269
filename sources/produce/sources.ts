import { basename, isAbsolute, join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { startJetstream } from '../bluesky/jetstream';
import { fileCursorStore, startCursorCheckpoints } from '../bluesky/cursor-store';
import { createProfileResolver, PUBLIC_APPVIEW_URL } from '../bluesky/profiles';
import { DEFAULT_DEMO_RATE, createDemoGenerator } from '../demo/index';
import { createPacer } from '../replay/pace';
import { createRedditApi } from '../reddit/api';
import { fileRedditCursorStore } from '../reddit/cursor-store';
import { startRedditSource } from '../reddit/source';
import { skipSummary, startReplay } from '../replay/replay';
import type { RecordSink, SourceLog } from '../tracking/source-types';
import type { TrackFeed } from '../tracking/watch';
import { createXApi } from '../x/api';
import { startXStream } from '../x/stream';
import { startArchiveSource } from './archive-source';
import { UsageError, type ProduceOptions } from './args';
import type { ProduceTarget } from './target';

/** A source started by the producer, seen the same way whatever it reads from. */
export interface RunningSource {
  /** Settles when the source ends on its own (a replay without --loop) or fails for good. */
  done: Promise<unknown>;
  /** Stops reading; bluesky and reddit also save their cursors once what was read is sent. */
  stop(): Promise<void>;
  /** Counters shown on the progress line besides sent/failed/retried. */
  extra(): Record<string, number>;
  /** Lines printed once the source has ended (a replay's skipped lines per reason). */
  summary?(): string[];
}

export interface SourceDeps {
  sink: RecordSink;
  /** Waits until everything given to the sink is in the stream. */
  flush: () => Promise<void>;
  tracks: TrackFeed;
  log: SourceLog;
  root: string;
  env?: NodeJS.ProcessEnv;
  /** Where the records go; --source archive reads the same stack's corpus. */
  target?: ProduceTarget;
  /** For --source archive --target aws in tests. */
  s3?: Pick<S3Client, 'send'>;
}

export const DEFAULT_CURSOR_FILE = '.data/bluesky-cursor.json';
export const DEFAULT_REDDIT_CURSOR_FILE = '.data/reddit-cursor.json';

function startDemo(opts: ProduceOptions, deps: SourceDeps): RunningSource {
  const generator = createDemoGenerator({
    seed: opts.seed ?? Math.floor(Math.random() * 2 ** 31),
    bskyWire: 'post-view',
  });
  const pacer = createPacer({ kind: 'rate', perSecond: opts.rate ?? DEFAULT_DEMO_RATE });
  const stopping = new AbortController();
  const done = (async () => {
    while (!stopping.signal.aborted) {
      await pacer.wait(undefined, stopping.signal);
      if (stopping.signal.aborted) break;
      const { partitionKey, data } = generator.next();
      await deps.sink({ partitionKey, data });
    }
  })();
  return {
    done,
    stop: () => {
      stopping.abort();
      return done.catch(() => undefined);
    },
    extra: () => ({}),
  };
}

function startReplaySource(opts: ProduceOptions, deps: SourceDeps): RunningSource {
  const replay = startReplay({
    file: opts.file ?? '',
    sink: deps.sink,
    pace:
      opts.speed !== undefined
        ? { kind: 'recorded', speed: opts.speed }
        : opts.rate !== undefined
          ? { kind: 'rate', perSecond: opts.rate }
          : { kind: 'fast' },
    loop: opts.loop,
    verbatim: opts.verbatim,
    log: deps.log,
  });
  return {
    done: replay.done,
    stop: () => replay.stop(),
    extra: () => {
      const s = replay.stats();
      return { skipped: s.skipped, ignored: s.ignored, pass: opts.loop ? s.passes : 0 };
    },
    summary: () => {
      const s = replay.stats();
      const file = basename(opts.file ?? '');
      const head =
        `Replayed ${file}: ${s.posts} post(s) sent` +
        (s.ignored ? `, ${s.ignored} record(s) without a post ignored` : '') +
        (s.skipped ? `, ${s.skipped} line(s) skipped:` : ', nothing skipped.');
      return [head, ...skipSummary(s)];
    },
  };
}

function startX(opts: ProduceOptions, deps: SourceDeps): RunningSource {
  const token = (deps.env ?? process.env).X_BEARER_TOKEN;
  if (!token) {
    throw new UsageError(
      'X_BEARER_TOKEN is not set: export the bearer token of your X app (Pro access or above for the filtered stream).',
    );
  }
  const stream = startXStream({
    api: createXApi({ token, ...(opts.xApiUrl ? { baseUrl: opts.xApiUrl } : {}) }),
    sink: deps.sink,
    tracks: deps.tracks,
    log: deps.log,
  });
  return {
    done: stream.done,
    stop: () => stream.stop(),
    extra: () => {
      const s = stream.stats();
      return { duplicates: s.duplicates, malformed: s.malformed, reconnects: s.reconnects };
    },
  };
}

async function startBluesky(opts: ProduceOptions, deps: SourceDeps): Promise<RunningSource> {
  const cursorFile = opts.cursorFile ?? DEFAULT_CURSOR_FILE;
  const store = fileCursorStore(isAbsolute(cursorFile) ? cursorFile : join(deps.root, cursorFile));
  const cursor = await store.load();
  if (cursor !== undefined) {
    deps.log(
      'info',
      `Resuming Bluesky at ${new Date(cursor / 1000).toISOString()} (from ${cursorFile}; delete it to start live)`,
    );
  }
  const appViewUrl = opts.appViewUrl ?? PUBLIC_APPVIEW_URL;
  const profiles =
    appViewUrl === 'none' ? undefined : createProfileResolver({ appViewUrl, log: deps.log });
  const jetstream = startJetstream({
    ...(opts.jetstreamUrl ? { url: opts.jetstreamUrl } : {}),
    ...(profiles ? { profiles } : {}),
    sink: deps.sink,
    tracks: deps.tracks,
    untracked: 'all',
    ...(cursor !== undefined ? { cursor } : {}),
    log: deps.log,
  });
  const checkpoints = startCursorCheckpoints({
    cursor: jetstream.cursor,
    flush: deps.flush,
    store,
    onError: (err) => deps.log('warn', `Could not save the Bluesky cursor: ${err.message}`),
  });
  return {
    done: jetstream.done,
    async stop() {
      await jetstream.stop();
      await checkpoints.stop();
    },
    extra: () => {
      const s = jetstream.stats();
      return { filtered: s.filtered, duplicates: s.duplicates, reconnects: s.reconnects };
    },
  };
}

async function startReddit(opts: ProduceOptions, deps: SourceDeps): Promise<RunningSource> {
  const env = deps.env ?? process.env;
  const clientId = env.REDDIT_CLIENT_ID?.trim();
  const clientSecret = env.REDDIT_CLIENT_SECRET?.trim();
  if (!clientId || !clientSecret) {
    throw new UsageError(
      'REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET are not set: export the id and secret of your Reddit app (https://www.reddit.com/prefs/apps, type "script"; see docs/sources.md).',
    );
  }
  const cursorFile = opts.cursorFile ?? DEFAULT_REDDIT_CURSOR_FILE;
  const store = fileRedditCursorStore(
    isAbsolute(cursorFile) ? cursorFile : join(deps.root, cursorFile),
  );
  const cursors = await store.load();
  const resumed = Object.keys(cursors).length;
  if (resumed > 0) {
    deps.log(
      'info',
      `Resuming ${resumed} Reddit feed(s) from ${cursorFile} (delete it to start anew)`,
    );
  }
  const apiUrl = opts.redditApiUrl ?? env.REDDIT_API_URL;
  const authUrl = opts.redditAuthUrl ?? env.REDDIT_AUTH_URL;
  const api = createRedditApi({
    clientId,
    clientSecret,
    ...(env.REDDIT_USER_AGENT ? { userAgent: env.REDDIT_USER_AGENT } : {}),
    ...(apiUrl ? { apiUrl } : {}),
    ...(authUrl ? { authUrl } : {}),
    log: deps.log,
  });
  const source = startRedditSource({
    api,
    subreddits: opts.subreddits ?? [],
    tracks: deps.tracks,
    sink: deps.sink,
    flush: deps.flush,
    store,
    cursors,
    log: deps.log,
  });
  return {
    done: source.done,
    stop: () => source.stop(),
    extra: () => {
      const s = source.stats();
      const a = api.stats();
      return {
        duplicates: s.duplicates,
        requests: a.requests,
        'rate-limit waits': a.rateLimitWaits,
        retries: a.retries,
        failures: s.failures,
      };
    },
  };
}

/** Starts the source the options name, writing into `deps.sink`. */
export async function startSource(opts: ProduceOptions, deps: SourceDeps): Promise<RunningSource> {
  switch (opts.source) {
    case 'demo':
      return startDemo(opts, deps);
    case 'replay':
      return startReplaySource(opts, deps);
    case 'x':
      return startX(opts, deps);
    case 'bluesky':
      return startBluesky(opts, deps);
    case 'reddit':
      return startReddit(opts, deps);
    case 'archive':
      return startArchiveSource(opts, deps);
  }
}
