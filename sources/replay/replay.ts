import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { detectFormat, normalizeRecord } from '../../functions/domain/normalize/index';
import { partitionKeyFor } from '../kinesis/partition-key';
import { silentLog, type RecordSink, type SourceLog } from '../tracking/source-types';
import { createPacer, type Pace, type PacerClock } from './pace';
import { createRestamper, type Restamper } from './restamp';

export interface ReplayOptions {
  /** JSON lines of X API v1.1 statuses, X API v2 stream payloads, Jetstream events or Post JSON. */
  file: string;
  sink: RecordSink;
  /** As fast as the stream takes by default. */
  pace?: Pace;
  /** Start over at the end of the file until stopped. */
  loop?: boolean;
  /** Send records exactly as recorded (ids and dates); by default they get fresh ones. */
  verbatim?: boolean;
  log?: SourceLog;
  clock?: PacerClock;
  restamper?: Restamper;
  /** Lines reported one by one per pass before only counting; 20 by default. */
  maxReportedLines?: number;
}

export interface ReplayStats {
  lines: number;
  /** Records handed to the sink. */
  posts: number;
  /** Malformed or invalid lines (reported with their line number). */
  skipped: number;
  /** Valid records that carry no post: deletes, limit notices, identity events... */
  ignored: number;
  passes: number;
}

export interface ReplaySource {
  /** Resolves at the end of the file (or of the last pass), or once stopped. */
  done: Promise<ReplayStats>;
  stop(): Promise<void>;
  stats(): ReplayStats;
}

const UNKNOWN_FORMAT =
  'not a known format (X API v1.1 status, X API v2 payload, Jetstream event or Post JSON)';

/** Replays a JSON-lines file into the sink, detecting each line's format on its own. */
export function startReplay(opts: ReplayOptions): ReplaySource {
  const log = opts.log ?? silentLog;
  const pacer = createPacer(opts.pace ?? { kind: 'fast' }, opts.clock);
  const restamp = opts.restamper ?? createRestamper();
  const now = opts.clock?.now ?? Date.now;
  const maxReported = opts.maxReportedLines ?? 20;
  const stats: ReplayStats = { lines: 0, posts: 0, skipped: 0, ignored: 0, passes: 0 };
  const stopping = new AbortController();

  async function pass(): Promise<number> {
    const input = createReadStream(opts.file, { encoding: 'utf8' });
    const lines = createInterface({ input, crlfDelay: Infinity });
    const onStop = (): void => lines.close();
    stopping.signal.addEventListener('abort', onStop, { once: true });
    let lineNo = 0;
    let reported = 0;
    let sent = 0;
    const skip = (reason: string): void => {
      stats.skipped++;
      if (reported++ < maxReported) log('warn', `${opts.file}:${lineNo}: ${reason}; skipped`);
    };
    try {
      for await (const line of lines) {
        lineNo++;
        stats.lines++;
        if (line.trim() === '') continue;
        let raw: unknown;
        try {
          raw = JSON.parse(line);
        } catch (err) {
          skip(`malformed JSON (${(err as Error).message.slice(0, 100)})`);
          continue;
        }
        const format = detectFormat(raw);
        if (format === undefined) {
          skip(UNKNOWN_FORMAT);
          continue;
        }
        const result = normalizeRecord(raw);
        if (!result.ok) {
          if (result.code === 'UNSUPPORTED_EVENT') stats.ignored++;
          else skip(result.reason);
          continue;
        }
        await pacer.wait(Date.parse(result.post.createdAt), stopping.signal);
        if (stopping.signal.aborted) break;
        const record = raw as Record<string, unknown>;
        const postId = opts.verbatim ? result.post.id : restamp(record, format, now());
        await opts.sink({
          partitionKey: partitionKeyFor(postId),
          data: opts.verbatim ? line : JSON.stringify(record),
        });
        stats.posts++;
        sent++;
      }
    } finally {
      stopping.signal.removeEventListener('abort', onStop);
      input.destroy();
    }
    if (reported > maxReported) {
      log('warn', `${opts.file}: ${reported - maxReported} more bad lines skipped in this pass`);
    }
    return sent;
  }

  const done = (async () => {
    if (opts.loop && opts.verbatim) {
      log('warn', 'With --verbatim every --loop pass repeats the same ids: ingest drops them.');
    }
    do {
      stats.passes++;
      pacer.reset();
      const sent = await pass();
      if (sent === 0 && opts.loop && !stopping.signal.aborted) {
        log('warn', `${opts.file}: no post in a whole pass; not looping`);
        break;
      }
    } while (opts.loop && !stopping.signal.aborted);
    return { ...stats };
  })();

  return {
    done,
    stop() {
      stopping.abort();
      return done.then(
        () => undefined,
        () => undefined,
      );
    },
    stats: () => ({ ...stats }),
  };
}
