import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection } from '@duckdb/node-api';
import {
  ARCHIVE_COLUMNS,
  ARCHIVE_PARTITION_KEYS,
  ARCHIVE_TABLE,
  POSTS_VIEW,
} from '../domain/archive-schema';
import { sqlBody } from '../domain/named-queries';
import { MAX_RESULT_ROWS, type Cell, type CellType, type QueryRows } from './result';

/**
 * The local corpus in DuckDB: the Parquet files under a table folder (the local stand-in for
 * s3://<ArchiveBucket>/posts/, laid out dt=YYYY-MM-DD/hour=HH/) as `posts_archive`, and the same
 * `posts` view as Athena's (functions/history/posts-view.sql). Files are globbed again for every
 * query, so what the stack wrote a moment ago is in the next answer.
 *
 * Used by the History route when it runs locally, by `npm run query`, by the archive backfill and
 * by the benchmark; never in AWS (the route uses Athena there and this module stays unloaded).
 */

/** Glue (Hive) types to DuckDB types; the archive uses no others. */
const DUCKDB_TYPES: Record<string, string> = {
  string: 'VARCHAR',
  double: 'DOUBLE',
  timestamp: 'TIMESTAMP',
  int: 'INTEGER',
  'array<string>': 'VARCHAR[]',
};

export const duckdbType = (glueType: string): string => {
  const t = DUCKDB_TYPES[glueType];
  if (!t) throw new Error(`No DuckDB type for Glue type ${glueType}`);
  return t;
};

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** Whether any Parquet file exists under the table folder (dt=*\/hour=*\/*.parquet). */
export function hasParquetFiles(tableDir: string): boolean {
  if (!existsSync(tableDir)) return false;
  for (const dt of readdirSync(tableDir)) {
    if (!dt.startsWith('dt=')) continue;
    for (const hour of readdirSync(join(tableDir, dt))) {
      if (!hour.startsWith('hour=')) continue;
      if (readdirSync(join(tableDir, dt, hour)).some((f) => f.endsWith('.parquet'))) return true;
    }
  }
  return false;
}

/** The SQL that (re)defines posts_archive over the folder: its files, or no rows. */
export function archiveTableSql(tableDir: string): string {
  const partitionTypes = ARCHIVE_PARTITION_KEYS.map((k) => `'${k.name}': ${duckdbType(k.type)}`);
  if (hasParquetFiles(tableDir)) {
    const glob = join(tableDir, 'dt=*', 'hour=*', '*.parquet');
    return (
      `CREATE OR REPLACE VIEW ${ARCHIVE_TABLE} AS SELECT * FROM read_parquet(${quote(glob)}, ` +
      `hive_partitioning = true, hive_types = {${partitionTypes.join(', ')}}, union_by_name = true)`
    );
  }
  // No file yet: an empty relation of the same columns, so queries answer with no rows.
  const columns = [...ARCHIVE_COLUMNS, ...ARCHIVE_PARTITION_KEYS].map(
    (c) => `CAST(NULL AS ${duckdbType(c.type)}) AS "${c.name}"`,
  );
  return `CREATE OR REPLACE VIEW ${ARCHIVE_TABLE} AS SELECT ${columns.join(', ')} WHERE false`;
}

function cellTypeOf(typeId: DuckDBTypeId): CellType {
  switch (typeId) {
    case DuckDBTypeId.BOOLEAN:
      return 'boolean';
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM:
    case DuckDBTypeId.UUID:
      return 'string';
    case DuckDBTypeId.DATE:
      return 'date';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'timestamp';
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return 'array';
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
      return 'number';
    default:
      return 'other';
  }
}

/** A JS value from DuckDB (bigint, Date, arrays...) as a JSON cell of its column's type. */
function cellOf(value: unknown, type: CellType): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) {
    return type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
  }
  if (Array.isArray(value)) return value.map((v) => cellOf(v, 'other'));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
}

export interface ArchiveDb {
  /** Runs one statement with `?` placeholders bound to `values`, in order. */
  query(sql: string, values?: readonly string[]): Promise<QueryRows>;
  close(): void;
}

/** Opens an in-memory DuckDB over the table folder, with the posts view from `viewSql`. */
export async function openArchive(opts: { tableDir: string; viewSql: string }): Promise<ArchiveDb> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection: DuckDBConnection = await instance.connect();
  const view = `CREATE OR REPLACE VIEW ${POSTS_VIEW} AS ${sqlBody(opts.viewSql)}`;
  return {
    async query(sql, values = []) {
      const run = async () => {
        await connection.run(archiveTableSql(opts.tableDir));
        await connection.run(view);
        return connection.runAndReadAll(sql, [...values]);
      };
      let reader;
      try {
        reader = await run();
      } catch (err) {
        // The local stand-in merges small files as it goes: one globbed a moment ago may be gone.
        const message = (err as { message?: unknown } | null)?.message;
        if (typeof message !== 'string' || !/IO Error|No files found/.test(message)) throw err;
        reader = await run();
      }
      const columns = reader.columnNames().map((name, i) => ({
        name,
        type: cellTypeOf(reader.columnTypes()[i]!.typeId),
      }));
      const all = reader.getRowObjectsJS();
      const rows = all.slice(0, MAX_RESULT_ROWS).map((row) => {
        const out: Record<string, Cell> = {};
        for (const c of columns) out[c.name] = cellOf(row[c.name], c.type);
        return out;
      });
      return { columns, rows, truncated: all.length > MAX_RESULT_ROWS };
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
