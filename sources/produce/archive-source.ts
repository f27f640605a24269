import { S3Client } from '@aws-sdk/client-s3';
import { findRepoRoot } from '../../local/paths';
import { loadPostsView, locateArchive, LocateError } from '../../local/query/locate';
import { localArchiveReader, s3ArchiveReader, type ArchiveReader } from '../archive/read';
import { startArchiveReplay } from '../archive/source';
import { UsageError, type ProduceOptions } from './args';
import type { RunningSource, SourceDeps } from './sources';

/** The table's prefix in the archive bucket (template.yaml: the Glue table's location). */
const TABLE_PREFIX = 'posts/';

async function readerFor(opts: ProduceOptions, deps: SourceDeps): Promise<ArchiveReader> {
  // The view and the table's location come with the code; the running stack is found in root.
  const code = findRepoRoot();
  const viewSql = loadPostsView(code);
  if (opts.target === 'aws') {
    const bucket = deps.target?.archiveBucket;
    if (!bucket) {
      throw new UsageError(
        'The stack has no ArchiveBucketName output: deployed without the corpus (ArchiveEnabled=false) or before it existed.',
      );
    }
    const s3 =
      deps.s3 ?? new S3Client({ ...(deps.target?.region ? { region: deps.target.region } : {}) });
    return s3ArchiveReader({ s3, bucket, prefix: TABLE_PREFIX, viewSql });
  }
  let located;
  try {
    located = locateArchive(code, opts.dataDir, deps.root);
  } catch (err) {
    if (err instanceof LocateError) throw new UsageError(err.message);
    throw err;
  }
  // What the running stack still buffers is part of its corpus.
  if (located.flushUrl) {
    await fetch(located.flushUrl, { method: 'POST', signal: AbortSignal.timeout(10_000) }).catch(
      () => deps.log('warn', 'Could not flush the stack archive; reading what is written.'),
    );
  }
  return localArchiveReader(located.tableDir, viewSql);
}

/** `--source archive`: the archived posts of --from..--to, sent again with their ids. */
export async function startArchiveSource(
  opts: ProduceOptions,
  deps: SourceDeps,
): Promise<RunningSource> {
  const replay = startArchiveReplay({
    reader: await readerFor(opts, deps),
    from: opts.from ?? '',
    to: opts.to ?? '',
    sink: deps.sink,
    ...(opts.rate !== undefined ? { rate: opts.rate } : {}),
    log: deps.log,
  });
  return {
    done: replay.done,
    stop: () => replay.stop(),
    extra: () => ({ days: replay.stats().days }),
  };
}
