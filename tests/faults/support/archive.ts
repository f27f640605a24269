/**
 * What a scenario left in the corpus: the distinct post ids the archive holds (Parquet written by
 * the local Firehose stand-in, read with DuckDB), after the stand-in was asked to write out what
 * it buffers. Copies of a post (Firehose is at least once) count once, as in the posts view.
 */
import { openArchive } from '../../../functions/history/duckdb-archive';
import { POSTS_VIEW_SQL } from '../../../functions/history/catalog';
import type { StackView } from './measure';

export async function archivedIds(view: StackView, ids: ReadonlySet<string>): Promise<Set<string>> {
  const tableDir = view.archive?.tableDir;
  const firehose = view.endpoints.firehose;
  if (!tableDir || !firehose)
    throw new Error('The stack runs without the corpus (ArchiveEnabled=false?)');
  const res = await fetch(`${firehose}/_local/flush`, { method: 'POST' });
  if (!res.ok) throw new Error(`Flushing the archive: HTTP ${res.status} ${await res.text()}`);
  const db = await openArchive({ tableDir, viewSql: POSTS_VIEW_SQL });
  try {
    // The posts view: a post taken back (deleted, replaced by an edit) is not in the corpus.
    const { rows } = await db.query('SELECT DISTINCT id FROM posts');
    return new Set(rows.map((r) => String(r.id)).filter((id) => ids.has(id)));
  } finally {
    db.close();
  }
}
