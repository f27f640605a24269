/**
 * `npm run bench:hot-keys`: several consumers counting at once against DynamoDB Local, as the
 * Persist steps of several stream shards would, with the hot counters (totals, `_all`,
 * breakdowns) in 1 item or split into shards (HOT_COUNTER_SHARDS, domain/keys.ts). Each consumer
 * is a writer of its own (a Lambda execution environment) and counts its own demo posts with the
 * real counting code (`countPosts`), one execution-sized batch after another. DynamoDB Local
 * runs transactions one at a time and never reports a TransactionConflict, so the bench cancels,
 * as DynamoDB does, a transaction sent while another unanswered one holds one of its hot items
 * (`--no-conflicts` turns that off). It prints, per consumer and shard count, the transactions
 * cancelled by a conflict over those sent, and posts counted per second.
 *
 *   npm run bench:hot-keys                                   # consumers 1, 4, 10; shards 1, 4, 10
 *   npm run bench:hot-keys -- --consumers 4,10 --shards 1,10 --posts 600 --batch 300
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { EnrichedPost } from '../functions/domain/workflow';
import type { HotShardWriter } from '../functions/shared/counter-writes';
import { HOT_PK_PREFIX, isHotPk } from '../functions/domain/keys';
import { normalizeRecord } from '../functions/domain/normalize';
import { toWorkPost } from '../functions/domain/workflow';
import { startDynamoDb } from '../local/services/dynamodb';
import { createTemplateTables } from './template-tables';
import { createDemoGenerator } from '../sources/demo/generator';

const { values } = parseArgs({
  options: {
    consumers: { type: 'string', default: '1,4,10' },
    shards: { type: 'string', default: '1,4,10' },
    /** Posts each consumer counts per run. */
    posts: { type: 'string', default: '600' },
    /** Posts per countPosts call: about what one execution carries at full batches. */
    batch: { type: 'string', default: '300' },
    /** Do not cancel overlapping transactions (DynamoDB Local's own behaviour). */
    'no-conflicts': { type: 'boolean', default: false },
  },
});
const list = (s: string | undefined): number[] => (s ?? '').split(',').map(Number).filter(Boolean);
const CONSUMERS = list(values.consumers);
const SHARDS = list(values.shards);
const POSTS = Number(values.posts);
const BATCH = Number(values.batch);
/** Tries of one batch, as the event source mapping's retries would give it. */
const MAX_BATCH_ATTEMPTS = 4;
const SENTIMENTS = ['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const;

/** A consumer's demo posts, enriched as Persist would see them, with ids of its own. */
function postsOf(consumer: number, run: string): EnrichedPost[] {
  const generator = createDemoGenerator({ seed: 7000 + consumer });
  const out: EnrichedPost[] = [];
  while (out.length < POSTS) {
    const result = normalizeRecord(generator.next().data);
    if (!result.ok) continue;
    const i = out.length;
    out.push({
      ...toWorkPost(result.post),
      id: `sim:${run}:${consumer}:${i}`,
      enrichStatus: 'OK',
      sentiment: SENTIMENTS[i % SENTIMENTS.length],
      lang: result.post.lang ?? 'en',
    });
  }
  return out;
}

interface Row {
  consumers: number;
  shards: number;
  posts: number;
  seconds: number;
  'posts/s': number;
  transactions: number;
  conflicts: number;
  'conflict %': number;
  'batches failed': number;
  'batches given up': number;
}

/** A transaction in flight: sent, answered (Infinity until then), its hot-counter items. */
interface Attempt {
  start: number;
  end: number;
  keys: Set<string>;
}

function hotKeysOf(input: unknown): Set<string> {
  const keys = new Set<string>();
  const items = (input as { TransactItems?: { Update?: { Key?: Record<string, unknown> } }[] })
    .TransactItems;
  for (const item of items ?? []) {
    const key = item.Update?.Key;
    const text = (v: unknown): string =>
      typeof v === 'string' ? v : String((v as { S?: string } | undefined)?.S ?? '');
    const pk = text(key?.pk);
    if (pk.startsWith(HOT_PK_PREFIX) || isHotPk(pk)) keys.add(`${pk}\n${text(key?.sk)}`);
  }
  return keys;
}

async function main(): Promise<void> {
  const ddb = await startDynamoDb();
  // The functions' own DynamoDB client, pointed at DynamoDB Local before they are imported.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_TRACE_ENABLED: 'false',
  });
  const { countPosts } = await import('../functions/enrich/counting');
  const { dynamo } = await import('../functions/shared/aws/dynamodb');
  const stats = { transactions: 0, conflicts: 0 };
  let attempts: Attempt[] = [];
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const isTransaction = context.commandName === 'TransactWriteItemsCommand';
      if (isTransaction) stats.transactions += 1;
      // DynamoDB cancels a transaction that meets an item another transaction holds; DynamoDB
      // Local runs them one at a time and never does, so the bench does it for it: a
      // transaction sent while another one on one of its hot items is unanswered is cancelled
      // as DynamoDB would cancel it (pessimistic: the time in DynamoDB Local's queue counts).
      if (isTransaction && !values['no-conflicts']) {
        const keys = hotKeysOf(args.input);
        if (attempts.some((b) => b.end === Infinity && [...b.keys].some((k) => keys.has(k)))) {
          stats.conflicts += 1;
          const n = (args.input as { TransactItems?: unknown[] }).TransactItems?.length ?? 0;
          throw new TransactionCanceledException({
            message: 'Transaction cancelled (simulated: TransactionConflict)',
            $metadata: {},
            CancellationReasons: Array.from({ length: n }, () => ({ Code: 'TransactionConflict' })),
          });
        }
      }
      const attempt: Attempt = {
        start: performance.now(),
        end: Infinity,
        keys: hotKeysOf(args.input),
      };
      if (isTransaction) attempts.push(attempt);
      try {
        return await next(args);
      } catch (error) {
        const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
        const conflict =
          e.name === 'TransactionConflictException' ||
          (e.name === 'TransactionCanceledException' &&
            (e.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict'));
        if (isTransaction && conflict) stats.conflicts += 1;
        throw error;
      } finally {
        attempt.end = performance.now();
      }
    },
    { step: 'initialize', name: 'countConflicts' },
  );
  const doc = DynamoDBDocumentClient.from(ddb.client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const rows: Row[] = [];
  try {
    let run = 0;
    // A first, unmeasured run warms the JVM.
    for (const [consumers, shards, measured] of [
      [2, 1, false] as const,
      ...CONSUMERS.flatMap((c) => SHARDS.map((s) => [c, s, true] as const)),
    ]) {
      run += 1;
      const postsTable = `posts${run}`;
      const statsTable = `stats${run}`;
      await createTemplateTables(ddb.client, { PostsTable: postsTable, StatsTable: statsTable });
      process.env.POSTS_TABLE = postsTable;
      process.env.STATS_TABLE = statsTable;
      process.env.HOT_COUNTER_SHARDS = String(shards);
      const perConsumer = Array.from({ length: consumers }, (_, c) => postsOf(c, String(run)));
      // Stored first, as Ingest does: the marker's condition needs the post's item.
      for (const posts of perConsumer) {
        for (let i = 0; i < posts.length; i += 25) {
          await doc.send(
            new BatchWriteCommand({
              RequestItems: {
                [postsTable]: posts.slice(i, i + 25).map(({ id, source, createdAt }) => ({
                  PutRequest: { Item: { id, source, createdAt } },
                })),
              },
            }),
          );
        }
      }
      stats.transactions = 0;
      stats.conflicts = 0;
      attempts = [];
      let failed = 0;
      let gaveUp = 0;
      let counted = 0;
      const t0 = performance.now();
      await Promise.all(
        perConsumer.map(async (posts) => {
          // Each consumer is a writer of its own, as each Lambda execution environment is.
          const writer: HotShardWriter = {};
          for (let i = 0; i < posts.length; i += BATCH) {
            const batch = posts.slice(i, i + BATCH);
            // A batch whose retries ran out goes back to the stream: counted again, once. After
            // MAX_BATCH_ATTEMPTS the stream would send it to the dead-letter queue.
            for (let attempt = 1; ; attempt++) {
              try {
                const { statuses } = await countPosts(batch, new Date(), true, writer);
                for (const status of statuses.values()) if (status === 'COUNTED') counted += 1;
                break;
              } catch {
                failed += 1;
                if (attempt >= MAX_BATCH_ATTEMPTS) {
                  gaveUp += 1;
                  break;
                }
              }
            }
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      if (!measured) continue;
      const posts = counted;
      const row: Row = {
        consumers,
        shards,
        posts,
        seconds: +seconds.toFixed(1),
        // Posts counted: a batch given up leaves the posts of its uncommitted transactions.
        'posts/s': Math.round(posts / seconds),
        transactions: stats.transactions,
        conflicts: stats.conflicts,
        'conflict %': +((100 * stats.conflicts) / Math.max(1, stats.transactions)).toFixed(2),
        'batches failed': failed,
        'batches given up': gaveUp,
      };
      rows.push(row);
      console.error(JSON.stringify(row));
    }
  } finally {
    await ddb.stop();
  }
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; ${POSTS} demo posts per consumer, ${BATCH} per countPosts call`,
  );
  console.table(rows);
}

await main();
