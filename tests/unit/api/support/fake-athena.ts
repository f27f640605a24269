import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type GetQueryExecutionCommandInput,
  type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import {
  bindValues,
  sqlStringLiteral,
  type HistoryParam,
} from '../../../../functions/domain/named-queries';
import { NAMED_QUERIES } from '../../../../functions/history/catalog';

/**
 * Athena for the History route's tests: started runs are remembered and succeed at once with
 * a few rows and 12 MB scanned (unless failRun says otherwise); runs given in `known` exist from
 * the start (the sample events poll one); any other id is Athena's InvalidRequestException.
 */

export const ATHENA_ENV = { ATHENA_WORKGROUP: 'corpus-test', ARCHIVE_DATABASE: 'corpus_test' };

export interface KnownRun {
  queryId: string;
  query: string;
  values: Partial<Record<HistoryParam, string>>;
}

export function fakeAthena(
  known: KnownRun[] = [],
): ReturnType<typeof mockClient> & { failRun(queryId: string, reason: string): void } {
  Object.assign(process.env, ATHENA_ENV);
  const athena = mockClient(AthenaClient);
  const runs = new Map<string, { Query: string; ExecutionParameters: string[]; failed?: string }>();
  for (const k of known) {
    const q = NAMED_QUERIES.get(k.query)!;
    runs.set(k.queryId, {
      Query: q.sql,
      ExecutionParameters: bindValues(q, k.values).map(sqlStringLiteral),
    });
  }
  let n = 0;
  athena.on(StartQueryExecutionCommand).callsFake((input: StartQueryExecutionCommandInput) => {
    const id = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    runs.set(id, {
      Query: input.QueryString ?? '',
      ExecutionParameters: input.ExecutionParameters ?? [],
    });
    return { QueryExecutionId: id };
  });
  athena.on(GetQueryExecutionCommand).callsFake((input: GetQueryExecutionCommandInput) => {
    const run = runs.get(input.QueryExecutionId ?? '');
    if (!run) {
      const error = new Error('QueryExecution was not found');
      error.name = 'InvalidRequestException';
      throw error;
    }
    const { failed, ...rest } = run;
    return {
      QueryExecution: {
        QueryExecutionId: input.QueryExecutionId,
        ...rest,
        WorkGroup: ATHENA_ENV.ATHENA_WORKGROUP,
        Status: failed ? { State: 'FAILED', StateChangeReason: failed } : { State: 'SUCCEEDED' },
        Statistics: { DataScannedInBytes: 12 * 1024 * 1024 },
      },
    };
  });
  athena.on(GetQueryResultsCommand).resolves({
    ResultSet: {
      ResultSetMetadata: {
        ColumnInfo: [
          { Name: 'tag', Type: 'varchar' },
          { Name: 'posts', Type: 'bigint' },
          { Name: 'day', Type: 'date' },
        ],
      },
      Rows: [
        { Data: [{ VarCharValue: 'tag' }, { VarCharValue: 'posts' }, { VarCharValue: 'day' }] },
        { Data: [{ VarCharValue: 'aws' }, { VarCharValue: '12' }, { VarCharValue: '2026-11-22' }] },
        {
          Data: [{ VarCharValue: 'cloud' }, { VarCharValue: '7' }, { VarCharValue: '2026-11-22' }],
        },
      ],
    },
  });
  return Object.assign(athena, {
    failRun(queryId: string, reason: string) {
      const run = runs.get(queryId);
      if (run) run.failed = reason;
    },
  });
}
