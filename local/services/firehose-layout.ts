/**
 * What the local Firehose stand-in reads from the template to lay out its files the way Amazon
 * Data Firehose does: the dynamic-partitioning prefix (`posts/dt=!{partitionKeyFromQuery:dt}/...`)
 * and the inline JQ query that extracts the keys. Only the forms the template uses are
 * evaluated: keys taken from a field, or a slice of it (`.created_at[0:10]`); anything else is
 * refused at start-up with a message, rather than partitioned differently from AWS.
 */

export interface PartitionKeyExpr {
  key: string;
  field: string;
  /** jq string slice [from:to), absent for the whole field. */
  slice?: [number, number];
}

export interface ArchiveLayout {
  /** The prefix before the first partition, e.g. `posts/`. */
  base: string;
  /** Partition keys in prefix order, each a `key=value/` folder (Hive style). */
  keys: PartitionKeyExpr[];
}

export class LayoutError extends Error {
  override readonly name = 'LayoutError';
}

const ENTRY = /^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*\.([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+):(\d+)\])?$/;

export function parsePartitionQuery(query: string): PartitionKeyExpr[] {
  const body = /^\s*\{(.*)\}\s*$/s.exec(query)?.[1];
  if (body === undefined) throw new LayoutError(`Partition query is not a jq object: ${query}`);
  return body.split(',').map((entry) => {
    const m = ENTRY.exec(entry.trim());
    if (!m) {
      throw new LayoutError(
        `Partition query entry "${entry.trim()}" is beyond the local stand-in (key: .field or key: .field[a:b])`,
      );
    }
    const [, key, field, from, to] = m;
    return {
      key: key!,
      field: field!,
      ...(from !== undefined ? { slice: [Number(from), Number(to)] as [number, number] } : {}),
    };
  });
}

/** Matches the prefix against the partition keys: `<base>k1=!{partitionKeyFromQuery:k1}/...`. */
export function parseLayout(prefix: string, partitionQuery: string | undefined): ArchiveLayout {
  const at = prefix.indexOf('!{');
  if (at < 0 || partitionQuery === undefined) {
    throw new LayoutError(
      `Prefix "${prefix}" has no dynamic partitioning; the local stand-in writes only partitioned layouts`,
    );
  }
  const base = prefix.slice(0, at).replace(/[^/]*=$/, '');
  const exprs = parsePartitionQuery(partitionQuery);
  const rest = prefix.slice(base.length);
  const segments = rest.split('/').filter((s) => s !== '');
  const keys = segments.map((segment) => {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=!\{partitionKeyFromQuery:([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(
      segment,
    );
    if (!m || m[1] !== m[2]) {
      throw new LayoutError(
        `Prefix segment "${segment}" is not key=!{partitionKeyFromQuery:key} (Hive style)`,
      );
    }
    const expr = exprs.find((e) => e.key === m[1]);
    if (!expr) throw new LayoutError(`Prefix names ${m[1]}, which the partition query lacks`);
    return expr;
  });
  return { base, keys };
}

/** The value jq would extract from a record; undefined when it cannot (the record is an error). */
export function partitionValue(
  record: Record<string, unknown>,
  expr: PartitionKeyExpr,
): string | undefined {
  const v = record[expr.field];
  if (v === null || v === undefined) return undefined;
  const text = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
  if (text === undefined) return undefined;
  const value = expr.slice ? text.slice(expr.slice[0], expr.slice[1]) : text;
  return value === '' ? undefined : value;
}
