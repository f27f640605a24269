import { parseArgs } from 'node:util';
import { bindValues, distinctParams, HISTORY_PARAMS } from '../../functions/domain/named-queries';
import { openArchive } from '../../functions/history/duckdb-archive';
import { parseHistoryRequest } from '../../functions/history/params';
import { BadRequestError } from '../../functions/shared/http';
import { format, type OutputFormat } from './format';
import { loadNamedQueries, loadPostsView, locateArchive, LocateError } from './locate';

export const QUERY_USAGE = `Usage: npm run query -- "<SQL>" [options]
       npm run query -- --name <query> [--param tag=aws] [--param from=YYYY-MM-DD] [--param to=YYYY-MM-DD] [options]
       npm run query -- --list

Runs SQL with DuckDB over the local corpus: the posts view (one row per post id; columns id,
source, text, created_at, lang, sentiment, sentiment_positive..mixed, enrich_status, hashtags,
cashtags, place_id, place_name, country, country_code, lat, lon, author_id, author_handle, url,
archived_at, dt, hour) and posts_archive (every archived copy).

Options
  --name Q          a named query of functions/history/queries (the Athena named queries)
  --param K=V       a parameter of the named query: tag, from, to (default: the last 7 days)
  --list            list the named queries and their parameters
  --data-dir D      the corpus under D/archive, when no stack runs (else the running stack's)
  --csv             CSV instead of a table
  --json            one JSON object per row
  -h, --help`;

export interface QueryIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Asks a running stack to write out what it buffers (POST); fetch by default. */
  flush?: (url: string) => Promise<void>;
  now?: Date;
}

const postFlush = async (url: string): Promise<void> => {
  const res = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
};

/** `npm run query`; resolves to the exit code (0, 1 for a failed query, 2 for bad usage). */
export async function runQuery(
  argv: readonly string[],
  root: string,
  io: QueryIo,
): Promise<number> {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        param: { type: 'string', multiple: true, default: [] },
        list: { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
        csv: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${QUERY_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(QUERY_USAGE);
    return 0;
  }
  const queries = loadNamedQueries(root);
  if (values.list) {
    for (const q of queries.values()) {
      io.out(`${q.name} (${distinctParams(q).join(', ')})\n  ${q.description}`);
    }
    return 0;
  }
  const as: OutputFormat = values.csv ? 'csv' : values.json ? 'json' : 'table';
  if (values.csv && values.json) {
    io.err('--csv and --json cannot be combined');
    return 2;
  }
  const sqlText = positionals.join(' ').trim();
  if ((values.name === undefined) === (sqlText === '')) {
    io.err(`Give either SQL or --name <query>.\n\n${QUERY_USAGE}`);
    return 2;
  }

  let sql = sqlText;
  let bound: string[] = [];
  if (values.name !== undefined) {
    const params: Record<string, string> = {};
    for (const p of values.param) {
      const eq = p.indexOf('=');
      const key = p.slice(0, eq);
      if (eq < 1 || !(HISTORY_PARAMS as readonly string[]).includes(key)) {
        io.err(`--param expects ${HISTORY_PARAMS.join('|')}=VALUE, got "${p}"`);
        return 2;
      }
      params[key] = p.slice(eq + 1);
    }
    try {
      const request = parseHistoryRequest(
        queries,
        { query: values.name },
        params,
        io.now ?? new Date(),
      );
      sql = request.query.sql;
      bound = bindValues(request.query, request.values);
    } catch (err) {
      if (!(err instanceof BadRequestError)) throw err;
      io.err(err.message);
      return 2;
    }
  }

  let located;
  try {
    located = locateArchive(root, values['data-dir']);
  } catch (err) {
    if (!(err instanceof LocateError)) throw err;
    io.err(err.message);
    return 2;
  }
  if (located.flushUrl) {
    // What the stack buffers (up to its 5 s) belongs in the answer; a failure only means older data.
    await (io.flush ?? postFlush)(located.flushUrl).catch((err: unknown) =>
      io.err(
        `Could not flush the running stack's archive (${String(err)}); querying what is written.`,
      ),
    );
  }
  const db = await openArchive({ tableDir: located.tableDir, viewSql: loadPostsView(root) });
  try {
    const result = await db.query(sql, bound);
    io.out(format(result, as));
    return 0;
  } catch (err) {
    const message = (err as { message?: unknown } | null)?.message;
    io.err(`Query failed: ${typeof message === 'string' ? message : String(err)}`);
    return 1;
  } finally {
    db.close();
  }
}
