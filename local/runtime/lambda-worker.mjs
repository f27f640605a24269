// One Lambda execution environment: a worker thread that loads a function bundle once (cold
// start) and runs one invocation at a time. Plain JavaScript so it runs the same under tsx, Jest
// and plain node. Protocol (with the parent, local/runtime/invoker.ts):
//   parent -> { type: 'invoke', id, event (JSON text), context: { awsRequestId, deadline } }
//   worker -> { type: 'result', id, ok: true, payload (JSON text), memoryUsedMb }
//          -> { type: 'result', id, ok: false, error: { errorType, errorMessage, trace }, memoryUsedMb }
//          -> { type: 'crash', error } then the thread exits (uncaught exception, unhandled rejection)
// With workerData.flushLogs, the function's stdout and stderr reach the parent before its result.
import module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';

const {
  bundle,
  handlerExport,
  handlerName,
  functionName,
  functionArn,
  memorySize,
  sourceMaps,
  flushLogs,
} = workerData;

if (sourceMaps) process.setSourceMapsEnabled(true);

let current; // id of the running invocation

function toLambdaError(err, fallbackType = 'Error') {
  if (err instanceof Error) {
    return {
      errorType: err.name || err.constructor?.name || fallbackType,
      errorMessage: err.message,
      trace: (err.stack ?? '').split('\n'),
    };
  }
  return { errorType: fallbackType, errorMessage: String(err), trace: [] };
}

function crash(error) {
  parentPort.postMessage({ type: 'crash', id: current, error });
  // Lambda throws the environment away after a crash; the parent replaces this worker.
  process.exit(1);
}

process.on('uncaughtException', (err) => crash(toLambdaError(err)));
process.on('unhandledRejection', (reason) =>
  crash({
    errorType: 'Runtime.UnhandledPromiseRejection',
    errorMessage: reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason),
    trace: reason instanceof Error ? (reason.stack ?? '').split('\n') : [],
  }),
);

// V8's compiled code, kept next to the bundles (dist/functions/.compile-cache) and keyed by their
// content: a later start loads the unchanged bundles' code instead of compiling it again
// (Node 22.1+; older Nodes compile as before). Only the loading gets faster; what runs is the same.
module.enableCompileCache?.(join(dirname(bundle), '..', '.compile-cache'));

let handler;
let initError;
try {
  const mod = createRequire(bundle)(bundle);
  module.flushCompileCache?.();
  handler = mod[handlerExport];
  if (typeof handler !== 'function') {
    initError = {
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: `${handlerName} is undefined or not exported`,
      trace: [],
    };
  }
} catch (err) {
  initError =
    err && err.code === 'MODULE_NOT_FOUND'
      ? { ...toLambdaError(err), errorType: 'Runtime.ImportModuleError' }
      : toLambdaError(err);
}

function contextFor(c) {
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: String(memorySize),
    awsRequestId: c.awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: c.logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, c.deadline - Date.now()),
    done: () => {},
    succeed: () => {},
    fail: () => {},
  };
}

function run(event, context) {
  // Callback-style handlers (event, context, callback) are still supported by the Node.js runtime.
  if (handler.length >= 3) {
    return new Promise((resolve, reject) => {
      const maybe = handler(event, context, (err, value) => (err ? reject(err) : resolve(value)));
      if (maybe && typeof maybe.then === 'function') maybe.then(resolve, reject);
    });
  }
  return Promise.resolve().then(() => handler(event, context));
}

/**
 * This isolate's heap as Lambda's "Max Memory Used" stands in for the sandbox's memory: the
 * worker shares the process with others, so its resident memory cannot be told apart.
 */
function memoryUsedMb() {
  const heap = getHeapStatistics();
  return Math.ceil((heap.total_heap_size + heap.external_memory) / 2 ** 20);
}

/**
 * A worker's stdout/stderr reach the parent asynchronously, on another channel than its
 * messages: an empty write calls back once everything written before it was taken.
 */
function flushed(stream) {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

async function reply(message) {
  if (flushLogs) await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  parentPort.postMessage({ ...message, memoryUsedMb: memoryUsedMb() });
}

parentPort.on('message', async (msg) => {
  if (msg.type !== 'invoke') return;
  current = msg.id;
  try {
    if (initError)
      throw Object.assign(new Error(initError.errorMessage), { lambdaError: initError });
    const value = await run(JSON.parse(msg.event), contextFor(msg.context));
    // Lambda serializes the result as JSON: undefined becomes null, dates become strings.
    const payload = JSON.stringify(value === undefined ? null : value);
    await reply({ type: 'result', id: msg.id, ok: true, payload });
  } catch (err) {
    const error = err && err.lambdaError ? err.lambdaError : toLambdaError(err);
    await reply({ type: 'result', id: msg.id, ok: false, error });
  } finally {
    current = undefined;
  }
});

parentPort.postMessage({ type: 'ready' });
