/**
 * A query result as the History API, `npm run query` and the dashboard see it, whichever engine
 * ran it: columns with a coarse type, and rows as objects of plain JSON cells. Athena returns
 * every cell as text and DuckDB as typed values; both are turned into this one shape.
 */

export type CellType = 'string' | 'number' | 'boolean' | 'date' | 'timestamp' | 'array' | 'other';
export type Cell = string | number | boolean | null | Cell[];

export interface ResultColumn {
  name: string;
  type: CellType;
}

export interface QueryRows {
  columns: ResultColumn[];
  rows: Record<string, Cell>[];
  /** More rows existed than MAX_RESULT_ROWS; the rest were not read. */
  truncated: boolean;
}

/** Rows one answer carries at most: the named queries stay far below it. */
export const MAX_RESULT_ROWS = 10_000;

/** `2026-11-22 14:00:00.000` (Athena's text for a timestamp) -> `2026-11-22T14:00:00.000Z`. */
export function isoTimestamp(text: string): string {
  const d = new Date(`${text.trim().replace(' ', 'T')}Z`);
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
}

/** Athena's column type names (Trino) to the coarse type. */
export function cellTypeOfTrino(type: string): CellType {
  const t = type.toLowerCase();
  if (/^(tinyint|smallint|integer|int|bigint|real|float|double|decimal)/.test(t)) return 'number';
  if (t === 'varchar' || t.startsWith('varchar(') || t === 'char' || t.startsWith('char('))
    return 'string';
  if (t === 'boolean') return 'boolean';
  if (t === 'date') return 'date';
  if (t.startsWith('timestamp')) return 'timestamp';
  if (t.startsWith('array')) return 'array';
  return 'other';
}

/** One Athena text cell, typed by its column. */
export function cellOfText(text: string | undefined, type: CellType): Cell {
  if (text === undefined) return null;
  switch (type) {
    case 'number':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'timestamp':
      return isoTimestamp(text);
    default:
      return text;
  }
}
