/**
 * The local stack as its own process, for the kill-and-restart scenario: what `npm start --
 * --data-dir <dir> --source none` runs (startLocalStack with a data folder), without writing
 * .local-stack.json (a developer's running stack owns it). Prints one READY line with the
 * endpoints and resources as JSON; SIGTERM stops it gracefully, SIGKILL is the crash under test.
 *
 * Usage: node --import tsx tests/faults/support/stack-process.ts <dataDir> [Key=Value ...]
 */
import { startLocalStack } from '../../../local/stack';

// child-stack.ts waits for this line.
const READY_PREFIX = 'FAULTS-STACK-READY ';

function main(): void {
  const [dataDir, ...params] = process.argv.slice(2);
  if (!dataDir) {
    console.error('usage: stack-process.ts <dataDir> [Key=Value ...]');
    process.exit(2);
  }
  const parameterOverrides = Object.fromEntries(
    params.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]),
  );
  startLocalStack({
    port: 0,
    dataDir,
    source: 'none',
    quiet: true,
    runtimeFile: false,
    maxWorkersPerFunction: 1,
    // Measured through the API right after the pipeline settles: no answers kept from before.
    functionEnvironment: { READ_CACHE: 'off' },
    parameterOverrides,
  }).then(
    (stack) => {
      process.on('SIGTERM', () => {
        void stack.stop().then(() => process.exit(0));
      });
      const { url, endpoints, resources } = stack;
      const archive = stack.archive ? { tableDir: stack.archive.tableDir } : undefined;
      process.stdout.write(
        `${READY_PREFIX}${JSON.stringify({ url, endpoints, resources, archive })}\n`,
      );
    },
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
}

main();
