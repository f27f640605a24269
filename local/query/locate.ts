import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNamedQuery, type NamedQuery } from '../../functions/domain/named-queries';
import { isProcessAlive } from '../process-alive';
import { readRuntimeFile, RUNTIME_FILE } from '../services/runtime-file';
import { resolveTemplate } from '../template';

/**
 * Where `npm run query` (and the archive backfill) find the local corpus: the running stack's
 * (its .local-stack.json names the folder and the Firehose stand-in, which is asked to write out
 * what it buffers first), or the one under `--data-dir`.
 */

export class LocateError extends Error {
  override readonly name = 'LocateError';
}

export interface LocatedArchive {
  /** The Glue table's folder: posts/dt=.../hour=.../*.parquet. */
  tableDir: string;
  /** `POST` here writes out what the running stack buffers (absent for a --data-dir). */
  flushUrl?: string;
  label: string;
}

/** The table's path inside the archive folder, from the template (`posts/`). */
function tableLocation(root: string): string {
  const stream = resolveTemplate({ root, skipDefinitions: true }).deliveryStreams.find(
    (s) => s.tableLocation !== undefined,
  );
  if (!stream?.tableLocation) {
    throw new LocateError(
      'template.yaml has no archive (ArchiveEnabled=false, or no delivery stream).',
    );
  }
  return stream.tableLocation;
}

/**
 * `root` is the repository (its template says where the table lives); `runtimeRoot`, where the
 * running stack's .local-stack.json is (the repository, unless a test says otherwise).
 */
export function locateArchive(root: string, dataDir?: string, runtimeRoot = root): LocatedArchive {
  if (dataDir !== undefined) {
    if (!existsSync(dataDir)) throw new LocateError(`No such folder: ${dataDir}`);
    return { tableDir: join(dataDir, 'archive', tableLocation(root)), label: `${dataDir}/archive` };
  }
  const runtime = readRuntimeFile(runtimeRoot);
  if (!runtime || !isProcessAlive(runtime.pid)) {
    throw new LocateError(
      `No local stack is running (${RUNTIME_FILE} ${runtime ? 'names a stopped one' : 'not found'}). Start one with npm start, or name a data folder with --data-dir.`,
    );
  }
  if (!runtime.archive?.tableDir) {
    throw new LocateError('The running stack has no archive (started with ArchiveEnabled=false?).');
  }
  return {
    tableDir: runtime.archive.tableDir,
    ...(runtime.endpoints.firehose
      ? { flushUrl: `${runtime.endpoints.firehose}/_local/flush` }
      : {}),
    label: `the running stack (${runtime.archive.bucketDir})`,
  };
}

const historyDir = (root: string): string => join(root, 'functions', 'history');

/** The named queries, read from their files (the same the History function bundles). */
export function loadNamedQueries(root: string): Map<string, NamedQuery> {
  const dir = join(historyDir(root), 'queries');
  return new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => [
        f.slice(0, -4),
        parseNamedQuery(f.slice(0, -4), readFileSync(join(dir, f), 'utf8')),
      ]),
  );
}

export const loadPostsView = (root: string): string =>
  readFileSync(join(historyDir(root), 'posts-view.sql'), 'utf8');
