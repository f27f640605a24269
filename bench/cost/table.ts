/** Plain-text cost tables for the end of `npm run bench`. */
import { biggestLines, type CostReport } from './model';
import { PRICE_REGION, PRICES_AS_OF } from './prices';

const usd = (v: number): string => (v >= 0.01 || v === 0 ? `$${v.toFixed(2)}` : `$${v.toFixed(4)}`);

const qty = (v: number): string =>
  v >= 100 ? Math.round(v).toLocaleString('en-US') : v >= 1 ? v.toFixed(1) : v.toPrecision(2);

export function formatCostReport(r: CostReport): string {
  const verdict = r.withinTarget ? 'within' : 'OVER';
  const rows = r.lines.map((l) => [
    usd(l.usd),
    r.totalUsd > 0 ? `${((l.usd / r.totalUsd) * 100).toFixed(1)}%` : '-',
    `${l.service}: ${l.item}`,
    `${qty(l.quantity)} ${l.unit}`,
    l.basis,
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  const body = rows.map(
    (row) =>
      `  ${row[0]!.padStart(widths[0]!)}  ${row[1]!.padStart(widths[1]!)}  ${row[2]!.padEnd(widths[2]!)}  ${row[3]!.padStart(widths[3]!)}  [${row[4]}]`,
  );
  const biggest = biggestLines(r)
    .map((l) => `${l.service} ${l.item} (${((l.usd / r.totalUsd) * 100).toFixed(0)}%)`)
    .join('; ');
  return [
    `SentimentEngine=${r.engine}: ${usd(r.totalUsd)} per million posts, ${verdict} the target of <= ${usd(r.targetUsd)}`,
    ...body,
    `  biggest: ${biggest}`,
  ].join('\n');
}

export function formatCostTables(reports: CostReport[]): string {
  return [
    `Cost per million posts (USD, ${PRICE_REGION} list prices as of ${PRICES_AS_OF}, bench/cost/prices.ts;`,
    ' [measured] = counted on the local stack, [from posts] = computed from the posts sent,',
    ' [assumed] = an assumption stated in bench/cost/prices.ts)',
    ...reports.map(formatCostReport),
  ].join('\n');
}
