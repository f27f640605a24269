/** `npm run invoke -- <LogicalId> -e <event file>`: see local/invoke.ts. */
import { runInvoke } from './invoke';

// Before anything builds an SDK client.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// A closed pipe (`npm run invoke ... | head`) must not crash the command.
process.stdout.on('error', () => undefined);

runInvoke(process.argv.slice(2), {
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
