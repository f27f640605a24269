/**
 * `npm start`: the whole pipeline on this machine from template.yaml, no AWS account, no Docker.
 * A thin CLI over startLocalStack (local/stack.ts).
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import type { LocalStack } from './stack';

const OPTIONS = {
  port: { type: 'string', default: '3000', help: 'port of the dashboard (/) and the API (/api)' },
  rate: { type: 'string', default: '50', help: 'demo posts per second' },
  'data-dir': {
    type: 'string',
    default: '',
    help: 'keep tables, stream, queue and checkpoints here across restarts',
  },
  source: { type: 'string', default: 'demo', help: 'demo | none: where posts come from' },
  'log-level': {
    type: 'string',
    default: 'WARN',
    help: 'POWERTOOLS_LOG_LEVEL of the functions (DEBUG, INFO, WARN, ERROR, SILENT)',
  },
  metrics: {
    type: 'boolean',
    default: false,
    help: 'let the functions print Powertools metrics (EMF)',
  },
  param: {
    type: 'string',
    multiple: true,
    default: [] as string[],
    help: 'template parameter override Key=Value (repeatable)',
  },
  'no-build': {
    type: 'boolean',
    default: false,
    help: 'do not build the dashboard, even when frontend/dist is missing or stale',
  },
  help: { type: 'boolean', default: false, help: 'show this help' },
} as const;

const STOP_DEADLINE_MS = 5000;

function usage(): string {
  const lines = Object.entries(OPTIONS).map(([name, o]) => {
    const def =
      o.type === 'boolean'
        ? ''
        : Array.isArray(o.default)
          ? ' (none)'
          : o.default
            ? ` (default: ${o.default})`
            : ' (default: none, in memory)';
    return `  --${name.padEnd(10)} ${o.help}${def}`;
  });
  return ['Usage: npm start -- [options]', '', ...lines].join('\n');
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    fail(`${(err as Error).message}\n\n${usage()}`);
  }
  if (values.help) {
    console.log(usage());
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be a port number, got ${values.port}`);
  const rate = Number(values.rate);
  if (!(rate > 0)) fail(`--rate must be a positive number, got ${values.rate}`);
  if (values.source !== 'demo' && values.source !== 'none')
    fail(`--source must be demo or none, got ${values.source}`);
  const parameterOverrides: Record<string, string> = {};
  for (const p of values.param) {
    const eq = p.indexOf('=');
    if (eq < 1) fail(`--param expects Key=Value, got ${p}`);
    parameterOverrides[p.slice(0, eq)] = p.slice(eq + 1);
  }
  const logLevel = values['log-level'].toUpperCase();

  // A closed pipe (`npm start | tee`, then Ctrl-C) must not crash the shutdown.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);

  // The functions run in this process's worker threads: on another Node than Lambda's runtime,
  // start again on a Node of the runtime's major if there is one (local/runtime/functions-node.ts).
  const { findRepoRoot } = await import('./paths');
  const { continueOnFunctionsNode, followParent } = await import('./runtime/functions-node');
  const { resolveTemplate } = await import('./template');
  try {
    const root = findRepoRoot();
    const { functions } = resolveTemplate({ root, skipDefinitions: true, parameterOverrides });
    if (continueOnFunctionsNode({ command: 'npm start', script: 'local/cli.ts', root, functions }))
      return;
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }

  // Before any module builds a Powertools logger (hence the dynamic import).
  process.env.POWERTOOLS_LOG_LEVEL ??= logLevel;
  const { dashboardStaleness, startDashboardBuild } = await import('./dashboard/build');

  let stack: LocalStack | undefined;
  let build: ReturnType<typeof startDashboardBuild> | undefined;
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    const started = Date.now();
    // Whatever happens, leave within the deadline; the 'exit' hook kills DynamoDB Local's JVM.
    setTimeout(() => {
      console.error(`Stop took over ${STOP_DEADLINE_MS / 1000} s; exiting anyway.`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    void Promise.all([build?.stop(), stack?.stop()]).then(
      () => {
        console.log(`Stopped in ${Date.now() - started} ms.`);
        process.exit(0);
      },
      (err: unknown) => fail(`Stop failed: ${String(err)}`),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Started again on the functions' Node: stop with the `npm start` that started this one.
  followParent(() => shutdown('npm start ended'));

  // Built beside the stack's start (the JVM's boot, the functions' warm-up), but the demo's posts
  // wait for it: on two cores the build and the pipeline slow each other down (measured: 8 s
  // alone, 25 s beside the start-up and the demo at 50 posts/s; the first hashtags came 2-4 s
  // later with the demo at 5 posts/s during the build than with none).
  const staleness = values['no-build'] ? undefined : dashboardStaleness(findRepoRoot());
  let built: Promise<unknown> | undefined;
  if (staleness) {
    const why = staleness === 'missing' ? 'frontend/dist is missing' : 'its sources changed';
    console.log(`Building the dashboard (${why}); about 10 s...`);
    build = startDashboardBuild(findRepoRoot());
    built = build.done.then((b) => {
      if (stopping) return;
      if (b.ok) console.log(`  ${'dashboard build'.padEnd(16)} ${String(b.ms).padStart(6)} ms`);
      else
        console.error(
          `The dashboard build failed; the API runs without it. Build output:\n${b.output}`,
        );
    });
  }

  // Loaded once the build runs: the stack's modules (the AWS SDK, the local services) take a
  // second or more of CPU to load, which the build's start no longer waits for.
  const { startLocalStack, PortInUseError } = await import('./stack');
  const { JavaMissingError } = await import('./services/dynamodb');
  console.log('Starting the local stack from template.yaml...');
  const started = performance.now();
  try {
    stack = await startLocalStack({
      port,
      ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
      source: values.source,
      rate,
      ...(built ? { sourceAfter: built } : {}),
      logLevel,
      metrics: values.metrics,
      parameterOverrides,
      // Without --data-dir the corpus goes to a temporary folder, kept after Ctrl-C for a look.
      archive: { keepTemporary: true },
      firstUseFile: join(findRepoRoot(), 'dist', 'functions', 'first-use.json'),
      onStep: (name, ms) => console.log(`  ${name.padEnd(16)} ${String(ms).padStart(6)} ms`),
    });
  } catch (err) {
    if (err instanceof PortInUseError || err instanceof JavaMissingError) fail(err.message);
    fail(`Start-up failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  await built;
  if (stopping) return;
  const actualPort = new URL(stack.url).port;
  console.log(
    `Ready in ${((performance.now() - started) / 1000).toFixed(1)} s. API: http://localhost:${actualPort}/api/hashtags. Ctrl-C stops.`,
  );
  console.log(`Dashboard: http://localhost:${actualPort}`);
  if (stack.archive) {
    console.log(
      `Corpus: ${stack.archive.bucketDir} (npm run query -- --name top-hashtags-per-day)`,
    );
  }
}

void main();
