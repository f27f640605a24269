import { partitionKeyFor } from '../../functions/social/kinesis/partition-key';
import { createSeenIds, type SeenIds } from '../../functions/social/tracking/seen';
import {
  abortableSleep,
  silentLog,
  type RecordSink,
  type SourceLog,
} from '../../functions/social/tracking/source-types';
import type { TrackedTerm } from '../../functions/social/tracking/terms';
import type { TrackFeed } from '../../functions/social/tracking/watch';
import { X_POST_FIELDS, type XApi } from '../../functions/social/x/api';
import { createXBackoff, type Backoff, type FailureKind } from './backoff';
import { createLineSplitter } from './lines';
import { syncRules } from '../../functions/social/x/rules';

export const STREAM_PATH = '/2/tweets/search/stream';
/** X sends a keep-alive every 20 s or less; silence for this long means a dead connection. */
export const STALL_MS = 20_000;
/** Retrying cannot fix these: bad request, bad token, no access to the endpoint. */
const FATAL_STATUSES = new Set([400, 401, 403, 404]);

export class XStreamFatalError extends Error {
  override readonly name = 'XStreamFatalError';
}

export interface XStreamOptions {
  api: XApi;
  sink: RecordSink;
  /** Stream rules follow these terms (rules are resynced on every change). */
  tracks: TrackFeed;
  stallMs?: number;
  /** X's policy by default; tests inject short delays. */
  backoff?: Backoff;
  log?: SourceLog;
  seen?: SeenIds;
  /** Called before each reconnect wait, with why and for how long. */
  onReconnect?: (kind: FailureKind, waitMs: number) => void;
}

export interface XStreamStats {
  /** Posts handed to the sink (each once). */
  posts: number;
  duplicates: number;
  malformed: number;
  keepAlives: number;
  /** Messages that carry only `errors` (operational disconnect notices and the like). */
  errorMessages: number;
  connections: number;
  reconnects: number;
}

export interface XStream {
  /** Resolves when stopped; rejects with XStreamFatalError when X refuses the credentials. */
  done: Promise<void>;
  stop(): Promise<void>;
  stats(): XStreamStats;
}

const X_ID_RE = /^\d{1,20}$/;

const why: Record<FailureKind, string> = {
  network: 'connection lost',
  http: 'HTTP error',
  'rate-limit': 'rate limited (429)',
};

/**
 * Reads the X API v2 filtered stream and forwards each post, as the exact line X sent, to the
 * sink. Reconnects with X's backoff policy, detects stalls, and drops posts already forwarded.
 */
export function startXStream(opts: XStreamOptions): XStream {
  const { api, sink } = opts;
  const log = opts.log ?? silentLog;
  const stallMs = opts.stallMs ?? STALL_MS;
  const backoff = opts.backoff ?? createXBackoff();
  const seen = opts.seen ?? createSeenIds();
  const splitter = createLineSplitter();
  const stats: XStreamStats = {
    posts: 0,
    duplicates: 0,
    malformed: 0,
    keepAlives: 0,
    errorMessages: 0,
    connections: 0,
    reconnects: 0,
  };
  const stopping = new AbortController();
  let connection: AbortController | undefined;

  let rules: Promise<void> = Promise.resolve();
  const sync = (terms: readonly TrackedTerm[]): Promise<void> => {
    rules = rules
      .then(() => syncRules(api, terms))
      .then((r) => {
        if (r.added + r.deleted > 0) {
          log('info', `X rules synced: ${r.added} added, ${r.deleted} deleted`);
        }
        for (const x of r.rejected) log('warn', `X refused rule ${x.value}: ${x.reason}`);
        if (terms.length === 0) log('warn', 'No terms tracked: the X stream stays silent.');
      })
      .catch((err: unknown) => log('error', `X rule sync failed: ${(err as Error).message}`));
    return rules;
  };
  const unsubscribe = opts.tracks.onChange((terms) => void sync(terms));

  async function handleLine(line: string): Promise<void> {
    if (line.trim() === '') {
      stats.keepAlives++;
      return;
    }
    let message: { data?: { id?: unknown }; errors?: unknown };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      stats.malformed++;
      log('warn', 'Skipped a malformed line from the X stream', { line: line.slice(0, 120) });
      return;
    }
    const id = message?.data?.id;
    if (typeof id === 'string' && X_ID_RE.test(id)) {
      if (!seen.firstTime(id)) {
        stats.duplicates++;
        return;
      }
      await sink({ partitionKey: partitionKeyFor(`x:${id}`), data: line });
      stats.posts++;
    } else if (message?.errors !== undefined) {
      stats.errorMessages++;
      log('warn', 'X stream message', { errors: message.errors });
    } else {
      stats.malformed++;
      log('warn', 'Skipped a line without a post id from the X stream', {
        line: line.slice(0, 120),
      });
    }
  }

  /** One connection, from request to disconnect; returns what kind of failure ended it. */
  async function connectOnce(): Promise<FailureKind> {
    const ac = new AbortController();
    connection = ac;
    let stalled = false;
    let timer: NodeJS.Timeout | undefined;
    const disarm = (): void => clearTimeout(timer);
    // Armed only while waiting for the network, so a slow sink is never taken for a stall.
    const arm = (): void => {
      disarm();
      timer = setTimeout(() => {
        stalled = true;
        ac.abort();
      }, stallMs);
    };
    arm();
    try {
      const res = await api.open(STREAM_PATH, { ...X_POST_FIELDS }, ac.signal);
      if (FATAL_STATUSES.has(res.status)) {
        const detail = await res.text().catch(() => '');
        throw new XStreamFatalError(
          `X refused the stream (${res.status}): ${detail.slice(0, 300)}. Check X_BEARER_TOKEN and the app's access level.`,
        );
      }
      if (res.status !== 200 || !res.body) {
        await res.body?.cancel().catch(() => undefined);
        return res.status === 429 ? 'rate-limit' : 'http';
      }
      stats.connections++;
      splitter.reset();
      const reader = res.body.getReader();
      let delivered = false;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return 'network';
        disarm();
        if (!delivered) {
          delivered = true;
          backoff.reset();
        }
        for (const line of splitter.push(value)) await handleLine(line);
        arm();
      }
    } catch (err) {
      if (err instanceof XStreamFatalError) throw err;
      if (stalled) log('warn', `No data or keep-alive from X for ${stallMs} ms`);
      return 'network';
    } finally {
      disarm();
      ac.abort();
      connection = undefined;
    }
  }

  const done = (async () => {
    await opts.tracks.ready;
    // Terms not read yet (the API is down) are not "no terms": deleting every rule would be wrong.
    if (opts.tracks.loaded()) await sync(opts.tracks.current());
    else log('warn', 'Tracked terms unknown yet; the X rules stay as they are until they are read');
    while (!stopping.signal.aborted) {
      const kind = await connectOnce();
      if (stopping.signal.aborted) break;
      const wait = backoff.next(kind);
      stats.reconnects++;
      opts.onReconnect?.(kind, wait);
      log('warn', `X stream: ${why[kind]}; reconnecting in ${wait} ms`);
      await abortableSleep(wait, stopping.signal);
    }
    await rules;
  })().finally(unsubscribe);

  return {
    done,
    stop() {
      stopping.abort();
      connection?.abort();
      return done.catch(() => undefined);
    },
    stats: () => ({ ...stats }),
  };
}
