/**
 * `npm run rank-lists:rebuild -- --table <StatsTable name>` (a deployed stack) or `-- --local`
 * (the running `npm start`): writes the rank lists (functions/domain/rank-lists.ts) of every
 * ranked counter a StatsTable holds. For a table counted before rank lists replaced the ByCount
 * index (deployed before 2026-12-06, or a local `--data-dir` from then): its counters have no
 * lists, so the top hashtags and places would stay empty until new posts touch them. Safe to run
 * while the pipeline counts (each list is merged under a revision condition) and to run again.
 * For a deployed stack, region and credentials come from the standard chain.
 */
import { parseArgs } from 'node:util';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../functions/shared/aws/loopback';
import { findRepoRoot } from '../local/paths';
import { readRuntimeFile, RUNTIME_FILE } from '../local/services/runtime-file';
import type { RankedCounter } from '../functions/enrich/rank-lists';

const USAGE =
  'Usage: npm run rank-lists:rebuild -- --table <StatsTable name>   (a deployed stack)\n' +
  '       npm run rank-lists:rebuild -- --local                     (the running npm start)';

/** The table to rebuild, with the environment pointed at the local stack for `--local`. */
function target(values: { table?: string; local?: boolean }): string | undefined {
  if (!values.local) return values.table;
  const runtime = readRuntimeFile(findRepoRoot());
  if (!runtime) throw new Error(`No local stack is running (${RUNTIME_FILE} not found): npm start`);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: runtime.endpoints.dynamodb,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  });
  return values.table ?? runtime.resources.tables?.StatsTable?.name;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { table: { type: 'string' }, local: { type: 'boolean', default: false } },
  });
  const table = target(values);
  if (!table) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  process.env.STATS_TABLE = table;
  process.env.POSTS_TABLE ??= 'unused';
  // Loaded after the environment is set: the DynamoDB client reads its endpoint when created.
  const { paginateScan } = await import('@aws-sdk/lib-dynamodb');
  const { dynamo } = await import('../functions/shared/aws/dynamodb');
  const { refreshRankLists } = await import('../functions/enrich/rank-lists');
  let counters = 0;
  let lists = 0;
  const pages = paginateScan(
    { client: dynamo },
    {
      TableName: table,
      FilterExpression: 'attribute_exists(#scope)',
      ProjectionExpression: 'pk, sk, #scope, expiresAt',
      ExpressionAttributeNames: { '#scope': 'scope' },
    },
  );
  for await (const page of pages) {
    const ranked = (page.Items ?? []) as RankedCounter[];
    counters += ranked.length;
    lists += await refreshRankLists(ranked);
  }
  console.log(`${table}: ${counters} ranked counters read, ${lists} rank lists written.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
