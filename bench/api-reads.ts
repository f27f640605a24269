/**
 * `npm run bench:api`: DynamoDB reads per API call of the dashboard, before the read cache
 * (READ_CACHE=off: every call reads what it always read) and after it: the first call, the same
 * call again within its max-age, and once that max-age has passed (rolling windows then re-read
 * only their open buckets; settled ones keep a minute). Not a test: it measures.
 *
 *   npm run bench:api -- [--posts 3000] [--hours 48]
 *
 * The local stack counts demo posts dated over the last --hours (so every hour bucket of the
 * 24 h window and the 24 h before it holds counters); then the API handlers run in this process,
 * the very modules Lambda runs, against the stack's DynamoDB Local through a counting proxy
 * (bench/counting-proxy.ts: requests per operation and the read capacity DynamoDB reports).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { ApiHandler } from '../functions/shared/http';
import { findRepoRoot } from '../local/paths';
import { startLocalStack, type LocalStack } from '../local/stack';
import { resolveTemplate } from '../local/template';
import { createDemoGenerator } from '../sources/demo/generator';
import { putRecords } from '../tests/support/stack-io';
import { startCountingProxy, type CountingProxy, type ProxyCounts } from './counting-proxy';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '3000' },
    hours: { type: 'string', default: '48' },
    out: { type: 'string', default: 'bench/results/api-reads.json' },
  },
});
const posts = Number(values.posts);
const hours = Number(values.hours);
if (!(posts > 0) || !(hours > 0)) {
  console.error('Usage: npm run bench:api -- [--posts 3000] [--hours 48]');
  process.exit(1);
}

const READ_OPS = ['Query', 'GetItem', 'BatchGetItem', 'Scan'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Reads {
  requests: number;
  readUnits: number;
}

function readsOf(c: ProxyCounts): Reads {
  const requests = Object.entries(c.calls)
    .filter(([target]) => READ_OPS.includes(target.split('.')[1] ?? ''))
    .reduce((sum, [, n]) => sum + n, 0);
  return { requests, readUnits: c.readUnits };
}

interface ApiCall {
  name: string;
  module: string;
  query?: Record<string, string>;
  path?: Record<string, string>;
}

/** What the dashboard asks every 5 s (frontend/src/app), and the review's example. */
function dashboardCalls(now: Date): ApiCall[] {
  const hour = 3_600_000;
  const from = new Date(Math.floor(now.getTime() / hour) * hour - 23 * hour).toISOString();
  return [
    {
      name: 'GET /hashtags?window=24h&limit=100',
      module: 'hashtags',
      query: { window: '24h', limit: '100' },
    },
    {
      name: 'GET /hashtags?window=24h&limit=10',
      module: 'hashtags',
      query: { window: '24h', limit: '10', sort: 'mentions' },
    },
    {
      name: 'GET /locations?window=24h&limit=500',
      module: 'locations',
      query: { window: '24h', limit: '500' },
    },
    {
      name: 'GET /hashtags/_all/timeline?granularity=hour (24 h)',
      module: 'timeline',
      query: { granularity: 'hour', from, to: now.toISOString() },
      path: { tag: '_all' },
    },
    { name: 'GET /posts?limit=20', module: 'posts', query: { limit: '20' } },
    { name: 'GET /stats', module: 'stats' },
  ];
}

const context = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 } as Context;

function eventOf(call: ApiCall): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: call.name,
    rawPath: '/',
    rawQueryString: new URLSearchParams(call.query ?? {}).toString(),
    headers: {},
    ...(call.query ? { queryStringParameters: call.query } : {}),
    ...(call.path ? { pathParameters: call.path } : {}),
    requestContext: { http: { method: 'GET' }, requestId: 'bench' },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

async function fill(stack: LocalStack): Promise<number> {
  const spreadMs = hours * 3_600_000;
  const start = Date.now();
  let i = 0;
  // Each reading of the generator's clock strides through the span (7919 is prime), so the
  // posts spread evenly over it; a minute of margin keeps them clear of the future.
  const generator = createDemoGenerator({
    seed: 7,
    now: () => new Date(start - 60_000 - ((i++ * 7919) % posts) * (spreadMs / posts)),
  });
  const records = Array.from({ length: posts }, () => generator.next());
  await putRecords(stack, records);
  let counted = -1;
  let changedAt = Date.now();
  for (;;) {
    const res = await fetch(`${stack.url}/api/stats`);
    const { posts: now } = (await res.json()) as { posts: number };
    if (now !== counted) [counted, changedAt] = [now, Date.now()];
    if (now >= posts || Date.now() - changedAt > 20_000) return now;
    await sleep(1000);
  }
}

async function main(): Promise<void> {
  const root = findRepoRoot();
  let proxy: CountingProxy | undefined;
  console.error(`Starting the local stack, then counting ${posts} demo posts over ${hours} h...`);
  const stack = await startLocalStack({
    root,
    port: 0,
    source: 'none',
    quiet: true,
    runtimeFile: false,
    interpose: {
      dynamodb: async (target) => (proxy = await startCountingProxy(target)).endpoint,
    },
  });
  try {
    const counted = await fill(stack);
    // The handlers run here, as in Lambda: the template's variables, the SDK pointed at the proxy.
    // The readers sum as many hot-counter shards as the stack's functions write (HotCounterShards).
    const api = resolveTemplate({ root, skipDefinitions: true }).functions.find(
      (f) => f.logicalId === 'HashtagsFunction',
    );
    Object.assign(process.env, {
      HOT_COUNTER_SHARDS: api?.environment.HOT_COUNTER_SHARDS ?? '1',
      STATS_TABLE: stack.resources.tables.StatsTable!.name,
      DLQ_URL: stack.resources.queues.DeadLetterQueue!.url,
      AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb,
      AWS_ENDPOINT_URL_SQS: stack.endpoints.sqs,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    const { clearReadCache } = await import('../functions/api/read-cache');
    const handlers: Record<string, ApiHandler> = {};
    for (const m of ['hashtags', 'locations', 'timeline', 'posts', 'stats']) {
      handlers[m] = ((await import(`../functions/api/${m}`)) as { handler: ApiHandler }).handler;
    }
    const calls = dashboardCalls(new Date());
    const measure = async (call: ApiCall): Promise<Reads> => {
      const before = readsOf(proxy!.counts());
      const res = await handlers[call.module]!(eventOf(call), context);
      if (res.statusCode !== 200) throw new Error(`${call.name}: ${res.statusCode} ${res.body}`);
      const after = readsOf(proxy!.counts());
      return {
        requests: after.requests - before.requests,
        readUnits: after.readUnits - before.readUnits,
      };
    };

    const rows = calls.map((c) => ({ call: c.name }) as Record<string, unknown>);
    process.env.READ_CACHE = 'off';
    for (const [i, c] of calls.entries()) rows[i]!.before = await measure(c);
    delete process.env.READ_CACHE;
    // Each call from an empty cache, so no call profits from another's reads here...
    for (const [i, c] of calls.entries()) {
      clearReadCache();
      rows[i]!.cold = await measure(c);
      rows[i]!.warm = await measure(c);
    }
    // ...and past the 5 s max-age of the live answers, within the minute settled buckets keep.
    clearReadCache();
    for (const c of calls) await measure(c);
    await sleep(5_500);
    for (const [i, c] of calls.entries()) rows[i]!.expired = await measure(c);

    const fmt = (r: unknown): string => {
      const { requests, readUnits } = r as Reads;
      return `${requests} / ${Math.round(readUnits * 10) / 10}`;
    };
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    console.log(
      `\nDynamoDB reads per API call: requests / read capacity units (DynamoDB Local's figures)`,
    );
    console.log(
      `${counted} posts counted over the last ${hours} h; ${cpus().length} cores, load average ${load}\n`,
    );
    console.log(
      '| call | before (no cache) | after: first call | after: again within max-age | after: max-age later |',
    );
    console.log('| --- | --- | --- | --- | --- |');
    for (const r of rows) {
      console.log(
        `| \`${String(r.call)}\` | ${fmt(r.before)} | ${fmt(r.cold)} | ${fmt(r.warm)} | ${fmt(r.expired)} |`,
      );
    }
    const out = join(root, values.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(
      out,
      `${JSON.stringify({ at: new Date().toISOString(), posts: counted, hours, loadavg: loadavg(), rows }, null, 2)}\n`,
    );
    console.log(`\nwritten to ${values.out}`);
  } finally {
    await stack.stop();
    await proxy?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
