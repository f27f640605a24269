import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
  close(): void;
}

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
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
