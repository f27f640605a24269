import WebSocket, { createWebSocketStream } from 'ws';
import { BSKY_POST_COLLECTION, normalizeRecord } from '../../functions/domain/normalize/index';
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
  connections: number;
  reconnects: number;
}

export interface JetstreamSource {
  done: Promise<void>;
  stop(): Promise<void>;
  stats(): JetstreamStats;
  /** time_us of the newest event fully handled: resuming there leaves no gap. */
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
    connections: 0,
    reconnects: 0,
  };
  const stopping = new AbortController();
  let socket: WebSocket | undefined;
  let lastTimeUs = opts.cursor;
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
    let event: { kind?: unknown; time_us?: unknown; commit?: Record<string, unknown> };
    try {
      event = JSON.parse(text) as typeof event;
    } catch {
      stats.malformed++;
      log('warn', 'Skipped a malformed Jetstream frame', { frame: text.slice(0, 120) });
      return;
    }
    stats.events++;
    const { commit } = event;
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
        await opts.sink({ partitionKey: partitionKeyFor(result.post.id), data: text });
        stats.posts++;
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

  const done = (async () => {
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
  })();

  return {
    done,
    stop() {
      stopping.abort();
      socket?.terminate();
      return done.catch(() => undefined);
    },
    stats: () => ({ ...stats }),
    cursor: () => lastTimeUs,
    caughtUp: () => caughtUp,
  };
}
