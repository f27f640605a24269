/**
 * The named queries of the archive (functions/history/queries/*.sql), read the same way by the
 * History API (Athena in AWS, DuckDB locally) and by `npm run query -- --name`. Each file is one
 * SQL statement both engines accept, with `?` placeholders; its header says what it answers and
 * which parameters fill the placeholders, in order:
 *
 *   -- Top hashtags per day: ...
 *   -- params: from, to
 */

export const HISTORY_PARAMS = ['tag', 'from', 'to'] as const;
export type HistoryParam = (typeof HISTORY_PARAMS)[number];

export interface NamedQuery {
  /** The file name without `.sql`, e.g. `top-hashtags-per-day`. */
  name: string;
  /** The header's comment lines, without the params line. */
  description: string;
  /** Which parameter fills each `?`, in order (a parameter may repeat). */
  params: HistoryParam[];
  /** The file as it is, comments included (Athena keeps them, DuckDB skips them). */
  sql: string;
}

export class NamedQueryError extends Error {
  override readonly name = 'NamedQueryError';
}

/** `?` placeholders outside string literals, quoted identifiers and comments. */
export function countPlaceholders(sql: string): number {
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      i = end < 0 ? sql.length : end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
    } else if (c === '?') n++;
  }
  return n;
}

export function parseNamedQuery(name: string, sql: string): NamedQuery {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
    throw new NamedQueryError(`A named query's name must be kebab-case, got "${name}"`);
  }
  const header: string[] = [];
  for (const line of sql.split('\n')) {
    if (!line.startsWith('--')) break;
    header.push(line.replace(/^--\s?/, ''));
  }
  const paramsLine = header.find((l) => l.startsWith('params:'));
  const params = (paramsLine?.slice('params:'.length) ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const p of params) {
    if (!(HISTORY_PARAMS as readonly string[]).includes(p)) {
      throw new NamedQueryError(
        `${name}: unknown parameter "${p}" (known: ${HISTORY_PARAMS.join(', ')})`,
      );
    }
  }
  const placeholders = countPlaceholders(sql);
  if (placeholders !== params.length) {
    throw new NamedQueryError(
      `${name}: ${placeholders} placeholders but ${params.length} parameters in its "-- params:" line`,
    );
  }
  return {
    name,
    description: header
      .filter((l) => l !== paramsLine)
      .join(' ')
      .trim(),
    params: params as HistoryParam[],
    sql,
  };
}

/** The parameters a query needs, each once, in the order they first appear. */
export const distinctParams = (q: NamedQuery): HistoryParam[] => [...new Set(q.params)];

/** The values for the placeholders, in order; throws naming the first missing parameter. */
export function bindValues(q: NamedQuery, values: Partial<Record<HistoryParam, string>>): string[] {
  return q.params.map((p) => {
    const v = values[p];
    if (v === undefined) throw new NamedQueryError(`${q.name} needs the parameter ${p}`);
    return v;
  });
}

/**
 * A string as an SQL literal, the form Athena's ExecutionParameters take (`'aws'`): quotes are
 * doubled, so a value can never end the literal early.
 */
export const sqlStringLiteral = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** The statement without its leading comment lines (the form a view's definition stores). */
export const sqlBody = (sql: string): string =>
  sql
    .split('\n')
    .filter(
      (l, i, all) => !(l.startsWith('--') && all.slice(0, i).every((x) => x.startsWith('--'))),
    )
    .join('\n')
    .trim();
