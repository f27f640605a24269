import type { HistoryParam } from '../domain/named-queries';
import type { HistoryRequest } from './params';
import type { Cell, ResultColumn } from './result';

/** What GET /history/{query} answers, whichever engine ran the query. */
export interface HistoryAnswer {
  query: string;
  engine: 'athena' | 'duckdb';
  params: Partial<Record<HistoryParam, string>>;
  /** Athena runs asynchronously: RUNNING until a poll (with queryId) finds it done. */
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  /** Athena's query execution id, to poll with. */
  queryId?: string;
  columns?: ResultColumn[];
  rows?: Record<string, Cell>[];
  truncated?: boolean;
  /** Bytes Athena scanned, and what that costs; null locally (DuckDB reads local files). */
  bytesScanned: number | null;
  costUsd: number | null;
  /** Why a run failed (Athena's reason). */
  message?: string;
}

export interface HistoryEngine {
  run(request: HistoryRequest): Promise<HistoryAnswer>;
}

/**
 * The one place the engine is chosen. In AWS the template gives the function its Athena
 * workgroup; the local stack adds ARCHIVE_LOCAL_DIR (its archive's table folder), and DuckDB
 * answers over that instead. DuckDB is loaded only then: its native binding is not bundled, and
 * not deployed.
 */
export async function historyEngine(env: NodeJS.ProcessEnv = process.env): Promise<HistoryEngine> {
  const localDir = env.ARCHIVE_LOCAL_DIR;
  if (localDir) {
    const { duckdbEngine } = await import('./duckdb-engine');
    return duckdbEngine(localDir);
  }
  const { athenaEngine } = await import('./athena-engine');
  return athenaEngine();
}
