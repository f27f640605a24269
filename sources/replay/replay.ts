import {
  detectFormat,
  normalizeRecord,
  retractionOf,
} from '../../functions/domain/normalize/index';
import { partitionKeyFor } from '../kinesis/partition-key';
import { silentLog, type RecordSink, type SourceLog } from '../tracking/source-types';
import { createPacer, type Pace, type PacerClock } from './pace';
import { readRecording } from './recording';
import { createRestamper, type Restamper } from './restamp';

export interface ReplayOptions {
  /** A recorded file: JSON lines of any accepted format, an X archive's tweets.js, CSV or TSV. */
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
  /** Valid records that carry no post: limit notices, identity events, deletes unless verbatim... */
  ignored: number;
  /** Deletes sent (with --verbatim). */
  retractions: number;
  passes: number;
  /** Skipped lines per reason, with the first line each reason was met (first pass). */
  reasons: SkipReason[];
}

export interface SkipReason {
  reason: string;
  count: number;
  firstLine: number;
}

export interface ReplaySource {
  /** Resolves at the end of the file (or of the last pass), or once stopped. */
  done: Promise<ReplayStats>;
  stop(): Promise<void>;
  stats(): ReplayStats;
}

const UNKNOWN_FORMAT =
  'not a known format (X API v1.1 status, X API v2 payload or page, Bluesky Jetstream event or post view, Reddit thing or listing, Post JSON)';

/**
 * The reason without the values that vary from line to line (quoted values, numbers), so that a
 * thousand bad dates make one line of the summary, not a thousand.
 */
export function reasonClass(reason: string): string {
  return reason.replace(/"[^"]*"/g, '"…"').replace(/\b\d+\b/g, 'N');
}

/** The skipped-lines summary: one line per reason, the most frequent first. */
export function skipSummary(stats: ReplayStats): string[] {
  return [...stats.reasons]
    .sort((a, b) => b.count - a.count || a.firstLine - b.firstLine)
    .map((r) => `  ${r.count} × ${r.reason} (first at line ${r.firstLine})`);
}

/** Replays a recorded file into the sink; see readRecording for the kinds of file it reads. */
export function startReplay(opts: ReplayOptions): ReplaySource {
  const log = opts.log ?? silentLog;
  const pacer = createPacer(opts.pace ?? { kind: 'fast' }, opts.clock);
  const restamp = opts.restamper ?? createRestamper();
  const now = opts.clock?.now ?? Date.now;
  const maxReported = opts.maxReportedLines ?? 20;
  const stats: ReplayStats = {
    lines: 0,
    posts: 0,
    skipped: 0,
    ignored: 0,
    retractions: 0,
    passes: 0,
    reasons: [],
  };
  const reasons = new Map<string, SkipReason>();
  const stopping = new AbortController();

  async function pass(): Promise<number> {
    let reported = 0;
    let sent = 0;
    let lastLine = 0;
    const skip = (line: number, reason: string): void => {
      stats.skipped++;
      if (stats.passes === 1) {
        const key = reasonClass(reason);
        const known = reasons.get(key);
        if (known) known.count++;
        else reasons.set(key, { reason: key, count: 1, firstLine: line });
        stats.reasons = [...reasons.values()];
      }
      if (reported++ < maxReported) log('warn', `${opts.file}:${line}: ${reason}; skipped`);
    };
    const entries = readRecording(opts.file);
    try {
      for await (const entry of entries) {
        if (stopping.signal.aborted) break;
        if (entry.line !== lastLine) {
          stats.lines += Math.max(1, entry.line - lastLine);
          lastLine = entry.line;
        }
        if (entry.record === undefined) {
          skip(entry.line, entry.skip ?? 'no record');
          continue;
        }
        const format = detectFormat(entry.record);
        if (format === undefined) {
          skip(entry.line, UNKNOWN_FORMAT);
          continue;
        }
        const result = normalizeRecord(entry.record);
        if (!result.ok) {
          // A delete in a recording replayed as recorded takes its post back; with fresh ids
          // (the default) it would name a post that was never sent.
          const retraction =
            result.code === 'UNSUPPORTED_EVENT' && opts.verbatim
              ? retractionOf(entry.record)
              : undefined;
          if (retraction) {
            await opts.sink({
              partitionKey: partitionKeyFor(retraction.id),
              data: entry.text ?? JSON.stringify(entry.record),
            });
            stats.retractions++;
          } else if (result.code === 'UNSUPPORTED_EVENT') stats.ignored++;
          else skip(entry.line, result.reason);
          continue;
        }
        await pacer.wait(Date.parse(result.post.createdAt), stopping.signal);
        if (stopping.signal.aborted) break;
        const record = entry.record;
        const postId = opts.verbatim ? result.post.id : restamp(record, format, now());
        await opts.sink({
          partitionKey: partitionKeyFor(postId),
          data: opts.verbatim && entry.text !== undefined ? entry.text : JSON.stringify(record),
        });
        stats.posts++;
        sent++;
      }
    } finally {
      await entries.return(undefined);
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
