import { createPacer } from '../replay/pace';
import type { RecordSink, SourceLog } from '../../functions/social/tracking/source-types';
import { daysBetween } from './days';
import type { ArchiveReader } from './read';
import { wireRecordOf } from './wire';

/**
 * The backfill source: archived posts of a date range sent to the stream again, in their
 * source's format (wire.ts), with their original ids and times. Ingest stores only ids it does not hold, so a post the stack
 * still holds (within RetentionDays) is neither stored, enriched nor counted again; a post it no
 * longer holds is new to it and goes through enrichment and counting like a live one (see
 * docs/architecture.md, "Backfill and recount").
 */

export interface ArchiveReplayStats {
  days: number;
  posts: number;
}

export interface ArchiveReplay {
  done: Promise<ArchiveReplayStats>;
  stop(): Promise<void>;
  stats(): ArchiveReplayStats;
}

export function startArchiveReplay(opts: {
  reader: ArchiveReader;
  from: string;
  to: string;
  sink: RecordSink;
  rate?: number;
  log: SourceLog;
}): ArchiveReplay {
  const stats: ArchiveReplayStats = { days: 0, posts: 0 };
  const stopping = new AbortController();
  const pacer = createPacer(opts.rate ? { kind: 'rate', perSecond: opts.rate } : { kind: 'fast' });
  const done = (async () => {
    try {
      for (const day of daysBetween(opts.from, opts.to)) {
        if (stopping.signal.aborted) break;
        const rows = await opts.reader.day(day);
        for (const row of rows) {
          await pacer.wait(undefined, stopping.signal);
          if (stopping.signal.aborted) break;
          await opts.sink(wireRecordOf(row));
          stats.posts++;
        }
        stats.days++;
        if (rows.length > 0) opts.log('info', `${day}: ${rows.length} archived posts sent`);
      }
      return { ...stats };
    } finally {
      opts.reader.close();
    }
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
