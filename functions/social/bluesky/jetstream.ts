import WebSocket, { createWebSocketStream } from 'ws';
import {
  BSKY_POST_COLLECTION,
  bskyPostUri,
  normalizeRecord,
  type JetstreamCommit,
} from '../../domain/normalize/index';
import type { Profile, ProfileResolver } from './profiles';
import { partitionKeyFor } from '../kinesis/partition-key';
import { createTermMatcher, type TermMatcher } from '../tracking/match';
import { createSeenIds, type SeenIds } from '../tracking/seen';
import {
  abortableSleep,
  silentLog,
  type RecordSink,
  type SourceLog,
} from '../tracking/source-types';
import type { TrackedTerm } from '../tracking/terms';
import type { TrackFeed } from '../tracking/watch';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const JETSTREAM_URL = 'wss://jetstream2.us-east.bsky.network/subscribe';
/** The firehose carries several events a second even at quiet times. */
export const JETSTREAM_STALL_MS = 30_000;

/** The subscribe URL for new posts, resuming at `cursor` (Jetstream's `time_us`) when given. */
export function subscribeUrl(base: string, cursor?: number): string {
  const url = new URL(base);
  url.searchParams.set('wantedCollections', BSKY_POST_COLLECTION);
  if (cursor !== undefined) url.searchParams.set('cursor', String(cursor));
  else url.searchParams.delete('cursor');
  return url.toString();
}

export interface JetstreamOptions {
  /** JETSTREAM_URL by default. */
  url?: string;
  sink: RecordSink;
  tracks: TrackFeed;
  /** While no term is tracked: send every post ('all', the CLI) or nothing ('none'). */
  untracked?: 'all' | 'none';
  /** time_us to resume from (a saved checkpoint); live when absent. */
  cursor?: number;
  /** Stop once an event at or after this time_us was handled (the collector's "caught up"). */
  stopAtTimeUs?: number;
  stallMs?: number;
  /** Reconnect waits double from initialMs up to maxMs; tests make them short. */
  backoff?: { initialMs: number; maxMs: number };
  log?: SourceLog;
  seen?: SeenIds;
  onReconnect?: (waitMs: number) => void;
  /**
   * Resolves authors' handles: a post whose author is known goes out as a Bluesky post view
   * (`{uri, cid, author: {did, handle}, record}`), which ingest reads like the Jetstream event
   * but with the handle; the rest go out as Jetstream sent them. Without it, every post does.
   */
  profiles?: ProfileResolver;
}

/** Posts waiting for their author's handle, at most; the reader waits beyond this. */
const MAX_PENDING = 500;

interface Pending {
  timeUs: number | undefined;
  partitionKey: string;
  data: Promise<string>;
}

/** The post view of a Jetstream post event, for an author whose profile is known. */
export function postViewOf(event: JetstreamCommit, profile: Profile): Record<string, unknown> {
  const { did, commit } = event;
  return {
    uri: bskyPostUri(did, commit.rkey),
    ...(commit.cid ? { cid: commit.cid } : {}),
    author: {
      did,
      ...(profile.handle ? { handle: profile.handle } : {}),
      ...(profile.name ? { displayName: profile.name } : {}),
    },
    record: commit.record,
    indexedAt: new Date(Math.floor(event.time_us / 1000)).toISOString(),
  };
}

export interface JetstreamStats {
  events: number;
  /** Posts handed to the sink (each once). */
  posts: number;
  /** Posts that matched no tracked term. */
  filtered: number;
  /** Post events the normalizer refused. */
  invalid: number;
  malformed: number;
  duplicates: number;
  /** Deletes and edits of posts this source sent, passed on. */
  changes: number;
  connections: number;
  reconnects: number;
}

export interface JetstreamSource {
  done: Promise<void>;
  stop(): Promise<void>;
  stats(): JetstreamStats;
  /**
   * time_us up to which every event is fully handled (posts in the sink): resuming there leaves
   * no gap. A post still waiting for its author's handle holds it back.
   */
  cursor(): number | undefined;
  /** True when stopAtTimeUs was reached. */
  caughtUp(): boolean;
}

/**
 * Reads new posts from Bluesky's Jetstream over a WebSocket, keeps those matching the tracked
 * hashtags and keywords, and forwards each as the exact JSON frame Jetstream sent. Reconnects
 * resume from the last handled event's time_us, so nothing is missed; the replayed overlap is
 * dropped by post id.
 */
export function startJetstream(opts: JetstreamOptions): JetstreamSource {
  const log = opts.log ?? silentLog;
  const base = opts.url ?? JETSTREAM_URL;
  const stallMs = opts.stallMs ?? JETSTREAM_STALL_MS;
  const backoff = opts.backoff ?? { initialMs: 1_000, maxMs: 30_000 };
  const seen = opts.seen ?? createSeenIds();
  const stats: JetstreamStats = {
    events: 0,
    posts: 0,
    filtered: 0,
    invalid: 0,
    malformed: 0,
    duplicates: 0,
    changes: 0,
    connections: 0,
    reconnects: 0,
  };
  const stopping = new AbortController();
  let socket: WebSocket | undefined;
  let lastTimeUs = opts.cursor;
  const profiles = opts.profiles;
  // Posts waiting for their author's handle go to the sink in the order they came.
  const pending: Pending[] = [];
  let draining: Promise<void> | undefined;
  function drain(): void {
    draining ??= (async () => {
      try {
        for (let next = pending[0]; next; next = pending[0]) {
          await opts.sink({ partitionKey: next.partitionKey, data: await next.data });
          stats.posts++;
          pending.shift();
        }
      } finally {
        draining = undefined;
      }
    })();
  }
  let caughtUp = false;
  let matcherFor: readonly TrackedTerm[] | undefined;
  let matcher: TermMatcher = () => [];

  function wanted(post: Parameters<TermMatcher>[0]): boolean {
    const terms = opts.tracks.current();
    if (terms.length === 0) return opts.untracked === 'all';
    if (matcherFor !== terms) {
      matcher = createTermMatcher(terms);
      matcherFor = terms;
    }
    return matcher(post).length > 0;
  }

  async function handle(text: string): Promise<void> {
    let event: {
      did?: unknown;
      kind?: unknown;
      time_us?: unknown;
      commit?: Record<string, unknown>;
      identity?: unknown;
    };
    try {
      event = JSON.parse(text) as typeof event;
    } catch {
      stats.malformed++;
      log('warn', 'Skipped a malformed Jetstream frame', { frame: text.slice(0, 120) });
      return;
    }
    stats.events++;
    const { commit } = event;
    if (event.kind === 'identity' && isObject(event.identity)) {
      const { did, handle } = event.identity;
      if (typeof did === 'string')
        profiles?.learn(did, typeof handle === 'string' ? handle : undefined);
    }
    // A delete or an edit of a post this source sent goes out too: it takes that post back or
    // replaces it (the firehose's deletes of every other post are none of ours).
    if (
      event.kind === 'commit' &&
      (commit?.operation === 'delete' || commit?.operation === 'update') &&
      commit.collection === BSKY_POST_COLLECTION &&
      typeof event.did === 'string' &&
      typeof commit.rkey === 'string' &&
      seen.has(`bsky:${bskyPostUri(event.did, commit.rkey)}`)
    ) {
      const key = `bsky:${bskyPostUri(event.did, commit.rkey)}`;
      await opts.sink({ partitionKey: partitionKeyFor(key), data: text });
      stats.changes++;
    }
    if (
      event.kind === 'commit' &&
      commit?.operation === 'create' &&
      commit.collection === BSKY_POST_COLLECTION
    ) {
      const result = normalizeRecord(event);
      if (!result.ok) stats.invalid++;
      else if (!wanted(result.post)) stats.filtered++;
      else if (!seen.firstTime(result.post.id)) stats.duplicates++;
      else {
        const partitionKey = partitionKeyFor(result.post.id);
        if (!profiles) {
          await opts.sink({ partitionKey, data: text });
          stats.posts++;
        } else {
          const commitEvent = event as unknown as JetstreamCommit;
          const data = profiles
            .profileOf(commitEvent.did)
            .then((p) => (p ? JSON.stringify(postViewOf(commitEvent, p)) : text));
          const timeUs = typeof event.time_us === 'number' ? event.time_us : undefined;
          pending.push({ timeUs, partitionKey, data });
          drain();
          while (pending.length >= MAX_PENDING) await draining;
        }
      }
    }
    const t = event.time_us;
    if (typeof t === 'number' && Number.isSafeInteger(t)) {
      if (lastTimeUs === undefined || t > lastTimeUs) lastTimeUs = t;
      if (opts.stopAtTimeUs !== undefined && t >= opts.stopAtTimeUs) caughtUp = true;
    }
  }

  /** One connection; resolves when it ends, whatever the reason. */
  async function connectOnce(onFirstFrame: () => void): Promise<void> {
    const ws = new WebSocket(subscribeUrl(base, lastTimeUs), { handshakeTimeout: stallMs });
    socket = ws;
    const frames = createWebSocketStream(ws, { readableObjectMode: true });
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        log('warn', `No frame from Jetstream for ${stallMs} ms; reconnecting`);
        ws.terminate();
      }, stallMs);
    };
    ws.once('open', () => stats.connections++);
    arm();
    try {
      let first = true;
      for await (const frame of frames) {
        clearTimeout(timer);
        if (first) {
          first = false;
          onFirstFrame();
        }
        await handle(String(frame));
        if (caughtUp || stopping.signal.aborted) break;
        arm();
      }
    } catch (err) {
      if (!stopping.signal.aborted) log('warn', `Jetstream connection failed: ${String(err)}`);
    } finally {
      clearTimeout(timer);
      frames.destroy();
      ws.terminate();
      socket = undefined;
    }
  }

  const read = async (): Promise<void> => {
    await opts.tracks.ready;
    let attempt = 0;
    while (!stopping.signal.aborted && !caughtUp) {
      await connectOnce(() => {
        attempt = 0;
      });
      if (stopping.signal.aborted || caughtUp) break;
      attempt++;
      const wait = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (attempt - 1));
      stats.reconnects++;
      opts.onReconnect?.(wait);
      log('warn', `Jetstream disconnected; reconnecting in ${wait} ms`);
      await abortableSleep(wait, stopping.signal);
    }
  };

  const done = (async () => {
    try {
      await read();
    } finally {
      await draining;
    }
  })();

  return {
    done,
    stop() {
      stopping.abort();
      socket?.terminate();
      return done.catch(() => undefined);
    },
    stats: () => ({ ...stats }),
    cursor: () => {
      const held = pending[0]?.timeUs;
      return held !== undefined && (lastTimeUs === undefined || held <= lastTimeUs)
        ? held - 1
        : lastTimeUs;
    },
    caughtUp: () => caughtUp,
  };
}
