import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot } from '../../../../local/paths';
import {
  buildFunction,
  createInvoker,
  type Invoker,
  LambdaFunctionError,
} from '../../../../local/runtime';
import { warmOrder } from '../../../../local/runtime/invoker';
import { resolveTemplate } from '../../../../local/template';
import type { FaultInjector } from '../../../../local/runtime';
import { functionArn } from '../../../../local/template/names';
import { testFunctionDef } from './fixtures/test-function-def';
import type { FunctionDef } from '../../../../local/template/types';

jest.setTimeout(60_000);

const root = findRepoRoot();
const endpoints = {
  dynamodb: 'http://127.0.0.1:8001',
  kinesis: 'http://127.0.0.1:8002',
  sqs: 'http://127.0.0.1:8003',
  stepfunctions: 'http://127.0.0.1:8004',
};

const fn = (logicalId: string, over: Partial<FunctionDef> = {}): FunctionDef =>
  testFunctionDef(logicalId, {
    timeoutSeconds: 1,
    environment: { POSTS_TABLE: 'PostsTable', POWERTOOLS_LOG_LEVEL: 'INFO' },
    ...over,
  });

describe('Lambda-like invoker', () => {
  let outRoot: string;
  let invoker: Invoker;
  const logs: string[] = [];
  let fault: FaultInjector = () => undefined;
  const functions = [
    fn('TestFunction'),
    fn('Missing', { handlerExport: 'nope', handler: 'index.nope' }),
  ];

  beforeAll(async () => {
    outRoot = mkdtempSync(join(tmpdir(), 'rt-'));
    for (const f of functions) await buildFunction(root, f, { outRoot });
    invoker = createInvoker({
      root,
      outRoot,
      functions,
      endpoints: () => endpoints,
      maxWorkersPerFunction: 1,
      log: (l) => void logs.push(l),
      faults: { TestFunction: (i) => fault(i) },
    });
  });

  afterAll(async () => {
    await invoker.stop();
    rmSync(outRoot, { recursive: true, force: true });
  });

  beforeEach(() => {
    logs.length = 0;
    fault = () => undefined;
  });

  const failure = async (p: Promise<unknown>): Promise<LambdaFunctionError> => {
    try {
      await p;
    } catch (err) {
      expect(err).toBeInstanceOf(LambdaFunctionError);
      return err as LambdaFunctionError;
    }
    throw new Error('expected the invocation to fail');
  };

  it('bundles as CommonJS next to a package.json that says so, and skips unchanged rebuilds', async () => {
    expect(
      readFileSync(join(outRoot, 'dist/functions/TestFunction/package.json'), 'utf8'),
    ).toContain('"commonjs"');
    expect(existsSync(join(outRoot, 'dist/functions/TestFunction/index.js.map'))).toBe(true);
    expect((await buildFunction(root, functions[0]!, { outRoot })).rebuilt).toBe(false);
  });

  it('runs the handler with the template environment, Lambda variables and a Context', async () => {
    const out = (await invoker.invoke('TestFunction', { action: 'echo' })) as {
      env: unknown;
      context: { awsRequestId: string; logStreamName: string; remaining: number };
      at: string;
    };
    expect(out.env).toEqual({
      table: 'PostsTable',
      region: 'us-east-1',
      dynamodb: endpoints.dynamodb,
      functionName: 'TestFunction',
      memory: '128',
      handler: 'index.handler',
      logLevel: 'WARN',
      trace: 'false',
      metricsDisabled: 'true',
    });
    expect(out.context).toMatchObject({
      functionName: 'TestFunction',
      functionVersion: '$LATEST',
      invokedFunctionArn: functionArn('TestFunction'),
      memoryLimitInMB: '128',
      logGroupName: '/aws/lambda/TestFunction',
    });
    expect(out.context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(out.context.remaining).toBeGreaterThan(0);
    expect(out.context.remaining).toBeLessThanOrEqual(1000);
    // The result crosses as JSON, as Lambda's does.
    expect(out.at).toBe('1970-01-01T00:00:00.000Z');
  });

  it('keeps module state between invocations of a warm environment', async () => {
    const a = (await invoker.invoke('TestFunction', { action: 'count' })) as number;
    const b = (await invoker.invoke('TestFunction', { action: 'count' })) as number;
    expect(b).toBe(a + 1);
  });

  it('returns a thrown error as Lambda does: an Error named after errorType', async () => {
    const err = await failure(invoker.invoke('TestFunction', { action: 'throw' }));
    expect(err.name).toBe('TypeError');
    expect(err.toPayload()).toMatchObject({ errorType: 'TypeError', errorMessage: 'boom' });
    expect(err.trace.join('\n')).toContain('TypeError: boom');
    expect(logs.join('\n')).toContain('[TestFunction] TypeError: boom (event: {"action":"throw"})');
  });

  it('enforces the Timeout, replaces the environment and keeps serving', async () => {
    for (const action of ['sleep', 'spin']) {
      const err = await failure(invoker.invoke('TestFunction', { action, ms: 5000 }));
      expect(err.name).toBe('Sandbox.Timedout');
      expect(err.message).toBe('Task timed out after 1.00 seconds');
      // A fresh environment: module state starts over.
      await expect(invoker.invoke('TestFunction', { action: 'count' })).resolves.toBe(1);
    }
  });

  it('survives unhandled rejections and process.exit in a function', async () => {
    const rejected = await failure(invoker.invoke('TestFunction', { action: 'reject' }));
    expect(rejected.name).toBe('Runtime.UnhandledPromiseRejection');
    expect(rejected.message).toContain('nobody catches me');
    const exited = await failure(invoker.invoke('TestFunction', { action: 'exit' }));
    expect(exited.name).toBe('Runtime.ExitError');
    expect(exited.message).toContain('exit status 3');
    await expect(invoker.invoke('TestFunction', { action: 'count' })).resolves.toBe(1);
  });

  it('logs a crash with a truncated copy of the event', async () => {
    await failure(invoker.invoke('TestFunction', { action: 'throw', padding: 'x'.repeat(5000) }));
    const line = logs.find((l) => l.startsWith('[TestFunction]'))!;
    expect(line.length).toBeLessThan(600);
    expect(line).toMatch(/\.\.\.\)$/);
  });

  it('never prints header values (credentials) of a crashed API event', async () => {
    logs.length = 0;
    const secret = 'Bearer test-secret-token';
    await failure(
      invoker.invoke('TestFunction', {
        action: 'throw',
        headers: { authorization: secret, cookie: 'session=abc' },
      }),
    );
    const line = logs.find((l) => l.startsWith('[TestFunction]'))!;
    expect(line).toContain('"authorization":"<redacted>"');
    expect(line).not.toContain('test-secret-token');
    expect(line).not.toContain('session=abc');
  });

  it('queues invocations beyond the pool size instead of failing them', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => invoker.invoke('TestFunction', { action: 'sleep', ms: 50 })),
    );
    expect(results).toEqual(['slept', 'slept', 'slept']);
  });

  it('reports a missing export and an unknown function', async () => {
    const err = await failure(invoker.invoke('Missing', {}));
    expect(err.name).toBe('Runtime.HandlerNotFound');
    await expect(invoker.invoke('Nobody', {})).rejects.toThrow(/Function not found: Nobody/);
  });

  it('injects faults before, after, or as a timeout, counting attempts of the same event', async () => {
    const attempts: number[] = [];
    const event = { action: 'count', id: Math.random() };
    fault = (invocation) => {
      if ((invocation.event as { id?: number }).id !== event.id) return undefined;
      const { attempt } = invocation;
      attempts.push(attempt);
      return attempt === 1
        ? 'throw-before'
        : attempt === 2
          ? 'throw-after'
          : attempt === 3
            ? 'timeout'
            : undefined;
    };
    const before = await failure(invoker.invoke('TestFunction', event));
    expect(before.name).toBe('InjectedFault');
    const start = (await invoker.invoke('TestFunction', { action: 'count' })) as number;
    // throw-after runs the function (its side effect shows in the next count) and still fails.
    expect((await failure(invoker.invoke('TestFunction', event))).name).toBe('InjectedFault');
    expect((await failure(invoker.invoke('TestFunction', event))).name).toBe('Sandbox.Timedout');
    expect(await invoker.invoke('TestFunction', event)).toBe(start + 2);
    expect(attempts).toEqual([1, 2, 3, 4]);
  });

  it('counts invocations per function', () => {
    expect(invoker.counters().TestFunction).toBeGreaterThan(10);
    expect(invoker.counters()).toHaveProperty('Missing', 1);
  });
});

// The warm-up loads the functions a new stack's first posts need before the others (on two cores,
// all at once made every one of them late).
describe('warmOrder', () => {
  it("puts the template's stream consumers first, then the enrichment steps, the API, and scheduled functions", () => {
    const { functions } = resolveTemplate({ root, skipDefinitions: true });
    const order = warmOrder(functions).map((f) => f.logicalId);
    const before = (a: string, b: string): boolean => order.indexOf(a) < order.indexOf(b);
    expect(order[0]).toBe('IngestFunction');
    expect(order).toHaveLength(functions.length);
    for (const step of [
      'PrepareFunction',
      'PlanFunction',
      'DetectSentimentFunction',
      'PersistFunction',
    ]) {
      // Ingest starts the executions that call the steps.
      expect(before('IngestFunction', step)).toBe(true);
      expect(before(step, 'HashtagsFunction')).toBe(true);
    }
    expect(before('StatsFunction', 'CollectorFunction')).toBe(true);
  });

  it('starts the enrichment step with the largest bundle first, the others in template order', () => {
    const { functions } = resolveTemplate({ root, skipDefinitions: true });
    const bytes = (f: FunctionDef): number =>
      ({ DetectSentimentFunction: 10e6, PrepareFunction: 1e5, StatsFunction: 5e6 })[
        f.logicalId as string
      ] ?? 2e5;
    const order = warmOrder(functions, { bundleBytes: bytes }).map((f) => f.logicalId);
    const steps = order.filter((id) =>
      ['PrepareFunction', 'PlanFunction', 'DetectSentimentFunction', 'PersistFunction'].includes(
        id,
      ),
    );
    expect(steps).toEqual([
      'DetectSentimentFunction',
      'PrepareFunction',
      'PlanFunction',
      'PersistFunction',
    ]);
    // The API keeps the template's order: a large API bundle does not jump ahead.
    expect(order.indexOf('HashtagsFunction')).toBeLessThan(order.indexOf('StatsFunction'));
    expect(order[0]).toBe('IngestFunction');
  });

  it('starts a consumer whose first batch waits a batching window after the API', () => {
    const { functions } = resolveTemplate({ root, skipDefinitions: true });
    const order = warmOrder(functions).map((f) => f.logicalId);
    // TombstoneFunction batches REMOVE records for 5 s; IngestFunction takes its records at once
    // (CountingBatchWindowSeconds is 0 unless overridden).
    expect(order.indexOf('IngestFunction')).toBeLessThan(order.indexOf('PersistFunction'));
    expect(order.indexOf('TombstoneFunction')).toBeGreaterThan(order.indexOf('TermsFunction'));
  });

  it('starts first what a previous start invoked first, in that order, then by the rules', () => {
    const { functions } = resolveTemplate({ root, skipDefinitions: true });
    const order = warmOrder(functions, {
      firstRoutes: ['GET /stats'],
      // EnrichFunction: what a start recorded before it left the template.
      firstUsed: ['IngestFunction', 'StatsFunction', 'EnrichFunction', 'TombstoneFunction'],
    }).map((f) => f.logicalId);
    expect(order.slice(0, 3)).toEqual(['IngestFunction', 'StatsFunction', 'TombstoneFunction']);
    expect(order).toHaveLength(functions.length);
    // The rest as without a previous start.
    const rest = warmOrder(functions, { firstRoutes: ['GET /stats'] }).map((f) => f.logicalId);
    expect(order.slice(3)).toEqual(
      rest.filter((id) => !['IngestFunction', 'StatsFunction', 'TombstoneFunction'].includes(id)),
    );
  });

  it('starts the largest step where the first step a previous start used was, the rest in use order', () => {
    const { functions } = resolveTemplate({ root, skipDefinitions: true });
    const bytes = (f: FunctionDef): number =>
      f.logicalId === 'DetectSentimentFunction' ? 10e6 : 1e6;
    // What a start of the demo records: Ingest, which starts the first execution, then the steps
    // in the order that execution calls them.
    const firstUsed = [
      'IngestFunction',
      'HashtagsFunction',
      'PrepareFunction',
      'PlanFunction',
      'DetectSentimentFunction',
      'PersistFunction',
    ];
    const order = warmOrder(functions, { bundleBytes: bytes, firstUsed }).map((f) => f.logicalId);
    expect(order.slice(0, 6)).toEqual([
      'IngestFunction',
      'HashtagsFunction',
      'DetectSentimentFunction',
      'PrepareFunction',
      'PlanFunction',
      'PersistFunction',
    ]);
    // A start that never scored sentiment keeps its own order: nothing unused jumps ahead.
    const unused = warmOrder(functions, {
      bundleBytes: bytes,
      firstUsed: ['IngestFunction', 'PrepareFunction'],
    }).map((f) => f.logicalId);
    expect(unused.slice(0, 2)).toEqual(['IngestFunction', 'PrepareFunction']);
  });

  it("starts the API's functions in the order of the page's first calls, the rest after", () => {
    const { functions } = resolveTemplate({ root, skipDefinitions: true });
    const order = warmOrder(functions, {
      firstRoutes: ['GET /stats', 'GET /hashtags/{tag}/timeline', 'GET /hashtags'],
    }).map((f) => f.logicalId);
    const api = order.filter((id) => functions.find((f) => f.logicalId === id)!.routes.length > 0);
    expect(api.slice(0, 3)).toEqual(['StatsFunction', 'TimelineFunction', 'HashtagsFunction']);
    expect(order.indexOf('PersistFunction')).toBeLessThan(order.indexOf('StatsFunction'));
  });

  it("starts what the source's first posts do not need after the API, unless a start used it", () => {
    const { functions } = resolveTemplate({ root, skipDefinitions: true });
    const plain = warmOrder(functions).map((f) => f.logicalId);
    expect(plain.indexOf('DetectLanguageFunction')).toBeLessThan(plain.indexOf('StatsFunction'));
    const order = warmOrder(functions, { notNeededFirst: ['DetectLanguageFunction'] }).map(
      (f) => f.logicalId,
    );
    const api = functions.filter((f) => f.routes.length > 0).map((f) => order.indexOf(f.logicalId));
    expect(order.indexOf('DetectLanguageFunction')).toBeGreaterThan(Math.max(...api));
    expect(order.indexOf('DetectLanguageFunction')).toBeLessThan(
      order.indexOf('TombstoneFunction'),
    );
    expect(order.indexOf('PersistFunction')).toBeLessThan(order.indexOf('StatsFunction'));
    // A previous start that detected languages (a replay without them) puts it back in its place.
    const used = warmOrder(functions, {
      notNeededFirst: ['DetectLanguageFunction'],
      firstUsed: ['IngestFunction', 'DetectLanguageFunction'],
    }).map((f) => f.logicalId);
    expect(used.slice(0, 2)).toEqual(['IngestFunction', 'DetectLanguageFunction']);
  });
});

// Every environment shares the machine's few cores: a second environment is started only when
// the busy one is not free within the time an environment takes to start.
describe('concurrent invocations of one function', () => {
  let outRoot: string;
  let invoker: Invoker;
  const functions = [fn('TestFunction', { timeoutSeconds: 30 })];
  // 'count' answers how many invocations its environment has served: 1 from a new one.
  const count = (): Promise<number> =>
    invoker.invoke('TestFunction', { action: 'count' }) as Promise<number>;

  beforeAll(async () => {
    outRoot = mkdtempSync(join(tmpdir(), 'rt-'));
    await buildFunction(root, functions[0]!, { outRoot });
  });
  const crashes: string[] = [];
  beforeEach(() => {
    invoker = createInvoker({
      root,
      outRoot,
      functions,
      endpoints: () => endpoints,
      // The crash report of the test that throws goes here, not to the test run's output.
      log: (line) => crashes.push(line),
    });
  });
  afterEach(() => invoker.stop());
  afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

  it('wait for the environment that is still starting instead of starting another', async () => {
    expect((await Promise.all([count(), count(), count()])).sort()).toEqual([1, 2, 3]);
  });

  it('wait for a busy environment that frees up sooner than a new one starts', async () => {
    await count();
    expect((await Promise.all([count(), count()])).sort()).toEqual([2, 3]);
  });

  it('start another environment when the busy one stays busy longer than a start takes', async () => {
    await count();
    let slept = false;
    const sleeping = invoker
      .invoke('TestFunction', { action: 'sleep', ms: 4_000 })
      .then(() => (slept = true));
    expect(await count()).toBe(1);
    expect(slept).toBe(false);
    await sleeping;
  });

  it('keep the order of first invocations in firstUseFile', async () => {
    const file = join(outRoot, 'first-use', 'order.json');
    const learning = createInvoker({
      root,
      outRoot,
      functions,
      endpoints: () => endpoints,
      firstUseFile: file,
    });
    await learning.invoke('TestFunction', { action: 'count' });
    await learning.invoke('TestFunction', { action: 'count' });
    await learning.stop();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(['TestFunction']);
  });

  // The stack bundles the first half of the warm order, starts the warm-up, then bundles the rest.
  it('warm a function bundled later only once its bundle is built, and not if that build failed', async () => {
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    let warmed = false;
    const warming = invoker
      .warm({}, { ids: new Set(['TestFunction']), done })
      .then(() => (warmed = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(warmed).toBe(false);
    release();
    await warming;
    expect(warmed).toBe(true);
    const failed = Promise.reject(new Error('build failed'));
    await expect(
      invoker.warm({}, { ids: new Set(['TestFunction']), done: failed }),
    ).resolves.toBeUndefined();
  });

  it('warm as many environments at a time as asked', async () => {
    const log = join(outRoot, 'init.log');
    const slow = ['SlowA', 'SlowB'].map((id) =>
      fn(id, {
        entryPoint: join(root, 'tests/unit/local/runtime/fixtures/slow-init-function.ts'),
        environment: { INIT_LOG: log },
      }),
    );
    for (const f of slow) await buildFunction(root, f, { outRoot });
    /** Whether the second module started loading before the first had loaded. */
    const overlapped = async (concurrency: number): Promise<boolean> => {
      writeFileSync(log, '');
      const warming = createInvoker({ root, outRoot, functions: slow, endpoints: () => endpoints });
      try {
        await warming.warm({}, undefined, concurrency);
      } finally {
        await warming.stop();
      }
      const at = Object.fromEntries(
        readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split(' '))
          .map(([what, id, ms]) => [`${what} ${id}`, Number(ms)]),
      );
      expect(Object.keys(at)).toHaveLength(4);
      const [first, second] = at['start SlowA']! <= at['start SlowB']! ? ['A', 'B'] : ['B', 'A'];
      return at[`start Slow${second}`]! < at[`end Slow${first}`]!;
    };
    expect(await overlapped(1)).toBe(false);
    expect(await overlapped(2)).toBe(true);
  }, 30_000);

  it('tell the invocations under way', async () => {
    const sleeping = invoker.invoke('TestFunction', { action: 'sleep', ms: 300 });
    expect(invoker.running().TestFunction).toBe(1);
    await sleeping;
    expect(invoker.running().TestFunction).toBe(0);
    await expect(invoker.invoke('TestFunction', { action: 'throw' })).rejects.toThrow();
    expect(invoker.running().TestFunction).toBe(0);
  });

  it('tell the order it warms in', () => {
    expect(invoker.order().map((f) => f.logicalId)).toEqual(['TestFunction']);
  });

  // The stack's second template pass fills in the stream ARNs DynamoDB Local made up.
  it('keep warm environments when only what triggers the function changes', async () => {
    await count();
    const { functions: template } = resolveTemplate({ root, skipDefinitions: true });
    const streamEvents = template.find((f) => f.logicalId === 'TombstoneFunction')!.streamEvents;
    await invoker.update([{ ...functions[0]!, streamEvents }]);
    expect(await count()).toBe(2);
  });

  it('replace environments when the function itself changes', async () => {
    await count();
    await invoker.update([
      { ...functions[0]!, environment: { ...functions[0]!.environment, EXTRA: '1' } },
    ]);
    expect(await count()).toBe(1);
  });
});
