/**
 * Dollars per million posts from what the benchmark counted per 1,000 posts. Pure: the counts
 * come in, the price table (./prices) and the options decide the rest, so the figures can be
 * checked by hand (tests/unit/bench/cost.test.ts).
 */
import { archiveCostLines, type ArchiveUsage } from './archive';
import { ASSUMPTIONS, GB, PRICES } from './prices';

export type SentimentEngine = 'builtin' | 'comprehend';
export type StreamMode = 'PROVISIONED' | 'ON_DEMAND';

/** One Lambda function's use per 1,000 posts. */
export interface LambdaUsage {
  /** Template logical id. */
  name: string;
  /** MemorySize from template.yaml. */
  memoryMb: number;
  invocations: number;
  /** Sum of each invocation's duration rounded up to Lambda's 1 ms billing granularity. */
  billedMs: number;
  /** Exists only with SentimentEngine=builtin (the in-Lambda Comprehend stand-ins). */
  builtinOnly?: boolean;
  /** Invoked by an event source mapping, so each invocation starts an X-Ray trace. */
  traceRoot?: boolean;
}

/** What one run of the pipeline used, per 1,000 posts that went all the way through. */
export interface UsagePer1000Posts {
  kinesis: {
    /** PUT payload units: per record, one per started 25 KB. */
    putPayloadUnits: number;
    /** Bytes on-demand mode bills: each record rounded up to the next 1 KB. */
    onDemandBilledBytes: number;
  };
  lambda: LambdaUsage[];
  stepFunctions: {
    executions: number;
    /** Sum of each execution's duration rounded up to 100 ms. */
    billedMs: number;
  };
  dynamodb: { writeUnits: number; readUnits: number };
  /** Units Comprehend would bill for these posts' texts (see measure.ts comprehendUnits). */
  comprehend: { detectDominantLanguageUnits: number; detectSentimentUnits: number };
  /** Bytes the functions wrote to stdout/stderr (their CloudWatch Logs), platform lines excluded. */
  logs: { functionBytes: number };
  /** The corpus (ArchiveEnabled=true): Firehose, S3 (bench/cost/archive.ts). */
  archive?: ArchiveUsage;
  /** Athena running the named queries once over a month of posts, per million posts. */
  athenaUsdPerMillionPosts?: number;
}

export interface CostOptions {
  engine: SentimentEngine;
  streamMode?: StreamMode;
  /** Shards when PROVISIONED (the template's StreamShardCount). */
  shards?: number;
  /** Monthly volume the fixed per-hour stream charge is spread over. */
  postsPerMonth?: number;
  platformLogBytesPerInvocation?: number;
}

/**
 * Where a line's quantity comes from: counted by the benchmark on the local stack, computed from
 * the posts sent (their sizes and text lengths), or an assumption stated in prices.ts.
 */
export type Basis = 'measured' | 'from posts' | 'assumed';

export interface CostLine {
  service: string;
  item: string;
  /** Billed quantity per million posts, in `unit`. */
  quantity: number;
  unit: string;
  /** USD per million posts. */
  usd: number;
  basis: Basis;
}

export interface CostReport {
  engine: SentimentEngine;
  /** Biggest first. */
  lines: CostLine[];
  totalUsd: number;
  targetUsd: number;
  withinTarget: boolean;
}

/** Issue 7's targets, USD per million posts. */
export const TARGET_USD: Record<SentimentEngine, number> = { builtin: 10, comprehend: 320 };

const PER_MILLION = 1000; // usage is per 1,000 posts

export function costPerMillionPosts(usage: UsagePer1000Posts, opts: CostOptions): CostReport {
  const streamMode = opts.streamMode ?? 'PROVISIONED';
  const shards = opts.shards ?? 1;
  const millionsPerMonth = (opts.postsPerMonth ?? ASSUMPTIONS.postsPerMonth) / 1e6;
  const platformBytes =
    opts.platformLogBytesPerInvocation ?? ASSUMPTIONS.platformLogBytesPerInvocation;
  const lines: CostLine[] = [];
  const add = (line: CostLine): void => void lines.push(line);

  // Kinesis
  const k = PRICES.kinesis;
  if (streamMode === 'PROVISIONED') {
    const shardHours = (shards * ASSUMPTIONS.hoursPerMonth) / millionsPerMonth;
    add({
      service: 'Kinesis',
      item: `shard-hours (${shards} shard${shards === 1 ? '' : 's'}, spread over ${millionsPerMonth} M posts/month)`,
      quantity: shardHours,
      unit: 'shard-hours',
      usd: shardHours * k.provisioned.shardHour,
      basis: 'assumed',
    });
    const units = usage.kinesis.putPayloadUnits * PER_MILLION;
    add({
      service: 'Kinesis',
      item: 'PUT payload units',
      quantity: units,
      unit: 'units',
      usd: units * k.provisioned.putPayloadUnit,
      basis: 'from posts',
    });
  } else {
    const streamHours = ASSUMPTIONS.hoursPerMonth / millionsPerMonth;
    add({
      service: 'Kinesis',
      item: `stream-hours (on-demand, spread over ${millionsPerMonth} M posts/month)`,
      quantity: streamHours,
      unit: 'stream-hours',
      usd: streamHours * k.onDemand.streamHour,
      basis: 'assumed',
    });
    const gb = (usage.kinesis.onDemandBilledBytes * PER_MILLION) / GB;
    add({
      service: 'Kinesis',
      item: 'data ingested (records rounded up to 1 KB)',
      quantity: gb,
      unit: 'GB',
      usd: gb * k.onDemand.ingestedGb,
      basis: 'from posts',
    });
    // One consumer (the Ingest mapping) reads every record once.
    add({
      service: 'Kinesis',
      item: 'data retrieved by the Ingest mapping',
      quantity: gb,
      unit: 'GB',
      usd: gb * k.onDemand.retrievedGb,
      basis: 'from posts',
    });
  }

  // Lambda
  const l = PRICES.lambda;
  const functions = usage.lambda.filter((f) => opts.engine === 'builtin' || !f.builtinOnly);
  const invocations = functions.reduce((s, f) => s + f.invocations, 0) * PER_MILLION;
  add({
    service: 'Lambda',
    item: `requests (${functions.length} functions)`,
    quantity: invocations,
    unit: 'requests',
    usd: invocations * l.request,
    basis: 'measured',
  });
  for (const f of functions) {
    const gbSeconds = (f.billedMs / 1000) * (f.memoryMb / 1024) * PER_MILLION;
    add({
      service: 'Lambda',
      item: `duration ${f.name} (${f.memoryMb} MB, arm64)`,
      quantity: gbSeconds,
      unit: 'GB-s',
      usd: gbSeconds * l.gbSecondArm64,
      basis: 'measured',
    });
  }

  // Step Functions Express: billed by requests and GB-seconds; transitions are free.
  const s = PRICES.stepFunctionsExpress;
  const executions = usage.stepFunctions.executions * PER_MILLION;
  add({
    service: 'Step Functions',
    item: 'Express requests',
    quantity: executions,
    unit: 'requests',
    usd: executions * s.request,
    basis: 'measured',
  });
  const sfnGbSeconds = (usage.stepFunctions.billedMs / 1000) * (s.memoryMb / 1024) * PER_MILLION;
  add({
    service: 'Step Functions',
    item: `Express duration (${s.memoryMb} MB)`,
    quantity: sfnGbSeconds,
    unit: 'GB-s',
    usd: sfnGbSeconds * s.gbSecond,
    basis: 'measured',
  });

  // DynamoDB on-demand
  const d = PRICES.dynamodb;
  const wru = usage.dynamodb.writeUnits * PER_MILLION;
  const rru = usage.dynamodb.readUnits * PER_MILLION;
  add({
    service: 'DynamoDB',
    item: 'write request units',
    quantity: wru,
    unit: 'WRU',
    usd: wru * d.writeRequestUnit,
    basis: 'measured',
  });
  add({
    service: 'DynamoDB',
    item: 'read request units',
    quantity: rru,
    unit: 'RRU',
    usd: rru * d.readRequestUnit,
    basis: 'measured',
  });

  // Comprehend: the builtin engine runs in Lambda instead (its duration is counted above).
  if (opts.engine === 'comprehend') {
    const c = PRICES.comprehend;
    for (const [item, units] of [
      ['DetectSentiment units', usage.comprehend.detectSentimentUnits],
      ['DetectDominantLanguage units', usage.comprehend.detectDominantLanguageUnits],
    ] as const) {
      add({
        service: 'Comprehend',
        item,
        quantity: units * PER_MILLION,
        unit: 'units',
        usd: units * PER_MILLION * c.unit,
        basis: 'from posts',
      });
    }
  }

  // CloudWatch Logs: what the functions print, plus Lambda's own lines per invocation.
  const logGb = (usage.logs.functionBytes * PER_MILLION) / GB;
  add({
    service: 'CloudWatch Logs',
    item: 'ingestion, function log lines and metrics (EMF)',
    quantity: logGb,
    unit: 'GB',
    usd: logGb * PRICES.cloudwatchLogs.ingestedGb,
    basis: 'measured',
  });
  const platformGb = (invocations * platformBytes) / GB;
  add({
    service: 'CloudWatch Logs',
    item: `ingestion, Lambda platform lines (${platformBytes} B per invocation)`,
    quantity: platformGb,
    unit: 'GB',
    usd: platformGb * PRICES.cloudwatchLogs.ingestedGb,
    basis: 'assumed',
  });

  // X-Ray (Tracing: Active): at most one trace per event-source invocation; the workflow
  // steps join their caller's trace.
  const traces = functions
    .filter((f) => f.traceRoot)
    .reduce((sum, f) => sum + f.invocations * PER_MILLION, 0);
  add({
    service: 'X-Ray',
    item: 'traces recorded (upper bound: every event-source invocation sampled)',
    quantity: traces,
    unit: 'traces',
    usd: traces * PRICES.xray.traceRecorded,
    basis: 'assumed',
  });

  if (usage.archive) {
    lines.push(...archiveCostLines(usage.archive, opts.postsPerMonth ?? ASSUMPTIONS.postsPerMonth));
  }
  if (usage.athenaUsdPerMillionPosts !== undefined) {
    add({
      service: 'Athena',
      item: 'the named queries, each once over a month of posts at the bench rate',
      quantity: 1,
      unit: 'month',
      usd: usage.athenaUsdPerMillionPosts,
      basis: 'measured',
    });
  }

  lines.sort((a, b) => b.usd - a.usd);
  const totalUsd = lines.reduce((sum, line) => sum + line.usd, 0);
  const targetUsd = TARGET_USD[opts.engine];
  return { engine: opts.engine, lines, totalUsd, targetUsd, withinTarget: totalUsd <= targetUsd };
}

/** The fewest lines, biggest first, that make up at least `share` of the total. */
export function biggestLines(report: CostReport, share = 0.8): CostLine[] {
  const out: CostLine[] = [];
  let sum = 0;
  for (const line of report.lines) {
    if (sum >= share * report.totalUsd || line.usd <= 0) break;
    out.push(line);
    sum += line.usd;
  }
  return out;
}
