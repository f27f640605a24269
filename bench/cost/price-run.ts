/** Glue between one benchmark run and the cost model: template facts in, both engines priced. */
import type { LocalStack } from '../../local/stack';
import type { RawTemplate } from '../../local/template';
import type { LogTally } from '../log-capture';
import type { ArchiveUsage } from './archive';
import { costPerMillionPosts, type CostReport, type StreamMode } from './model';
import { type FunctionFacts, type MeasuredRun, usagePer1000Posts } from './usage';
import type { UsagePer1000Posts } from './model';

export interface RunTotals {
  stack: Pick<LocalStack, 'template'>;
  raw: RawTemplate;
  counted: number;
  invocations: Record<string, number>;
  billedMs: Record<string, number>;
  sfnExecutions: number;
  sfnBilledMs: number;
  rcu: number;
  wcu: number;
  apiReadUnits: number;
  logs: { before: LogTally; after: LogTally };
  units: {
    records: number;
    posts: number;
    putPayloadUnits: number;
    onDemandBilledBytes: number;
    detectLanguage: number;
    detectSentiment: number;
  };
  postsPerMonth: number;
  /** With ArchiveEnabled=true: what the corpus took per 1,000 posts, and Athena's month. */
  archive?: ArchiveUsage;
  athenaUsdPerMillionPosts?: number;
}

export interface PricedRun {
  inputs: { usagePer1000Posts: UsagePer1000Posts; streamMode: StreamMode; shards: number };
  reports: CostReport[];
}

export function functionFacts(
  stack: Pick<LocalStack, 'template'>,
  raw: RawTemplate,
): FunctionFacts[] {
  return stack.template.functions.map((f) => ({
    name: f.logicalId,
    memoryMb: f.memorySize,
    api: f.routes.length > 0,
    streamTriggered: f.streamEvents.length > 0,
    builtinOnly: raw.Resources[f.logicalId]?.Condition === 'UseBuiltin',
  }));
}

export function priceRun(t: RunTotals): PricedRun {
  const functions = functionFacts(t.stack, t.raw);
  // Log lines of the API functions answer the benchmark's polls, not posts.
  const apiNames = new Set(
    t.stack.template.functions.filter((f) => f.routes.length > 0).map((f) => f.name),
  );
  const logBytes = Object.entries(t.logs.after.byFunction)
    .filter(([name]) => !apiNames.has(name))
    .reduce((sum, [name, bytes]) => sum + bytes - (t.logs.before.byFunction[name] ?? 0), 0);
  const run: MeasuredRun = {
    counted: t.counted,
    functions,
    invocations: t.invocations,
    billedMs: t.billedMs,
    stepFunctions: { executions: t.sfnExecutions, billedMs: t.sfnBilledMs },
    dynamodb: { writeUnits: t.wcu, readUnits: t.rcu },
    apiReadUnits: t.apiReadUnits,
    logBytes,
    offered: {
      records: t.units.records,
      posts: t.units.posts,
      putPayloadUnits: t.units.putPayloadUnits,
      onDemandBilledBytes: t.units.onDemandBilledBytes,
      detectDominantLanguageUnits: t.units.detectLanguage,
      detectSentimentUnits: t.units.detectSentiment,
    },
  };
  const usage = {
    ...usagePer1000Posts(run),
    ...(t.archive ? { archive: t.archive } : {}),
    ...(t.athenaUsdPerMillionPosts !== undefined
      ? { athenaUsdPerMillionPosts: t.athenaUsdPerMillionPosts }
      : {}),
  };
  const streamMode: StreamMode =
    t.stack.template.parameters.StreamMode === 'ON_DEMAND' ? 'ON_DEMAND' : 'PROVISIONED';
  const shards = Number(t.stack.template.parameters.StreamShardCount ?? 1);
  const reports = (['builtin', 'comprehend'] as const).map((engine) =>
    costPerMillionPosts(usage, { engine, streamMode, shards, postsPerMonth: t.postsPerMonth }),
  );
  return { inputs: { usagePer1000Posts: usage, streamMode, shards }, reports };
}

/** POWERTOOLS_LOG_LEVEL of the template's Globals (what deployed functions log at). */
export function globalLogLevel(raw: RawTemplate): string | undefined {
  const globals = (raw as { Globals?: { Function?: { Environment?: { Variables?: unknown } } } })
    .Globals;
  const level = (globals?.Function?.Environment?.Variables as Record<string, unknown> | undefined)
    ?.POWERTOOLS_LOG_LEVEL;
  return typeof level === 'string' ? level : undefined;
}
