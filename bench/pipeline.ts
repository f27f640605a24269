/**
 * `npm run bench`: end-to-end throughput and freshness of the local stack, and requests per
 * 1,000 posts to each service (for cost estimates). Not a test: it measures, it does not judge.
 *
 *   npm run bench -- [--seconds 30] [--writers 4] [--rate 1000] [--out bench/results/latest.json]
 *                    [--posts-per-month 100000000] [--archive on|off|both] [--compare <git ref>]
 *                    [--warm-up 50] [--read-cache on|off]
 *
 * Freshness is read from GET /stats, whose answers the function keeps for their max-age (1 s), as
 * the API serves them; --read-cache off measures the pipeline alone (counts as soon as they are in
 * the table).
 *
 * --warm-up sends that many posts through the pipeline before measuring (default 50: the
 * functions are loaded); a few thousand measure a stack whose DynamoDB Local has compiled its
 * hot paths, as after a few minutes of a live stream.
 *
 * --rate caps what the writers offer, in posts/s (0 = as fast as PutRecords accepts them).
 * kinesalite does not throttle; a real shard takes 1,000 records/s, so the default offers what one
 * shard (the template's default StreamShardCount) would accept.
 *
 * At the end it prices the counts (bench/cost/): US dollars per million posts for both
 * SentimentEngine values. The functions run at the template's log level with metrics on, so
 * their log bytes are what CloudWatch Logs would ingest. --posts-per-month spreads the stream's
 * fixed hourly charge.
 *
 * --archive both runs the measurement twice on fresh stacks, ArchiveEnabled=false then true, and
 * compares their end-to-end throughput (the corpus's target: at least 90% of it off). With the
 * archive on, the cost tables include the corpus (bench/cost/archive.ts): Firehose and S3 from
 * what the stand-in received and wrote, and Athena running each named query over a month of
 * posts at the run's rate.
 *
 * --compare <git ref> runs this benchmark of <ref> and then of this checkout, back to back with the
 * same options, and prints the ratios (bench/compare.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findRepoRoot } from '../local/paths';
import { startLocalStack, type StackCounters } from '../local/stack';
import { parseAndNormalize } from '../functions/domain/normalize';
import { MODEL_LANGUAGES } from '../functions/nlp/engine/languages';
import { createDemoGenerator, type DemoRecord } from '../sources/demo/generator';
import { createKinesisClient } from '../functions/shared/aws/kinesis';
import { createKinesisWriter } from '../functions/social/kinesis/writer';
import { loadTemplateFile } from '../local/template';
import { globalLogLevel, priceRun } from './cost/price-run';
import { KB, PRICES } from './cost/prices';
import { formatCostTables } from './cost/table';
import { startCountingProxy, type CountingProxy } from './counting-proxy';
import { startLogCapture } from './log-capture';
import { comprehendUnits, percentile, type Ack, type Sample, freshnessOf } from './measure';
import { bytesPerPostByQuery, weighArchive, type ArchiveWeight } from './archive-measure';
import { athenaMonth, laterMonthStorageUsd } from './cost/archive';
import { loadNamedQueries } from '../local/query/locate';
import { pairsOption, runComparison } from './compare';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    writers: { type: 'string', default: '4' },
    rate: { type: 'string', default: '1000' },
    out: { type: 'string', default: 'bench/results/latest.json' },
    'drain-seconds': { type: 'string', default: '120' },
    'warm-up': { type: 'string', default: '50' },
    'read-cache': { type: 'string', default: 'on' },
    'posts-per-month': { type: 'string', default: '100000000' },
    archive: { type: 'string', default: 'on' },
    compare: { type: 'string' },
    pairs: { type: 'string' },
  },
});
if (!['on', 'off', 'both'].includes(values.archive)) {
  console.error('--archive must be on, off or both');
  process.exit(1);
}
const seconds = Number(values.seconds);
const writers = Number(values.writers);
const rate = Number(values.rate);
const drainSeconds = Number(values['drain-seconds']);
const warmUpPosts = Number(values['warm-up']);
const readCache = values['read-cache'] !== 'off';
const postsPerMonth = Number(values['posts-per-month']);
if (!(seconds > 0) || !(writers >= 1) || !(rate >= 0) || !(postsPerMonth > 0)) {
  console.error('Usage: npm run bench -- [--seconds 30] [--writers 4] [--rate 1000 | 0]');
  process.exit(1);
}

const BATCH = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

interface UnitTally {
  posts: number;
  detectLanguage: number;
  detectSentiment: number;
  /** Records put, whatever their content. */
  records: number;
  putPayloadUnits: number;
  onDemandBilledBytes: number;
}

/** Invocations and billed ms (1 ms granularity) per function, from the runtime's onInvoked. */
interface DurationTally {
  invocations: Record<string, number>;
  billedMs: Record<string, number>;
}

const SETTLE_MS = 60_000;
const SYNC_EXECUTION = 'AWSStepFunctions.StartSyncExecution';

async function runOnce(archive: boolean) {
  const root = findRepoRoot();
  const raw = loadTemplateFile(join(root, 'template.yaml'));
  const proxies: Partial<Record<'dynamodb' | 'kinesis' | 'stepfunctions', CountingProxy>> = {};
  const durations: DurationTally = { invocations: {}, billedMs: {} };
  const logs = startLogCapture(join(root, '.data', 'bench', 'function-logs.jsonl'));
  const started = now();
  const stack = await startLocalStack({
    source: 'none',
    quiet: true,
    runtimeFile: false,
    parameterOverrides: { ArchiveEnabled: archive ? 'true' : 'false' },
    // As deployed: the template's log level and Powertools metrics on, so log bytes are real.
    logLevel: globalLogLevel(raw) ?? 'INFO',
    metrics: true,
    ...(readCache ? {} : { functionEnvironment: { READ_CACHE: 'off' } }),
    interpose: {
      dynamodb: async (target) => (proxies.dynamodb = await startCountingProxy(target)).endpoint,
      kinesis: async (target) => (proxies.kinesis = await startCountingProxy(target)).endpoint,
      stepfunctions: async (target) =>
        (proxies.stepfunctions = await startCountingProxy(target, {
          roundUpMs: PRICES.stepFunctionsExpress.billingGranularityMs,
        })).endpoint,
    },
    onInvoked: (id, ms) => {
      durations.invocations[id] = (durations.invocations[id] ?? 0) + 1;
      durations.billedMs[id] =
        (durations.billedMs[id] ?? 0) + Math.ceil(ms / PRICES.lambda.billingGranularityMs);
    },
  });
  console.error(`Stack ready in ${((now() - started) / 1000).toFixed(1)} s; warming up...`);
  const stream = Object.values(stack.resources.streams)[0];
  if (!stream) throw new Error('template.yaml defines no Kinesis stream');

  const readPosts = async (): Promise<number> => {
    const r = await fetch(`${stack.url}/api/stats`);
    return r.ok ? ((await r.json()) as { posts: number }).posts : NaN;
  };

  // Warm-up: posts through the whole pipeline, so cold starts are not measured. A few (the
  // default) load the functions; thousands also let DynamoDB Local's JIT compile its hot paths,
  // which takes its first 10-15 s under load: what a stack that has run for a while measures.
  const warm = createDemoGenerator({ seed: 999 });
  const warmClient = createKinesisClient({ endpoint: stack.endpoints.kinesis });
  const warmWriter = createKinesisWriter({ client: warmClient, streamName: stream.name });
  for (let i = 0; i < warmUpPosts; i++) await warmWriter.put(warm.next());
  await warmWriter.close();
  warmClient.destroy();
  const warmDeadline = Date.now() + 60_000 + warmUpPosts * 10;
  let baseline = 0;
  while (Date.now() < warmDeadline && (baseline = await readPosts()) < warmUpPosts) {
    await sleep(200);
  }
  await sleep(1500);
  baseline = await readPosts();
  console.error(`Warm-up counted ${baseline} posts; measuring for ${seconds} s...`);

  const before: StackCounters = stack.counters();
  const proxyBefore = {
    dynamodb: proxies.dynamodb?.counts(),
    kinesis: proxies.kinesis?.counts(),
    stepfunctions: proxies.stepfunctions?.counts(),
  };
  const durationsBefore = structuredClone(durations);
  const logsBefore = logs.tally();

  const acks: Ack[] = [];
  const samples: Sample[] = [];
  let accepted = 0;
  let failed = 0;
  const units: UnitTally = {
    posts: 0,
    detectLanguage: 0,
    detectSentiment: 0,
    records: 0,
    putPayloadUnits: 0,
    onDemandBilledBytes: 0,
  };
  const t0 = now();
  const sendUntil = t0 + seconds * 1000;
  let sending = true;

  // Stats sampler: ~every 100 ms, until everything sent is visible or the drain budget ends.
  const sampler = (async () => {
    let lastChange = now();
    let last = -1;
    for (;;) {
      const t = now();
      const posts = (await readPosts()) - baseline;
      samples.push({ t, posts });
      if (samples.length % 50 === 0) {
        console.error(
          `  ${((t - t0) / 1000).toFixed(0).padStart(4)} s  accepted ${accepted}  counted ${posts}`,
        );
      }
      if (posts !== last) lastChange = t;
      last = posts;
      if (!sending) {
        if (posts >= accepted) return;
        if (t - lastChange > 20_000 || t > sendUntil + drainSeconds * 1000) return;
      }
      await sleep(Math.max(0, 100 - (now() - t)));
    }
  })();

  const perWriterRate = rate > 0 ? rate / writers : 0;
  const writerLoops = Array.from({ length: writers }, async (_, w) => {
    const generator = createDemoGenerator({ seed: 1000 + w });
    const client = createKinesisClient({ endpoint: stack.endpoints.kinesis });
    let sentBefore = 0;
    const writer = createKinesisWriter({
      client,
      streamName: stream.name,
      onStats: (s) => {
        const n = s.sent - sentBefore;
        sentBefore = s.sent;
        if (n > 0) {
          accepted += n;
          acks.push({ t: now(), cumulative: accepted, n });
        }
      },
      onFailure: (records) => {
        failed += records.length;
      },
    });
    const batchSize =
      perWriterRate > 0 ? Math.max(1, Math.min(BATCH, Math.round(perWriterRate / 5))) : BATCH;
    let offered = 0;
    const start = now();
    while (now() < sendUntil) {
      if (perWriterRate > 0) {
        const due = ((now() - start) / 1000) * perWriterRate;
        if (offered >= due) {
          await sleep(Math.min(50, ((offered - due) / perWriterRate) * 1000));
          continue;
        }
      }
      const records: DemoRecord[] = [];
      for (let i = 0; i < batchSize; i++) records.push(generator.next());
      for (const r of records) tally(units, r);
      offered += records.length;
      for (const r of records) await writer.put(r);
      await writer.flush();
    }
    await writer.close();
    client.destroy();
  });
  await Promise.all(writerLoops);
  const sendEnd = now();
  sending = false;
  await sampler;
  // Counted posts are visible before the invocations that counted them have returned.
  await settled(stack, durations, SETTLE_MS);
  const after = stack.counters();
  const proxyAfter = {
    dynamodb: proxies.dynamodb?.counts(),
    kinesis: proxies.kinesis?.counts(),
    stepfunctions: proxies.stepfunctions?.counts(),
  };
  const durationsAfter = structuredClone(durations);
  const logsAfter = logs.tally();
  // The corpus: what Persist put into Firehose, and the Parquet it became.
  let archiveTotals: { records: number; bytes: number; billedBytes: number } | undefined;
  let weight: ArchiveWeight | undefined;
  if (stack.archive?.tableDir) {
    await stack.archive.flush();
    archiveTotals = stack.archive.stats();
    weight = await weighArchive(stack.archive.tableDir);
  }
  await stack.stop();
  await Promise.all(Object.values(proxies).map((p) => p.stop()));
  await logs.stop();

  const lastSample = samples[samples.length - 1];
  const counted = lastSample?.posts ?? 0;
  const allVisibleAt = samples.find((s) => s.posts >= accepted)?.t;
  const visibleAtSendEnd = [...samples].reverse().find((s) => s.t <= sendEnd)?.posts ?? 0;
  const fresh = freshnessOf(acks, samples);
  const e2eSeconds = ((allVisibleAt ?? lastSample?.t ?? sendEnd) - t0) / 1000;

  // Per post that went all the way through; only exact when everything sent became visible.
  const per1000 = (n: number): number => (counted > 0 ? (n / counted) * 1000 : NaN);
  const diff = (a: Record<string, number> = {}, b: Record<string, number> = {}) =>
    Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - (b[k] ?? 0)]));
  const kinesisCalls = diff(proxyAfter.kinesis?.calls, proxyBefore.kinesis?.calls);
  const ddbCalls = diff(proxyAfter.dynamodb?.calls, proxyBefore.dynamodb?.calls);
  const invocations = diff(after.invocations, before.invocations);
  const rcu = (proxyAfter.dynamodb?.readUnits ?? 0) - (proxyBefore.dynamodb?.readUnits ?? 0);
  const wcu = (proxyAfter.dynamodb?.writeUnits ?? 0) - (proxyBefore.dynamodb?.writeUnits ?? 0);
  const capacityByOp = diff(proxyAfter.dynamodb?.capacity, proxyBefore.dynamodb?.capacity);
  const sfn = diff(after.stepFunctions, before.stepFunctions);
  const cost = priceRun({
    stack,
    raw,
    counted,
    invocations: diff(durationsAfter.invocations, durationsBefore.invocations),
    billedMs: diff(durationsAfter.billedMs, durationsBefore.billedMs),
    sfnExecutions: sfn.executions ?? 0,
    sfnBilledMs:
      (proxyAfter.stepfunctions?.billedMs[SYNC_EXECUTION] ?? 0) -
      (proxyBefore.stepfunctions?.billedMs[SYNC_EXECUTION] ?? 0),
    rcu,
    wcu,
    apiReadUnits: apiReads(
      stack,
      diff(proxyAfter.dynamodb?.capacityByTable, proxyBefore.dynamodb?.capacityByTable),
    ),
    logs: { before: logsBefore, after: logsAfter },
    units,
    postsPerMonth,
    ...(archiveTotals && weight && counted > 0
      ? {
          archive: {
            records: (archiveTotals.records / (counted + baseline)) * 1000,
            bytes: (archiveTotals.bytes / (counted + baseline)) * 1000,
            billedBytes: (archiveTotals.billedBytes / (counted + baseline)) * 1000,
            parquetBytes:
              (weight.parquetBytes / Math.max(1, weight.rows)) *
              1000 *
              (archiveTotals.records / (counted + baseline)),
          },
          athenaUsdPerMillionPosts: athenaMonth(
            bytesPerPostByQuery(weight, loadNamedQueries(root).values()),
            counted / e2eSeconds,
          ).usdPerMillionPosts,
        }
      : {}),
  });
  const athena =
    weight && counted > 0
      ? athenaMonth(
          bytesPerPostByQuery(weight, loadNamedQueries(root).values()),
          counted / e2eSeconds,
        )
      : undefined;

  const result = {
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? 'unknown',
      loadavgAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
      node: process.version,
      note: 'shared and noisy: other engineers may be running tests',
    },
    command: `npm run bench -- --seconds ${seconds} --writers ${writers} --rate ${rate} --archive ${values.archive} --warm-up ${warmUpPosts} --read-cache ${readCache ? 'on' : 'off'}`,
    config: { seconds, writers, rate, batch: BATCH, archive },
    posts: {
      accepted,
      failed,
      counted,
      acceptedPerSecond: accepted / ((sendEnd - t0) / 1000),
      countedPerSecondDuringSend: visibleAtSendEnd / ((sendEnd - t0) / 1000),
      endToEndPerSecond: counted / e2eSeconds,
      allVisible: allVisibleAt !== undefined,
      drainSeconds: allVisibleAt !== undefined ? (allVisibleAt - sendEnd) / 1000 : null,
    },
    freshnessMs: {
      p50: percentile(fresh, 0.5),
      p95: percentile(fresh, 0.95),
      max: percentile(fresh, 1),
      samples: samples.length,
    },
    per1000Posts: {
      basis:
        allVisibleAt !== undefined
          ? 'all sent posts were counted'
          : 'NOT all sent posts were counted: figures of the early stages are inflated (run with a lower --rate)',
      kinesis: {
        PutRecords:
          ((kinesisCalls['Kinesis_20131202.PutRecords'] ?? 0) / Math.max(1, accepted)) * 1000,
        GetRecords: per1000(kinesisCalls['Kinesis_20131202.GetRecords'] ?? 0),
      },
      lambdaInvocations: Object.fromEntries(
        Object.entries(invocations)
          .filter(([, v]) => v > 0)
          .map(([k, v]) => [k, per1000(v)]),
      ),
      stepFunctions: {
        executions: per1000(sfn.executions ?? 0),
        stateTransitions: per1000(sfn.stateTransitions ?? 0),
      },
      dynamodb: {
        readCapacityUnits: per1000(rcu),
        writeCapacityUnits: per1000(wcu),
        unitsByOperation: Object.fromEntries(
          Object.entries(capacityByOp).map(([k, v]) => [k, per1000(v)]),
        ),
        calls: Object.fromEntries(
          Object.entries(ddbCalls)
            .filter(([, v]) => v > 0)
            .map(([k, v]) => [k, per1000(v)]),
        ),
        itemsWritten: Object.fromEntries(
          Object.entries(
            diff(proxyAfter.dynamodb?.itemsWritten, proxyBefore.dynamodb?.itemsWritten),
          ).map(([k, v]) => [k, per1000(v)]),
        ),
        unmeteredCalls:
          (proxyAfter.dynamodb?.unmetered ?? 0) - (proxyBefore.dynamodb?.unmetered ?? 0),
        method:
          'measured: a proxy in front of DynamoDB Local adds ReturnConsumedCapacity=TOTAL to every data-plane request and sums the ConsumedCapacity it returns; TransactWriteItems, whose report DynamoDB Local limits to one item, are billed from the request as AWS bills them, 2 units per KB of each item and their global secondary index writes at the standard rate (bench/write-units.ts); failed calls report none',
      },
      comprehend: {
        stepFunctionsUnits: per1000(sfn.comprehendUnits ?? 0),
        builtinEquivalent: {
          detectDominantLanguage: (units.detectLanguage / Math.max(1, units.posts)) * 1000,
          detectSentiment: (units.detectSentiment / Math.max(1, units.posts)) * 1000,
          method:
            'estimated from the posts offered: 1 unit per 100 characters, at least 3 per document; language detection for posts without a language, sentiment for posts in a language the engine supports',
        },
      },
    },
    profile: {
      note: 'summed round-trip ms per operation through the counting proxies (concurrent calls overlap): where the time goes',
      dynamodbMs: roundAll(diff(proxyAfter.dynamodb?.ms, proxyBefore.dynamodb?.ms)),
      kinesisMs: roundAll(diff(proxyAfter.kinesis?.ms, proxyBefore.kinesis?.ms)),
    },
    note: 'StatsFunction invocations include the ~10/s GET /api/stats polls of the benchmark itself.',
    archive: weight
      ? {
          firehose: archiveTotals,
          parquet: {
            rows: weight.rows,
            distinctPosts: weight.distinctPosts,
            bytesPerRow: weight.parquetBytes / Math.max(1, weight.rows),
            columnBytes: weight.columnBytes,
          },
          laterMonthStorageUsdPerMillionPosts:
            archiveTotals && counted > 0
              ? laterMonthStorageUsd({
                  records: 0,
                  bytes: 0,
                  billedBytes: 0,
                  parquetBytes: (weight.parquetBytes / Math.max(1, weight.rows)) * 1000,
                })
              : null,
          athenaMonth: athena,
        }
      : null,
    cost: {
      ...cost.inputs,
      dynamodbUnitsByTable: roundAll(
        diff(proxyAfter.dynamodb?.capacityByTable, proxyBefore.dynamodb?.capacityByTable),
      ),
      reports: cost.reports,
    },
  };

  return { result, cost };
}

async function main(): Promise<void> {
  const root = findRepoRoot();
  if (values.compare !== undefined) {
    await runComparison(root, values.compare, process.argv.slice(2), pairsOption(values.pairs));
    return;
  }
  const modes = values.archive === 'both' ? [false, true] : [values.archive === 'on'];
  const runs: Awaited<ReturnType<typeof runOnce>>[] = [];
  for (const archive of modes) {
    console.error(`\n=== ArchiveEnabled=${archive} ===`);
    runs.push(await runOnce(archive));
  }
  const last = runs[runs.length - 1]!;
  const comparison =
    runs.length === 2
      ? {
          offPostsPerSecond: runs[0]!.result.posts.endToEndPerSecond,
          onPostsPerSecond: runs[1]!.result.posts.endToEndPerSecond,
          ratio: runs[1]!.result.posts.endToEndPerSecond / runs[0]!.result.posts.endToEndPerSecond,
          target: 0.9,
        }
      : undefined;
  const out = resolve(root, values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify(runs.length === 1 ? last.result : { runs: runs.map((r) => r.result), comparison }, null, 2)}\n`,
  );
  for (const r of runs) {
    console.log(`\n--- ArchiveEnabled=${r.result.config.archive}`);
    printTable(r.result);
  }
  if (comparison) {
    console.log(
      `\nEnd-to-end throughput: ${comparison.offPostsPerSecond.toFixed(1)} posts/s with the archive off, ${comparison.onPostsPerSecond.toFixed(1)} on: ${(comparison.ratio * 100).toFixed(0)}% (target >= 90%)`,
    );
  }
  const athena = last.result.archive?.athenaMonth;
  if (athena) {
    console.log(
      `\nAthena, each named query once over a month of posts at ${athena.postsPerSecond.toFixed(1)} posts/s (${Math.round(athena.postsPerMonth).toLocaleString('en-US')} posts):`,
    );
    for (const q of athena.queries) {
      console.log(
        `  ${q.name.padEnd(36)} ${(q.bytesScanned / 1024 ** 3).toFixed(2).padStart(8)} GB scanned  $${q.usd.toFixed(4)}`,
      );
    }
  }
  console.log(`\n${formatCostTables(last.cost.reports)}`);
  console.log(`\nJSON: ${values.out}`);
}

/** Waits until every invocation that started has returned (onInvoked), or `ms` passed. */
async function settled(
  stack: { counters(): StackCounters },
  durations: DurationTally,
  ms: number,
): Promise<void> {
  const deadline = Date.now() + ms;
  const pending = (): boolean =>
    Object.entries(stack.counters().invocations).some(
      ([id, n]) => n > (durations.invocations[id] ?? 0),
    );
  while (pending() && Date.now() < deadline) await sleep(200);
}

/**
 * Read units of the read API answering the benchmark's own polls: its GetItem and Query calls on
 * the StatsTable. They are per dashboard view, not per post; no pipeline step reads the
 * StatsTable (Persist only writes it), so nothing of the pipeline is left out with them.
 */
function apiReads(
  stack: { resources: { tables: Record<string, { name: string }> } },
  byTable: Record<string, number>,
): number {
  const stats = stack.resources.tables.StatsTable?.name;
  return ['GetItem', 'Query'].reduce((sum, op) => sum + (byTable[`${stats} ${op}`] ?? 0), 0);
}

const roundAll = (o: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v)]));

function tally(u: UnitTally, r: DemoRecord): void {
  const bytes =
    Buffer.byteLength(JSON.stringify(r.data), 'utf8') + Buffer.byteLength(r.partitionKey, 'utf8');
  u.records++;
  u.putPayloadUnits += Math.ceil(bytes / PRICES.kinesis.provisioned.putPayloadUnitBytes);
  u.onDemandBilledBytes += Math.ceil(bytes / KB) * KB;
  const parsed = parseAndNormalize(JSON.stringify(r.data));
  if (!parsed.ok) return;
  u.posts++;
  const docUnits = comprehendUnits(parsed.post.text);
  if (!parsed.post.lang) u.detectLanguage += docUnits;
  if ((MODEL_LANGUAGES as readonly string[]).includes(parsed.post.lang ?? r.meta.lang))
    u.detectSentiment += docUnits;
}

function printTable(r: {
  machine: { cpus: number; model: string; loadavgAtEnd: number[] };
  command: string;
  posts: Record<string, number | boolean | null>;
  freshnessMs: Record<string, number>;
  per1000Posts: Record<string, unknown>;
  profile: { dynamodbMs: Record<string, number>; kinesisMs: Record<string, number> };
}): void {
  const fmt = (v: unknown): string =>
    typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(1)) : String(v);
  const rows: [string, string][] = [
    [
      'machine',
      `${r.machine.cpus} cores (${r.machine.model}), load ${r.machine.loadavgAtEnd.join(' ')}`,
    ],
    ['command', r.command],
    ...Object.entries(r.posts).map(([k, v]): [string, string] => [`posts.${k}`, fmt(v)]),
    ...Object.entries(r.freshnessMs).map(([k, v]): [string, string] => [
      `freshness ${k} (ms)`,
      fmt(v),
    ]),
  ];
  const flatten = (prefix: string, o: unknown): void => {
    if (o && typeof o === 'object') {
      for (const [k, v] of Object.entries(o)) flatten(prefix ? `${prefix}.${k}` : k, v);
    } else if (typeof o === 'number' || prefix === 'basis')
      rows.push([`per 1,000 posts: ${prefix}`, fmt(o)]);
  };
  flatten('', r.per1000Posts);
  const profileRows = rows.length;
  flatten('', { dynamodbMs: r.profile.dynamodbMs, kinesisMs: r.profile.kinesisMs });
  for (let i = profileRows; i < rows.length; i++) {
    const row = rows[i];
    if (row) row[0] = row[0].replace('per 1,000 posts: ', 'time spent (ms): ');
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
