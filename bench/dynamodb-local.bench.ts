/**
 * `npm run bench:dynamodb`: how many writes per second DynamoDB Local itself takes on this
 * machine, with nothing else running, for each kind of write the pipeline makes. It bounds what
 * `npm run bench` can reach: every post needs at least one stored item (BatchWriteItem) and one
 * transactional marker (exactly-once counting), even if counters and feeds cost nothing. The
 * last row, PartiQL INSERTs in batches, is the conditional put outside a transaction that a
 * design with per-post claims would use (docs/architecture.md, "Probes of the write patterns").
 */
import {
  BatchExecuteStatementCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { cpus, loadavg } from 'node:os';
import { startDynamoDb } from '../local/services/dynamodb';
import { createTemplateTables } from './template-tables';

const OPS = Number(process.env.BENCH_OPS ?? 1500);

async function rate(
  concurrency: number,
  ops: number,
  itemsPerOp: number,
  op: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < ops; i = next++) await op(i);
    }),
  );
  return (ops * itemsPerOp) / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  const ddb = await startDynamoDb();
  try {
    await createTemplateTables(ddb.client, { PostsTable: 'posts', StatsTable: 'stats' });
    const doc = DynamoDBDocumentClient.from(ddb.client);
    const text = 'x'.repeat(600);
    let id = 0;
    const post = () => ({ id: `p${id++}`, text, lang: 'en', hashtags: ['a', 'b'] });
    const counter = (i: number) => ({
      TableName: 'stats',
      Key: { pk: `TAG#t${i % 400}`, sk: 'ALL' },
      UpdateExpression: 'ADD mentions :one, positive :one SET #s = :s',
      ExpressionAttributeNames: { '#s': 'scope' },
      ExpressionAttributeValues: { ':one': 1, ':s': 'TAGS#ALL' },
    });
    let results: [string, number][] = [];
    let pass = 0;
    const measure = async (name: string, r: Promise<number>) => {
      results.push([name, await r]);
      const label = pass === 0 ? 'warm-up' : 'measured';
      console.error(`  ${label}: ${name}: ${Math.round(results.at(-1)![1])} items/s`);
    };
    // The first pass warms the JVM (JIT); only the second counts.
    for (; pass < 2; pass++) {
      results = [];

      await measure(
        'BatchWriteItem, 25 posts per call, 4 in flight (Ingest, feeds)',
        rate(4, OPS / 25, 25, () =>
          doc.send(
            new BatchWriteCommand({
              RequestItems: {
                posts: Array.from({ length: 25 }, () => ({ PutRequest: { Item: post() } })),
              },
            }),
          ),
        ),
      );
      await measure(
        'conditional PutItem, 16 in flight',
        rate(16, OPS, 1, () =>
          doc.send(
            new PutCommand({
              TableName: 'posts',
              Item: post(),
              ConditionExpression: 'attribute_not_exists(id)',
            }),
          ),
        ),
      );
      await measure(
        'UpdateItem ADD on GSI-indexed counters, 16 in flight',
        rate(16, OPS, 1, (i) => doc.send(new UpdateCommand(counter(i)))),
      );
      const firstMarked = id;
      await measure(
        'TransactWriteItems, 100 conditional markers per call, 1 in flight (Persist)',
        rate(1, OPS / 100, 100, (i) =>
          doc.send(
            new TransactWriteCommand({
              TransactItems: Array.from({ length: 100 }, (_, j) => ({
                Update: {
                  TableName: 'posts',
                  Key: { id: `p${firstMarked - OPS + ((i * 100 + j) % OPS)}` },
                  UpdateExpression: 'SET countedAt = :n, sentiment = :s',
                  ConditionExpression: 'attribute_exists(id) AND attribute_not_exists(countedAt)',
                  ExpressionAttributeValues: { ':n': 'now', ':s': 'POSITIVE' },
                },
              })),
            }),
          ),
        ),
      );
      // Conditional puts that are not transactional yet share a request: each INSERT fails on
      // its own when the id exists (DuplicateItem), billed as a standard write.
      const insertIds: string[] = [];
      await measure(
        'BatchExecuteStatement, 25 INSERTs per call, 4 in flight',
        rate(4, OPS / 25, 25, async () => {
          const statements = Array.from({ length: 25 }, () => {
            const p = post();
            insertIds.push(p.id);
            return {
              Statement:
                "INSERT INTO \"posts\" VALUE {'id': ?, 'text': ?, 'lang': ?, 'hashtags': ?}",
              Parameters: [p.id, p.text, p.lang, p.hashtags],
            };
          });
          const out = await doc.send(new BatchExecuteStatementCommand({ Statements: statements }));
          const errors = (out.Responses ?? []).filter((r) => r.Error);
          if (errors.length > 0) throw new Error(`INSERT failed: ${errors[0]?.Error?.Code}`);
        }),
      );
      // The same ids again: every INSERT must be refused on its own.
      const again = await doc.send(
        new BatchExecuteStatementCommand({
          Statements: insertIds.slice(0, 25).map((id) => ({
            Statement: 'INSERT INTO "posts" VALUE {\'id\': ?}',
            Parameters: [id],
          })),
        }),
      );
      const refused = (again.Responses ?? []).filter((r) => r.Error?.Code === 'DuplicateItem');
      if (refused.length !== 25)
        throw new Error(`expected 25 DuplicateItem, got ${refused.length}`);
    }
    const batch = results[0]![1];
    const marker = results[3]![1];
    const bound = 1 / (1 / batch + 1 / marker);
    console.log(
      JSON.stringify(
        {
          machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg() },
          itemsPerSecond: Object.fromEntries(results.map(([k, v]) => [k, Math.round(v)])),
          pipelineUpperBoundPostsPerSecond: Math.round(bound),
          note: 'one stored item (BatchWriteItem) and one transactional marker per post, with counters, feeds, stream reads and every other process costing nothing',
        },
        null,
        2,
      ),
    );
  } finally {
    await ddb.stop();
  }
}

await main();
