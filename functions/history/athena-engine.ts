import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { athenaQueryCostUsd } from '../domain/athena-cost';
import { bindValues, sqlStringLiteral } from '../domain/named-queries';
import { requireEnv } from '../shared/env';
import { BadRequestError } from '../shared/http';
import type { HistoryAnswer, HistoryEngine } from './engine';
import type { HistoryRequest } from './params';
import { cellOfText, cellTypeOfTrino, MAX_RESULT_ROWS, type Cell, type QueryRows } from './result';
import { athena } from '../shared/aws/athena';

/**
 * The AWS engine: a named query in the stack's Athena workgroup. The first request starts it
 * and answers RUNNING with its id; the dashboard polls with that id until it is done. Athena may
 * answer a repeat from a result it computed within the hour (result reuse), which scans nothing.
 */

/** Athena pages results by at most 1,000 rows. */
const PAGE = 1000;
const REUSE_MINUTES = 60;

/** Athena fills placeholders from literals: strings quoted, quotes doubled. */
const parametersOf = (request: HistoryRequest): string[] =>
  bindValues(request.query, request.values).map(sqlStringLiteral);

async function start(request: HistoryRequest): Promise<string> {
  const out = await athena.send(
    new StartQueryExecutionCommand({
      QueryString: request.query.sql,
      WorkGroup: requireEnv('ATHENA_WORKGROUP'),
      QueryExecutionContext: { Database: requireEnv('ARCHIVE_DATABASE') },
      ExecutionParameters: parametersOf(request),
      ResultReuseConfiguration: {
        ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: REUSE_MINUTES },
      },
    }),
  );
  if (!out.QueryExecutionId) throw new Error('Athena returned no QueryExecutionId');
  return out.QueryExecutionId;
}

async function execution(queryId: string): Promise<QueryExecution> {
  try {
    const out = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId }));
    if (!out.QueryExecution) throw new Error('Athena returned no QueryExecution');
    return out.QueryExecution;
  } catch (error) {
    if (error instanceof Error && error.name === 'InvalidRequestException') {
      throw new BadRequestError('queryId names no query of this workgroup');
    }
    throw error;
  }
}

/** Reads the result pages; the first row of the first page is the header. */
async function results(queryId: string): Promise<QueryRows> {
  const rows: Record<string, Cell>[] = [];
  let columns: QueryRows['columns'] = [];
  let next: string | undefined;
  let first = true;
  do {
    const page = await athena.send(
      new GetQueryResultsCommand({ QueryExecutionId: queryId, MaxResults: PAGE, NextToken: next }),
    );
    columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => ({
      name: c.Name ?? '',
      type: cellTypeOfTrino(c.Type ?? ''),
    }));
    const data = page.ResultSet?.Rows ?? [];
    for (const row of first ? data.slice(1) : data) {
      const cells = row.Data ?? [];
      const out: Record<string, Cell> = {};
      columns.forEach((c, i) => (out[c.name] = cellOfText(cells[i]?.VarCharValue, c.type)));
      rows.push(out);
    }
    first = false;
    next = page.NextToken;
  } while (next && rows.length <= MAX_RESULT_ROWS);
  return {
    columns,
    rows: rows.slice(0, MAX_RESULT_ROWS),
    truncated: rows.length > MAX_RESULT_ROWS || next !== undefined,
  };
}

export function athenaEngine(): HistoryEngine {
  return {
    async run(request) {
      const base = { query: request.query.name, engine: 'athena' as const, params: request.values };
      if (!request.queryId) {
        const queryId = await start(request);
        return { ...base, status: 'RUNNING', queryId, bytesScanned: null, costUsd: null };
      }
      const run = await execution(request.queryId);
      // An id is only polled for the query and parameters it was started with.
      const same =
        run.Query?.trim() === request.query.sql.trim() &&
        run.WorkGroup === requireEnv('ATHENA_WORKGROUP') &&
        JSON.stringify(run.ExecutionParameters ?? []) === JSON.stringify(parametersOf(request));
      if (!same) throw new BadRequestError('queryId belongs to another query or other parameters');
      const bytes = run.Statistics?.DataScannedInBytes ?? null;
      const scanned = {
        bytesScanned: bytes,
        costUsd: bytes === null ? null : athenaQueryCostUsd(bytes),
      };
      const state = run.Status?.State;
      const answer: HistoryAnswer = {
        ...base,
        queryId: request.queryId,
        status: 'RUNNING',
        ...scanned,
      };
      if (state === 'SUCCEEDED')
        return { ...answer, status: 'SUCCEEDED', ...(await results(request.queryId)) };
      if (state === 'FAILED' || state === 'CANCELLED') {
        return { ...answer, status: 'FAILED', message: run.Status?.StateChangeReason ?? state };
      }
      return answer;
    },
  };
}
