import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RouteDef } from '../types';
import { TemplateError } from './intrinsics';
import { functionArn } from './names';
import { policyServices } from './policies';
import type { FunctionDef, ScheduleEventDef, StartingPosition, StreamEventDef } from './types';

type Json = Record<string, unknown>;

/** Lambda's defaults where the template is silent. */
const DEFAULT_TIMEOUT = 3;
const DEFAULT_MEMORY = 128;
const DEFAULT_BATCH_SIZE = 100;

const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const num = (v: unknown, fallback: number): number => {
  if (v === undefined || v === null || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new TemplateError(`Expected a number, got ${JSON.stringify(v)}`);
  return n;
};
const bool = (v: unknown, fallback: boolean): boolean =>
  v === undefined ? fallback : v === true || v === 'true';
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

function envValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Where esbuild starts: Metadata.BuildProperties.EntryPoints, else `<CodeUri>/<handler file>.ts|js`. */
function entryPointOf(root: string, codeUri: string, handlerFile: string, metadata: Json): string {
  const entryPoints = obj(metadata.BuildProperties).EntryPoints;
  const first = Array.isArray(entryPoints) ? str(entryPoints[0]) : undefined;
  if (first) return resolve(root, codeUri, first);
  for (const ext of ['.ts', '.mts', '.js', '.mjs', '.cjs']) {
    const candidate = resolve(root, codeUri, handlerFile + ext);
    if (existsSync(candidate)) return candidate;
  }
  return resolve(root, codeUri, `${handlerFile}.ts`);
}

function streamEvent(
  kind: 'Kinesis' | 'DynamoDB',
  name: string,
  p: Json,
  where: string,
): StreamEventDef {
  const streamArn = str(p.Stream);
  if (!streamArn) throw new TemplateError(`${where}: Stream is required`);
  const position = str(p.StartingPosition) ?? 'LATEST';
  if (!['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'].includes(position)) {
    throw new TemplateError(`${where}: unsupported StartingPosition ${position}`);
  }
  const filters = obj(p.FilterCriteria).Filters;
  const responseTypes = Array.isArray(p.FunctionResponseTypes) ? p.FunctionResponseTypes : [];
  const onFailure = obj(obj(p.DestinationConfig).OnFailure);
  const timestamp = p.StartingPositionTimestamp;
  return {
    kind,
    name,
    streamArn,
    enabled: bool(p.Enabled, true),
    startingPosition: position as StartingPosition,
    ...(timestamp !== undefined ? { startingPositionTimestamp: num(timestamp, 0) } : {}),
    batchSize: num(p.BatchSize, DEFAULT_BATCH_SIZE),
    maximumBatchingWindowInSeconds: num(p.MaximumBatchingWindowInSeconds, 0),
    filterPatterns: Array.isArray(filters)
      ? filters.map((f) => {
          const pattern = obj(f).Pattern;
          return typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
        })
      : [],
    reportBatchItemFailures: responseTypes.includes('ReportBatchItemFailures'),
    bisectBatchOnFunctionError: bool(p.BisectBatchOnFunctionError, false),
    maximumRetryAttempts: num(p.MaximumRetryAttempts, -1),
    maximumRecordAgeInSeconds: num(p.MaximumRecordAgeInSeconds, -1),
    ...(str(onFailure.Destination) ? { onFailureDestination: str(onFailure.Destination) } : {}),
    parallelizationFactor: num(p.ParallelizationFactor, 1),
    ...(p.TumblingWindowInSeconds !== undefined
      ? { tumblingWindowInSeconds: num(p.TumblingWindowInSeconds, 0) }
      : {}),
  };
}

function scheduleEvent(kind: 'Schedule' | 'ScheduleV2', name: string, p: Json): ScheduleEventDef {
  const expression = str(kind === 'Schedule' ? p.Schedule : p.ScheduleExpression);
  if (!expression) throw new TemplateError(`${name}: a schedule expression is required`);
  const state = str(p.State);
  const enabled = state !== undefined ? state === 'ENABLED' : bool(p.Enabled, true);
  const input = p.Input === undefined ? undefined : envValue(p.Input);
  return { kind, name, expression, enabled, ...(input !== undefined ? { input } : {}) };
}

/**
 * Describes one AWS::Serverless::Function from its resolved Properties (Globals already merged).
 * Returns undefined (with a warning) for functions that cannot run locally.
 */
export function describeFunction(
  root: string,
  logicalId: string,
  props: Json,
  metadata: Json,
  warn: (line: string) => void,
  /** The policies of the function's own role (`Role`), which SAM uses instead of `Policies`. */
  rolePolicies?: unknown[],
): FunctionDef | undefined {
  if (props.PackageType === 'Image') {
    warn(`${logicalId}: container image functions do not run locally; skipped`);
    return undefined;
  }
  const runtime = str(props.Runtime) ?? 'nodejs22.x';
  if (!runtime.startsWith('nodejs')) {
    warn(`${logicalId}: runtime ${runtime} does not run locally (Node.js only); skipped`);
    return undefined;
  }
  const handler = str(props.Handler);
  if (!handler || !handler.includes('.')) {
    throw new TemplateError(`${logicalId}: Handler must look like file.export, got ${handler}`);
  }
  const dot = handler.lastIndexOf('.');
  const handlerFile = handler.slice(0, dot);
  const codeUri = str(props.CodeUri) ?? '.';
  const name = str(props.FunctionName) ?? logicalId;
  const external = obj(metadata.BuildProperties).External;
  const loader = obj(metadata.BuildProperties).Loader;
  const target = str(obj(metadata.BuildProperties).Target);

  const environment: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(obj(props.Environment).Variables))) {
    environment[k] = envValue(v);
  }

  const streamEvents: StreamEventDef[] = [];
  const routes: RouteDef[] = [];
  const schedules: ScheduleEventDef[] = [];
  for (const [eventName, rawEvent] of Object.entries(obj(props.Events))) {
    const event = obj(rawEvent);
    const type = str(event.Type) ?? '';
    const p = obj(event.Properties);
    const where = `${logicalId}.Events.${eventName}`;
    if (type === 'Kinesis' || type === 'DynamoDB') {
      streamEvents.push(streamEvent(type, eventName, p, where));
    } else if (type === 'HttpApi') {
      const method = (str(p.Method) ?? 'ANY').toUpperCase();
      routes.push({ functionLogicalId: logicalId, method, path: str(p.Path) ?? '/{proxy+}' });
    } else if (type === 'Schedule' || type === 'ScheduleV2') {
      schedules.push(scheduleEvent(type, eventName, p));
    } else {
      warn(`${where}: event type ${type} is not run locally; ignored`);
    }
  }

  return {
    logicalId,
    name,
    arn: functionArn(name),
    entryPoint: entryPointOf(root, codeUri, handlerFile, metadata),
    handler,
    handlerFile: join(handlerFile),
    handlerExport: handler.slice(dot + 1),
    runtime,
    timeoutSeconds: num(props.Timeout, DEFAULT_TIMEOUT),
    memorySize: num(props.MemorySize, DEFAULT_MEMORY),
    environment,
    external: Array.isArray(external) ? external.filter((e) => typeof e === 'string') : [],
    // SAM's form `.sql=text` (one per list item), as esbuild's --loader takes it.
    loader: Object.fromEntries(
      (Array.isArray(loader) ? loader : [])
        .filter((l): l is string => typeof l === 'string' && l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    ),
    ...(target ? { target } : {}),
    streamEvents,
    routes,
    schedules,
    calls: policyServices(rolePolicies ?? props.Policies),
  };
}
