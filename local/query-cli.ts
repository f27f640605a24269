/**
 * `npm run query`: SQL over the local corpus with DuckDB (local/query/run.ts): the posts view of
 * the running stack's archive, or of --data-dir; the named queries with --name.
 */
import { findRepoRoot } from './paths';
import { runQuery } from './query/run';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.stdout.on('error', () => undefined);

runQuery(process.argv.slice(2), findRepoRoot(), {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
}).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
