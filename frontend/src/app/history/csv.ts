import type { HistoryCell, HistoryColumn } from '../core/api.types';

/** A result as CSV (RFC 4180): the same text `npm run query -- --csv` prints. */

const text = (c: HistoryCell | undefined): string =>
  c === null || c === undefined ? '' : Array.isArray(c) ? JSON.stringify(c) : String(c);
const field = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

export function toCsv(
  columns: readonly HistoryColumn[],
  rows: readonly Record<string, HistoryCell>[],
): string {
  return [
    columns.map((c) => field(c.name)).join(','),
    ...rows.map((r) => columns.map((c) => field(text(r[c.name]))).join(',')),
  ].join('\r\n');
}

/** Hands `csv` to the browser as a file download. */
export function downloadCsv(document: Document, filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
