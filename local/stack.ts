import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startDemoSource } from '../sources/demo/index';
import { dashboardDir } from './dashboard/build';
import { startEventSources, type EventSources, type MappingStats } from './event-sources';
import { startGateway } from './gateway/index';
import { findRepoRoot } from './paths';
import { buildFunctions, createInvoker, type Faults, type Invoker } from './runtime';
import {
  archiveFolder,
  type LocalArchive,
  type LocalArchiveOptions,
  startLocalArchive,
} from './services/archive';
import { ensureTables, startDynamoDb } from './services/dynamodb';
import { ensureStreams, startKinesis } from './services/kinesis';
import { freePort, LOOPBACK } from './services/net';
import { removeRuntimeInfo, runtimeFilePath, writeRuntimeInfo } from './services/runtime-file';
import { startSqs } from './services/sqs';
import { type StepFunctionsFaults, startStepFunctions } from './stepfunctions/index';
import { type LocalTemplate, resolveTemplate, UNRESOLVED_PREFIX } from './template';
import { type InvokeFunction, LOCAL_REGION, type LocalEndpoints, type RouteDef } from './types';

/**
 * The API calls the dashboard makes first, in order: `/stats` on load, then, once posts are
 * counted, each panel's (frontend/src/app/app.html, top to bottom). The warm-up starts their
 * functions in this order, so the page's first answers do not wait for cold starts.
 */
const DASHBOARD_FIRST_CALLS = [
  'GET /stats',
  'GET /hashtags',
  'GET /hashtags/{tag}/timeline',
  'GET /locations',
  'GET /posts',
  'GET /languages',
  'GET /terms',
];

/**
 * The demo's posts carry their language, so its first posts never reach language detection:
 * its model (3-6 s to load on a busy machine) is warmed after the dashboard's functions.
 */
const DEMO_NOT_NEEDED_FIRST = ['DetectLanguageFunction'];

export interface LocalStackOptions {
  /** Gateway port; 0 (the default) picks a free one. The CLI uses 3000. */
  port?: number;
  /** Keep tables, streams, queue messages and checkpoints here across restarts; in memory without. */
  dataDir?: string;
  /** 'demo' sends generated posts to the stream; default 'none'. */
  source?: 'demo' | 'none';
  /** Demo posts per second (default 50). */
  rate?: number;
  /**
   * The demo source starts once this settles (the CLI passes the dashboard build): the services
   * and functions start beside the build, while the demo's posts, whose first pass through the
   * pipeline keeps two cores busy, wait for it.
   */
  sourceAfter?: Promise<unknown>;
  seed?: number;
  /** POWERTOOLS_LOG_LEVEL of the functions (default WARN). */
  logLevel?: string;
  /** Let Powertools Metrics print EMF lines (POWERTOOLS_METRICS_DISABLED=false); off by default. */
  metrics?: boolean;
  parameterOverrides?: Record<string, string>;
  faults?: { functions?: Faults; stepFunctions?: StepFunctionsFaults };
  /**
   * Variables every function gets on top of the template's. Tests that read the API right after
   * writing set READ_CACHE=off: the read routes keep answers for their max-age by design.
   */
  functionEnvironment?: Record<string, string>;
  /** Folder the gateway serves at / (the built dashboard). */
  staticDir?: string;

  /** No output at all (tests). */
  quiet?: boolean;
  /** Called as each start-up step finishes, with its duration. */
  onStep?: (step: string, ms: number) => void;
  /**
   * Write .local-stack.json in the repository root while running (default true), for `npm run
   * dlq` and `npm run invoke`; a path writes that file instead (tests, beside a running `npm start`).
   */
  runtimeFile?: boolean | string;
  /** Execution environments per function (default 4). */
  maxWorkersPerFunction?: number;
  /**
   * Keep the order in which functions were first invoked in this file, and warm them in the
   * previous start's order (local/runtime/invoker.ts). `npm start` does; tests, which invoke in
   * their own orders, do not.
   */
  firstUseFile?: string;
  /** Repository root (default: found from the working directory). */
  root?: string;
  /**
   * Puts something (e.g. the benchmark's request-counting proxy) between the stack and a
   * service: called with the service's real endpoint, returns the endpoint the functions, Step
   * Functions and the event sources use instead.
   */
  interpose?: Partial<Record<keyof LocalEndpoints, (target: string) => Promise<string>>>;
  /** Called after each function invocation with how long it ran (the benchmark's Lambda cost). */
  onInvoked?: (logicalId: string, durationMs: number) => void;
  /**
   * The local corpus (local/services/archive.ts): buffer caps, fault injection, and whether a
   * temporary archive folder (no dataDir) outlives stop().
   */
  archive?: Pick<LocalArchiveOptions, 'buffer' | 'fault' | 'keepTemporary'>;
}

export interface StackResources {
  tables: Record<string, { name: string; arn: string; streamArn?: string }>;
  streams: Record<string, { name: string; arn: string; shardCount: number }>;
  queues: Record<string, { name: string; arn: string; url: string }>;
  functions: Record<string, { name: string; arn: string }>;
  stateMachines: Record<string, { name: string; arn: string }>;
  routes: RouteDef[];
}

export interface StackCounters {
  /** Invocations per function logical id. */
  invocations: Record<string, number>;
  /** Invocations under way now, per function logical id. */
  running: Record<string, number>;
  stepFunctions: { executions: number; stateTransitions: number; [k: string]: number };
  /** Per mapping, `Function.Event`. */
  eventSources: Record<string, MappingStats & { shards: number }>;
  demo?: { sent: number; failed: number };
}

export interface LocalStack {
  /** Gateway base URL: dashboard at /, API under /api. */
  url: string;
  endpoints: LocalEndpoints;
  invoke: InvokeFunction;
  counters(): StackCounters;
  resources: StackResources;
  template: LocalTemplate;
  /** The local corpus, when the template has a delivery stream (ArchiveEnabled=true). */
  archive?: Pick<LocalArchive, 'bucketDir' | 'tableDir'> & {
    flush: LocalArchive['firehose']['flush'];
    stats: LocalArchive['firehose']['stats'];
  };
  stop(): Promise<void>;
}

export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(readonly port: number) {
    super(
      `Port ${port} is already in use on ${LOOPBACK}. Stop what uses it, or pick another port with --port <number>.`,
    );
  }
}

async function assertPortFree(port: number): Promise<void> {
  if (port === 0) return;
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(port) : err),
    );
    server.listen(port, LOOPBACK, () => server.close(() => resolve()));
  });
}

const STOP_BUDGET_MS = 4000;

const byId = <T extends { logicalId: string }, V>(items: T[], f: (t: T) => V): Record<string, V> =>
  Object.fromEntries(items.map((i) => [i.logicalId, f(i)]));

/**
 * Starts the whole stack from template.yaml on loopback: DynamoDB Local, kinesalite, the local
 * queue, the functions (bundled with esbuild, run in worker threads), Step Functions, the event
 * source mappings, the HTTP API + dashboard and, optionally, the demo source.
 */
export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const root = opts.root ?? findRepoRoot();
  const log = opts.quiet ? () => undefined : (line: string) => console.error(line);
  const step = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    const result = await work();
    const ms = Math.round(performance.now() - started);
    if (opts.onStep) opts.onStep(name, ms);
    else log(`  ${name.padEnd(22)} ${ms} ms`);
    return result;
  };
  const stoppers: (() => Promise<void> | void)[] = [];
  // In reverse start order, within STOP_BUDGET_MS overall (Ctrl-C must be done in 5 s), so a
  // hung part cannot keep the later ones (DynamoDB Local's JVM last) from being stopped.
  const stopAll = async (): Promise<void> => {
    const deadline = Date.now() + STOP_BUDGET_MS;
    for (const stop of stoppers.splice(0).reverse()) {
      const budget = Math.max(200, deadline - Date.now());
      try {
        await Promise.race([stop(), new Promise((r) => setTimeout(r, budget).unref())]);
      } catch (err) {
        log(`stop: ${String(err)}`);
      }
    }
  };

  let startedInvoker: Invoker | undefined;
  try {
    const port = opts.port ?? 0;
    await assertPortFree(port);
    // Ports are chosen up front so every endpoint is known before anything starts: the
    // functions' environments (and so their warm-up) do not wait for the services.
    const ports = {
      dynamodb: await freePort(),
      kinesis: await freePort(),
      sqs: await freePort(),
      sfn: await freePort(),
      firehose: await freePort(),
    };
    const at = (p: number): string => `http://${LOOPBACK}:${p}`;
    const endpoints: LocalEndpoints = {
      dynamodb: at(ports.dynamodb),
      kinesis: at(ports.kinesis),
      sqs: at(ports.sqs),
      stepfunctions: at(ports.sfn),
    };
    const parameterOverrides = opts.parameterOverrides ?? {};
    const first = resolveTemplate({ root, parameterOverrides, sqsEndpoint: endpoints.sqs });
    // The corpus runs only when the template has a delivery stream (ArchiveEnabled=true).
    if (first.deliveryStreams.length > 0) endpoints.firehose = at(ports.firehose);
    for (const [service, wrap] of Object.entries(opts.interpose ?? {})) {
      const key = service as keyof LocalEndpoints;
      const target = endpoints[key];
      if (wrap && target) endpoints[key] = await wrap(target);
    }
    first.warnings.forEach((w) => log(`template: ${w}`));
    const dataDir = opts.dataDir ? { dataDir: opts.dataDir } : {};

    // Functions that query the corpus use DuckDB over this folder instead of Athena
    // (functions/history/engine.ts); known before the archive starts, like the endpoints.
    const archiveDir = first.deliveryStreams.length > 0 ? archiveFolder(opts.dataDir) : undefined;
    const tableLocation = first.deliveryStreams.find((d) => d.tableLocation)?.tableLocation;
    const localEnv = (fns: LocalTemplate['functions']): LocalTemplate['functions'] =>
      archiveDir && tableLocation !== undefined
        ? fns.map((f) => ({
            ...f,
            environment: {
              ...f.environment,
              ARCHIVE_LOCAL_DIR: join(archiveDir.path, tableLocation),
            },
          }))
        : fns;

    const invoker = createInvoker({
      root,
      functions: localEnv(first.functions),
      endpoints: () => endpoints,
      logLevel: opts.logLevel ?? 'WARN',
      metrics: opts.metrics ?? false,
      log,
      ...(opts.faults?.functions ? { faults: opts.faults.functions } : {}),
      ...(opts.functionEnvironment ? { environment: opts.functionEnvironment } : {}),
      ...(opts.maxWorkersPerFunction ? { maxWorkersPerFunction: opts.maxWorkersPerFunction } : {}),
      ...(opts.firstUseFile ? { firstUseFile: opts.firstUseFile } : {}),
      ...(opts.onInvoked ? { onInvoked: opts.onInvoked } : {}),
    });
    startedInvoker = invoker;

    // Function ARNs do not depend on what the services make up, so the state machines (whose
    // definitions are validated on start, which takes a while) can start with the rest.
    const arnToId = new Map(first.functions.map((f) => [f.arn, f.logicalId]));
    const startSfn = (): Promise<Awaited<ReturnType<typeof startStepFunctions>>> =>
      step('Step Functions', async () => {
        const s = await startStepFunctions({
          stateMachines: first.stateMachines,
          invoke: invoker.invoke,
          // Qualified ARNs (`:$LATEST`, aliases) name the same local function.
          functionArnToLogicalId: (arn) => arnToId.get(arn.split(':').slice(0, 7).join(':')),
          endpoints,
          port: ports.sfn,
          ...(opts.faults?.stepFunctions ? { faults: opts.faults.stepFunctions } : {}),
        });
        stoppers.push(() => s.stop());
        return s;
      });

    const startDemo = async (
      kinesisEndpoint: string,
    ): Promise<ReturnType<typeof startDemoSource> | undefined> => {
      if (opts.source !== 'demo') return undefined;
      const stream = first.streams[0];
      if (!stream) throw new Error('The demo source needs a Kinesis stream in template.yaml');
      await opts.sourceAfter?.catch(() => undefined);
      return step('demo source', () => {
        const d = startDemoSource({
          endpoint: kinesisEndpoint,
          streamName: stream.name,
          rate: opts.rate ?? 50,
          ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        });
        stoppers.push(() => d.stop());
        return d;
      });
    };

    // The streams exist before DynamoDB Local is up. Without a build to wait for, the demo starts
    // as soon as its stream does: its first posts wait there while the JVM boots, and the Ingest
    // mapping reads them from TRIM_HORIZON once the event sources start.
    const kinesisUp = step('kinesalite', async () => {
      const k = await startKinesis({ ...dataDir, port: ports.kinesis });
      stoppers.push(() => k.stop());
      await ensureStreams(k.client, first.streams);
      return k;
    });
    const earlyDemo = opts.sourceAfter ? undefined : kinesisUp.then((k) => startDemo(k.endpoint));
    earlyDemo?.catch(() => undefined);

    // The slow steps overlap: esbuild and the functions' cold starts run while the JVM boots.
    // The warm-up is not waited for: an invocation that arrives first waits for its environment.
    // All settle before a failure is thrown, so the stop below finds every service that started
    // (a JVM still booting when another service failed would otherwise outlive the stack).
    const [, dynamodb, kinesis, sqs, sfn, archive] = await allOrFirstError([
      step('build', async () => {
        // Two esbuild runs, the first half of the warm order first, so the warm-up starts while
        // the rest is bundled (alone, the first 8 took 1.1 s of the 20's 2.6-3.2 s; on a busy
        // first run the 20 took 8-9 s before the first function could load).
        const hints = {
          firstRoutes: DASHBOARD_FIRST_CALLS,
          notNeededFirst: opts.source === 'demo' ? DEMO_NOT_NEEDED_FIRST : [],
        };
        const order = invoker.order(hints);
        const later = order.slice(Math.ceil(order.length / 2));
        await step('first bundles', () =>
          buildFunctions(root, order.slice(0, order.length - later.length)),
        );
        const done = buildFunctions(root, later);
        // As many environments at a time as there are cores when nothing else is being built; one
        // fewer beside the dashboard's build, which Ready waits for. Alternated on the 2-core
        // machine (bench:startup): later starts 11.2/12.2 s -> 10.3/10.6 s with two at a time,
        // first starts 18.9/18.4 s -> 20.6/20.5 s (so one there).
        const cores = availableParallelism();
        void invoker.warm(
          hints,
          { ids: new Set(later.map((f) => f.logicalId)), done },
          opts.sourceAfter ? Math.max(1, cores - 1) : cores,
        );
        await done;
      }),
      step('DynamoDB Local', async () => {
        const d = await startDynamoDb({ ...dataDir, port: ports.dynamodb });
        stoppers.push(() => d.stop());
        return d;
      }),
      kinesisUp,
      step('queue', async () => {
        const q = await startSqs({ ...dataDir, port: ports.sqs });
        stoppers.push(() => q.stop());
        return q;
      }),
      startSfn(),
      archiveDir
        ? step('archive', async () => {
            const a = await startLocalArchive({
              streams: first.deliveryStreams,
              folder: archiveDir,
              ...(opts.archive?.keepTemporary ? { keepTemporary: true } : {}),
              port: ports.firehose,
              ...(opts.archive?.buffer ? { buffer: opts.archive.buffer } : {}),
              ...(opts.archive?.fault ? { fault: opts.archive.fault } : {}),
              log,
            });
            stoppers.push(() => a.stop());
            return a;
          })
        : undefined,
    ]);
    // Functions stop before the services they call.
    stoppers.push(() => invoker.stop());
    const streamArns = await step('tables/streams', async () => {
      first.queues.forEach((q) => sqs.store.create(q.name));
      return ensureTables(dynamodb.client, first.tables);
    });
    // Phase two: the stream ARNs DynamoDB Local made up.
    const template = resolveTemplate({
      root,
      parameterOverrides,
      sqsEndpoint: sqs.endpoint,
      tableStreamArns: streamArns,
    });
    await invoker.update(localEnv(template.functions));

    const eventSources: EventSources = await step('event sources', async () => {
      const e = await startEventSources({
        functions: template.functions,
        invoke: invoker.invoke,
        endpoints,
        queues: template.queues,
        ...dataDir,
        log,
      });
      stoppers.push(() => e.stop());
      return e;
    });

    const cors = template.cors;
    const allowedOrigins = localAllowedOrigins(template);
    const staticDir = opts.staticDir ?? dashboardDir(root);
    const gateway = await step('gateway', async () => {
      const g = await startGateway({
        host: LOOPBACK,
        port,
        routes: template.routes,
        invoke: invoker.invoke,
        ...(staticDir ? { staticDir } : {}),
        config: { apiBaseUrl: '/api', region: LOCAL_REGION, local: true },
        allowedOrigins,
        ...(template.throttle ? { throttle: template.throttle } : {}),
        ...(cors
          ? {
              cors: {
                allowMethods: cors.allowMethods,
                allowHeaders: cors.allowHeaders,
                exposeHeaders: cors.exposeHeaders,
                ...(cors.maxAge !== undefined ? { maxAge: cors.maxAge } : {}),
                ...(cors.allowCredentials !== undefined
                  ? { allowCredentials: cors.allowCredentials }
                  : {}),
              },
            }
          : {}),
      });
      stoppers.push(() => g.stop());
      return g;
    });

    const demo = earlyDemo ? await earlyDemo : await startDemo(kinesis.endpoint);

    const resources: StackResources = {
      tables: byId(template.tables, (t) => ({
        name: t.name,
        arn: t.arn,
        ...(streamArns[t.logicalId] ? { streamArn: streamArns[t.logicalId] } : {}),
      })),
      streams: byId(template.streams, (s) => ({
        name: s.name,
        arn: s.arn,
        shardCount: s.shardCount,
      })),
      queues: byId(template.queues, (q) => ({ name: q.name, arn: q.arn, url: q.url })),
      functions: byId(template.functions, (f) => ({ name: f.name, arn: f.arn })),
      stateMachines: byId(template.stateMachines, (m) => ({ name: m.name, arn: m.arn })),
      routes: template.routes,
    };

    const url = gateway.url.replace(/\/$/, '');
    if (opts.runtimeFile !== false) {
      const file = typeof opts.runtimeFile === 'string' ? opts.runtimeFile : runtimeFilePath(root);
      const own = { pid: process.pid, url };
      writeRuntimeInfo(file, {
        ...own,
        startedAt: new Date().toISOString(),
        endpoints,
        resources,
        parameters: template.parameters,
        ...(archive
          ? {
              archive: {
                bucketDir: archive.bucketDir,
                ...(archive.tableDir ? { tableDir: archive.tableDir } : {}),
              },
            }
          : {}),
      });
      // Also on a crash or process.exit() before stop(): a stale file would point `npm run dlq` nowhere.
      const onExit = (): void => removeRuntimeInfo(file, own);
      process.once('exit', onExit);
      stoppers.unshift(() => {
        process.off('exit', onExit);
        removeRuntimeInfo(file, own);
      });
    }

    let stopping: Promise<void> | undefined;
    return {
      url,
      endpoints,
      invoke: invoker.invoke,
      resources,
      template,
      ...(archive
        ? {
            archive: {
              bucketDir: archive.bucketDir,
              ...(archive.tableDir ? { tableDir: archive.tableDir } : {}),
              flush: () => archive.firehose.flush(),
              stats: () => archive.firehose.stats(),
            },
          }
        : {}),
      counters: () => ({
        invocations: invoker.counters(),
        running: invoker.running(),
        stepFunctions: sfn.counters(),
        eventSources: eventSources.counters(),
        ...(demo ? { demo: demo.stats() } : {}),
      }),
      stop: () => (stopping ??= stopAll()),
    };
  } catch (err) {
    await stopAll();
    await startedInvoker?.stop();
    throw err;
  }
}

/** Promise.all, but the first rejection is thrown only once every promise has settled. */
async function allOrFirstError<T extends readonly unknown[]>(
  work: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}

/**
 * The HttpApi's AllowOrigins that mean something locally. The dashboard's origin (CloudFront's
 * domain in AWS) is the gateway's own here, which it always trusts; the others are kept when
 * they resolve to an origin (the AllowedOrigin parameter, when set).
 */
export function localAllowedOrigins(template: Pick<LocalTemplate, 'cors'>): string[] {
  return (template.cors?.allowOrigins ?? []).filter((o) => !o.includes(UNRESOLVED_PREFIX));
}

/** A free loopback port, for callers that need to know the gateway port before starting. */
export { freePort };
