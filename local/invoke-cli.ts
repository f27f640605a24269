/** `npm run invoke -- <LogicalId> -e <event file>`: see local/invoke.ts. */
import { findRepoRoot } from './paths';
import { continueOnFunctionsNode, followParent } from './runtime/functions-node';
import { runInvoke } from './invoke';
import { resolveTemplate } from './template';

// A closed pipe (`npm run invoke ... | head`) must not crash the command.
process.stdout.on('error', () => undefined);

/**
 * The function runs in a worker thread of this process: on another Node than Lambda's runtime,
 * start again on a Node of the runtime's major if there is one (local/runtime/functions-node.ts).
 * The notice goes to stderr with the logs; stdout carries only the result.
 */
function relaunched(args: string[]): boolean {
  if (args.includes('--help') || args.includes('-h')) return false;
  try {
    const root = findRepoRoot();
    const { functions } = resolveTemplate({ root, skipDefinitions: true });
    return continueOnFunctionsNode({
      command: 'npm run invoke',
      script: 'local/invoke-cli.ts',
      root,
      functions,
      log: (line) => console.error(line),
    });
  } catch {
    // runInvoke reports a template that does not resolve, as it always has.
    return false;
  }
}

const args = process.argv.slice(2);
if (!relaunched(args)) {
  followParent(() => process.exit(1));
  runInvoke(args, {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exitCode = 1;
    },
  );
}
