/**
 * `npm run invoke -- <LogicalId> -e <event file>`: `sam local invoke` without Docker. Runs one
 * function of template.yaml once, in the local runtime's execution environment (the esbuild
 * bundle in a worker thread, with the template's Handler, Environment, Timeout and MemorySize),
 * against the running local stack (`npm start`, found through .local-stack.json), or on its own
 * when its role allows no service the stack runs. Prints like `sam local invoke`: the function's
 * logs and START/END/REPORT on stderr, the result (or Lambda's error payload) as one line of
 * JSON on stdout, exit code 0 either way; 1 when the function could not be invoked at all.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findRepoRoot } from './paths';
import { isProcessAlive } from './process-alive';
import { buildFunction, environmentSpec, ExecutionEnvironment } from './runtime';
import { freePort, LOOPBACK } from './services/net';
import {
  readRuntimeInfo,
  RUNTIME_FILE,
  runtimeFilePath,
  type RuntimeInfo,
} from './services/runtime-file';
import {
  type FunctionDef,
  type LocalTemplate,
  loadTemplateFile,
  type RawTemplate,
  resolveRawTemplate,
  TemplateError,
  UNKNOWN_POLICY_PREFIX,
} from './template';
import type { LocalEndpoints } from './types';

/** IAM service prefix -> the local stack's endpoint that serves it. */
const STACK_SERVICES: Record<string, { endpoint: keyof LocalEndpoints; label: string }> = {
  dynamodb: { endpoint: 'dynamodb', label: 'DynamoDB' },
  kinesis: { endpoint: 'kinesis', label: 'Kinesis' },
  sqs: { endpoint: 'sqs', label: 'SQS' },
  states: { endpoint: 'stepfunctions', label: 'Step Functions' },
};

/** Lambda's free init time; see local/runtime/execution-environment.ts. */
const INIT_LIMIT_MS = 10_000;

const OPTIONS = {
  event: { type: 'string', short: 'e' },
  'env-vars': { type: 'string', short: 'n' },
  'parameter-overrides': { type: 'string', multiple: true },
  'stack-file': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const USAGE = `Usage: npm run invoke -- <LogicalId> [options]

Runs one function of template.yaml once, like \`sam local invoke\` but without Docker: the
function's logs and START/END/REPORT go to stderr, its result (or its error payload) to stdout as
one line of JSON. A function error still exits 0, as sam does; exit 1 means it could not run.

Functions whose roles allow DynamoDB, Kinesis, SQS or Step Functions run against the local
stack (start it first, in another terminal, with \`npm start\`); the others also run without it.

Options:
  -e, --event <file>            JSON event file; - reads it from stdin (default: {})
  -n, --env-vars <file>         JSON overriding the template's environment variables, as sam's:
                                {"Parameters": {"VAR": "v"}, "<LogicalId>": {"VAR": "v"}}
  --parameter-overrides <K=V>   template parameters ('K1=V1 K2=V2' or
                                ParameterKey=K,ParameterValue=V; repeatable); default: those
                                the running stack was started with
  --stack-file <file>           the running stack's runtime file (default: ${RUNTIME_FILE})
  -h, --help                    show this help`;

export interface InvokeArgs {
  logicalId: string;
  /** A file, `-` for stdin, or undefined for `{}`. */
  event?: string;
  envVars?: string;
  parameterOverrides: Record<string, string>;
  stackFile?: string;
}

/** A mistake in how the command was called, or something it needs that is missing: exit 1. */
export class InvokeError extends Error {
  override name = 'InvokeError';
}

/**
 * sam's `--parameter-overrides`: `Key=Value` pairs separated by spaces (values may be quoted) or
 * CloudFormation's `ParameterKey=Key,ParameterValue=Value`.
 */
export function parseParameterOverrides(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const pair =
    /\s*(?:ParameterKey=([^\s,]+),ParameterValue=|([A-Za-z0-9]+)=)("[^"]*"|'[^']*'|[^\s]*)\s*/y;
  for (const value of values) {
    pair.lastIndex = 0;
    while (pair.lastIndex < value.length) {
      const start = pair.lastIndex;
      const m = pair.exec(value);
      if (!m) {
        throw new InvokeError(
          `--parameter-overrides expects Key=Value pairs, got ${JSON.stringify(value.slice(start))}`,
        );
      }
      const raw = m[3]!;
      out[(m[1] ?? m[2])!] = /^(["']).*\1$/s.test(raw) ? raw.slice(1, -1) : raw;
    }
  }
  return out;
}

/** Parses the command line; undefined means --help. */
export function parseInvokeArgs(argv: readonly string[]): InvokeArgs | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: OPTIONS,
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw new InvokeError(`${(err as Error).message} (npm run invoke -- --help lists the options)`);
  }
  const { values, positionals } = parsed;
  if (values.help) return undefined;
  if (positionals.length !== 1) {
    throw new InvokeError(
      positionals.length === 0
        ? 'Which function? Give its logical id, e.g. npm run invoke -- HashtagsFunction -e events/api/hashtags-top10-24h.json'
        : `One function at a time; got ${positionals.join(', ')}`,
    );
  }
  return {
    logicalId: positionals[0]!,
    ...(values.event !== undefined ? { event: values.event } : {}),
    ...(values['env-vars'] !== undefined ? { envVars: values['env-vars'] } : {}),
    parameterOverrides: parseParameterOverrides(values['parameter-overrides'] ?? []),
    ...(values['stack-file'] !== undefined ? { stackFile: values['stack-file'] } : {}),
  };
}

function readJsonFile(path: string, what: string): unknown {
  if (!existsSync(path)) throw new InvokeError(`${what} ${path} does not exist`);
  return parseJson(readFileSync(path, 'utf8'), `${what} ${path}`);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InvokeError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * sam's `--env-vars` file applied to one function: `Parameters` for every function, then the
 * function's own object (by logical id or function name). As in sam, only variables the
 * template declares for the function are replaced; the names of the others are returned.
 */
export function applyEnvVars(
  fn: FunctionDef,
  file: unknown,
): { environment: Record<string, string>; ignored: string[] } {
  if (typeof file !== 'object' || file === null || Array.isArray(file)) {
    throw new InvokeError('--env-vars expects a JSON object like {"Parameters": {"VAR": "value"}}');
  }
  const sections = file as Record<string, unknown>;
  const environment = { ...fn.environment };
  const ignored: string[] = [];
  // Later sections win: the logical id over the function name over Parameters, as in sam.
  for (const key of new Set(['Parameters', fn.name, fn.logicalId])) {
    const section = sections[key];
    if (section === undefined) continue;
    if (typeof section !== 'object' || section === null || Array.isArray(section)) {
      throw new InvokeError(`--env-vars: "${key}" must be an object of variables`);
    }
    for (const [name, value] of Object.entries(section)) {
      if (!(name in fn.environment)) {
        if (key !== 'Parameters') ignored.push(name);
        continue;
      }
      if (value !== null && typeof value === 'object') {
        throw new InvokeError(`--env-vars: ${key}.${name} must be a string, number or boolean`);
      }
      environment[name] = String(value);
    }
  }
  return { environment, ignored };
}

function functionIds(t: LocalTemplate): string {
  return t.functions.map((f) => f.logicalId).join(', ');
}

/** The function, or an error that says what the logical id is instead and lists the functions. */
function findFunction(raw: RawTemplate, t: LocalTemplate, logicalId: string): FunctionDef {
  const fn = t.functions.find((f) => f.logicalId === logicalId);
  if (fn) return fn;
  const resource = raw.Resources[logicalId];
  const why = !resource
    ? `There is no ${logicalId} in template.yaml.`
    : resource.Type !== 'AWS::Serverless::Function'
      ? `${logicalId} is an ${resource.Type}, not a function.`
      : resource.Condition && !t.conditions[resource.Condition]
        ? `${logicalId} is not created with these parameters (its Condition ${resource.Condition} is false).`
        : `${logicalId} does not run locally (${t.warnings.find((w) => w.startsWith(logicalId)) ?? 'see template.yaml'}).`;
  return fail(`${why} Functions: ${functionIds(t)}`);
}

function fail(message: string): never {
  throw new InvokeError(message);
}

/** The local stack's services a function calls, by its role; `*`/unknown policies count as all. */
export function stackServicesOf(fn: FunctionDef): string[] {
  const calls = fn.calls ?? ['*'];
  const anything = calls.some((c) => c === '*' || c.startsWith(UNKNOWN_POLICY_PREFIX));
  return Object.keys(STACK_SERVICES).filter((s) => anything || calls.includes(s));
}

function reachable(endpoint: string, timeoutMs = 1000): Promise<boolean> {
  const url = new URL(endpoint);
  return new Promise((done) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const finish = (ok: boolean): void => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

interface Stack {
  info: RuntimeInfo;
  file: string;
}

/** The running stack of the runtime file, or why there is none. */
function findStack(file: string): Stack | { none: string } {
  const info = readRuntimeInfo(file);
  if (!info) return { none: `no ${file}` };
  if (!isProcessAlive(info.pid)) {
    return { none: `${file} is left from pid ${info.pid}, which is not running any more` };
  }
  return { info, file };
}

/** Resource names the running stack has differently from this resolution of the template. */
function namesTheStackLacks(t: LocalTemplate, fn: FunctionDef, info: RuntimeInfo): string[] {
  const used = new Set(Object.values(fn.environment));
  const kinds = [
    [t.tables, info.resources.tables],
    [t.streams, info.resources.streams],
    [t.queues, info.resources.queues],
    [t.stateMachines, info.resources.stateMachines],
  ] as const;
  const lacking: string[] = [];
  for (const [mine, theirs] of kinds) {
    if (!theirs) continue;
    for (const r of mine) {
      const referenced = [...used].some((v) => v.includes(r.name));
      if (referenced && theirs[r.logicalId]?.name !== r.name) lacking.push(r.logicalId);
    }
  }
  return lacking;
}

export interface InvokeIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Where relative paths start and template.yaml is looked for (default: process.cwd()). */
  cwd?: string;
}

const line = (stream: NodeJS.WritableStream, text: string): void => void stream.write(`${text}\n`);

/** Runs the command; resolves with its exit code. */
export async function runInvoke(argv: readonly string[], io: InvokeIo): Promise<number> {
  try {
    return await invoke(argv, io);
  } catch (err) {
    if (err instanceof InvokeError || err instanceof TemplateError) {
      line(io.stderr, `Error: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

async function invoke(argv: readonly string[], io: InvokeIo): Promise<number> {
  const args = parseInvokeArgs(argv);
  if (!args) {
    line(io.stdout, USAGE);
    return 0;
  }
  const cwd = io.cwd ?? process.cwd();
  const root = findRepoRoot(cwd);
  const raw = loadTemplateFile(resolve(root, 'template.yaml'));
  const stackFile = args.stackFile ? resolve(cwd, args.stackFile) : runtimeFilePath(root);
  const stack = findStack(stackFile);
  const info = 'info' in stack ? stack.info : undefined;

  // Services the stack does not run (and all of them without a stack) are a closed loopback
  // port: a call fails at once instead of reaching AWS with made-up credentials.
  const nowhere = `http://${LOOPBACK}:${await freePort()}`;
  const endpoints: LocalEndpoints = info?.endpoints ?? {
    dynamodb: nowhere,
    kinesis: nowhere,
    sqs: nowhere,
    stepfunctions: nowhere,
  };
  // The stack's parameters name the resources it made; those the template still declares apply.
  const fromStack = Object.entries(info?.parameters ?? {}).filter(
    ([k]) => k in (raw.Parameters ?? {}),
  );
  const parameterOverrides = { ...Object.fromEntries(fromStack), ...args.parameterOverrides };
  const tableStreamArns = Object.fromEntries(
    Object.entries(info?.resources.tables ?? {}).flatMap(([id, t]) =>
      t.streamArn ? [[id, t.streamArn]] : [],
    ),
  );
  const t = resolveRawTemplate(raw, {
    root,
    parameterOverrides,
    sqsEndpoint: endpoints.sqs,
    tableStreamArns,
    skipDefinitions: true,
  });
  t.warnings
    .filter((w) => w.startsWith('parameter override') || w.startsWith(args.logicalId))
    .forEach((w) => line(io.stderr, `template: ${w}`));
  const declared = findFunction(raw, t, args.logicalId);

  let eventText = '{}';
  if (args.event === '-') eventText = await readAll(io.stdin);
  else if (args.event !== undefined) {
    const path = resolve(cwd, args.event);
    if (!existsSync(path)) fail(`Event file ${args.event} does not exist`);
    eventText = readFileSync(path, 'utf8');
  }
  const event = parseJson(eventText, args.event === '-' ? 'The event on stdin' : `${args.event}`);
  const overrides = args.envVars ? readJsonFile(resolve(cwd, args.envVars), 'Env vars file') : {};
  const { environment, ignored } = applyEnvVars(declared, overrides);
  if (ignored.length > 0) {
    line(
      io.stderr,
      `Warning: --env-vars sets ${ignored.join(', ')}, which template.yaml does not declare for ${declared.logicalId}; ignored, as sam does.`,
    );
  }
  const fn: FunctionDef = { ...declared, environment };

  const needs = stackServicesOf(declared);
  if (needs.length > 0) {
    const what = needs.map((s) => STACK_SERVICES[s]!.label).join(', ');
    if (!info) {
      const why = 'none' in stack ? stack.none : '';
      fail(
        `${declared.logicalId} calls ${what} (its role in template.yaml), which run in the local stack, and no local stack is running (${why}). Start one in another terminal with: npm start`,
      );
    }
    for (const s of needs) {
      // These services always run in the local stack (only the Firehose stand-in is optional).
      const endpoint = endpoints[STACK_SERVICES[s]!.endpoint]!;
      if (!(await reachable(endpoint))) {
        fail(
          `The local stack (pid ${info.pid}) does not answer at ${endpoint} (${STACK_SERVICES[s]!.label}). Is it still starting or stopping? Start it with: npm start`,
        );
      }
    }
    const lacking = namesTheStackLacks(t, declared, info);
    if (lacking.length > 0) {
      line(
        io.stderr,
        `Warning: the running stack does not have ${lacking.join(', ')} as template.yaml names them now; restart it (npm start) if the function cannot find them.`,
      );
    }
  }

  const built = await buildFunction(root, fn);
  if (built.rebuilt) line(io.stderr, `Built ${fn.logicalId} (${built.bundle})`);
  line(io.stderr, `Invoking ${fn.handler} (${fn.runtime})`);
  line(
    io.stderr,
    info
      ? `Local stack: pid ${info.pid}, ${info.url}`
      : "No local stack: the function runs on its own (its role allows none of the stack's services)",
  );

  const spec = environmentSpec(fn, {
    root,
    endpoints,
    // The template's level, as in Lambda (`npm start` lowers it to WARN by default).
    logLevel: environment.POWERTOOLS_LOG_LEVEL ?? 'INFO',
    metrics: false,
    logs: io.stderr,
  });
  spec.env.AWS_ENDPOINT_URL = nowhere;
  const env = new ExecutionEnvironment(spec);
  // The worker does not keep the process alive by itself.
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    const initStarted = performance.now();
    // A slow init is left to invoke(), which times it out as Lambda does.
    let slow: NodeJS.Timeout | undefined;
    await Promise.race([
      env.whenReady(),
      new Promise((r) => (slow = setTimeout(r, INIT_LIMIT_MS + fn.timeoutSeconds * 1000))),
    ]);
    clearTimeout(slow);
    const initMs = performance.now() - initStarted;
    const requestId = randomUUID();
    line(io.stderr, `START RequestId: ${requestId} Version: $LATEST`);
    const started = performance.now();
    const outcome = await env.invoke(JSON.stringify(event), undefined, requestId);
    const durationMs = performance.now() - started;
    await env.terminate();
    if (!outcome.ok) {
      // What the Node.js runtime logs for an unhandled error.
      line(
        io.stderr,
        `${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify(outcome.error)}`,
      );
    }
    line(io.stderr, `END RequestId: ${requestId}`);
    const report = [
      `REPORT RequestId: ${requestId}`,
      `Init Duration: ${initMs.toFixed(2)} ms`,
      `Duration: ${durationMs.toFixed(2)} ms`,
      `Billed Duration: ${Math.ceil(durationMs)} ms`,
      `Memory Size: ${fn.memorySize} MB`,
      `Max Memory Used: ${outcome.memoryUsedMb ?? fn.memorySize} MB`,
    ];
    line(io.stderr, `${report.join('\t')}\t`);
    line(io.stdout, JSON.stringify(outcome.ok ? outcome.payload : outcome.error));
    return 0;
  } finally {
    clearInterval(keepAlive);
    await env.terminate();
  }
}
