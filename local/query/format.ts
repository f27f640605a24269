import type { Cell, QueryRows } from '../../functions/history/result';

/** How `npm run query` prints a result: an aligned table, CSV (RFC 4180) or JSON lines. */

export type OutputFormat = 'table' | 'csv' | 'json';

const text = (c: Cell): string =>
  c === null ? '' : Array.isArray(c) ? JSON.stringify(c) : String(c);

/** One line per row, one JSON object each, keys in column order. */
export function formatJsonLines(r: QueryRows): string {
  return r.rows
    .map((row) =>
      JSON.stringify(
        row,
        r.columns.map((c) => c.name),
      ),
    )
    .join('\n');
}

const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** A header line and one line per row; fields with a comma, quote or line break are quoted. */
export function formatCsv(r: QueryRows): string {
  const lines = [r.columns.map((c) => csvField(c.name)).join(',')];
  for (const row of r.rows)
    lines.push(r.columns.map((c) => csvField(text(row[c.name] ?? null))).join(','));
  return lines.join('\r\n');
}

/** Cells are cut to this many characters in the table (the CSV and JSON keep them whole). */
const MAX_CELL = 60;

const oneLine = (s: string): string => {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 1)}…` : flat;
};

/** Columns padded to their widest cell, numbers right-aligned, and a row count. */
export function formatTable(r: QueryRows): string {
  const cells = r.rows.map((row) => r.columns.map((c) => oneLine(text(row[c.name] ?? null))));
  const widths = r.columns.map((c, i) =>
    Math.max(c.name.length, ...cells.map((row) => row[i]!.length)),
  );
  const pad = (s: string, i: number): string =>
    r.columns[i]!.type === 'number' ? s.padStart(widths[i]!) : s.padEnd(widths[i]!);
  const line = (values: string[]): string => values.map(pad).join('  ').trimEnd();
  const count = `(${r.rows.length} row${r.rows.length === 1 ? '' : 's'}${r.truncated ? ', more not shown' : ''})`;
  return [
    line(r.columns.map((c) => c.name)),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
    count,
  ].join('\n');
}

export function format(r: QueryRows, as: OutputFormat): string {
  return as === 'csv' ? formatCsv(r) : as === 'json' ? formatJsonLines(r) : formatTable(r);
}
