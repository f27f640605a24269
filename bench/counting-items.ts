/**
 * `npm run bench:counting`: what counting writes per post, for demo posts cut into stream batches
 * of several sizes, as Persist writes it (marker transactions of up to 99 posts with one pending
 * delta each, one fold per stream batch: directly, or through chunks when the merge is larger than
 * one transaction). No stack: the product's own aggregation, merge, split and encoding, so the
 * item counts are exact. Write units are priced as AWS bills transactional writes (2 per KB or
 * part of one, per item; a delete by the size of the item deleted; the rank lists a fold rewrites
 * at the standard rate); the post item's size is its
 * JSON size plus the enrichment fields, an estimate of DynamoDB's item size.
 *
 *   npm run bench:counting                          # 20,000 posts at 1,000 posts/s
 *   npm run bench:counting -- --posts 50000 --rate 300
 */
import { aggregate, mergeAggregates, splitAggregate } from '../functions/domain/aggregate';
import { encodeCounts, encodePosts } from '../functions/domain/pending-counts';
import { prepare } from '../functions/domain/enrich-steps';
import type { CountablePost } from '../functions/domain/aggregate';
import { MAX_TRANSACTION_ITEMS } from '../functions/domain/aggregate';
import { MARKERS_PER_TRANSACTION } from '../functions/enrich/counting';
import { splitByPayload } from '../functions/enrich/executions';
import { CHUNK_COUNTERS, foldSize } from '../functions/enrich/fold';
import { mergeRankList } from '../functions/domain/rank-lists';
import { rankListCapOf } from '../functions/domain/counted-kinds';
import { demoPostArgs, demoPosts } from './demo-posts';
import { transactionalUnits } from './write-units';

const { total, rate, seed } = demoPostArgs();
const NOW = Math.floor(Date.parse('2026-12-04T12:00:00Z') / 1000);
/** Enrichment fields the marker adds to the post item (sentiment, scores, status, countedAt). */
const ENRICHMENT_BYTES = 160;
const SENTIMENTS = ['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const;

/** A counter or totals item: well under 1 KB. */
const COUNTER_UNITS = transactionalUnits(1);

/**
 * Rank-list writes of a fold (functions/enrich/rank-lists.ts), at the standard rate: each bucket
 * whose list changes is put once, billed by the list's size. The counters' totals are kept here
 * as the table would hold them, so each list is merged as Persist merges it.
 */
const totals = new Map<string, number>();
const lists = new Map<string, Record<string, number>>();
function rankListUnits(merged: ReturnType<typeof mergeAggregates>): number {
  const byScope = new Map<string, Map<string, number>>();
  for (const [key, c] of merged.counters) {
    if (!c.scope) continue;
    const total = (totals.get(key) ?? 0) + c.mentions;
    totals.set(key, total);
    const counts = byScope.get(c.scope) ?? new Map<string, number>();
    byScope.set(c.scope, counts.set(c.pk, total));
  }
  let units = 0;
  for (const [scope, counts] of byScope) {
    const next = mergeRankList(lists.get(scope) ?? {}, counts, rankListCapOf(scope));
    if (!next.changed) continue;
    lists.set(scope, next.members);
    units += Math.ceil(Buffer.byteLength(JSON.stringify({ scope, ...next.members })) / 1024);
  }
  return units;
}

const posts = demoPosts(total, rate, seed);
// Places resolved as Prepare resolves them; a sentiment for each post, as the workflow gives.
const countable: CountablePost[] = prepare(posts).posts.map((p, i) => ({
  ...p,
  sentiment: SENTIMENTS[i % SENTIMENTS.length],
  enrichStatus: 'OK',
}));
const postBytes = posts.map((p) => Buffer.byteLength(JSON.stringify(p)) + ENRICHMENT_BYTES);

interface Tally {
  markers: number;
  deltas: number;
  counters: number;
  chunks: number;
  transactions: number;
  units: number;
  rankListUnits: number;
}

function countBatch(from: number, to: number, t: Tally): void {
  const deltas = [];
  let offset = from;
  for (const execution of splitByPayload(posts.slice(from, to))) {
    for (let i = 0; i < execution.length; i += MARKERS_PER_TRANSACTION) {
      const n = Math.min(MARKERS_PER_TRANSACTION, execution.length - i);
      const group = countable.slice(offset + i, offset + i + n);
      const delta = aggregate(group, NOW);
      const bytes = encodePosts(group, NOW).byteLength + 100;
      deltas.push({ delta, bytes });
      t.markers += n;
      t.deltas += 1;
      t.transactions += 1;
      t.units += postBytes
        .slice(offset + i, offset + i + n)
        .reduce((u, b) => u + transactionalUnits(b), 0);
      t.units += transactionalUnits(bytes);
    }
    offset += execution.length;
  }
  // The fold: every delta deleted (billed by its size), the merge into the counters.
  const merged = mergeAggregates(deltas.map((d) => d.delta));
  const items = merged.counters.size + 1;
  t.counters += items;
  t.units += deltas.reduce((u, d) => u + transactionalUnits(d.bytes), 0) + items * COUNTER_UNITS;
  const listUnits = rankListUnits(merged);
  t.units += listUnits;
  t.rankListUnits += listUnits;
  if (foldSize(deltas.length, merged.counters.size).direct <= MAX_TRANSACTION_ITEMS) {
    t.transactions += 1;
    return;
  }
  const chunks = splitAggregate(merged, CHUNK_COUNTERS);
  const chunkUnits = chunks.reduce(
    (u, c) => u + transactionalUnits(encodeCounts(c).byteLength + 100),
    0,
  );
  t.chunks += chunks.length;
  t.units += 2 * chunkUnits; // put in the exchange, deleted as it is applied
  t.transactions += 1 + chunks.length;
}

const rows: Record<string, string | number>[] = [];
for (const size of [4000, 2000, 1500, 1000, 500, 333, 100]) {
  totals.clear();
  lists.clear();
  const t: Tally = {
    markers: 0,
    deltas: 0,
    counters: 0,
    chunks: 0,
    transactions: 0,
    units: 0,
    rankListUnits: 0,
  };
  for (let i = 0; i < posts.length; i += size) countBatch(i, Math.min(posts.length, i + size), t);
  const per = (n: number): number => +(n / posts.length).toFixed(3);
  rows.push({
    'stream batch': size,
    'markers/post': per(t.markers),
    'deltas/post': per(t.deltas),
    'counter items/post': per(t.counters),
    'chunks/post': per(t.chunks * 2),
    'transaction items/post': per(t.markers + t.deltas * 2 + t.counters + t.chunks * 2),
    'transactions/1,000 posts': Math.round((t.transactions / posts.length) * 1000),
    'AWS write units/post': +(t.units / posts.length).toFixed(2),
    'of which rank lists': +(t.rankListUnits / posts.length).toFixed(2),
  });
}
console.log(`${posts.length} demo posts at ${rate} posts/s, counted one fold per stream batch`);
console.table(rows);
