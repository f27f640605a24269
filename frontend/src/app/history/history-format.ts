/** The cost note of an Athena run: bytes scanned and what Athena bills for them. */

const bytes = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${bytes.format(v)} ${units[u]}`;
}

/** Dollars with enough digits to show a fraction of a cent ($0.000048). */
export function formatUsd(n: number): string {
  if (n === 0) return '$0';
  if (n >= 0.01) return `$${n.toFixed(2)}`;
  return `$${n.toPrecision(2)}`;
}
