import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomically } from '../atomic-write';
import type { FunctionDef } from '../template/types';
import type { InvokeFunction, LocalEndpoints } from '../types';
import { bundlePath, functionOutDir } from './build';
import { functionEnvironment, logStreamName } from './env';
import { type LambdaErrorPayload, LambdaFunctionError, timeoutError } from './errors';
import { type EnvironmentSpec, ExecutionEnvironment, type Outcome } from './execution-environment';

/**
 * Ends an invocation while the function runs, at a moment the test picks (e.g. once the
 * function's k-th DynamoDB write has landed): the sandbox is killed as a crash or a timeout kills
 * it, so what the function did so far stays done and the rest never happens.
 */
export interface Interruption {
  interruptWhen: Promise<unknown>;
  as: 'crash' | 'timeout';
}

/** What a test wants to happen to one invocation (see InvokerOptions.faults). */
export type Fault = 'throw-before' | 'throw-after' | 'timeout' | Interruption | undefined;
export type FaultInjector = (invocation: { event: unknown; attempt: number }) => Fault;
export type Faults = Record<string, FaultInjector>;

export interface InvokerOptions {
  /** The repository root (for the worker script). */
  root: string;
  /** Where dist/functions/ was built (default: root). */
  outRoot?: string;
  functions: FunctionDef[];
  /** Read when a worker starts, so endpoints that come up later (Step Functions) are seen. */
  endpoints: () => LocalEndpoints;
  logLevel?: string;
  metrics?: boolean;
  /** By function logical id. */
  faults?: Faults;
  /** Variables every function gets on top of the template's (see LocalStackOptions). */
  environment?: Record<string, string>;
  /** Concurrent execution environments per function (default 4). */
  maxWorkersPerFunction?: number;
  /** Where crash reports go (default: console.error). */
  log?: (line: string) => void;
  /**
   * Called after each invocation that ran in an execution environment, with how long it ran in
   * ms (what Lambda bills as Duration; waiting for a free environment is not included).
   */
  onInvoked?: (logicalId: string, durationMs: number) => void;
  /**
   * A file keeping the order in which functions were first invoked: warm() starts them in the
   * previous start's order (what the first posts and the dashboard really called first), and this
   * start's replaces it as it grows. Without it, warmOrder's rules alone.
   */
  firstUseFile?: string;
}

export interface Invoker {
  invoke: InvokeFunction;
  /**
   * Starts one execution environment per function now, so the first events meet warm functions,
   * in warmOrder's order. Functions in `bundledLater` wait for their bundles (`done`).
   */
  warm(
    hints?: WarmHints,
    bundledLater?: { ids: ReadonlySet<string>; done: Promise<unknown> },
    /** Environments started at a time (default: one fewer than there are cores, at least 1). */
    concurrency?: number,
  ): Promise<void>;
  /** The order warm() would start the functions in now (the previous start's, then the rules). */
  order(hints?: WarmHints): FunctionDef[];
  /**
   * Takes new definitions of the functions (e.g. after the template was resolved again with
   * facts from the running services); environments of functions whose settings changed are replaced.
   */
  update(functions: FunctionDef[]): Promise<void>;
  /** Invocations per function logical id, since start. */
  counters(): Record<string, number>;
  /** Invocations under way now, per function logical id. */
  running(): Record<string, number>;
  stop(): Promise<void>;
}

const EVENT_PREVIEW_CHARS = 300;

/** An API event's headers carry credentials (Authorization, cookies): never print their values. */
function redactedEventJson(event: unknown, eventJson: string): string {
  if (typeof event !== 'object' || event === null || !('headers' in event)) return eventJson;
  const headers = (event as { headers?: unknown }).headers;
  if (typeof headers !== 'object' || headers === null) return eventJson;
  const names = Object.fromEntries(Object.keys(headers).map((k) => [k, '<redacted>']));
  return JSON.stringify({ ...event, headers: names });
}

/** 0 for a bundle not built yet. */
const fileBytes = (path: string): number => statSync(path, { throwIfNoEntry: false })?.size ?? 0;

function workerScript(root: string): string {
  return join(root, 'local', 'runtime', 'lambda-worker.mjs');
}

export interface SpecOptions {
  root: string;
  /** Where dist/functions/ was built (default: root). */
  outRoot?: string;
  endpoints: LocalEndpoints;
  logLevel?: string | undefined;
  metrics?: boolean | undefined;
  environment?: Record<string, string> | undefined;
  /** Where the function's stdout and stderr go (default: this process's). */
  logs?: NodeJS.WritableStream;
}

/** The execution environment of a built template function: its bundle, settings and variables. */
export function environmentSpec(fn: FunctionDef, opts: SpecOptions): EnvironmentSpec {
  const outRoot = opts.outRoot ?? opts.root;
  return {
    workerScript: workerScript(opts.root),
    bundle: bundlePath(outRoot, fn),
    handler: fn.handler,
    handlerExport: fn.handlerExport,
    functionName: fn.name,
    functionArn: fn.arn,
    memorySize: fn.memorySize,
    timeoutSeconds: fn.timeoutSeconds,
    env: functionEnvironment(fn, {
      endpoints: opts.endpoints,
      logLevel: opts.logLevel,
      metrics: opts.metrics,
      ...(opts.environment ? { extra: opts.environment } : {}),
      taskRoot: functionOutDir(outRoot, fn.logicalId),
    }),
    logStreamName: logStreamName(),
    sourceMaps: (fn.environment.NODE_OPTIONS ?? '').includes('--enable-source-maps'),
    ...(opts.logs ? { logs: opts.logs } : {}),
  };
}

/** A few lazily created execution environments for one function, used one invocation at a time. */
class FunctionPool {
  private idle: ExecutionEnvironment[] = [];
  private all = new Set<ExecutionEnvironment>();
  private waiting: ((env: ExecutionEnvironment) => void)[] = [];
  private stopped = false;
  /** How long this function's last environment took to start (loading its bundle). */
  private startMs: number | undefined;

  constructor(
    private readonly spec: () => EnvironmentSpec,
    private readonly max: number,
    private readonly onRan?: (ms: number) => void,
  ) {}

  async run(eventJson: string, interruption?: Interruption): Promise<Outcome> {
    const env = await this.acquire();
    const started = performance.now();
    try {
      return await env.invoke(eventJson, interruption && interruptWith(interruption, env));
    } finally {
      this.onRan?.(performance.now() - started);
      this.release(env);
    }
  }

  /** Starts one environment ahead of the first invocation (a cold start paid at start-up). */
  async warm(): Promise<void> {
    if (this.all.size > 0 || this.stopped) return;
    const env = this.create();
    this.idle.push(env);
    await env.whenReady();
  }

  private create(): ExecutionEnvironment {
    const env = new ExecutionEnvironment(this.spec());
    this.all.add(env);
    const started = performance.now();
    void env.whenReady().then((ok) => {
      if (ok) this.startMs = performance.now() - started;
    });
    return env;
  }

  private acquire(): Promise<ExecutionEnvironment> {
    if (this.stopped) return Promise.reject(new Error('The local stack is stopping'));
    const env = this.idle.pop();
    if (env) return Promise.resolve(env);
    // While the first environment is still starting, a second would only share its cores.
    if (this.all.size >= this.max || (this.all.size > 0 && this.startMs === undefined)) {
      return new Promise((resolve) => this.waiting.push(resolve));
    }
    // None to wait for (the first call, or every environment ended by a timeout or crash).
    if (this.all.size === 0 || this.startMs === undefined) return Promise.resolve(this.create());
    // Lambda would start another environment. Here all environments share the same few cores,
    // and a busy one usually frees up sooner than a new one loads (the sentiment models take
    // seconds to load, a batch of 25 posts milliseconds): wait for one as long as a start takes,
    // then start one.
    const waitMs = this.startMs;
    return new Promise((resolve, reject) => {
      const waiter = (freed: ExecutionEnvironment): void => {
        clearTimeout(timer);
        resolve(freed);
      };
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter((w) => w !== waiter);
        if (this.stopped) reject(new Error('The local stack is stopping'));
        else if (this.all.size < this.max) resolve(this.create());
        else this.waiting.push(resolve);
      }, waitMs);
      timer.unref();
      this.waiting.push(waiter);
    });
  }

  private release(env: ExecutionEnvironment): void {
    let next = env;
    if (!env.alive) {
      this.all.delete(env);
      if (this.waiting.length === 0 || this.stopped) return;
      next = this.create();
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter(next);
    else this.idle.push(next);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.all].map((e) => e.terminate()));
    this.all.clear();
    this.idle = [];
  }
}

function interruptWith(
  i: Interruption,
  env: ExecutionEnvironment,
): { when: Promise<unknown>; error: (requestId: string) => LambdaErrorPayload } {
  return {
    when: i.interruptWhen,
    error: (requestId) =>
      i.as === 'timeout'
        ? timeoutError(env.timeoutSeconds)
        : {
            errorType: 'Runtime.ExitError',
            errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`,
            trace: [],
          },
  };
}

export interface WarmHints {
  /** The API calls a page makes first (`GET /stats`, ...), warmed in that order. */
  firstRoutes?: readonly string[];
  /**
   * Functions the source's first posts do not need (language detection for posts that carry
   * their language): warmed after the API, not before it.
   */
  notNeededFirst?: readonly string[];
}

/**
 * Functions in the order a new stack's first posts need them: stream consumers (the template lists
 * Ingest first), then functions nothing triggers but a state machine or another function (the
 * enrichment steps), then the API's, then scheduled ones and consumers that wait a batching window
 * before their first batch (that window is longer than their start); the template's order within
 * each, with three exceptions. The enrichment step with the largest bundle comes first: the
 * sentiment models take seconds to load on a busy machine, every other step a fraction of that,
 * and the first execution needs them all within a second or two, so the longest load starts first.
 * API functions follow `firstRoutes`, the calls a page makes first: a cold start there is what the
 * page waits for. `notNeededFirst` go after the API (a first run's hashtags came 5-6 s sooner, at
 * 17 s instead of 22-23 s, with language detection's 3-6 s model load after the page's functions
 * instead of in their way). Before all that, `firstUsed`: the functions a previous start invoked,
 * in the order it first did, the largest step again first among the steps.
 */
export function warmOrder(
  functions: readonly FunctionDef[],
  opts: WarmHints & {
    bundleBytes?: (f: FunctionDef) => number;
    firstUsed?: readonly string[];
  } = {},
): FunctionDef[] {
  const { bundleBytes = () => 0, firstRoutes = [], firstUsed = [], notNeededFirst = [] } = opts;
  const rank = (f: FunctionDef): number => {
    if (f.streamEvents.length > 0) {
      return f.streamEvents.every((e) => e.maximumBatchingWindowInSeconds > 0) ? 3 : 0;
    }
    if (f.routes.length > 0) return 2;
    if (notNeededFirst.includes(f.logicalId)) return 2.5;
    return f.schedules.length > 0 ? 3 : 1;
  };
  const steps = functions.filter((f) => rank(f) === 1);
  const largest = steps.reduce<FunctionDef | undefined>(
    (max, f) => (max === undefined || bundleBytes(f) > bundleBytes(max) ? f : max),
    undefined,
  );
  // Among the API's functions, the first of firstRoutes that one serves; the rest after those.
  const routeRank = (f: FunctionDef): number => {
    const at = f.routes
      .map((r) => firstRoutes.indexOf(`${r.method} ${r.path}`))
      .filter((i) => i >= 0);
    return at.length > 0 ? Math.min(...at) : firstRoutes.length;
  };
  // Functions a previous start invoked come first, in the order it first invoked them, except
  // that the largest step takes the place of the first step used, as in the rules: first use
  // orders the steps by when they were called, not by how long they take to load, and a later
  // start's first execution waited 0.9 s for the sentiment models loading sixth of seven.
  const usedAt = (f: FunctionDef): number => firstUsed.indexOf(f.logicalId);
  const firstStepUsed = Math.min(...steps.map(usedAt).filter((at) => at >= 0), firstUsed.length);
  const used = (f: FunctionDef): number => {
    const at = usedAt(f);
    if (at < 0) return firstUsed.length;
    return f === largest ? Math.min(at, firstStepUsed - 0.5) : at;
  };
  return functions
    .map((f, i) => ({
      f,
      i,
      used: used(f),
      rank: rank(f) + (f === largest ? -0.5 : 0),
      within: rank(f) === 2 ? routeRank(f) : 0,
    }))
    .sort((a, b) => a.used - b.used || a.rank - b.rank || a.within - b.within || a.i - b.i)
    .map(({ f }) => f);
}

/** The ids a previous start first invoked, in order; none when the file is missing or unreadable. */
function readFirstUse(file: string): string[] {
  try {
    const ids: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function writeFirstUse(file: string, ids: readonly string[]): void {
  try {
    // Two stacks of one checkout may write it at once.
    writeFileAtomically(file, `${JSON.stringify(ids)}\n`);
  } catch {
    /* a read-only checkout warms by the rules alone */
  }
}

/**
 * What a function's execution environments are made of. What triggers it (streams, routes,
 * schedules) is not: the stack's second template pass fills in the stream ARNs DynamoDB Local made
 * up, and replacing the environments the warm-up started then made each stream consumer's first
 * batch wait a cold start (1.6-2 s on a busy machine).
 */
function sandboxOf(fn: FunctionDef): string {
  const { streamEvents: _streams, routes: _routes, schedules: _schedules, ...sandbox } = fn;
  return JSON.stringify(sandbox);
}

/**
 * Invokes template functions like Lambda: each function's bundle runs in worker threads with its
 * own environment variables, the template's Timeout is enforced, and errors come back as Lambda
 * reports them (an Error whose name is the errorType). A crashing function never stops the stack.
 */
export function createInvoker(opts: InvokerOptions): Invoker {
  let byId = new Map(opts.functions.map((f) => [f.logicalId, f]));
  const running: Record<string, number> = {};
  const counts: Record<string, number> = Object.fromEntries(
    opts.functions.map((f) => [f.logicalId, 0]),
  );
  const attempts = new Map<string, number>();
  /** Logical ids in the order of their first invocation since start. */
  const firstUsed: string[] = [];
  const log = opts.log ?? ((line: string) => console.error(line));
  const pools = new Map<string, FunctionPool>();
  // Invocations cut short by stop() are not crashes worth reporting.
  let stopping = false;

  const poolOf = (fn: FunctionDef): FunctionPool => {
    let pool = pools.get(fn.logicalId);
    if (!pool) {
      const spec = (): EnvironmentSpec =>
        environmentSpec(fn, {
          root: opts.root,
          ...(opts.outRoot ? { outRoot: opts.outRoot } : {}),
          endpoints: opts.endpoints(),
          logLevel: opts.logLevel,
          metrics: opts.metrics,
          environment: opts.environment,
        });
      const onRan = opts.onInvoked;
      pool = new FunctionPool(
        spec,
        opts.maxWorkersPerFunction ?? 4,
        onRan && ((ms) => onRan(fn.logicalId, ms)),
      );
      pools.set(fn.logicalId, pool);
    }
    return pool;
  };

  /** The how-many-th time this exact event reaches this function (retries repeat the event). */
  const attemptOf = (logicalId: string, eventJson: string): number => {
    const key = `${logicalId}:${createHash('sha1').update(eventJson).digest('hex')}`;
    const n = (attempts.get(key) ?? 0) + 1;
    if (attempts.size > 50_000) attempts.clear();
    attempts.set(key, n);
    return n;
  };

  const invoke: InvokeFunction = async (logicalId, event) => {
    const fn = byId.get(logicalId);
    if (!fn) throw new Error(`Function not found: ${logicalId} (not in template.yaml)`);
    counts[logicalId] = (counts[logicalId] ?? 0) + 1;
    running[logicalId] = (running[logicalId] ?? 0) + 1;
    try {
      return await run(fn, logicalId, event);
    } finally {
      running[logicalId] -= 1;
    }
  };

  const run = async (fn: FunctionDef, logicalId: string, event: unknown): Promise<unknown> => {
    if (!firstUsed.includes(logicalId)) {
      firstUsed.push(logicalId);
      // Written as it grows (twenty small writes at most): a stop cut short by its deadline, or a
      // kill, still leaves the order for the next start.
      if (opts.firstUseFile) writeFirstUse(opts.firstUseFile, firstUsed);
    }
    const eventJson = JSON.stringify(event ?? null);
    const injector = opts.faults?.[logicalId];
    const fault = injector?.({ event, attempt: attemptOf(logicalId, eventJson) });

    let outcome: Outcome;
    if (fault === 'throw-before') {
      outcome = {
        ok: false,
        fatal: false,
        requestId: 'injected',
        error: {
          errorType: 'InjectedFault',
          errorMessage: `Injected fault before ${logicalId} ran`,
          trace: [],
        },
      };
    } else if (fault === 'timeout') {
      outcome = {
        ok: false,
        fatal: true,
        requestId: 'injected',
        error: timeoutError(fn.timeoutSeconds),
      };
    } else if (typeof fault === 'object') {
      outcome = await poolOf(fn).run(eventJson, fault);
    } else {
      outcome = await poolOf(fn).run(eventJson);
      if (fault === 'throw-after' && outcome.ok) {
        outcome = {
          ok: false,
          fatal: false,
          requestId: outcome.requestId,
          error: {
            errorType: 'InjectedFault',
            errorMessage: `Injected fault after ${logicalId} ran`,
            trace: [],
          },
        };
      }
    }
    if (outcome.ok) return outcome.payload;
    if (!stopping) {
      const shown = redactedEventJson(event, eventJson);
      const preview =
        shown.length > EVENT_PREVIEW_CHARS ? `${shown.slice(0, EVENT_PREVIEW_CHARS)}...` : shown;
      log(
        `[${logicalId}] ${outcome.error.errorType}: ${outcome.error.errorMessage} (event: ${preview})`,
      );
    }
    throw new LambdaFunctionError(outcome.error, fn.name, outcome.requestId);
  };

  const order = (hints: WarmHints = {}): FunctionDef[] =>
    warmOrder([...byId.values()], {
      ...hints,
      bundleBytes: (f) => fileBytes(bundlePath(opts.outRoot ?? opts.root, f)),
      firstUsed: opts.firstUseFile ? readFirstUse(opts.firstUseFile) : [],
    });

  return {
    invoke,
    order,
    async warm(hints = {}, bundledLater, concurrency = Math.max(1, availableParallelism() - 1)) {
      // In the order the first posts need them, a few at a time. Twenty bundles loading at once
      // on two cores all finish late (the first after ~1 s, measured alone); in order, the
      // pipeline is ready in a fraction of that and the API follows.
      const queue = order(hints);
      // A failed build of the later bundles fails the start; nothing of it is left to warm.
      const laterBuilt = bundledLater?.done.then(
        () => true,
        () => false,
      );
      const next = (): FunctionDef | undefined => queue.shift();
      await Promise.all(
        Array.from({ length: Math.max(1, concurrency) }, async () => {
          for (let f = next(); f; f = next()) {
            if (bundledLater?.ids.has(f.logicalId) && !(await laterBuilt)) return;
            await poolOf(f).warm();
          }
        }),
      );
    },
    async update(functions) {
      const next = new Map(functions.map((f) => [f.logicalId, f]));
      const stale = [...pools.keys()].filter((id) => {
        const now = next.get(id);
        return !now || sandboxOf(byId.get(id)!) !== sandboxOf(now);
      });
      byId = next;
      for (const f of functions) counts[f.logicalId] ??= 0;
      await Promise.all(
        stale.map((id) => {
          const pool = pools.get(id)!;
          pools.delete(id);
          return pool.stop();
        }),
      );
    },
    counters: () => ({ ...counts }),
    running: () => ({ ...running }),
    async stop() {
      stopping = true;
      await Promise.all([...pools.values()].map((p) => p.stop()));
    },
  };
}
