import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { type LambdaErrorPayload, timeoutError } from './errors';

/**
 * Lambda gives a function 10 s to initialise outside its timeout; a slower init is retried inside
 * the invocation, under the function's timeout. So a cold start may take up to 10 s + Timeout.
 */
const FREE_INIT_MS = 10_000;

export interface EnvironmentSpec {
  workerScript: string;
  bundle: string;
  handler: string;
  handlerExport: string;
  functionName: string;
  functionArn: string;
  memorySize: number;
  timeoutSeconds: number;
  env: Record<string, string>;
  logStreamName: string;
  sourceMaps: boolean;
  /**
   * Where the function's stdout and stderr go, each invocation's output before its result (by
   * default they are this process's stdout and stderr, written as they come).
   */
  logs?: NodeJS.WritableStream;
}

/** `memoryUsedMb`: the worker's heap after the invocation (absent when the worker died). */
export type Outcome =
  | { ok: true; payload: unknown; requestId: string; memoryUsedMb?: number }
  | {
      ok: false;
      error: LambdaErrorPayload;
      requestId: string;
      fatal: boolean;
      memoryUsedMb?: number;
    };

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'result'; id: string; ok: true; payload: string; memoryUsedMb: number }
  | { type: 'result'; id: string; ok: false; error: LambdaErrorPayload; memoryUsedMb: number }
  | { type: 'crash'; id?: string; error: LambdaErrorPayload };

/**
 * One execution environment: a worker thread running one invocation at a time. After a timeout
 * or crash it is dead (`alive` false) and its pool replaces it, as Lambda resets a sandbox.
 */
export class ExecutionEnvironment {
  alive = true;
  private readonly worker: Worker;
  private readonly ready: Promise<boolean>;
  private settle?: (o: Outcome) => void;
  private requestId = '';
  private crashError?: LambdaErrorPayload;

  constructor(private readonly spec: EnvironmentSpec) {
    this.worker = new Worker(spec.workerScript, {
      env: spec.env,
      workerData: {
        bundle: spec.bundle,
        handlerExport: spec.handlerExport,
        handlerName: spec.handler,
        functionName: spec.functionName,
        functionArn: spec.functionArn,
        memorySize: spec.memorySize,
        sourceMaps: spec.sourceMaps,
        flushLogs: spec.logs !== undefined,
      },
      stdout: spec.logs !== undefined,
      stderr: spec.logs !== undefined,
      // Roughly Lambda's memory setting; exceeding it ends the worker like an out-of-memory sandbox.
      resourceLimits: { maxOldGenerationSizeMb: Math.max(spec.memorySize, 128) },
    });
    this.worker.unref();
    if (spec.logs) {
      this.worker.stdout.pipe(spec.logs, { end: false });
      this.worker.stderr.pipe(spec.logs, { end: false });
    }
    this.ready = new Promise((resolve) => {
      const onMessage = (m: WorkerMessage): void => {
        if (m.type !== 'ready') return;
        this.worker.off('message', onMessage);
        resolve(true);
      };
      this.worker.on('message', onMessage);
      this.worker.once('exit', () => resolve(false));
    });
    this.worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'result' && m.id === this.requestId) {
        const { requestId } = this;
        const { memoryUsedMb } = m;
        this.finish(
          m.ok
            ? { ok: true, payload: JSON.parse(m.payload) as unknown, requestId, memoryUsedMb }
            : { ok: false, error: m.error, requestId, fatal: false, memoryUsedMb },
        );
      } else if (m.type === 'crash') {
        this.crashError = m.error;
      }
    });
    this.worker.on('error', (err: Error & { code?: string }) => {
      this.crashError ??=
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? {
              errorType: 'Runtime.OutOfMemory',
              errorMessage: `Runtime exited with error: ${err.message}`,
              trace: [],
            }
          : {
              errorType: err.name || 'Runtime.ExitError',
              errorMessage: err.message,
              trace: (err.stack ?? '').split('\n'),
            };
    });
    this.worker.on('exit', (code) => {
      this.alive = false;
      this.finish({
        ok: false,
        requestId: this.requestId,
        fatal: true,
        error: this.crashError ?? {
          errorType: 'Runtime.ExitError',
          errorMessage: `RequestId: ${this.requestId} Error: Runtime exited with error: exit status ${code}`,
          trace: [],
        },
      });
    });
  }

  /** Resolves once the bundle is loaded (true), or the worker died first (false). */
  whenReady(): Promise<boolean> {
    return this.ready;
  }

  private finish(outcome: Outcome): void {
    const settle = this.settle;
    this.settle = undefined;
    settle?.(outcome);
  }

  get timeoutSeconds(): number {
    return this.spec.timeoutSeconds;
  }

  /**
   * Runs one invocation; never rejects (failures are outcomes). `interrupt` (tests) kills the
   * sandbox with its error if `when` settles while this invocation still runs. `requestId` is
   * made up when not given.
   */
  async invoke(
    eventJson: string,
    interrupt?: { when: Promise<unknown>; error: (requestId: string) => LambdaErrorPayload },
    requestId: string = randomUUID(),
  ): Promise<Outcome> {
    this.requestId = requestId;
    const outcome = new Promise<Outcome>((resolve) => (this.settle = resolve));
    const initLimitMs = FREE_INIT_MS + this.spec.timeoutSeconds * 1000;
    const initTimer = setTimeout(
      () => this.kill(timeoutError(this.spec.timeoutSeconds)),
      initLimitMs,
    );
    const ready = await this.ready;
    clearTimeout(initTimer);
    if (!ready || !this.alive) return outcome;

    const timeoutMs = this.spec.timeoutSeconds * 1000;
    const timer = setTimeout(() => this.kill(timeoutError(this.spec.timeoutSeconds)), timeoutMs);
    const stillRunning = (): boolean => this.requestId === requestId && this.settle !== undefined;
    interrupt?.when.then(
      () => {
        if (stillRunning()) this.kill(interrupt.error(requestId));
      },
      () => undefined,
    );
    this.worker.postMessage({
      type: 'invoke',
      id: requestId,
      event: eventJson,
      context: {
        awsRequestId: requestId,
        deadline: Date.now() + timeoutMs,
        logStreamName: this.spec.logStreamName,
      },
    });
    try {
      return await outcome;
    } finally {
      clearTimeout(timer);
    }
  }

  private kill(error: LambdaErrorPayload): void {
    this.alive = false;
    this.finish({ ok: false, error, requestId: this.requestId, fatal: true });
    void this.worker.terminate();
  }

  async terminate(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }
}
