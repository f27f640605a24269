import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeliveryStreamDef } from '../template/types';
import { type FirehoseOptions, type FirehoseService, startFirehose } from './firehose';

/**
 * The local corpus: where the stack's delivery streams write (`<data-dir>/archive`, or a
 * temporary folder without --data-dir) and the Firehose stand-in that writes it. The folder
 * stands for the archive bucket; the Glue table's data is under its location in it
 * (`posts/dt=.../hour=.../*.parquet`).
 */

export interface LocalArchive {
  /** The folder standing for the bucket. */
  bucketDir: string;
  /** The Glue table's folder inside it, what DuckDB reads (absent without a table location). */
  tableDir?: string;
  firehose: FirehoseService;
  stop(): Promise<void>;
}

export interface LocalArchiveOptions {
  streams: DeliveryStreamDef[];
  /** From archiveFolder(). */
  folder: ArchiveFolder;
  /** Keep a temporary folder after stop (npm start prints where); tests let it go. */
  keepTemporary?: boolean;
  port?: number;
  buffer?: FirehoseOptions['buffer'];
  fault?: FirehoseOptions['fault'];
  log?: (line: string) => void;
}

export interface ArchiveFolder {
  path: string;
  /** Made for this run (no data folder): removed on stop unless kept. */
  temporary: boolean;
}

/** `<dataDir>/archive`, or a new temporary folder without a data folder. */
export function archiveFolder(dataDir: string | undefined): ArchiveFolder {
  return dataDir
    ? { path: join(dataDir, 'archive'), temporary: false }
    : { path: mkdtempSync(join(tmpdir(), 'social-stream-archive-')), temporary: true };
}

export async function startLocalArchive(opts: LocalArchiveOptions): Promise<LocalArchive> {
  const bucketDir = opts.folder.path;
  const firehose = await startFirehose({
    streams: opts.streams,
    bucketDir,
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.buffer ? { buffer: opts.buffer } : {}),
    ...(opts.fault ? { fault: opts.fault } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  const location = opts.streams.find((s) => s.tableLocation !== undefined)?.tableLocation;
  return {
    bucketDir,
    ...(location !== undefined ? { tableDir: join(bucketDir, location) } : {}),
    firehose,
    async stop() {
      await firehose.stop();
      if (opts.folder.temporary && !opts.keepTemporary) {
        rmSync(bucketDir, { recursive: true, force: true });
      }
    },
  };
}
