/**
 * What the benchmark's corpus weighs: its Parquet rewritten as one large file (as Firehose's
 * 64 MB buffers would write it; the local stand-in flushes every few seconds, whose small files
 * compress worse), bytes per row, and per column, from which each named query's bytes scanned
 * per post follow: Athena reads only the columns a query needs, partition columns are free.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ARCHIVE_COLUMNS } from '../functions/domain/archive-schema';
import type { NamedQuery } from '../functions/domain/named-queries';
import type { AthenaMonthQuery } from './cost/archive';

export interface ArchiveWeight {
  rows: number;
  distinctPosts: number;
  /** Size of the corpus as one Snappy Parquet file. */
  parquetBytes: number;
  /** Compressed bytes per column. */
  columnBytes: Record<string, number>;
}

const quote = (s: string): string => `'${s.replaceAll("'", "''")}'`;

export async function weighArchive(tableDir: string): Promise<ArchiveWeight> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-archive-'));
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    const file = join(scratch, 'compact.parquet');
    const glob = join(tableDir, 'dt=*', 'hour=*', '*.parquet');
    const columns = ARCHIVE_COLUMNS.map((c) => `"${c.name}"`).join(', ');
    await db.run(
      `COPY (SELECT ${columns} FROM read_parquet(${quote(glob)}, union_by_name = true)) TO ${quote(file)} (FORMAT parquet, COMPRESSION snappy)`,
    );
    const counts = (
      await db.runAndReadAll(
        `SELECT count(*) AS n, count(DISTINCT id) AS ids FROM read_parquet(${quote(file)})`,
      )
    ).getRowObjectsJS()[0]!;
    const perColumn = (
      await db.runAndReadAll(
        `SELECT path_in_schema AS path, sum(total_compressed_size) AS bytes FROM parquet_metadata(${quote(file)}) GROUP BY 1`,
      )
    ).getRowObjectsJS();
    const columnBytes: Record<string, number> = {};
    for (const r of perColumn) {
      // Lists are stored as `hashtags, list, element`: the column is the first part.
      const name = String(r.path).split(',')[0]!.trim();
      columnBytes[name] = (columnBytes[name] ?? 0) + Number(r.bytes);
    }
    return {
      rows: Number(counts.n),
      distinctPosts: Number(counts.ids),
      parquetBytes: statSync(file).size,
      columnBytes,
    };
  } finally {
    db.closeSync();
    instance.closeSync();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The columns a named query reads: the table columns its SQL names, plus what the posts view's
 * deduplication reads (id, archived_at); dt and hour are partitions, read from the path.
 */
export function columnsRead(q: NamedQuery): string[] {
  const named = ARCHIVE_COLUMNS.map((c) => c.name).filter((c) =>
    new RegExp(`\\b${c}\\b`).test(q.sql.replace(/--.*$/gm, '')),
  );
  return [...new Set(['id', 'archived_at', ...named])];
}

export function bytesPerPostByQuery(
  weight: ArchiveWeight,
  queries: Iterable<NamedQuery>,
): AthenaMonthQuery[] {
  return [...queries].map((q) => ({
    name: q.name,
    bytesPerPost:
      weight.rows > 0
        ? columnsRead(q).reduce((sum, c) => sum + (weight.columnBytes[c] ?? 0), 0) / weight.rows
        : 0,
  }));
}
