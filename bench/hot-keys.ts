/**
 * `npm run bench:hot-keys`: several consumers counting at once against DynamoDB Local, as the
 * Persist steps of several stream shards would, with the hot counters (totals, `_all`,
 * breakdowns) in 1 item or split into shards (HOT_COUNTER_SHARDS, domain/keys.ts). Each consumer
 * counts its own demo posts with the real counting code (`countPosts`), one execution-sized
 * batch after another; the bench prints, per consumer count and shard count, the transactions
 * cancelled by a conflict (TransactionCanceledException with TransactionConflict, and
 * TransactionConflictException) over the transactions sent, and posts counted per second.
 *
 *   npm run bench:hot-keys                                   # consumers 1, 4, 10; shards 1, 4, 10
 *   npm run bench:hot-keys -- --consumers 4,10 --shards 1,10 --posts 600 --batch 300
 */
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { EnrichedPost } from '../functions/domain/workflow';
import { normalizeRecord } from '../functions/domain/normalize';
import { toWorkPost } from '../functions/domain/workflow';
import { startDynamoDb } from '../local/services/dynamodb';
import { createDemoGenerator } from '../sources/demo/generator';

const { values } = parseArgs({
  options: {
    consumers: { type: 'string', default: '1,4,10' },
    shards: { type: 'string', default: '1,4,10' },
    /** Posts each consumer counts per run. */
    posts: { type: 'string', default: '600' },
    /** Posts per countPosts call: about what one execution carries at full batches. */
    batch: { type: 'string', default: '300' },
  },
});
const list = (s: string | undefined): number[] => (s ?? '').split(',').map(Number).filter(Boolean);
const CONSUMERS = list(values.consumers);
const SHARDS = list(values.shards);
const POSTS = Number(values.posts);
const BATCH = Number(values.batch);
const SENTIMENTS = ['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const;

async function createTables(client: DynamoDBClient, posts: string, stats: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: posts,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
  await client.send(
    new CreateTableCommand({
      TableName: stats,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'scope', AttributeType: 'S' },
        { AttributeName: 'mentions', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'ByCount',
          KeySchema: [
            { AttributeName: 'scope', KeyType: 'HASH' },
            { AttributeName: 'mentions', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
}

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
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const isTransaction = context.commandName === 'TransactWriteItemsCommand';
      if (isTransaction) stats.transactions += 1;
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
      await createTables(ddb.client, postsTable, statsTable);
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
      let failed = 0;
      const t0 = performance.now();
      await Promise.all(
        perConsumer.map(async (posts) => {
          for (let i = 0; i < posts.length; i += BATCH) {
            const batch = posts.slice(i, i + BATCH);
            // A batch whose retries ran out goes back to the stream: counted again, once.
            for (let attempt = 0; ; attempt++) {
              try {
                await countPosts(batch, new Date());
                break;
              } catch {
                failed += 1;
                if (attempt >= 10) throw new Error('a batch failed 10 times');
              }
            }
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      if (!measured) continue;
      const posts = consumers * POSTS;
      const row: Row = {
        consumers,
        shards,
        posts,
        seconds: +seconds.toFixed(1),
        'posts/s': Math.round(posts / seconds),
        transactions: stats.transactions,
        conflicts: stats.conflicts,
        'conflict %': +((100 * stats.conflicts) / Math.max(1, stats.transactions)).toFixed(2),
        'batches failed': failed,
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
