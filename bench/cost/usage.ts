/** Turns the benchmark's raw deltas into the per-1,000-post usage the cost model prices. */
import type { LambdaUsage, UsagePer1000Posts } from './model';

/** What the template says about a function, as far as cost goes. */
export interface FunctionFacts {
  name: string;
  memoryMb: number;
  /** Has HttpApi routes: invoked per dashboard request, not per post. */
  api: boolean;
  /** Has a Kinesis or DynamoDB event source (starts X-Ray traces). */
  streamTriggered: boolean;
  /** Condition UseBuiltin: only deployed with SentimentEngine=builtin. */
  builtinOnly: boolean;
}

/** Totals over the measured window (not yet per post). */
export interface MeasuredRun {
  /** Posts that went all the way through (counted in the aggregates). */
  counted: number;
  functions: FunctionFacts[];
  invocations: Record<string, number>;
  /** Per function, each invocation's duration rounded up to 1 ms, summed. */
  billedMs: Record<string, number>;
  stepFunctions: { executions: number; billedMs: number };
  /** Capacity units DynamoDB reported, of every caller. */
  dynamodb: { writeUnits: number; readUnits: number };
  /** Read units the API functions spent answering the benchmark's own polls. */
  apiReadUnits: number;
  logBytes: number;
  /** Tallied over what the writers offered: `records` put, of which `posts` valid posts. */
  offered: {
    records: number;
    posts: number;
    putPayloadUnits: number;
    onDemandBilledBytes: number;
    detectDominantLanguageUnits: number;
    detectSentimentUnits: number;
  };
}

export function usagePer1000Posts(m: MeasuredRun): UsagePer1000Posts {
  const perCounted = (n: number): number => (m.counted > 0 ? (n / m.counted) * 1000 : NaN);
  const perRecord = (n: number): number =>
    m.offered.records > 0 ? (n / m.offered.records) * 1000 : NaN;
  const perOffered = (n: number): number =>
    m.offered.posts > 0 ? (n / m.offered.posts) * 1000 : NaN;
  const lambda: LambdaUsage[] = m.functions
    .filter((f) => !f.api && (m.invocations[f.name] ?? 0) > 0)
    .map((f) => ({
      name: f.name,
      memoryMb: f.memoryMb,
      invocations: perCounted(m.invocations[f.name] ?? 0),
      billedMs: perCounted(m.billedMs[f.name] ?? 0),
      ...(f.builtinOnly ? { builtinOnly: true } : {}),
      ...(f.streamTriggered ? { traceRoot: true } : {}),
    }));
  return {
    kinesis: {
      putPayloadUnits: perRecord(m.offered.putPayloadUnits),
      onDemandBilledBytes: perRecord(m.offered.onDemandBilledBytes),
    },
    lambda,
    stepFunctions: {
      executions: perCounted(m.stepFunctions.executions),
      billedMs: perCounted(m.stepFunctions.billedMs),
    },
    dynamodb: {
      writeUnits: perCounted(m.dynamodb.writeUnits),
      readUnits: perCounted(Math.max(0, m.dynamodb.readUnits - m.apiReadUnits)),
    },
    comprehend: {
      detectDominantLanguageUnits: perOffered(m.offered.detectDominantLanguageUnits),
      detectSentimentUnits: perOffered(m.offered.detectSentimentUnits),
    },
    logs: { functionBytes: perCounted(m.logBytes) },
  };
}
