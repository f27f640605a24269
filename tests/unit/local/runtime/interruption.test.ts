/**
 * The runtime's Interruption fault (used by the fault-injection suite): the sandbox is killed
 * while the function runs, as a crash or a timeout, and the next invocation gets a fresh one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot } from '../../../../local/paths';
import {
  buildFunction,
  createInvoker,
  type FaultInjector,
  type Invoker,
} from '../../../../local/runtime';
import { testFunctionDef } from './fixtures/test-function-def';

jest.setTimeout(60_000);

const root = findRepoRoot();
const fn = testFunctionDef('TestFunction');

let outRoot: string;
let invoker: Invoker;
let fault: FaultInjector = () => undefined;

beforeAll(async () => {
  outRoot = mkdtempSync(join(tmpdir(), 'rt-int-'));
  await buildFunction(root, fn, { outRoot });
  invoker = createInvoker({
    root,
    outRoot,
    functions: [fn],
    endpoints: () => ({ dynamodb: '', kinesis: '', sqs: '', stepfunctions: '' }),
    maxWorkersPerFunction: 1,
    log: () => undefined,
    faults: { TestFunction: (i) => fault(i) },
  });
});

afterAll(async () => {
  await invoker.stop();
  rmSync(outRoot, { recursive: true, force: true });
});

beforeEach(() => {
  fault = () => undefined;
});

const failure = (p: Promise<unknown>): Promise<Error> =>
  p.then(
    (v) => {
      throw new Error(`expected a failure, got ${JSON.stringify(v)}`);
    },
    (e: Error) => e,
  );

const soon = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

it('kills a running invocation as a crash when the interruption settles', async () => {
  const before = (await invoker.invoke('TestFunction', { action: 'count' })) as number;
  fault = () => ({ interruptWhen: soon(100), as: 'crash' });
  const err = await failure(invoker.invoke('TestFunction', { action: 'sleep', ms: 3000 }));
  expect(err.name).toBe('Runtime.ExitError');
  expect(err.message).toContain('signal: killed');
  fault = () => undefined;
  // A fresh sandbox: its module state starts over.
  expect(await invoker.invoke('TestFunction', { action: 'count' })).toBe(1);
  expect(before).toBeGreaterThanOrEqual(1);
});

it('reports a timeout when asked to, even from a function that never yields', async () => {
  fault = () => ({ interruptWhen: soon(100), as: 'timeout' });
  const err = await failure(invoker.invoke('TestFunction', { action: 'spin', ms: 2000 }));
  expect(err.name).toBe('Sandbox.Timedout');
});

it('leaves an invocation alone when it ends before the interruption', async () => {
  let fire: () => void = () => undefined;
  const late = new Promise<void>((r) => (fire = r));
  fault = () => ({ interruptWhen: late, as: 'crash' });
  expect(await invoker.invoke('TestFunction', { action: 'sleep', ms: 10 })).toBe('slept');
  fault = () => undefined;
  fire();
  await soon(50);
  // The same sandbox still runs the next invocation (its count goes on).
  const a = (await invoker.invoke('TestFunction', { action: 'count' })) as number;
  expect(await invoker.invoke('TestFunction', { action: 'count' })).toBe(a + 1);
});
