import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ARCHIVE_COLUMNS } from '../../functions/domain/archive-schema';
import { duckdbType } from '../../functions/history/duckdb-archive';

/**
 * Writes a group of records (one partition) as one Parquet file with DuckDB, the way Firehose's
 * format conversion does: the Glue table's columns in its types, keys the table lacks dropped,
 * missing ones null, compressed as the template says. The file is written beside its final
 * place and renamed into it, so a query never reads half a file.
 */

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** DuckDB's names for the Parquet codecs Firehose offers (and ZSTD, which DuckDB adds). */
const CODECS: Record<string, string> = {
  SNAPPY: 'snappy',
  GZIP: 'gzip',
  UNCOMPRESSED: 'uncompressed',
  ZSTD: 'zstd',
};

export interface ParquetWriter {
  /** Writes `records` to `file` (absolute path); resolves once it is in place. */
  write(file: string, records: readonly object[]): Promise<void>;
  /**
   * Merges the small files of a partition folder into one, once there are `COMPACTION.smallFiles`
   * of them; `name` is the merged file's name. Returns how many files were merged (0: none).
   */
  compact(dir: string, name: string): Promise<number>;
  close(): void;
}

/**
 * Local compaction. The stand-in flushes every few seconds so what just happened can be queried,
 * which leaves hundreds of small files per hour partition; DuckDB then spends its time opening
 * files (1 M posts in 4,000 files: seconds per query). Firehose in AWS writes up to 64 MB per
 * file and needs none of this. Merged files are written beside the others and renamed in before
 * the small ones go: a query in between may read a post twice, which the posts view dedupes.
 */
export const COMPACTION = {
  /** Merge once a partition holds this many small files. */
  smallFiles: 16,
  /** Files from this size on are left alone. */
  smallBytes: 8 * 1024 * 1024,
};

export async function createParquetWriter(opts: {
  compression: string;
  /** Scratch folder for the records' JSON and the file being written. */
  scratchDir: string;
}): Promise<ParquetWriter> {
  const codec = CODECS[opts.compression.toUpperCase()];
  if (!codec) throw new Error(`Parquet compression ${opts.compression} is not supported locally`);
  const instance = await DuckDBInstance.create(':memory:');
  const connection: DuckDBConnection = await instance.connect();
  // Timestamps come as ISO 8601 text and are cast, as the deserializer's format parses them.
  const jsonColumns = ARCHIVE_COLUMNS.map(
    (c) => `${c.name}: '${c.type === 'timestamp' ? 'VARCHAR' : duckdbType(c.type)}'`,
  ).join(', ');
  const select = ARCHIVE_COLUMNS.map((c) =>
    c.type === 'timestamp' ? `CAST("${c.name}" AS TIMESTAMP) AS "${c.name}"` : `"${c.name}"`,
  ).join(', ');
  mkdirSync(opts.scratchDir, { recursive: true });
  return {
    async write(file, records) {
      const id = randomUUID();
      const json = join(opts.scratchDir, `${id}.jsonl`);
      const partial = join(opts.scratchDir, `${id}.parquet`);
      writeFileSync(json, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      try {
        await connection.run(
          `COPY (SELECT ${select} FROM read_json(${quote(json)}, format = 'newline_delimited', ` +
            `columns = {${jsonColumns}})) TO ${quote(partial)} (FORMAT parquet, COMPRESSION ${codec})`,
        );
        mkdirSync(dirname(file), { recursive: true });
        renameSync(partial, file);
      } finally {
        rmSync(json, { force: true });
        rmSync(partial, { force: true });
      }
    },
    async compact(dir, name) {
      const small = readdirSync(dir)
        .filter((f) => f.endsWith('.parquet'))
        .map((f) => join(dir, f))
        .filter((f) => statSync(f).size < COMPACTION.smallBytes);
      if (small.length < COMPACTION.smallFiles) return 0;
      const partial = join(opts.scratchDir, `${randomUUID()}.parquet`);
      const columns = ARCHIVE_COLUMNS.map((c) => `"${c.name}"`).join(', ');
      try {
        // hive_partitioning off: the files hold the table's columns only, as Firehose writes them.
        await connection.run(
          `COPY (SELECT ${columns} FROM read_parquet([${small.map(quote).join(', ')}], hive_partitioning = false)) ` +
            `TO ${quote(partial)} (FORMAT parquet, COMPRESSION ${codec})`,
        );
        renameSync(partial, join(dir, name));
      } finally {
        rmSync(partial, { force: true });
      }
      for (const f of small) rmSync(f, { force: true });
      return small.length;
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
