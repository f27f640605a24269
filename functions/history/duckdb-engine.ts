import { bindValues } from '../domain/named-queries';
import { POSTS_VIEW_SQL } from './catalog';
import { openArchive, type ArchiveDb } from './duckdb-archive';
import type { HistoryEngine } from './engine';

/** The local engine: the named query in DuckDB over the local archive, answered at once. */

let opened: { dir: string; db: Promise<ArchiveDb> } | undefined;

export function duckdbEngine(tableDir: string): HistoryEngine {
  // One in-memory database per execution environment; it globs the files again per query.
  if (opened?.dir !== tableDir)
    opened = { dir: tableDir, db: openArchive({ tableDir, viewSql: POSTS_VIEW_SQL }) };
  const db = opened.db;
  return {
    async run({ query, values }) {
      const result = await (await db).query(query.sql, bindValues(query, values));
      return {
        query: query.name,
        engine: 'duckdb',
        params: values,
        status: 'SUCCEEDED',
        ...result,
        bytesScanned: null,
        costUsd: null,
      };
    },
  };
}
